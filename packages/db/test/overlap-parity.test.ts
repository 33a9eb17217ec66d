import { defaultPolicyConfig, findOverlaps, type OverlapSubject } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlapPairsSql, queryOverlapRows } from '../src/policy-exit/overlap-sql.ts';
import { budgetItems, indicators, performanceTargets } from '../src/schema/index.ts';
import { createTestDatabase, seedTestCity, type TestCity, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
});
afterAll(() => db.dispose());

const WORDS = [
  '农村',
  '学校',
  '饮水',
  '安全',
  '改造',
  '营养',
  '午餐',
  '专项',
  '资金',
  '2026年',
  '（一期）',
  '补助',
  '老旧',
  '小区',
  '提升',
  '乡村',
  '教师',
  ' ',
  '·',
  'ＡＢ',
  '１２',
];
const textArb = (max: number) =>
  fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: max }).map((w) => w.join(''));
const itemArb = fc.record({
  org: fc.constantFrom<'deptA' | 'unitA1' | 'deptB'>('deptA', 'unitA1', 'deptB'),
  name: fc
    .array(fc.constantFrom('农村', '学校', '饮水', '安全', '专项', '2026年', '营养午餐', ' '), {
      minLength: 1,
      maxLength: 4,
    })
    .map((w) => w.join('')),
  description: fc.option(textArb(8), { nil: null }),
  subject: fc.option(fc.constantFrom('2050201', '2050202', '2130505', '2130599', '2100101'), { nil: null }),
  indicators: fc.uniqueArray(
    fc.constantFrom('受益学生人数', '受益 学生人数', '饮水达标率', '满意度', '完成改造户数'),
    { maxLength: 3 },
  ),
});

const configs = [
  defaultPolicyConfig.resultApplication,
  {
    ...defaultPolicyConfig.resultApplication,
    overlap: { ...defaultPolicyConfig.resultApplication.overlap, minScore: 0.2 },
  },
  {
    ...defaultPolicyConfig.resultApplication,
    overlap: {
      ...defaultPolicyConfig.resultApplication.overlap,
      minScore: 0,
      weights: { name: 1, description: 0.3, subject: 0.7, indicators: 0 },
    },
  },
];

let year = 2050;
let found = 0;
describe('overlap search in SQL equals core findOverlaps', () => {
  it('on random samples of names, descriptions, functional subjects and indicators', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { maxLength: 14 }),
        fc.nat(configs.length - 1),
        async (items, ci) => {
          year++;
          const cfg = configs[ci] as (typeof configs)[number];
          const subjects: OverlapSubject[] = [];
          for (const [i, it] of items.entries()) {
            const [row] = await db.db
              .insert(budgetItems)
              .values({
                code: `O-${year}-${i}`,
                name: it.name,
                kind: 'project',
                fundTypeId: 'test-fund',
                orgUnitId: city.orgs[it.org],
                fiscalYearStart: year,
                fiscalYearEnd: year,
                currentFiscalYear: year,
                approvedAmountFen: 100,
                responsiblePerson: '张三',
                description: it.description,
                functionalSubject: it.subject,
                state: 'executing',
              })
              .returning({ id: budgetItems.id });
            const itemId = (row as { id: number }).id;
            if (it.indicators.length) {
              const [t] = await db.db
                .insert(performanceTargets)
                .values({ itemId, fiscalYear: year, overallGoal: '目标', status: 'approved' })
                .returning({ id: performanceTargets.id });
              await db.db.insert(indicators).values(
                it.indicators.map((name, k) => ({
                  targetId: (t as { id: number }).id,
                  itemId,
                  position: k,
                  name,
                  level1: 'output' as const,
                  level2: 'quantity' as const,
                  operator: 'gte' as const,
                  targetValue: 1,
                  unit: '个',
                  weight: 10,
                })),
              );
            }
            subjects.push({
              itemId,
              name: it.name,
              departmentId: it.org === 'deptB' ? city.orgs.deptB : city.orgs.deptA,
              departmentName: '',
              description: it.description,
              functionalSubject: it.subject,
              indicatorNames: it.indicators,
            });
          }
          const want = findOverlaps(subjects, cfg).map((p) => ({
            a: p.a,
            b: p.b,
            score: p.score,
            ...p.parts,
          }));
          const got = (
            await queryOverlapRows<Record<string, number | null>>(
              db.db,
              sql`${overlapPairsSql(year, '/', cfg)}`,
            )
          ).map((r) => ({
            a: Number(r.a),
            b: Number(r.b),
            score: Number(r.score),
            name: Number(r.name_part),
            description: r.desc_part === null ? null : Number(r.desc_part),
            subject: r.subject_part === null ? null : Number(r.subject_part),
            indicators: r.ind_part === null ? null : Number(r.ind_part),
          }));
          expect(got).toEqual(want);
          found += got.length;
        },
      ),
      { numRuns: 40 },
    );
    // The samples do overlap: the comparison is not of two empty lists.
    expect(found).toBeGreaterThan(0);
  });
});
