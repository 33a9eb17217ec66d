import { describe, expect, it } from 'vitest';
import {
  ACTION_LABELS,
  availableActions,
  decideTransition,
  ITEM_STATES,
  type ItemState,
  LIFECYCLE_ACTIONS,
  type LifecycleAction,
  type Role,
  sourceStates,
  type TransitionFacts,
} from '../src/index.ts';

const facts = (over: Partial<TransitionFacts> = {}): TransitionFacts => ({
  state: 'draft',
  roles: ['finance_admin'],
  requiresExAnte: false,
  exAnteConclusion: null,
  targetProblems: [],
  targetsApproved: true,
  approvedAmountFen: 100,
  currentFiscalYear: 2026,
  lastFiscalYear: 2026,
  reason: '原因',
  newExAnteConclusion: 'support',
  ...over,
});

/** The expected happy path: action → [from, to] for the roles that may take it. */
const EXPECTED: Record<LifecycleAction, { from: ItemState[]; to: ItemState; roles: Role[] }> = {
  assess: {
    from: ['draft'],
    to: 'assessed',
    roles: ['dept_officer', 'unit_officer', 'finance_admin', 'evaluator'],
  },
  submit_targets: {
    from: ['draft', 'assessed'],
    to: 'targets_submitted',
    roles: ['dept_officer', 'unit_officer', 'finance_admin'],
  },
  return_targets: { from: ['targets_submitted'], to: 'draft', roles: ['finance_admin'] },
  approve_targets: { from: ['targets_submitted'], to: 'targets_approved', roles: ['finance_admin'] },
  approve_budget: { from: ['targets_approved'], to: 'budget_approved', roles: ['finance_admin'] },
  start_execution: {
    from: ['budget_approved'],
    to: 'executing',
    roles: ['dept_officer', 'unit_officer', 'finance_admin'],
  },
  suspend: { from: ['executing'], to: 'suspended', roles: ['finance_admin'] },
  resume: { from: ['suspended'], to: 'executing', roles: ['finance_admin'] },
  terminate: {
    from: ['budget_approved', 'executing', 'suspended'],
    to: 'terminated',
    roles: ['finance_admin'],
  },
  submit_self_evaluation: {
    from: ['executing'],
    to: 'self_evaluated',
    roles: ['dept_officer', 'unit_officer', 'finance_admin'],
  },
  complete_evaluation: { from: ['self_evaluated'], to: 'evaluated', roles: ['finance_admin', 'evaluator'] },
  continue_next_year: { from: ['self_evaluated', 'evaluated'], to: 'executing', roles: ['finance_admin'] },
  close: { from: ['self_evaluated', 'evaluated'], to: 'closed', roles: ['finance_admin'] },
};

describe('every lifecycle transition', () => {
  for (const action of LIFECYCLE_ACTIONS) {
    const spec = EXPECTED[action];
    it(`${action} (${ACTION_LABELS[action]}) goes ${spec.from.join('|')} → ${spec.to}, for its roles only`, () => {
      expect([...sourceStates(action)].sort()).toEqual([...spec.from].sort());
      for (const from of spec.from) {
        const ok = decideTransition(
          action,
          facts({ state: from, lastFiscalYear: 2027, roles: [spec.roles[0] as Role] }),
        );
        expect(ok).toMatchObject({ ok: true, from, to: spec.to });
      }
      for (const state of ITEM_STATES.values.filter((s) => !spec.from.includes(s))) {
        const refused = decideTransition(action, facts({ state, lastFiscalYear: 2027 }));
        expect(refused.ok, `${action} from ${state}`).toBe(false);
        if (!refused.ok) expect(refused.code).toBe('transition_refused');
      }
      const outsiders = (['leader', 'auditor', 'plugin'] as Role[]).filter((r) => !spec.roles.includes(r));
      for (const role of outsiders) {
        const denied = decideTransition(
          action,
          facts({ state: spec.from[0] as ItemState, roles: [role], lastFiscalYear: 2027 }),
        );
        expect(denied).toMatchObject({ ok: false, code: 'not_allowed' });
      }
    });
  }
});

describe('guards', () => {
  it('refuses budget approval while targets are not approved (no target, no budget)', () => {
    for (const state of ['draft', 'assessed', 'targets_submitted'] as const) {
      const d = decideTransition('approve_budget', facts({ state }));
      expect(d).toMatchObject({ ok: false, message: expect.stringContaining('无目标不安排预算') });
    }
    expect(
      decideTransition('approve_budget', facts({ state: 'targets_approved', targetsApproved: false })),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('尚未审核通过'),
    });
    expect(
      decideTransition('approve_budget', facts({ state: 'targets_approved', approvedAmountFen: 0 })),
    ).toMatchObject({
      ok: false,
      message: '批复金额必须大于零',
    });
  });

  it('an item that must be assessed gets no budget without an accepted, supporting, fully answered assessment (EA-8)', () => {
    const ready = { state: 'targets_approved' as const, requiresExAnte: true };
    expect(decideTransition('approve_budget', facts(ready))).toMatchObject({
      ok: false,
      message: expect.stringContaining('必备要件'),
    });
    expect(decideTransition('approve_budget', facts({ ...ready, exAnteConclusion: 'reject' }))).toMatchObject(
      {
        ok: false,
        message: expect.stringContaining('不予支持'),
      },
    );
    expect(
      decideTransition(
        'approve_budget',
        facts({ ...ready, exAnteConclusion: 'support_after_revision', exAnteOpenChanges: 1 }),
      ),
    ).toMatchObject({ ok: false, message: expect.stringContaining('1项调整完善意见未答复') });
    expect(
      decideTransition('approve_budget', facts({ ...ready, exAnteConclusion: 'support' })),
    ).toMatchObject({
      ok: true,
    });
  });

  it('refuses self-evaluation before execution, and while payments are suspended', () => {
    for (const state of ['draft', 'targets_approved', 'budget_approved'] as const) {
      expect(decideTransition('submit_self_evaluation', facts({ state }))).toMatchObject({
        ok: false,
        message: expect.stringContaining('尚未进入执行阶段'),
      });
    }
    expect(decideTransition('submit_self_evaluation', facts({ state: 'suspended' }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('暂缓拨款'),
    });
  });

  it('a terminated or closed item accepts nothing', () => {
    for (const state of ['terminated', 'closed'] as const) {
      for (const action of LIFECYCLE_ACTIONS) {
        const d = decideTransition(action, facts({ state }));
        expect(d.ok).toBe(false);
        if (!d.ok) expect(d.message).toContain('不再接受任何操作');
      }
      expect(availableActions(state, ['finance_admin'])).toEqual([]);
    }
  });

  it('new major items need a favourable ex-ante assessment before targets are submitted', () => {
    expect(decideTransition('submit_targets', facts({ state: 'draft', requiresExAnte: true }))).toMatchObject(
      {
        ok: false,
        message: expect.stringContaining('须先完成事前绩效评估'),
      },
    );
    expect(
      decideTransition(
        'submit_targets',
        facts({ state: 'draft', requiresExAnte: true, exAnteConclusion: 'reject' }),
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('不予支持'),
    });
    expect(
      decideTransition(
        'submit_targets',
        facts({ state: 'assessed', requiresExAnte: true, exAnteConclusion: 'support' }),
      ),
    ).toMatchObject({ ok: true });
    // A rejecting assessment keeps the item in draft.
    expect(
      decideTransition('assess', facts({ state: 'draft', newExAnteConclusion: 'reject' })),
    ).toMatchObject({ ok: true, to: 'draft' });
    expect(decideTransition('assess', facts({ state: 'draft', newExAnteConclusion: null }))).toMatchObject({
      ok: false,
    });
  });

  it('targets with problems cannot be submitted or approved; the problems are named', () => {
    const problems = ['产出（含成本）指标权重合计45，应为50'];
    for (const [action, state] of [
      ['submit_targets', 'draft'],
      ['approve_targets', 'targets_submitted'],
    ] as const) {
      expect(decideTransition(action, facts({ state, targetProblems: problems }))).toMatchObject({
        ok: false,
        message: expect.stringContaining('权重合计45'),
      });
    }
  });

  it('sanctions and returns need a reason; a multi-year item continues only within its cycle', () => {
    for (const [action, state] of [
      ['suspend', 'executing'],
      ['resume', 'suspended'],
      ['terminate', 'executing'],
      ['return_targets', 'targets_submitted'],
    ] as const) {
      expect(decideTransition(action, facts({ state, reason: '  ' }))).toMatchObject({
        ok: false,
        message: expect.stringContaining('须填写原因'),
      });
    }
    expect(
      decideTransition(
        'continue_next_year',
        facts({ state: 'evaluated', currentFiscalYear: 2026, lastFiscalYear: 2026 }),
      ),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('已无下一年度'),
    });
    expect(
      decideTransition(
        'continue_next_year',
        facts({ state: 'evaluated', currentFiscalYear: 2026, lastFiscalYear: 2027, targetsApproved: false }),
      ),
    ).toMatchObject({ ok: false, message: '2027年度绩效目标尚未审核通过，不能进入下一年度' });
    expect(
      decideTransition('return_targets', facts({ state: 'targets_submitted', exAnteConclusion: 'support' })),
    ).toMatchObject({ ok: true, to: 'assessed' });
  });
});
