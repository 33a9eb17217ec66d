import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSelfEvaluation,
  defaultPolicyConfig,
  defaultScheme,
  parsePrintedValue,
  resolvePolicyConfig,
  type SelfEvaluationTable,
  selfEvaluationSchemes,
} from '../src/index.ts';

const config = defaultPolicyConfig;
const scheme10 = defaultScheme(config);

describe('printed values as officials write them', () => {
  it.each([
    ['≥95%', { kind: 'quantity', operator: 'gte', value: 95, unit: '%' }],
    ['≤5300万元', { kind: 'quantity', operator: 'lte', value: 5300, unit: '万元' }],
    ['100%', { kind: 'quantity', operator: null, value: 100, unit: '%' }],
    ['>70%', { kind: 'quantity', operator: 'gt', value: 70, unit: '%' }],
    ['≥266米', { kind: 'quantity', operator: 'gte', value: 266, unit: '米' }],
    ['192只', { kind: 'quantity', operator: null, value: 192, unit: '只' }],
    ['＝１００％', { kind: 'quantity', operator: 'eq', value: 100, unit: '%' }],
    ['≥ 95 %', { kind: 'quantity', operator: 'gte', value: 95, unit: '%' }],
    ['不低于90%', { kind: 'quantity', operator: 'gte', value: 90, unit: '%' }],
    ['90%以上', { kind: 'quantity', operator: 'gte', value: 90, unit: '%' }],
    ['5天以内', { kind: 'quantity', operator: 'lte', value: 5, unit: '天' }],
    ['1,234.5万元', { kind: 'quantity', operator: null, value: 1234.5, unit: '万元' }],
    ['95%-100%', { kind: 'range', min: 95, max: 100, unit: '%' }],
    ['10～30年', { kind: 'range', min: 10, max: 30, unit: '年' }],
    ['好', { kind: 'text', text: '好', level: 'met' }],
    ['达标', { kind: 'text', text: '达标', level: 'met' }],
    ['基本达标', { kind: 'text', text: '基本达标', level: 'partly_met' }],
    ['较及时', { kind: 'text', text: '较及时', level: 'partly_met' }],
    ['未达标', { kind: 'text', text: '未达标', level: 'not_met' }],
    ['达成预期指标', { kind: 'text', text: '达成预期指标', level: 'met' }],
    ['有所提升', { kind: 'text', text: '有所提升', level: 'partly_met' }],
    ['按图施工', { kind: 'text', text: '按图施工', level: null }],
  ])('%s', (text, expected) => {
    expect(parsePrintedValue(text)).toEqual(expected);
  });

  it('reads an empty cell, a dash or a slash as nothing printed', () => {
    for (const empty of [null, '', '  ', '—', '/', '－']) expect(parsePrintedValue(empty)).toBeNull();
  });

  it('never throws, whatever the cell holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        parsePrintedValue(s);
      }),
      { numRuns: 2000 },
    );
  });
});

/** A 10号 table computed by hand: every operator, a qualitative band, cost reversed. */
const housing: SelfEvaluationTable = {
  budget: { initial: 1000, adjusted: 1000, executed: 950, weight: 10, printedScore: 9.5 },
  indicators: [
    {
      level1: '产出指标',
      level2: '数量指标',
      name: '新建公租房',
      target: '≥200套',
      actual: '180套',
      weight: 20,
      printedScore: 18,
    },
    {
      level1: '产出指标',
      level2: '质量指标',
      name: '竣工验收合格率',
      target: '=100%',
      actual: '100%',
      weight: 10,
      printedScore: 10,
    },
    {
      level1: '产出指标',
      level2: '时效指标',
      name: '按期完工率',
      target: '≥95%',
      actual: '98%',
      weight: 10,
      printedScore: 10,
    },
    {
      level1: '产出指标',
      level2: '成本指标',
      name: '每套建设成本',
      target: '≤30万元',
      actual: '32万元',
      weight: 10,
      printedScore: 9.38,
    },
    {
      level1: '效益指标',
      level2: '社会效益指标',
      name: '保障住房困难家庭',
      target: '≥180户',
      actual: '150户',
      weight: 15,
      printedScore: 12.5,
    },
    {
      level1: '效益指标',
      level2: '可持续影响指标',
      name: '长效管理机制',
      target: '健全',
      actual: '较好',
      weight: 15,
      printedScore: 12,
    },
    {
      level1: '满意度指标',
      level2: '服务对象满意度指标',
      name: '租户满意度',
      target: '≥90%',
      actual: '93%',
      weight: 10,
      printedScore: 10,
    },
  ],
  printedTotal: 91.38,
};

describe('the 财预〔2020〕10号 scheme', () => {
  it('scores each row by its operator and the table by its weights, and finds nothing wrong in a correct table', () => {
    const r = checkSelfEvaluation(housing, scheme10, config);
    expect(r.budget).toEqual({ rate: 0.95, score: 9.5 });
    expect(r.indicators.map((i) => i.completion)).toEqual([0.9, 1, 1, 0.9375, 0.8333, 0.8, 1]);
    expect(r.indicators.map((i) => i.score)).toEqual([18, 10, 10, 9.38, 12.5, 12, 10]);
    expect(r.total).toBe(91.38);
    expect(r.grade).toEqual({ code: 'excellent', label: '优' });
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['=12次', '10次', 0.8333],
    ['95%-100%', '90%', 0.9474],
    ['95%-100%', '97%', 1],
    ['≤5天', '4天', 1],
    ['<5天', '6天', 0.8333],
    ['100%', '98%', 0.98],
    ['100%', '103%', 1],
    ['≤300万元', '2,800,000元', 1],
    ['≥300万元', '2,400,000元', 0.8],
    ['好', '好', 1],
    ['显著', '明显', 1],
    ['及时', '较及时', 0.8],
    ['达标', '未达标', 0.6],
    ['≥95%', '基本完成', 0.8],
  ])('target %s, actual %s → completion %s', (target, actual, completion) => {
    const r = checkSelfEvaluation(
      {
        budget: { adjusted: 1, executed: 1 },
        indicators: [{ level1: '产出指标', name: 'x', target, actual, weight: 10 }],
      },
      scheme10,
      config,
    );
    expect(r.indicators[0]?.completion).toBe(completion);
    expect(r.indicators[0]?.score).toBe(Math.round(completion * 1000) / 100);
  });

  it('reverses a cost indicator printed without an operator', () => {
    const r = checkSelfEvaluation(
      {
        budget: { adjusted: 1, executed: 1 },
        indicators: [
          {
            level1: '成本指标',
            level2: '经济成本指标',
            name: '运维成本',
            target: '300万元',
            actual: '330万元',
            weight: 10,
          },
        ],
      },
      scheme10,
      config,
    );
    expect(r.indicators[0]).toMatchObject({ completion: 0.9091, score: 9.09 });
    expect(r.indicators[0]?.method).toContain('反向');
  });

  it('caps the budget score at its weight when more than the budget was spent', () => {
    const r = checkSelfEvaluation(
      { budget: { adjusted: 100, executed: 120 }, indicators: [] },
      scheme10,
      config,
    );
    expect(r.budget).toEqual({ rate: 1.2, score: 10 });
  });
});

describe('problems published tables contain', () => {
  const codes = (t: SelfEvaluationTable) =>
    checkSelfEvaluation(t, scheme10, config).problems.map((p) => [p.code, p.row]);

  it('a printed total that is not the sum of the printed parts', () => {
    expect(codes({ ...housing, printedTotal: 93.38 })).toEqual([['total_mismatch', null]]);
  });

  it('weights that do not add up to the scheme total, and a block off its split', () => {
    const t = structuredClone(housing) as SelfEvaluationTable;
    (t.indicators[0] as { weight: number }).weight = 25;
    (t.indicators[0] as { printedScore: number }).printedScore = 22.5;
    (t as { printedTotal: number }).printedTotal = 95.88;
    expect(codes(t)).toEqual([
      ['weights_sum', null],
      ['level1_weights', 0],
    ]);
  });

  it('a printed score above its weight', () => {
    const t = structuredClone(housing) as SelfEvaluationTable;
    (t.indicators[1] as { printedScore: number }).printedScore = 12;
    (t as { printedTotal: number }).printedTotal = 93.38;
    expect(codes(t)).toEqual([['score_above_weight', 1]]);
  });

  it('a met target scored below its weight, and an unmet one scored in full', () => {
    const t = structuredClone(housing) as SelfEvaluationTable;
    (t.indicators[2] as { printedScore: number }).printedScore = 8;
    (t.indicators[0] as { printedScore: number }).printedScore = 20;
    (t as { printedTotal: number }).printedTotal = 91.38;
    expect(codes(t)).toEqual([
      ['unmet_scored_full', 0],
      ['met_scored_below_weight', 2],
    ]);
  });

  it('a budget score that is not rate × weight, and a budget weight the scheme does not use', () => {
    expect(
      codes({ ...housing, budget: { ...housing.budget, printedScore: 10 }, printedTotal: 91.88 }),
    ).toEqual([['budget_score_mismatch', -1]]);
    const r = checkSelfEvaluation(
      { budget: { adjusted: 10, executed: 5, weight: 20, printedScore: 10 }, indicators: [] },
      scheme10,
      config,
    );
    expect(r.problems.map((p) => p.code)).toContain('budget_weight');
    expect(r.budget.score).toBe(10);
  });

  it('a missing weight and values that cannot be read are named on their row, never a crash', () => {
    const r = checkSelfEvaluation(
      {
        budget: { adjusted: null, executed: 3 },
        indicators: [
          { level1: '产出指标', name: '培训人次', target: '≥500人次', actual: '见附件', weight: null },
          { level1: '产出指标', name: '覆盖乡镇', target: '≥10个', actual: '12平方米', weight: 10 },
          { level1: '效益指标', name: '群众满意', target: '好', actual: '95%', weight: 10 },
          { level1: '效益指标', name: '带动就业', target: null, actual: '30人', weight: 10 },
        ],
      },
      scheme10,
      config,
    );
    expect(r.problems.map((p) => [p.code, p.row])).toEqual([
      ['unreadable_budget', -1],
      ['unreadable_actual', 0],
      ['missing_weight', 0],
      ['unit_mismatch', 1],
      ['unreadable_actual', 2],
      ['missing_target', 3],
    ]);
    expect(r.problems[1]?.message).toBe('第1项指标“培训人次”：实际完成值“见附件”无法判断是否达成目标');
    expect(r.total).toBeNull();
    expect(r.grade).toBeNull();
  });

  it('qualitative scores outside their band', () => {
    const row = (actual: string, printedScore: number) =>
      checkSelfEvaluation(
        {
          budget: { adjusted: 1, executed: 1 },
          indicators: [
            { level1: '效益指标', name: '机制', target: '健全', actual, weight: 10, printedScore },
          ],
        },
        { ...scheme10, checkLevel1Split: false },
        config,
      )
        .problems.filter((p) => p.row === 0)
        .map((p) => p.code);
    expect(row('健全', 8.5)).toEqual([]);
    expect(row('健全', 7)).toEqual(['met_scored_below_weight']);
    expect(row('基本健全', 7)).toEqual([]);
    expect(row('基本健全', 10)).toEqual(['unmet_scored_full']);
    expect(row('未完成', 7)).toEqual(['score_mismatch']);
  });
});

describe('local schemes from configuration, without code', () => {
  const local = resolvePolicyConfig({
    selfEvaluation: {
      schemes: {
        'budget-20': {
          name: '预算执行20分+绩效指标80分（含长效管理）',
          budgetWeight: 20,
          level1: { 产出: 40, 效益: 20, 满意度: 10, 长效管理: 10 },
          indicatorWeights: 'even',
        },
      },
    },
  });
  const scheme = selfEvaluationSchemes(local)['budget-20'];

  it('splits each block evenly when the table prints no weight per indicator, with an extra 长效管理 block', () => {
    if (!scheme) throw new Error('scheme missing');
    const r = checkSelfEvaluation(
      {
        budget: { adjusted: 500, executed: 400, weight: 20 },
        indicators: [
          { level1: '产出指标（40分）', name: '改造农村公路', target: '≥10个', actual: '10个' },
          { level1: '产出指标（40分）', name: '审批时限', target: '≤5天', actual: '6天' },
          { level1: '效益指标', name: '通行条件', target: '显著', actual: '明显' },
          { level1: '满意度指标', name: '群众满意度', target: '≥90%', actual: '85%' },
          { level1: '长效管理', name: '管护机制', target: '健全', actual: '未完成' },
        ],
      },
      scheme,
      local,
    );
    expect(r.budget).toEqual({ rate: 0.8, score: 16 });
    expect(r.indicators.map((i) => i.score)).toEqual([20, 16.67, 20, 9.44, 6]);
    expect(r.total).toBe(88.11);
    expect(r.grade?.label).toBe('良');
    expect(r.problems).toEqual([]);
  });

  it('keeps the default scheme available beside the configured ones', () => {
    expect(Object.keys(selfEvaluationSchemes(local))).toEqual([
      'caiyu-2020-10',
      'department-wide',
      'budget-20',
    ]);
  });

  it('moves satisfaction points to benefit when a 10号 table has no satisfaction indicator', () => {
    const r = checkSelfEvaluation(
      {
        budget: { adjusted: 1, executed: 1 },
        indicators: [
          { level1: '产出指标', name: 'a', target: '≥1个', actual: '1个', weight: 50 },
          { level1: '效益指标', name: 'b', target: '好', actual: '好', weight: 40 },
        ],
      },
      scheme10,
      config,
    );
    expect(r.problems).toEqual([]);
    expect(r.total).toBe(100);
  });
});
