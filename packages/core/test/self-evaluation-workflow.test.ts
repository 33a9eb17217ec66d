import { describe, expect, it } from 'vitest';
import {
  coverageDeadline,
  decideSelfEvaluationAction,
  defaultPolicyConfig,
  judgeCoverage,
  type Permission,
  prepareSelfEvaluation,
  scoreSelfEvaluation,
  selfEvaluationSchemes,
} from '../src/index.ts';

const officer: Permission[] = ['self_evaluations.submit'];
const department: Permission[] = ['self_evaluations.submit', 'self_evaluations.confirm'];
const finance: Permission[] = [
  'self_evaluations.submit',
  'self_evaluations.confirm',
  'self_evaluations.review',
];
const base = { missingActuals: 0, comment: null };

describe('self-evaluation workflow (EV-12)', () => {
  it('goes draft → submitted → confirmed → accepted, each step by its own permission', () => {
    expect(decideSelfEvaluationAction('submit', { ...base, status: 'draft', permissions: officer })).toEqual({
      ok: true,
      from: 'draft',
      to: 'submitted',
    });
    expect(
      decideSelfEvaluationAction('confirm', { ...base, status: 'submitted', permissions: officer }),
    ).toMatchObject({
      ok: false,
      code: 'not_allowed',
      message: '您的角色无权确认绩效自评',
    });
    expect(
      decideSelfEvaluationAction('confirm', { ...base, status: 'submitted', permissions: department }),
    ).toMatchObject({ ok: true, to: 'confirmed' });
    expect(
      decideSelfEvaluationAction('accept', { ...base, status: 'confirmed', permissions: department }),
    ).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(
      decideSelfEvaluationAction('accept', { ...base, status: 'confirmed', permissions: finance }),
    ).toMatchObject({
      ok: true,
      to: 'accepted',
    });
  });

  it('refuses a submission with actual values missing, a return without comment, and acting in the wrong state', () => {
    expect(
      decideSelfEvaluationAction('submit', {
        ...base,
        missingActuals: 2,
        status: 'draft',
        permissions: officer,
      }),
    ).toMatchObject({ ok: false, message: '还有2项指标未填写实际完成值，不能提交' });
    expect(
      decideSelfEvaluationAction('return', { ...base, status: 'submitted', permissions: department }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    // The department may return what it has not yet confirmed, not what the finance bureau holds.
    expect(
      decideSelfEvaluationAction('return', {
        ...base,
        comment: '补材料',
        status: 'confirmed',
        permissions: department,
      }),
    ).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(
      decideSelfEvaluationAction('record', { ...base, status: 'accepted', permissions: finance }),
    ).toMatchObject({
      ok: false,
      code: 'transition_refused',
      message: '绩效自评当前为“财政已接收”，不能填写自评内容（仅限“填报中”、“退回修改”）',
    });
  });
});

describe('preparation and scoring', () => {
  it('prints targets and latest reports as officials print them and scores by the default scheme', () => {
    const content = prepareSelfEvaluation({
      budget: { initialFen: 100_00, adjustedFen: 100_00, executedFen: 80_00 },
      indicators: [
        {
          indicatorId: 2,
          position: 1,
          level1: 'benefit',
          level2: 'social',
          name: '就业人数',
          operator: 'range',
          targetValue: null,
          targetMin: 80,
          targetMax: 100,
          targetText: null,
          unit: '人',
          weight: 40,
          latest: { actualValue: null, qualitativeStatus: 'partly_met', reportedOn: '2026-10-01' },
        },
        {
          indicatorId: 1,
          position: 0,
          level1: 'output',
          level2: 'cost',
          name: '单位成本',
          operator: 'lte',
          targetValue: 5300,
          targetMin: null,
          targetMax: null,
          targetText: null,
          unit: '万元',
          weight: 50,
          latest: { actualValue: 5000, qualitativeStatus: null, reportedOn: '2026-11-01' },
        },
      ],
    });
    expect(content.lines.map((l) => [l.level1, l.target, l.latest])).toEqual([
      ['产出指标', '≤5300万元', '5000万元'],
      ['效益指标', '80人-100人', '部分达成'],
    ]);
    const filled = {
      ...content,
      lines: content.lines.map((l, i) => ({ ...l, actual: ['5000万元', '90人'][i] ?? null })),
    };
    const scheme = selfEvaluationSchemes(defaultPolicyConfig)['caiyu-2020-10'];
    if (!scheme) throw new Error('default scheme');
    const check = scoreSelfEvaluation(filled, scheme, defaultPolicyConfig);
    expect(check.budget.score).toBe(8);
    expect(check.total).toBe(98);
  });
});

describe('coverage (EV-10)', () => {
  it('needs 60% of project funds and every special transfer', () => {
    const ok = judgeCoverage(
      { projectFen: 100, projectEvaluatedFen: 60, specialTransferFen: 30, specialTransferEvaluatedFen: 30 },
      defaultPolicyConfig,
    );
    expect(ok.short).toBe(false);
    const short = judgeCoverage(
      { projectFen: 100, projectEvaluatedFen: 59, specialTransferFen: 30, specialTransferEvaluatedFen: 20 },
      defaultPolicyConfig,
    );
    expect(short.shortfalls).toEqual([
      '项目资金自评覆盖率59%，低于60%',
      '专项转移支付自评覆盖率66.67%，低于100%',
    ]);
  });

  it('warns from the configured days before the next year’s deadline', () => {
    expect(coverageDeadline(2025, '2026-03-31', defaultPolicyConfig)).toEqual({
      deadline: '2026-04-30',
      warnFrom: '2026-03-31',
      due: true,
    });
    expect(coverageDeadline(2025, '2026-03-30', defaultPolicyConfig).due).toBe(false);
  });
});
