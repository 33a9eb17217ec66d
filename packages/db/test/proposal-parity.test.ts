import {
  defaultPolicyConfig,
  EVALUATION_RESULT_SOURCES,
  type EvaluationResultSource,
  GRADES,
  type Grade,
  type ItemResult,
  proposeControlNumbers,
  type ResultApplicationConfig,
  SOURCE_PRECEDENCE,
} from '@jixiao/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeProposals,
  getProposal,
  listProposals,
  whatIfProposals,
} from '../src/budget-proposals/index.ts';
import { listEvaluationResults } from '../src/evaluation-results/index.ts';
import {
  budgetItems,
  evaluationFindings,
  evaluationResults,
  rectificationTasks,
} from '../src/schema/index.ts';
import { createTestDatabase, seedTestCity, type TestCity, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
});
afterAll(() => db.dispose());

const ITEM_SOURCES = EVALUATION_RESULT_SOURCES.values.filter((s) =>
  ['self_evaluation', 'spot_check', 'key_evaluation'].includes(s),
) as EvaluationResultSource[];

const itemArb = fc.record({
  org: fc.constantFrom<'deptA' | 'unitA1' | 'deptB'>('deptA', 'unitA1', 'deptB'),
  amountFen: fc.integer({ min: 0, max: 5_000_000_000_00 }),
  funded: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  kind: fc.constantFrom<'project' | 'policy' | 'department_wide'>(
    'project',
    'project',
    'policy',
    'department_wide',
  ),
  results: fc.uniqueArray(
    fc.record({
      source: fc.constantFrom(...ITEM_SOURCES),
      grade: fc.constantFrom(...GRADES.values),
      distortion: fc.boolean(),
      findings: fc.array(
        fc.constantFrom<'none' | 'open' | 'accepted' | 'no_action'>('none', 'open', 'accepted', 'no_action'),
        {
          maxLength: 2,
        },
      ),
    }),
    { maxLength: 3, selector: (r) => r.source },
  ),
});

const share = fc.integer({ min: 0, max: 100 }).map((n) => n / 100);
const cfgArb = fc.record({ cutForFair: share, cutForPoor: share, extraCutUnrectified: share });
const deptGradeArb = fc.option(fc.constantFrom(...GRADES.values), { nil: null });

let year = 2040;

describe('control-number proposals in SQL equal core proposeControlNumbers', () => {
  it('for random items, results, findings, department grades and cut shares', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { maxLength: 12 }),
        deptGradeArb,
        deptGradeArb,
        cfgArb,
        async (items, gradeA, gradeB, shares) => {
          year++;
          const cfg: ResultApplicationConfig = { ...defaultPolicyConfig.resultApplication, ...shares };
          const platform = { ...city.platform, config: { ...city.platform.config, resultApplication: cfg } };
          const admin = city.actors.admin;
          const expected = new Map<number, ItemResult[]>();
          const deptOf = (org: 'deptA' | 'unitA1' | 'deptB') =>
            org === 'deptB' ? city.orgs.deptB : city.orgs.deptA;
          for (const [i, it] of items.entries()) {
            const [row] = await db.db
              .insert(budgetItems)
              .values({
                code: `P-${year}-${i}`,
                name: `项目${year}-${i}`,
                kind: it.kind,
                fundTypeId: 'test-fund',
                orgUnitId: city.orgs[it.org],
                fiscalYearStart: year,
                fiscalYearEnd: year,
                currentFiscalYear: year,
                approvedAmountFen: it.amountFen,
                responsiblePerson: '张三',
                state: it.funded ? 'executing' : 'draft',
              })
              .returning({ id: budgetItems.id });
            const itemId = (row as { id: number }).id;
            let unrectified = false;
            for (const r of it.results) {
              const [res] = await db.db
                .insert(evaluationResults)
                .values({
                  subjectKind: 'item',
                  itemId,
                  orgUnitId: city.orgs[it.org],
                  regionId: city.regionId,
                  fiscalYear: year,
                  source: r.source,
                  score: 70,
                  grade: r.grade,
                  distortion: r.distortion,
                })
                .returning({ id: evaluationResults.id });
              for (const f of r.findings) {
                let taskId: number | null = null;
                if (f === 'open' || f === 'accepted') {
                  const [t] = await db.db
                    .insert(rectificationTasks)
                    .values({
                      source: 'evaluation',
                      itemId,
                      orgUnitId: city.orgs[it.org],
                      assigneeUserId: city.actors.officerA.userId as number,
                      requirement: '整改',
                      deadline: `${year + 1}-03-31`,
                      status: f === 'accepted' ? 'accepted' : 'assigned',
                    })
                    .returning({ id: rectificationTasks.id });
                  taskId = (t as { id: number }).id;
                }
                if (f === 'open' || f === 'none') unrectified = true;
                await db.db.insert(evaluationFindings).values({
                  resultId: (res as { id: number }).id,
                  finding: '问题',
                  requiredAction: f === 'no_action' ? null : '整改',
                  itemId,
                  rectificationTaskId: taskId,
                });
              }
            }
            if (!it.funded || it.kind === 'department_wide') continue;
            const final = [...it.results].sort(
              (a, b) => SOURCE_PRECEDENCE[b.source] - SOURCE_PRECEDENCE[a.source],
            )[0];
            const list = expected.get(deptOf(it.org)) ?? [];
            list.push({
              itemId,
              name: '',
              amountFen: it.amountFen,
              grade: (final?.grade as Grade) ?? null,
              unrectified,
            });
            expected.set(deptOf(it.org), list);
          }
          for (const [org, grade] of [
            [city.orgs.deptA, gradeA],
            [city.orgs.deptB, gradeB],
          ] as const) {
            if (grade === null) continue;
            await db.db.insert(evaluationResults).values({
              subjectKind: 'department',
              orgUnitId: org,
              regionId: city.regionId,
              fiscalYear: year,
              source: 'department_evaluation',
              score: 80,
              grade,
            });
          }

          const computed = await computeProposals(platform, admin, { basisYear: year });
          expect(computed.departments).toBe(expected.size);
          const whatIf = await whatIfProposals(city.platform, admin, { basisYear: year, ...shares });
          const proposals = await listProposals(db.db, admin, { fiscalYear: year + 1 });
          for (const [dept, lines] of expected) {
            const want = proposeControlNumbers(lines, dept === city.orgs.deptA ? gradeA : gradeB, cfg);
            const p = proposals.find((x) => x.department.id === dept);
            expect(p).toBeDefined();
            const got = await getProposal(db.db, admin, (p as { id: number }).id);
            expect({
              baseFen: got.baseFen,
              itemsCutFen: got.itemsCutFen,
              departmentAdjustmentBp: got.departmentAdjustmentBp,
              departmentAdjustmentFen: got.departmentAdjustmentFen,
              proposedFen: got.proposedFen,
            }).toEqual({
              baseFen: want.baseFen,
              itemsCutFen: want.itemsCutFen,
              departmentAdjustmentBp: want.departmentAdjustmentBp,
              departmentAdjustmentFen: want.departmentAdjustmentFen,
              proposedFen: want.proposedFen,
            });
            const byId = new Map(got.lines?.map((l) => [l.item.id, l]));
            for (const w of want.lines) {
              const l = byId.get(w.itemId);
              expect(l).toMatchObject({
                grade: w.grade,
                cutBp: w.cutBp,
                cutFen: w.cutFen,
                proposedFen: w.proposedFen,
                priority: w.priority,
                unrectified: w.flags.includes('unrectified'),
              });
              expect(l?.reasons.slice(0, w.reasons.length)).toEqual(w.reasons);
              // The flag is the result registry's own rectification completion (seed §十).
              const registry = await listEvaluationResults(db.db, admin, {
                fiscalYear: year,
                itemId: w.itemId,
              });
              expect(l?.unrectified).toBe(registry.some((r) => !r.rectificationComplete));
            }
            expect(got.lines).toHaveLength(want.lines.length);
            expect(whatIf.departments.find((d) => d.department.id === dept)?.whatIfFen).toBe(
              want.proposedFen,
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
