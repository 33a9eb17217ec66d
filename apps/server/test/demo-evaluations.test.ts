import { defaultPolicyConfig } from '@jixiao/core';
import { loadActor, type Platform, queryRows } from '@jixiao/db';
import { countyFiscalRanking, evaluationReportData, getKeyEvaluation } from '@jixiao/db/evaluations';
import { syncPluginIndicators } from '@jixiao/db/indicator-library';
import { syncFundTypes } from '@jixiao/db/master-data';
import { createTestDatabase, type TestDatabase } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import { type DemoEvaluations, loadDemoEvaluations } from '../src/demo/evaluations.ts';
import { generateDemoCity } from '../src/demo/generate.ts';
import { loadDemoCity } from '../src/demo/load.ts';
import { loadPlugins } from '../src/plugins.ts';

// The demo city's evaluation stage as `npm start` loads it.
const AS_OF = '2026-11-27';

let db: TestDatabase;
let platform: Platform;
let loaded: DemoEvaluations;

beforeAll(async () => {
  const registry = await loadPlugins(configuredPluginPaths({}));
  db = await createTestDatabase();
  await syncFundTypes(db.db, registry.list());
  await syncPluginIndicators(db.db, registry.list());
  await loadDemoCity(db.db, generateDemoCity({ asOf: AS_OF, registry, config: defaultPolicyConfig }));
  platform = {
    db: db.db,
    kind: db.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date(`${AS_OF}T04:00:00Z`),
    today: () => AS_OF,
  };
  loaded = await loadDemoEvaluations(platform);
});
afterAll(async () => {
  await db?.dispose();
});

async function cityAdmin() {
  const [row] = await queryRows<{ id: number }>(
    db.db,
    sql`select u.id from users u join org_units o on o.id = u.org_unit_id where o.code = 'FIN-360200' and 'finance_admin' = any(u.roles) order by u.id limit 1`,
  );
  return (await loadActor(db.db, row?.id as number)) as NonNullable<Awaited<ReturnType<typeof loadActor>>>;
}

describe('the demo city’s evaluations', () => {
  it('has a key evaluation by a third party, scored by three experts, accepted, with its report', async () => {
    const admin = await cityAdmin();
    const e = await getKeyEvaluation(db.db, admin, loaded.keyEvaluationId as number);
    expect(e).toMatchObject({ status: 'accepted', carrier: 'third_party' });
    expect(e.panel).toHaveLength(3);
    expect(e.panel.every((p) => p.submitted)).toBe(true);
    // The fund type's own template, not the generic one.
    expect(e.templateName).not.toContain('通用');
    expect(e.score).toBeGreaterThan(80);
    expect(e.score).toBeLessThan(90);
    const report = await evaluationReportData(db.db, platform, admin, e.id);
    expect(report.methods.map((m) => m.method)).toEqual(['public_judgement', 'comparison']);
    expect(report.evidence).toHaveLength(4);
  });

  it('has a department-wide evaluation under way on the six dimensions', async () => {
    const admin = await cityAdmin();
    const e = await getKeyEvaluation(db.db, admin, loaded.departmentEvaluationId as number);
    expect(e).toMatchObject({ status: 'scoring', kind: 'department' });
    expect(e.panel.filter((p) => p.submitted)).toHaveLength(1);
    expect(new Set(e.lines.map((l) => l.dimension)).size).toBe(6);
  });

  it('ranks the three counties; 乐平市, with its debt in the orange band, loses debt points', async () => {
    const admin = await cityAdmin();
    const ranking = await countyFiscalRanking(platform, admin, admin.regionId as number, 2026);
    expect(ranking.counties).toHaveLength(3);
    expect(ranking.counties[0]?.name).toBe('浮梁县');
    const leping = ranking.counties.find((c) => c.name === '乐平市');
    expect(leping?.indicators.find((i) => i.key === 'debt')?.note).toContain('橙色');
  });
});
