import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideKeyEvaluationAction,
  defaultPolicyConfig,
  departmentEvaluationLines,
  describeMethodResult,
  genericEvaluationLines,
  indicatorSystemProblems,
  type KeyEvaluationFacts,
  keyEvaluationConfigSchema,
  lineScoreProblems,
  linesFromTemplate,
  rateQuality,
  runEvaluationMethod,
  scoreKeyEvaluation,
} from '../src/index.ts';

const facts = (over: Partial<KeyEvaluationFacts> = {}): KeyEvaluationFacts => ({
  status: 'scoring',
  permissions: ['evaluations.manage'],
  isPanelMember: false,
  hasSubmitted: false,
  isCarrierStaff: false,
  panelSize: 3,
  submittedCount: 3,
  anyScores: true,
  hasFindings: true,
  comment: null,
  ...over,
});

describe('key evaluation workflow', () => {
  it('only a panel expert scores, once, while scoring', () => {
    const expert = { permissions: ['evaluations.score'] as const, isPanelMember: true };
    expect(
      decideKeyEvaluationAction('score', facts({ ...expert, permissions: [...expert.permissions] })),
    ).toEqual({
      ok: true,
      to: 'scoring',
    });
    expect(decideKeyEvaluationAction('score', facts({ permissions: ['evaluations.score'] }))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: '您不是本次评价的评价组专家',
    });
    expect(
      decideKeyEvaluationAction(
        'score',
        facts({ permissions: ['evaluations.score'], isPanelMember: true, hasSubmitted: true }),
      ),
    ).toMatchObject({ ok: false, message: '您已提交评分，不能再修改' });
    expect(
      decideKeyEvaluationAction(
        'score',
        facts({ status: 'planned', permissions: ['evaluations.score'], isPanelMember: true }),
      ),
    ).toMatchObject({ ok: false, code: 'transition_refused' });
  });

  it('a report needs every expert’s scores and the findings; the indicator system is fixed once scoring began', () => {
    expect(decideKeyEvaluationAction('report', facts({ submittedCount: 1 }))).toMatchObject({
      ok: false,
      message: '评价组还有2位专家未提交评分，不能提交报告',
    });
    expect(decideKeyEvaluationAction('report', facts({ hasFindings: false }))).toMatchObject({ ok: false });
    expect(decideKeyEvaluationAction('report', facts())).toEqual({ ok: true, to: 'reported' });
    expect(decideKeyEvaluationAction('edit_indicators', facts())).toMatchObject({
      ok: false,
      message: '已有专家评分，指标体系不能再修改',
    });
    expect(decideKeyEvaluationAction('start', facts({ status: 'planned', panelSize: 0 }))).toMatchObject({
      ok: false,
    });
    expect(
      decideKeyEvaluationAction(
        'accept',
        facts({ status: 'reported', isCarrierStaff: true, permissions: [] }),
      ),
    ).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(decideKeyEvaluationAction('return', facts({ status: 'reported' }))).toMatchObject({
      ok: false,
      message: '退回须写明意见',
    });
  });
});

describe('indicator systems', () => {
  it('the generic (EV-7) and department-wide (DW-1) systems add up to 100 with unique numbers', () => {
    for (const lines of [genericEvaluationLines(), departmentEvaluationLines()]) {
      expect(indicatorSystemProblems(lines)).toEqual([]);
    }
    expect(new Set(departmentEvaluationLines().map((l) => l.dimension)).size).toBe(6);
  });

  it('numbers a plugin template’s lines by dimension', () => {
    const lines = linesFromTemplate({
      dimensions: [
        { name: '决策', lines: [{ name: 'a', weight: 40, scoring: 's' }] },
        {
          name: '效益',
          lines: [
            { name: 'b', weight: 30, scoring: 's' },
            { name: 'c', weight: 30, scoring: 's' },
          ],
        },
      ],
    });
    expect(lines.map((l) => `${l.key}${l.dimension}`)).toEqual(['1.1决策', '2.1效益', '2.2效益']);
  });

  it('names a duplicate number, a weight total off 100, an unknown line and a score above its weight', () => {
    const lines = [
      { key: '1', dimension: '决策', name: '立项', weight: 50, scoring: '' },
      { key: '1', dimension: '产出', name: '数量', weight: 40, scoring: '' },
    ];
    expect(indicatorSystemProblems(lines).map((p) => p.message)).toEqual([
      '指标编号 1 重复',
      '各指标分值合计须为100分，现为90分',
    ]);
    expect(
      lineScoreProblems(lines, [
        { lineKey: '9', score: 1 },
        { lineKey: '1', score: 51 },
      ]).map((p) => p.path),
    ).toEqual(['scores.0.lineKey', 'scores.1.score']);
  });
});

describe('scoring a key evaluation', () => {
  const lines = [
    { key: '1', dimension: '决策', name: '立项', weight: 20, scoring: '' },
    { key: '2', dimension: '效益', name: '效益', weight: 80, scoring: '' },
  ];
  it('aggregates each line by the rule and grades the total (hand-computed)', () => {
    const experts = [
      new Map([
        ['1', 20],
        ['2', 80],
      ]),
      new Map([
        ['1', 16],
        ['2', 60],
      ]),
      new Map([
        ['1', 10],
        ['2', 40],
      ]),
    ];
    const trimmed = scoreKeyEvaluation(lines, experts, 'trimmed_mean', defaultPolicyConfig);
    expect(trimmed).toMatchObject({ total: 76, grade: 'fair' });
    expect(trimmed.dimensions).toEqual([
      { name: '决策', weight: 20, score: 16 },
      { name: '效益', weight: 80, score: 60 },
    ]);
    expect(scoreKeyEvaluation(lines, experts, 'mean', defaultPolicyConfig).total).toBe(75.33);
  });

  it('never exceeds the weights when every expert stays within them', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0, max: 80, noNaN: true })),
          {
            minLength: 1,
            maxLength: 7,
          },
        ),
        fc.constantFrom('mean' as const, 'trimmed_mean' as const, 'median' as const),
        (scores, rule) => {
          const r = scoreKeyEvaluation(
            lines,
            scores.map(
              ([a, b]) =>
                new Map([
                  ['1', a],
                  ['2', b],
                ]),
            ),
            rule,
            defaultPolicyConfig,
          );
          return r.total >= 0 && r.total <= 100.01;
        },
      ),
    );
  });
});

describe('quality rating (§十三)', () => {
  const cfg = {
    keyEvaluation: keyEvaluationConfigSchema.parse(undefined),
    experts: defaultPolicyConfig.evaluation.experts,
  };
  const full = { basis: 20, indicators: 20, data: 20, conclusion: 20, recommendations: 10, timeliness: 10 };
  it('keeps a good job, suspends below the floor, removes for misconduct', () => {
    expect(rateQuality(full, false, cfg)).toEqual({ total: 100, outcome: 'keep', reasons: [] });
    expect(rateQuality({ ...full, basis: 0, indicators: 0 }, false, cfg)).toMatchObject({
      total: 60,
      outcome: 'keep',
    });
    expect(rateQuality({ ...full, basis: 0, indicators: 0, data: 0 }, false, cfg)).toMatchObject({
      total: 40,
      outcome: 'suspend',
    });
    expect(rateQuality(full, true, cfg)).toMatchObject({ outcome: 'remove', reasons: ['存在违规执业行为'] });
  });
  it('names a missing or out-of-range mark', () => {
    expect(rateQuality({ basis: 25 }, false, cfg)).toMatchObject({
      issues: expect.arrayContaining([
        { path: 'marks.basis', message: '“评价依据充分、资料核实到位”须在0–20分之间' },
      ]),
    });
  });
  it('a checklist that does not add up to 100 is refused', () => {
    expect(() =>
      keyEvaluationConfigSchema.parse({ qualityChecklist: [{ key: 'a', name: 'a', points: 50 }] }),
    ).toThrow('质量评分项合计须为100分');
  });
});

describe('methods (§十四) recorded with their inputs', () => {
  it('runs each method and says its result in one sentence', () => {
    const cb = runEvaluationMethod({
      method: 'cost_benefit',
      inputs: {
        flows: [
          { year: 0, costFen: 100_000_000, benefitFen: 0 },
          { year: 1, costFen: 0, benefitFen: 165_000_000 },
        ],
        discountRate: 0.1,
      },
    });
    expect(cb.result).toMatchObject({ netPresentValueFen: 50_000_000, benefitCostRatio: 1.5 });
    expect(describeMethodResult('cost_benefit', cb.result)).toContain('净现值50.00万元');
    const fa = runEvaluationMethod({
      method: 'factor_analysis',
      inputs: {
        factors: [
          { name: '数量', planned: 10, actual: 8 },
          { name: '单价', planned: 5, actual: 6 },
        ],
      },
    });
    expect(describeMethodResult('factor_analysis', fa.result)).toBe(
      '计划50，实际48，差异-2；其中数量影响-10，单价影响8',
    );
  });
});
