import { describe, expect, it } from 'vitest';
import {
  decideTargetReview,
  decideTargetSubmission,
  defaultPolicyConfig,
  departmentTargetIssues,
  diffTargetContent,
  type QualityContext,
  type QualityIndicator,
  qualityIssues,
  resolvePolicyConfig,
  targetQualityFindings,
  versionInForce,
} from '../src/index.ts';

const config = defaultPolicyConfig;

const line = (position: number, over: Partial<QualityIndicator> = {}): QualityIndicator => ({
  position,
  name: `指标${position}`,
  level1: 'output',
  level2: 'quantity',
  operator: 'gte',
  targetValue: 100,
  targetMin: null,
  targetMax: null,
  unit: '个',
  weight: 10,
  libraryIndicatorId: null,
  ...over,
});

/** Output 50 (30 + 20), benefit 30, satisfaction 10: passes every rule. */
const good = (): QualityIndicator[] => [
  line(0, { name: '改造面积', weight: 30 }),
  line(1, { name: '验收合格率', level2: 'quality', unit: '%', weight: 20 }),
  line(2, { name: '受益人数', level1: 'benefit', level2: 'social', unit: '人', weight: 30 }),
  line(3, { name: '满意度', level1: 'satisfaction', level2: 'satisfaction', unit: '%', weight: 10 }),
];

const ctx = (over: Partial<QualityContext> = {}): QualityContext => ({
  item: { sector: 'education', isCapitalConstruction: false, fiscalYearStart: 2026, fiscalYearEnd: 2026 },
  library: new Map(),
  history: [],
  cycle: null,
  ...over,
});

const rules = (indicators: QualityIndicator[], c = ctx(), fy: number | null = 2026, cfg = config) =>
  targetQualityFindings({ fiscalYear: fy, indicators }, c, cfg).map((f) => [f.rule, f.severity, f.position]);

describe('target quality checks (IN-7…IN-10)', () => {
  it('a sound target passes', () => {
    expect(rules(good())).toEqual([]);
  });

  it('satisfaction is required only for items serving the public', () => {
    const noSat = good().filter((i) => i.level1 !== 'satisfaction');
    noSat[2] = { ...(noSat[2] as QualityIndicator), weight: 40 };
    expect(rules(noSat)).toEqual([['level1-complete', 'block', null]]);
    expect(rules(noSat, ctx({ item: { ...ctx().item, sector: 'general_services' } }))).toEqual([]);
  });

  it('too few quantified indicators, weights off, no unit, duplicates and no cost for construction block', () => {
    const inds = good();
    inds[0] = { ...(inds[0] as QualityIndicator), operator: 'qualitative', targetValue: null, unit: '' };
    inds[1] = { ...(inds[1] as QualityIndicator), operator: 'qualitative', targetValue: null };
    inds[2] = { ...(inds[2] as QualityIndicator), unit: '', name: '满意度' };
    const found = rules(inds, ctx({ item: { ...ctx().item, isCapitalConstruction: true } }));
    expect(found).toEqual([
      ['quantified-share', 'block', null],
      ['construction-cost', 'block', null],
      ['duplicate-indicator', 'block', 3],
      ['unit-missing', 'block', 2],
    ]);
    const weights = good().map((i) => ({ ...i, weight: i.weight + 1 }));
    expect(rules(weights).map((r) => r[0])).toEqual(['weights-total', 'weights-total', 'weights-total']);
  });

  it('outside the library range or far from the item’s own history is flagged, not blocked', () => {
    const inds = good();
    inds[1] = { ...(inds[1] as QualityIndicator), targetValue: 120, libraryIndicatorId: 7 };
    const c = ctx({
      library: new Map([[7, { referenceMin: 90, referenceMax: 100 }]]),
      history: [{ fiscalYear: 2025, position: 0, name: '改造面积', targetValue: 40 }],
    });
    expect(rules(inds, c)).toEqual([
      ['library-range', 'flag', 1],
      ['history-deviation', 'flag', 0],
    ]);
  });

  it('annual targets of a multi-year item need the cycle target, the same units and no more than it', () => {
    const multi = { ...ctx().item, fiscalYearStart: 2025, fiscalYearEnd: 2027 };
    expect(rules(good(), ctx({ item: multi }))).toEqual([['cycle-consistency', 'block', null]]);
    const cycle = {
      fiscalYear: null,
      indicators: [
        line(0, { name: '改造面积', targetValue: 80 }),
        line(1, { name: '受益人数', unit: '人次' }),
      ],
    };
    expect(rules(good(), ctx({ item: multi, cycle }))).toEqual([
      ['cycle-consistency', 'block', 0],
      ['cycle-consistency', 'block', 2],
    ]);
    expect(rules(good(), ctx({ item: multi }), null)).toEqual([]);
  });

  it('severity is configuration: a rule can be turned off or made a flag', () => {
    const local = resolvePolicyConfig({
      targetQuality: { severity: { 'unit-missing': 'flag', 'duplicate-indicator': 'off' } },
    });
    const inds = good();
    inds[1] = { ...(inds[1] as QualityIndicator), unit: '', name: '改造面积' };
    expect(rules(inds, ctx(), 2026, local)).toEqual([['unit-missing', 'flag', 1]]);
  });

  it('tells what to fix in Chinese, naming the indicator and its field', () => {
    const inds = good();
    inds[3] = { ...(inds[3] as QualityIndicator), unit: '' };
    const findings = targetQualityFindings({ fiscalYear: 2026, indicators: inds }, ctx(), config);
    expect(qualityIssues(findings, { indicators: inds }, config)).toEqual([
      { path: 'indicators.3.unit', message: '指标“满意度”缺少计量单位' },
    ]);
  });
});

describe('department-wide targets (DW-1)', () => {
  it('every dimension covered and weights adding up to 100', () => {
    const dims = [
      'effectiveness',
      'running_cost',
      'management_efficiency',
      'social_effect',
      'sustainability',
      'satisfaction',
    ] as const;
    const inds = dims.map((dimension, i) => ({
      name: `指标${i}`,
      dimension,
      operator: 'gte' as const,
      targetValue: 90,
      unit: '%',
      weight: i === 0 ? 50 : 10,
    }));
    expect(departmentTargetIssues(inds, config)).toEqual([]);
    const issues = departmentTargetIssues(inds.slice(1), config).map((i) => i.message);
    expect(issues).toEqual(['缺少“履职效能”方面的指标', '指标权重合计50，应为100']);
  });
});

describe('review, resubmission and versions (IN-4, IN-9)', () => {
  const facts = {
    status: 'submitted' as const,
    permissions: ['targets.review' as const],
    ownDepartment: false,
    input: { criteria: {}, comments: [] },
  };
  const met = { met: true };
  const all = { specific: met, quantified: met, feasible: met, matched: met };

  it('approval needs all four criteria marked met; return needs reasons; own department never', () => {
    expect(decideTargetReview('approve', facts)).toMatchObject({
      path: 'criteria.specific',
      message: expect.stringContaining('指向明确'),
    });
    expect(
      decideTargetReview('approve', {
        ...facts,
        input: { ...facts.input, criteria: { ...all, quantified: { met: false } } },
      }),
    ).toMatchObject({ code: 'transition_refused', message: expect.stringContaining('细化量化') });
    expect(decideTargetReview('approve', { ...facts, input: { ...facts.input, criteria: all } })).toBeNull();
    expect(decideTargetReview('return', facts)).toMatchObject({ path: 'opinion' });
    expect(
      decideTargetReview('return', { ...facts, input: { ...facts.input, opinion: '指标未量化' } }),
    ).toBeNull();
    expect(
      decideTargetReview('approve', {
        ...facts,
        ownDepartment: true,
        input: { ...facts.input, criteria: all },
      }),
    ).toMatchObject({
      code: 'not_allowed',
    });
    expect(decideTargetReview('return', { ...facts, status: 'approved' })).toMatchObject({
      code: 'transition_refused',
    });
  });

  it('submission from draft or returned; adjustment only of an approved target, with a reason, one at a time', () => {
    const f = {
      targetStatus: 'draft' as const,
      permissions: ['targets.write' as const],
      pendingAdjustment: false,
    };
    expect(decideTargetSubmission('submit', f)).toBeNull();
    expect(decideTargetSubmission('submit', { ...f, targetStatus: 'approved' })?.message).toContain('调整');
    expect(decideTargetSubmission('adjust', f)?.code).toBe('transition_refused');
    expect(decideTargetSubmission('adjust', { ...f, targetStatus: 'approved' })?.path).toBe('reason');
    expect(
      decideTargetSubmission('adjust', {
        ...f,
        targetStatus: 'approved',
        reason: '政策调整',
        pendingAdjustment: true,
      })?.message,
    ).toContain('正在审核');
  });

  it('shows what changed since the last review, field by field', () => {
    const before = {
      overallGoal: '完成改造',
      indicators: [
        { name: 'A', targetValue: 1, unit: '个' },
        { name: 'B', unit: '%' },
      ],
    };
    const after = {
      overallGoal: '完成改造',
      indicators: [
        { name: 'A', targetValue: 2, unit: '个' },
        { name: 'C', unit: '人' },
      ],
    };
    expect(diffTargetContent(before, after)).toEqual({
      overallGoal: null,
      added: ['C'],
      removed: ['B'],
      changed: [{ name: 'A', fields: [{ field: 'targetValue', before: 1, after: 2 }] }],
    });
  });

  it('the version in force on a date is the last approved one started by then and not ended', () => {
    const v = (
      version: number,
      from: string | null,
      to: string | null,
      status: 'approved' | 'returned' = 'approved',
    ) => ({
      version,
      status,
      effectiveFrom: from,
      effectiveTo: to,
    });
    const versions = [
      v(1, '2026-01-10', '2026-06-01'),
      v(2, null, null, 'returned'),
      v(3, '2026-06-01', null),
    ];
    expect(versionInForce(versions, '2026-01-09')).toBeNull();
    expect(versionInForce(versions, '2026-05-31')?.version).toBe(1);
    expect(versionInForce(versions, '2026-06-01')?.version).toBe(3);
  });
});
