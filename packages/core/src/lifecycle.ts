import { exAnteBudgetRefusal, exAnteTargetRefusal } from './ex-ante/requirement.ts';
import { type ExAnteConclusion, ITEM_STATES, type ItemState, type Role } from './vocabulary.ts';

/**
 * The BudgetItem lifecycle (DESIGN §2) as an explicit state machine. Each action names its
 * source states, target state, the roles that may take it and the guards that must hold.
 * `decideTransition` is pure: the caller supplies the facts, gets a decision back, and
 * persists it together with its audit entry.
 */
export const LIFECYCLE_ACTIONS = [
  'assess',
  'submit_targets',
  'return_targets',
  'approve_targets',
  'approve_budget',
  'start_execution',
  'suspend',
  'resume',
  'terminate',
  'submit_self_evaluation',
  'complete_evaluation',
  'continue_next_year',
  'close',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export const ACTION_LABELS: Readonly<Record<LifecycleAction, string>> = {
  assess: '完成事前绩效评估',
  submit_targets: '报送绩效目标',
  return_targets: '退回绩效目标',
  approve_targets: '审核通过绩效目标',
  approve_budget: '批复预算',
  start_execution: '开始执行',
  suspend: '暂缓拨款',
  resume: '恢复拨款',
  terminate: '清理退出',
  submit_self_evaluation: '提交绩效自评',
  complete_evaluation: '完成绩效评价',
  continue_next_year: '进入下一年度',
  close: '办结',
};

/** Facts about an item the guards need; the caller loads them. */
export interface TransitionFacts {
  state: ItemState;
  roles: readonly Role[];
  /** The item must be assessed ex ante (EA-2, EA-6: `exAnteRequirement`). */
  requiresExAnte: boolean;
  /** Conclusion of the latest ex-ante assessment the finance bureau accepted, if any. */
  exAnteConclusion: ExAnteConclusion | null;
  /** 调整完善 changes of that assessment still unanswered (EA-8). */
  exAnteOpenChanges?: number;
  /** Conclusion being recorded with this action (for `assess`). */
  newExAnteConclusion?: ExAnteConclusion | null;
  /** Problems found in the current year's target (empty when it is complete and well weighted). */
  targetProblems: readonly string[];
  /** The current year's target has been approved. */
  targetsApproved: boolean;
  approvedAmountFen: number;
  currentFiscalYear: number;
  lastFiscalYear: number;
  reason?: string | null;
}

export type TransitionDecision =
  | { ok: true; action: LifecycleAction; from: ItemState; to: ItemState; note?: string }
  | {
      ok: false;
      action: LifecycleAction;
      from: ItemState;
      code: 'not_allowed' | 'transition_refused';
      message: string;
    };

interface ActionSpec {
  from: readonly ItemState[];
  to: (facts: TransitionFacts) => ItemState;
  roles: readonly Role[];
  needsReason?: boolean;
  guard?: (facts: TransitionFacts) => string | null;
}

const OFFICERS: readonly Role[] = ['dept_officer', 'unit_officer', 'finance_admin'];
const FINANCE: readonly Role[] = ['finance_admin'];

const SPECS: Readonly<Record<LifecycleAction, ActionSpec>> = {
  assess: {
    from: ['draft'],
    to: (f) => (f.newExAnteConclusion === 'reject' ? 'draft' : 'assessed'),
    roles: [...OFFICERS, 'evaluator'],
    guard: (f) => (f.newExAnteConclusion ? null : '请提供事前绩效评估结论'),
  },
  submit_targets: {
    from: ['draft', 'assessed'],
    to: () => 'targets_submitted',
    roles: OFFICERS,
    guard: (f) => {
      const exAnte = exAnteTargetRefusal({
        required: f.requiresExAnte,
        acceptedConclusion: f.exAnteConclusion,
      });
      if (exAnte) return exAnte;
      if (f.targetProblems.length > 0) return `绩效目标不完整：${f.targetProblems.join('；')}`;
      return null;
    },
  },
  return_targets: {
    from: ['targets_submitted'],
    to: (f) => (f.exAnteConclusion && f.exAnteConclusion !== 'reject' ? 'assessed' : 'draft'),
    roles: FINANCE,
    needsReason: true,
  },
  approve_targets: {
    from: ['targets_submitted'],
    to: () => 'targets_approved',
    roles: FINANCE,
    guard: (f) => (f.targetProblems.length > 0 ? `绩效目标不完整：${f.targetProblems.join('；')}` : null),
  },
  approve_budget: {
    from: ['targets_approved'],
    to: () => 'budget_approved',
    roles: FINANCE,
    guard: (f) => {
      if (!f.targetsApproved) return '绩效目标尚未审核通过，不得批复预算（无目标不安排预算）';
      if (f.approvedAmountFen <= 0) return '批复金额必须大于零';
      return exAnteBudgetRefusal({
        required: f.requiresExAnte,
        acceptedConclusion: f.exAnteConclusion,
        openChanges: f.exAnteOpenChanges ?? 0,
      });
    },
  },
  start_execution: { from: ['budget_approved'], to: () => 'executing', roles: OFFICERS },
  suspend: { from: ['executing'], to: () => 'suspended', roles: FINANCE, needsReason: true },
  resume: { from: ['suspended'], to: () => 'executing', roles: FINANCE, needsReason: true },
  terminate: {
    from: ['budget_approved', 'executing', 'suspended'],
    to: () => 'terminated',
    roles: FINANCE,
    needsReason: true,
  },
  submit_self_evaluation: { from: ['executing'], to: () => 'self_evaluated', roles: OFFICERS },
  complete_evaluation: { from: ['self_evaluated'], to: () => 'evaluated', roles: [...FINANCE, 'evaluator'] },
  continue_next_year: {
    from: ['self_evaluated', 'evaluated'],
    to: () => 'executing',
    roles: FINANCE,
    guard: (f) => {
      if (f.currentFiscalYear >= f.lastFiscalYear) return `项目实施期至${f.lastFiscalYear}年，已无下一年度`;
      // The next year's target goes through the same review (IN-10): facts are of that year.
      if (!f.targetsApproved) return `${f.currentFiscalYear + 1}年度绩效目标尚未审核通过，不能进入下一年度`;
      return null;
    },
  },
  close: { from: ['self_evaluated', 'evaluated'], to: () => 'closed', roles: FINANCE },
};

/**
 * Actions that belong to a whole workflow and are taken only through it, never as a bare
 * transition: where to go instead.
 */
export const WORKFLOW_ACTIONS: Readonly<Partial<Record<LifecycleAction, string>>> = {
  assess: '事前绩效评估经财政审核通过后自动完成，请通过事前绩效评估（/api/v1/assessments）办理',
  submit_targets: '请通过报送绩效目标（POST /api/v1/items/{id}/targets/submit）办理，报送时进行质量检查',
  return_targets: '请通过绩效目标审核（POST /api/v1/target-reviews/{id}/return）办理，须写明退回理由',
  approve_targets: '请通过绩效目标审核（POST /api/v1/target-reviews/{id}/approve）办理，须逐项标注审核要点',
  approve_budget: '请通过预算和绩效目标同步批复（POST /api/v1/budget-approvals）办理',
};

const STATE_LABEL = ITEM_STATES.labels;

/** Explains, in the user's words, why an action can't start from a state. */
function wrongStateMessage(action: LifecycleAction, state: ItemState): string {
  if (state === 'terminated') return '项目已清理退出，不再接受任何操作';
  if (state === 'closed') return '项目已办结，不再接受任何操作';
  const label = ACTION_LABELS[action];
  if (action === 'approve_budget') {
    return `项目当前为“${STATE_LABEL[state]}”，绩效目标尚未审核通过，不得批复预算（无目标不安排预算）`;
  }
  if (action === 'submit_self_evaluation' && PRE_EXECUTION.includes(state)) {
    return `项目当前为“${STATE_LABEL[state]}”，尚未进入执行阶段，不能提交绩效自评`;
  }
  if (action === 'submit_self_evaluation' && state === 'suspended') {
    return '项目处于暂缓拨款状态，须先恢复执行才能提交绩效自评';
  }
  const allowed = SPECS[action].from.map((s) => `“${STATE_LABEL[s]}”`).join('、');
  return `项目当前为“${STATE_LABEL[state]}”，不能${label}（仅限${allowed}状态）`;
}

const PRE_EXECUTION: readonly ItemState[] = [
  'draft',
  'assessed',
  'targets_submitted',
  'targets_approved',
  'budget_approved',
];

/** Decides whether `action` may be taken given `facts`; never throws. */
export function decideTransition(action: LifecycleAction, facts: TransitionFacts): TransitionDecision {
  const spec = SPECS[action];
  const from = facts.state;
  if (!spec.from.includes(from)) {
    return { ok: false, action, from, code: 'transition_refused', message: wrongStateMessage(action, from) };
  }
  if (!facts.roles.some((r) => spec.roles.includes(r))) {
    return {
      ok: false,
      action,
      from,
      code: 'not_allowed',
      message: `您的角色无权${ACTION_LABELS[action]}`,
    };
  }
  if (spec.needsReason && !facts.reason?.trim()) {
    return {
      ok: false,
      action,
      from,
      code: 'transition_refused',
      message: `${ACTION_LABELS[action]}须填写原因`,
    };
  }
  const refusal = spec.guard?.(facts);
  if (refusal) return { ok: false, action, from, code: 'transition_refused', message: refusal };
  return { ok: true, action, from, to: spec.to(facts) };
}

/** Actions that could be taken from `state` by someone with `roles`, ignoring guards. */
export function availableActions(state: ItemState, roles: readonly Role[]): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter(
    (a) => SPECS[a].from.includes(state) && roles.some((r) => SPECS[a].roles.includes(r)),
  );
}

/** Source states of each action, for documentation and tests. */
export function sourceStates(action: LifecycleAction): readonly ItemState[] {
  return SPECS[action].from;
}

/** True when payments may be recorded against an item in this state. */
export function acceptsPayments(state: ItemState): boolean {
  return state === 'executing';
}

/** States in which an item is watched by monitoring (双监控 covers the execution period). */
export const MONITORED_STATES: readonly ItemState[] = ['executing', 'suspended'];

/** States in which progress on an item's indicators may be reported: its execution period and its self-evaluation. */
export const REPORTABLE_STATES: readonly ItemState[] = ['executing', 'suspended', 'self_evaluated'];

/** True when indicator progress may be reported on an item in this state. */
export function acceptsReports(state: ItemState): boolean {
  return REPORTABLE_STATES.includes(state);
}
