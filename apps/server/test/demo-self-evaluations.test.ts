import { defaultPolicyConfig } from '@jixiao/core';
import { type Platform, queryRows } from '@jixiao/db';
import { syncPluginIndicators } from '@jixiao/db/indicator-library';
import { syncFundTypes } from '@jixiao/db/master-data';
import { createTestDatabase, type TestDatabase } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import {
  loadDemoBudgetAdjustments,
  loadDemoDepartmentSelfEvaluations,
} from '../src/demo/department-self-evaluations.ts';
import { generateDemoCity } from '../src/demo/generate.ts';
import { loadDemoCity } from '../src/demo/load.ts';
import { loadDemoSelfEvaluations } from '../src/demo/self-evaluations.ts';
import { loadPlugins } from '../src/plugins.ts';

const AS_OF = '2026-11-27';
let db: TestDatabase;

beforeAll(async () => {
  const registry = await loadPlugins(configuredPluginPaths({}));
  db = await createTestDatabase();
  await syncFundTypes(db.db, registry.list());
  await syncPluginIndicators(db.db, registry.list());
  const city = generateDemoCity({ asOf: AS_OF, registry, config: defaultPolicyConfig });
  await loadDemoCity(db.db, city);
  const platform: Platform = {
    db: db.db,
    kind: db.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date(`${AS_OF}T04:00:00Z`),
    today: () => AS_OF,
  };
  await loadDemoBudgetAdjustments(platform, city.fiscalYear);
  await loadDemoSelfEvaluations(platform, city.fiscalYear);
  await loadDemoDepartmentSelfEvaluations(platform, city.fiscalYear);
}, 180_000);
afterAll(async () => {
  await db?.dispose();
});

describe('the demo’s prior year of self-evaluations', () => {
  it('has self-evaluations in every state, each scored, received ones with their final grade', async () => {
    const rows = await queryRows<{ status: string; n: number; scored: number; final: number }>(
      db.db,
      sql`select status, count(*)::int n, count(score)::int scored, count(final_grade)::int final
          from self_evaluations where fiscal_year = 2025 group by status order by status`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r]));
    expect(Object.keys(by).sort()).toEqual(['accepted', 'confirmed', 'draft', 'returned', 'submitted']);
    expect(by.accepted?.final).toBe(by.accepted?.n);
    expect(by.submitted?.scored).toBe(by.submitted?.n);
  });

  it('has a spot check whose re-scores found two distortions, each with a rectification task and a notice queued', async () => {
    const entries = await queryRows<{ distorted: boolean | null; task: number | null; reasons: string[] }>(
      db.db,
      sql`select e.distorted, e.rectification_task_id as task, e.reasons from spot_check_entries e order by e.id`,
    );
    const distorted = entries.filter((e) => e.distorted === true);
    expect(distorted).toHaveLength(2);
    expect(distorted.every((e) => e.task !== null)).toBe(true);
    expect(entries.some((e) => e.distorted === false)).toBe(true);
    const [queued] = await queryRows<{ n: number }>(
      db.db,
      sql`select count(*)::int n from outbox where kind = 'spot_check_result'`,
    );
    expect(queued?.n).toBeGreaterThanOrEqual(2);
  });

  it('has department-wide self-evaluations in several states, received ones in the result registry', async () => {
    const rows = await queryRows<{ status: string; n: number; scored: number }>(
      db.db,
      sql`select status, count(*)::int n, count(score)::int scored
          from department_self_evaluations where fiscal_year = 2025 group by status order by status`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r]));
    expect(Object.keys(by).sort()).toEqual(['accepted', 'confirmed', 'draft', 'returned', 'submitted']);
    expect(by.accepted?.scored).toBe(by.accepted?.n);
    const [results] = await queryRows<{ n: number }>(
      db.db,
      sql`select count(*)::int n from evaluation_results
          where source = 'department_self_evaluation' and subject_kind = 'department' and fiscal_year = 2025`,
    );
    expect(results?.n).toBe(by.accepted?.n);
  });

  it('has budget adjustments, so some self-evaluations show 全年预算数 ≠ 年初预算数', async () => {
    const [row] = await queryRows<{ adjustments: number; differing: number }>(
      db.db,
      sql`select (select count(*)::int from budget_adjustments where fiscal_year = 2025) as adjustments,
                 (select count(*)::int from self_evaluations where fiscal_year = 2025 and adjusted_fen <> initial_fen) as differing`,
    );
    expect(row?.adjustments).toBe(3);
    expect(row?.differing).toBeGreaterThan(0);
  });
});
