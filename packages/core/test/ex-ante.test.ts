import { describe, expect, it } from 'vitest';
import {
  type AssessmentContent,
  assessmentSubmitProblems,
  decideAssessmentAction,
  defaultPolicyConfig,
  exAnteBudgetRefusal,
  exAnteRequirement,
  exAnteTargetRefusal,
  resolvePolicyConfig,
  scoreAssessment,
} from '../src/index.ts';

const config = defaultPolicyConfig;
const scope = {
  isNewMajor: false,
  isNew: false,
  isCapitalConstruction: false,
  approvedAmountFen: 1_000_000_00,
  requiredByFinance: null,
};

describe('which items must be assessed (EA-2, EA-6)', () => {
  it('new major items, new items from 500万元, new construction and items the bureau names; not continuing small ones', () => {
    expect(exAnteRequirement(scope, config).required).toBe(false);
    expect(exAnteRequirement({ ...scope, isNewMajor: true }, config).reasons).toEqual([
      '新出台重大政策、项目',
    ]);
    expect(exAnteRequirement({ ...scope, isNew: true, approvedAmountFen: 499_999_99 }, config).required).toBe(
      false,
    );
    expect(
      exAnteRequirement({ ...scope, isNew: true, approvedAmountFen: 500_000_000 }, config).reasons[0],
    ).toContain('500.00万元');
    expect(exAnteRequirement({ ...scope, approvedAmountFen: 900_000_000 }, config).required).toBe(false);
    expect(exAnteRequirement({ ...scope, isNew: true, isCapitalConstruction: true }, config).reasons).toEqual(
      ['新增基本建设投资项目'],
    );
    expect(exAnteRequirement({ ...scope, requiredByFinance: '社会关注度高' }, config).reasons).toEqual([
      '财政部门要求评估：社会关注度高',
    ]);
  });

  it('follows configuration: a 1000万元 threshold and construction not in scope', () => {
    const local = resolvePolicyConfig({
      exAnte: { scope: { newMajor: true, newItemMinFen: 1_000_000_000, newCapitalConstruction: false } },
    });
    expect(exAnteRequirement({ ...scope, isNew: true, approvedAmountFen: 600_000_000 }, local).required).toBe(
      false,
    );
    expect(exAnteRequirement({ ...scope, isNew: true, isCapitalConstruction: true }, local).required).toBe(
      false,
    );
  });

  it('refuses dimensions that do not add up to 100 and bands upside down', () => {
    expect(() =>
      resolvePolicyConfig({
        exAnte: { dimensions: [{ id: 'a', name: 'A', policyName: 'A', weight: 50, guidance: 'g' }] },
      }),
    ).toThrow('合计须为100');
    expect(() =>
      resolvePolicyConfig({ exAnte: { bands: { support: 50, supportAfterRevision: 70 } } }),
    ).toThrow('不能低于');
  });
});

const full = (over: Partial<AssessmentContent> = {}): AssessmentContent => ({
  scores: { necessity: 18, economy: 17, targetSoundness: 16, feasibility: 17, financingCompliance: 18 },
  verdicts: {},
  findings: '立项依据充分，建议支持',
  conclusion: null,
  requiredChanges: [],
  reportAttachmentIds: [1],
  ...over,
});
const vfm = [{ key: 'ppp:value-for-money', name: '物有所值评价', guidance: 'g', source: 's' }];

describe('scoring and conclusion (EA-3, EA-7)', () => {
  it('maps the total to the bands: ≥80 support, ≥60 after revision, else reject', () => {
    expect(scoreAssessment(full(), [], config)).toMatchObject({
      total: 86,
      conclusion: 'support',
      overridden: false,
    });
    const mid = full({
      scores: { necessity: 14, economy: 14, targetSoundness: 12, feasibility: 12, financingCompliance: 12 },
    });
    expect(scoreAssessment(mid, [], config).computedConclusion).toBe('support_after_revision');
    const low = full({
      scores: { necessity: 10, economy: 10, targetSoundness: 10, feasibility: 10, financingCompliance: 10 },
    });
    expect(scoreAssessment(low, [], config).computedConclusion).toBe('reject');
  });

  it('a failed plugin verdict makes it 不予支持 whatever the score', () => {
    const s = scoreAssessment(full({ verdicts: { 'ppp:value-for-money': { passed: false } } }), vfm, config);
    expect(s).toMatchObject({ computedConclusion: 'reject', failedVerdicts: ['物有所值评价'] });
  });

  it('names every missing piece before submission, by field', () => {
    const problems = assessmentSubmitProblems(
      full({ scores: { necessity: 25 }, findings: '', reportAttachmentIds: [], conclusion: 'support' }),
      vfm,
      'policy',
      config,
    );
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'scores.necessity',
        'scores.economy',
        'verdicts.ppp:value-for-money',
        'findings',
        'reportAttachmentIds',
        'overrideReason',
      ]),
    );
    expect(problems.find((p) => p.path === 'scores.necessity')?.message).toContain('政策设立必要性');
  });

  it('an overridden conclusion needs its reason; 调整完善 needs its changes, others none', () => {
    expect(
      assessmentSubmitProblems(full({ conclusion: 'support_after_revision' }), [], 'project', config).map(
        (p) => p.path,
      ),
    ).toEqual(['overrideReason', 'requiredChanges']);
    expect(
      assessmentSubmitProblems(
        full({
          conclusion: 'support_after_revision',
          overrideReason: '资金测算偏高',
          requiredChanges: ['压减设备购置'],
        }),
        [],
        'project',
        config,
      ),
    ).toEqual([]);
    expect(assessmentSubmitProblems(full({ requiredChanges: ['x'] }), [], 'project', config)[0]?.path).toBe(
      'requiredChanges',
    );
  });
});

const facts = {
  status: 'submitted' as const,
  permissions: ['assessments.review' as const],
  isAssessor: false,
  ownDepartment: false,
  isSubmitter: false,
  awaitsChanges: false,
};

describe('the assessment state machine', () => {
  it('only the assessor records and submits, from draft or returned', () => {
    expect(
      decideAssessmentAction('submit', {
        ...facts,
        status: 'draft',
        permissions: ['assessments.write'],
        isAssessor: true,
      }),
    ).toEqual({
      ok: true,
      to: 'submitted',
    });
    expect(
      decideAssessmentAction('record', { ...facts, status: 'draft', permissions: ['assessments.write'] }),
    ).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(
      decideAssessmentAction('record', {
        ...facts,
        status: 'accepted',
        permissions: ['assessments.write'],
        isAssessor: true,
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('财政审核通过'),
    });
  });

  it('the finance bureau accepts or returns with a comment, never its own department’s or its own submission', () => {
    expect(decideAssessmentAction('accept', facts)).toEqual({ ok: true, to: 'accepted' });
    expect(decideAssessmentAction('return', facts)).toMatchObject({
      ok: false,
      message: '退回须填写审核意见',
    });
    expect(decideAssessmentAction('return', { ...facts, comment: '成本测算依据不足' })).toEqual({
      ok: true,
      to: 'returned',
    });
    expect(decideAssessmentAction('accept', { ...facts, ownDepartment: true })).toMatchObject({
      code: 'not_allowed',
    });
    expect(decideAssessmentAction('accept', { ...facts, isSubmitter: true })).toMatchObject({
      code: 'not_allowed',
    });
    expect(decideAssessmentAction('accept', { ...facts, permissions: ['assessments.write'] })).toMatchObject({
      code: 'not_allowed',
    });
  });

  it('changes are answered only after a 调整完善 conclusion was accepted', () => {
    const accepted = { ...facts, status: 'accepted' as const, permissions: ['assessments.write' as const] };
    expect(decideAssessmentAction('respond', accepted)).toMatchObject({ ok: false });
    expect(decideAssessmentAction('respond', { ...accepted, awaitsChanges: true })).toEqual({
      ok: true,
      to: 'accepted',
    });
  });
});

describe('the budget gate (EA-8)', () => {
  it('no accepted assessment, 不予支持 or unanswered changes stop the budget; targets too until accepted', () => {
    const gate = { required: true, acceptedConclusion: null, openChanges: 0 };
    expect(exAnteBudgetRefusal(gate)).toContain('必备要件');
    expect(exAnteBudgetRefusal({ ...gate, acceptedConclusion: 'reject' })).toContain('不得安排预算');
    expect(
      exAnteBudgetRefusal({ ...gate, acceptedConclusion: 'support_after_revision', openChanges: 2 }),
    ).toContain('2项');
    expect(exAnteBudgetRefusal({ ...gate, acceptedConclusion: 'support_after_revision' })).toBeNull();
    expect(exAnteBudgetRefusal({ ...gate, required: false })).toBeNull();
    expect(exAnteTargetRefusal(gate)).toContain('才能报送绩效目标');
    expect(exAnteTargetRefusal({ ...gate, acceptedConclusion: 'support' })).toBeNull();
  });
});
