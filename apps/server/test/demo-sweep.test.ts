import { defaultPolicyConfig } from '@jixiao/core';
import { type Platform, queryRows } from '@jixiao/db';
import { syncFundTypes } from '@jixiao/db/master-data';
import { runSweep, type SweepResult } from '@jixiao/db/monitoring';
import { createTestDatabase, type TestDatabase } from '@jixiao/db/testing';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import { type DemoCity, generateDemoCity } from '../src/demo/generate.ts';
import { loadDemoCity } from '../src/demo/load.ts';
import { loadPlugins } from '../src/plugins.ts';

// The demo city as `npm start` loads it, swept twice: what a newcomer sees in the warnings must be
// what the generator planned — lagging items graded as planned, every fund type's rules at work.
const AS_OF = '2026-11-27';

let db: TestDatabase;
let registry: PluginRegistry;
let city: DemoCity;
let first: SweepResult;
let second: SweepResult;
let open: Array<{ code: string; rule_id: string; severity: string }>;

beforeAll(async () => {
  registry = await loadPlugins(configuredPluginPaths());
  db = await createTestDatabase();
  await syncFundTypes(db.db, registry.list());
  city = generateDemoCity({ asOf: AS_OF, registry, config: defaultPolicyConfig });
  await loadDemoCity(db.db, city);
  const platform: Platform = {
    db: db.db,
    kind: db.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date(`${AS_OF}T04:00:00Z`),
    today: () => AS_OF,
  };
  first = await runSweep(platform, { trigger: 'cli' });
  second = await runSweep(platform, { trigger: 'cli' });
  open = await queryRows(
    db.db,
    sql`select bi.code, w.rule_id, w.severity from warnings w join budget_items bi on bi.id = w.item_id
        where w.status <> 'closed'`,
  );
});
afterAll(async () => {
  await db?.dispose();
});

describe('the demo city swept', () => {
  it('has warnings of every severity, and a second sweep changes nothing', () => {
    expect(first.errors).toEqual([]);
    expect(first.created).toBe(open.length);
    expect(new Set(open.map((w) => w.severity))).toEqual(new Set(['yellow', 'orange', 'red']));
    expect(second).toMatchObject({ created: 0, updated: 0, closed: 0, escalated: 0 });
    expect(second.findings).toBe(first.findings);
  });

  it('grades each executing item’s execution as the generator planned it', () => {
    const lag = new Map(
      open.filter((w) => w.rule_id === 'core:execution-lag').map((w) => [w.code, w.severity]),
    );
    const noPayment = new Set(open.filter((w) => w.rule_id === 'core:no-payment').map((w) => w.code));
    const executing = city.items.filter((i) => i.state === 'executing');
    expect(executing.length).toBeGreaterThan(200);
    const expectedLag: Record<string, string | undefined> = {
      yellow: 'yellow',
      orange: 'orange',
      red: 'red',
      no_payment: 'red', // nothing paid at 90% of the year is the worst lag too
    };
    for (const item of executing) {
      const label = `${item.code} (${item.profile})`;
      expect(lag.get(item.code), label).toBe(expectedLag[item.profile ?? '']);
      expect(noPayment.has(item.code), label).toBe(item.profile === 'no_payment');
    }
  });

  it('puts every fund type’s monitoring rules to work on some demo item', () => {
    // These judge a fiscal year that has ended (December's revenue, self-evaluation after the year);
    // on 27 November there is none among the monitored items, and rightly no finding.
    const yearEnd = [
      'general-budget:december-revenue-concentration',
      'special-transfer:self-evaluation-coverage',
    ];
    const fired = new Set(open.map((w) => w.rule_id));
    const rules = registry.list().flatMap((p) => p.monitoringRules.map((r) => `${p.id}:${r.id}`));
    expect(rules.filter((rule) => !fired.has(rule) && !yearEnd.includes(rule))).toEqual([]);
    expect(yearEnd.filter((rule) => fired.has(rule))).toEqual([]);
  });
});
