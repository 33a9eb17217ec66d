import {
  defaultPolicyConfig,
  type IndicatorLevel1,
  type IndicatorLevel2,
  LEVEL2_UNDER_LEVEL1,
  type Operator,
  type PolicyConfig,
  resolvePolicyConfig,
  type Sector,
  sortFindings,
  targetQualityFindings,
} from '@jixiao/core';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/index.ts';
import { getItem } from '../src/items/index.ts';
import { budgetItems, indicatorLibrary, indicators, performanceTargets } from '../src/schema/index.ts';
import { liveContent, loadQualityContext, runQualitySql } from '../src/target-reviews/index.ts';
import { createTestDatabase, seedTestCity, type TestCity, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
let library: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  const entry = (name: string, min: number | null, max: number | null, active = true) => ({
    name,
    level1: 'output' as const,
    level2: 'quantity' as const,
    operator: 'gte' as const,
    unit: '个',
    standard: 'industry' as const,
    referenceMin: min,
    referenceMax: max,
    source: '测试',
    active,
  });
  const rows = await db.db
    .insert(indicatorLibrary)
    .values([
      entry('区间', 10, 100),
      entry('上限', null, 50),
      entry('停用', 0, 1, false),
      entry('无区间', null, null),
    ])
    .returning({ id: indicatorLibrary.id });
  library = rows.map((r) => r.id);
});
afterAll(() => db.dispose());

const LEVELS = Object.entries(LEVEL2_UNDER_LEVEL1).flatMap(([l1, l2s]) =>
  l2s.map((l2) => [l1 as IndicatorLevel1, l2 as IndicatorLevel2] as const),
);

const indicatorArb = fc.record({
  name: fc.constantFrom('甲', '乙', '丙', '丁', '戊'),
  level: fc.constantFrom(...LEVELS),
  operator: fc.constantFrom<Operator>('gte', 'lte', 'eq', 'range', 'qualitative'),
  value: fc.constantFrom(-5, 0, 0.5, 8, 40, 50, 60, 100, 150, 1e6),
  spread: fc.constantFrom(0, 5, 80),
  unit: fc.constantFrom('', '个', '%'),
  weight: fc.constantFrom(0, 5, 10, 12.5, 20, 30, 33.33, 40, 50),
  library: fc.nat(4),
});
type GenIndicator = typeof indicatorArb extends fc.Arbitrary<infer T> ? T : never;

const itemArb = fc.record({
  sector: fc.constantFrom<Sector | null>(null, 'education', 'general_services', 'health'),
  construction: fc.boolean(),
  years: fc.nat(2),
  /** Which years of the period have an annual target (bit mask), and whether there is a cycle target. */
  annualMask: fc.nat(7),
  cycle: fc.boolean(),
  targets: fc.array(fc.array(indicatorArb, { maxLength: 8 }), { minLength: 4, maxLength: 4 }),
});

const configs: PolicyConfig[] = [
  defaultPolicyConfig,
  resolvePolicyConfig({
    weightScheme: 'total_only',
    targetQuality: {
      minQuantifiedShare: 0.5,
      historyDeviationShare: 0.2,
      publicServiceSectors: ['general_services'],
      severity: { 'unit-missing': 'flag', 'library-range': 'block', 'duplicate-indicator': 'off' },
    },
  }),
];

let seq = 0;

/** Writes one generated item with its targets; returns the target ids. */
async function insertItem(g: typeof itemArb extends fc.Arbitrary<infer T> ? T : never): Promise<number[]> {
  seq++;
  const start = 2024;
  const [item] = await db.db
    .insert(budgetItems)
    .values({
      code: `PROP-${seq}`,
      name: `性质测试${seq}`,
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: city.orgs.deptA,
      fiscalYearStart: start,
      fiscalYearEnd: start + g.years,
      currentFiscalYear: start,
      approvedAmountFen: 100,
      responsiblePerson: '测',
      sector: g.sector,
      isCapitalConstruction: g.construction,
    })
    .returning({ id: budgetItems.id });
  const itemId = (item as { id: number }).id;
  const years: Array<number | null> = [];
  for (let y = 0; y <= g.years; y++) if (g.annualMask & (1 << y)) years.push(start + y);
  if (g.cycle && g.years > 0) years.push(null);
  const ids: number[] = [];
  for (const [t, fiscalYear] of years.entries()) {
    const [row] = await db.db
      .insert(performanceTargets)
      .values({ itemId, fiscalYear, overallGoal: '目标', status: 'submitted' })
      .returning({ id: performanceTargets.id });
    const targetId = (row as { id: number }).id;
    ids.push(targetId);
    const lines = (g.targets[t] ?? []) as GenIndicator[];
    if (lines.length === 0) continue;
    await db.db.insert(indicators).values(
      lines.map((l, position) => ({
        targetId,
        itemId,
        position,
        name: l.name,
        level1: l.level[0],
        level2: l.level[1],
        operator: l.operator,
        targetValue: l.operator === 'qualitative' || l.operator === 'range' ? null : l.value,
        targetMin: l.operator === 'range' ? l.value : null,
        targetMax: l.operator === 'range' ? l.value + l.spread : null,
        targetText: l.operator === 'qualitative' ? '定性' : null,
        unit: l.unit,
        weight: l.weight,
        libraryIndicatorId: l.library === 4 ? null : (library[l.library] as number),
      })),
    );
  }
  return ids;
}

const shape = (f: { rule: string; severity: string; position: number | null; params: object }) => ({
  rule: f.rule,
  severity: f.severity,
  position: f.position,
  params: f.params,
});

describe('set-based quality checks = core rules (property, on the real database)', () => {
  it('for any targets, library entries, history and cycle targets, SQL finds exactly what targetQualityFindings finds', async () => {
    await fc.assert(
      fc.asyncProperty(itemArb, fc.constantFrom(0, 1), async (g, c) => {
        const config = configs[c] as PolicyConfig;
        const targetIds = await insertItem(g);
        const sqlRun = await runQualitySql(db.db, config, SYSTEM_ACTOR, {
          targetIds,
          statuses: ['submitted'],
          limit: 1000,
        });
        expect(sqlRun.targets).toBe(targetIds.length);
        for (const targetId of targetIds) {
          const [t] = await db.db
            .select()
            .from(performanceTargets)
            .where(eq(performanceTargets.id, targetId));
          const target = t as typeof performanceTargets.$inferSelect;
          const item = await getItem(db.db, SYSTEM_ACTOR, target.itemId);
          const content = await liveContent(db.db, targetId);
          const ctx = await loadQualityContext(db.db, item, target.fiscalYear, content.indicators);
          const core = targetQualityFindings(
            { fiscalYear: target.fiscalYear, indicators: content.indicators },
            ctx,
            config,
          );
          const fromSql = sortFindings(sqlRun.findings.filter((f) => f.targetId === targetId));
          expect(fromSql.map(shape)).toEqual(core.map(shape));
        }
      }),
      { numRuns: 60 },
    );
  });
});
