import { defaultPolicyConfig, publicTexts } from '@jixiao/core';
import type { Platform } from '@jixiao/db';
import { syncPluginIndicators } from '@jixiao/db/indicator-library';
import { syncFundTypes } from '@jixiao/db/master-data';
import { publishedSets } from '@jixiao/db/publications';
import { createTestDatabase, type TestDatabase } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import { type DemoCity, generateDemoCity } from '../src/demo/generate.ts';
import { loadDemoCity } from '../src/demo/load.ts';
import { publishDemoYear } from '../src/demo/publish.ts';
import { loadPlugins } from '../src/plugins.ts';

const AS_OF = '2026-11-27';
let db: TestDatabase;
let city: DemoCity;

beforeAll(async () => {
  const registry = await loadPlugins(configuredPluginPaths({}));
  db = await createTestDatabase();
  await syncFundTypes(db.db, registry.list());
  await syncPluginIndicators(db.db, registry.list());
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
  await publishDemoYear(platform, city.fiscalYear, AS_OF);
});
afterAll(() => db?.dispose());

describe('the demo city publishes its year (DI-4)', () => {
  it("has the city's budget-draft publication in two versions, the second a correction with its note", async () => {
    const sets = await publishedSets(db.db, AS_OF);
    expect(sets.map((s) => [s.regionName, s.fiscalYear, s.draft])).toEqual([
      ['景德镇市', city.fiscalYear, 'budget'],
    ]);
    const set = sets[0] as (typeof sets)[number];
    expect(set.versions.map((v) => [v.version, v.publishOn, v.note])).toEqual([
      [1, AS_OF, null],
      [2, AS_OF, '补充公开各部门整体绩效目标'],
    ]);
    const snap = set.current.snapshot;
    const items = snap.subjects.filter((s) => s.kind === 'item');
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(snap.subjects.some((s) => s.kind === 'department' && s.blocks.length > 0)).toBe(true);
    expect(
      items.every((i) =>
        i.blocks.some((b) => b.section === 'item_targets' && (b.table?.rows.length ?? 0) > 0),
      ),
    ).toBe(true);
    const texts = publicTexts(snap).join('\n');
    for (const u of city.users) expect(texts).not.toContain(u.name);
    for (const it of city.items)
      if (it.responsiblePerson.length >= 2) expect(texts).not.toContain(it.responsiblePerson);
  });
});
