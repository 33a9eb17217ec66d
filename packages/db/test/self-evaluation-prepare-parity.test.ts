import {
  adjustedBudgetFen,
  type BudgetAdjustmentKind,
  INDICATOR_LEVEL1,
  type IndicatorLevel1,
  type IndicatorLevel2,
  LEVEL2_UNDER_LEVEL1,
  type Operator,
  prepareSelfEvaluation,
  type QualitativeStatus,
} from '@jixiao/core';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getItem } from '../src/items/index.ts';
import {
  budgetAdjustments,
  executionRecords,
  indicatorReports,
  indicators,
  performanceTargets,
} from '../src/schema/index.ts';
import {
  findSelfEvaluation,
  prepareYearSelfEvaluations,
  scoredColumns,
  selfEvaluationSource,
} from '../src/self-evaluations/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-12-30' });
});
afterAll(() => db.dispose());

const LEVELS = Object.entries(LEVEL2_UNDER_LEVEL1).flatMap(([l1, l2s]) =>
  l2s.map((l2) => [l1 as IndicatorLevel1, l2 as IndicatorLevel2] as const),
);
const value = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.integer({ min: 0, max: 100_000 }).map((v) => v / 100),
);

const indicatorArb = fc.record({
  name: fc.constantFrom('新建公租房', '验收合格率', '受益人数', '满意度', "引号'名"),
  level: fc.constantFrom(...LEVELS),
  operator: fc.constantFrom<Operator>('gte', 'lte', 'eq', 'range', 'qualitative'),
  value: fc.option(value, { nil: null }),
  min: fc.option(value, { nil: null }),
  max: fc.option(value, { nil: null }),
  text: fc.option(fc.constantFrom('好', '达标', '', '  ', '较及时'), { nil: null }),
  unit: fc.constantFrom('', '%', '套', '万元', '平方米'),
  weight: fc.integer({ min: 0, max: 5000 }).map((w) => w / 100),
  reports: fc.array(
    fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      actual: fc.option(value, { nil: null }),
      status: fc.constantFrom<QualitativeStatus | null>('met', 'partly_met', 'not_met', null),
      year: fc.constantFrom(2026, 2026, 2025),
    }),
    { maxLength: 3 },
  ),
});

const pad = (n: number) => String(n).padStart(2, '0');

describe('set-based self-evaluation preparation (EV-12)', () => {
  it('gives exactly what the core preparation gives for the same item', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(indicatorArb, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 50_000_000 }), { maxLength: 3 }),
        // In-year budget adjustments (EV-14), some of another year that must not count.
        fc.array(
          fc.record({
            kind: fc.constantFrom<BudgetAdjustmentKind>('supplement', 'reduction', 'adjustment'),
            fen: fc.integer({ min: -5_000_000, max: 50_000_000 }).filter((v) => v !== 0),
            year: fc.constantFrom(2026, 2026, 2025),
          }),
          { maxLength: 4 },
        ),
        async (specs, payments, adjustments) => {
          const created = await createExecutingItem(city);
          const [target] = await db.db
            .select({ id: performanceTargets.id })
            .from(performanceTargets)
            .where(eq(performanceTargets.itemId, created.id));
          const targetId = target?.id as number;
          await db.db.delete(indicators).where(eq(indicators.targetId, targetId));
          for (const [position, s] of specs.entries()) {
            const [ind] = await db.db
              .insert(indicators)
              .values({
                targetId,
                itemId: created.id,
                position,
                name: s.name,
                level1: s.level[0],
                level2: s.level[1],
                operator: s.operator,
                targetValue: s.value,
                targetMin: s.min,
                targetMax: s.max,
                targetText: s.text,
                unit: s.unit,
                weight: s.weight,
              })
              .returning({ id: indicators.id });
            for (const r of s.reports) {
              await db.db.insert(indicatorReports).values({
                indicatorId: ind?.id as number,
                itemId: created.id,
                fiscalYear: r.year,
                reportedOn: `${r.year}-${pad(r.month)}-${pad(r.day)}`,
                actualValue: r.actual,
                qualitativeStatus: r.status,
              });
            }
          }
          for (const [i, fen] of payments.entries()) {
            await db.db.insert(executionRecords).values({
              itemId: created.id,
              fiscalYear: 2026,
              paidOn: `2026-0${i + 1}-15`,
              amountFen: fen,
              source: 'treasury',
            });
          }
          for (const a of adjustments) {
            await db.db.insert(budgetAdjustments).values({
              itemId: created.id,
              fiscalYear: a.year,
              kind: a.kind,
              amountFen: a.fen,
              adjustedOn: `${a.year}-06-30`,
              reason: '年中调整',
            });
          }
          const item = await getItem(db.db, city.actors.admin, created.id);
          const source = await selfEvaluationSource(db.db, item, 2026);
          const expected = prepareSelfEvaluation(source as NonNullable<typeof source>);

          const run = await prepareYearSelfEvaluations(city.platform, city.actors.admin, 2026);
          expect(run.prepared).toBe(1);
          const stored = await findSelfEvaluation(db.db, city.actors.admin, created.id, 2026);
          expect(stored?.budget).toEqual(expected.budget);
          // 全年预算数 = 年初预算数 + that year's adjustments, by both paths.
          expect(stored?.budget.initialFen).toBe(item.approvedAmountFen);
          expect(stored?.budget.adjustedFen).toBe(
            adjustedBudgetFen(
              item.approvedAmountFen,
              adjustments.filter((a) => a.year === 2026).map((a) => ({ amountFen: a.fen })),
            ),
          );
          expect(stored?.lines).toEqual(expected.lines);
          // …and scored in the same run exactly as a save scores it.
          const { columns } = scoredColumns(city.platform, expected);
          expect(stored?.score).toBe(columns.score);
          expect(stored?.grade?.code ?? null).toBe(columns.grade);
          expect(stored?.problems).toEqual(columns.problems);
          expect(stored?.lines.map((l) => l.level1)).toEqual(
            [...specs].map((s) => INDICATOR_LEVEL1.labels[s.level[0]]),
          );
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
