import type { Permission } from '../permissions.ts';
import { SELF_EVALUATION_STATUSES, type SelfEvaluationStatus } from '../vocabulary.ts';

/**
 * 绩效自评 as a state machine (EV-12, seed §九): the officer fills in and submits; the department's
 * performance officer confirms (or returns it); the finance bureau receives it (接收) or returns
 * it. A returned self-evaluation is filled in again and resubmitted. `decideSelfEvaluationAction`
 * is pure; the self-evaluation service locks, asks it, and persists the decision with its audit.
 */
export const SELF_EVALUATION_ACTIONS = ['record', 'submit', 'confirm', 'accept', 'return'] as const;
export type SelfEvaluationAction = (typeof SELF_EVALUATION_ACTIONS)[number];

const SELF_EVALUATION_ACTION_LABELS: Readonly<Record<SelfEvaluationAction, string>> = {
  record: '填写自评内容',
  submit: '提交绩效自评',
  confirm: '确认绩效自评',
  accept: '接收绩效自评',
  return: '退回绩效自评',
};

export interface SelfEvaluationFacts {
  status: SelfEvaluationStatus;
  /** What the actor's roles give at the item's org unit. */
  permissions: readonly Permission[];
  /** Indicators still without an actual value. */
  missingActuals: number;
  comment?: string | null;
}

export type SelfEvaluationDecision =
  | { ok: true; from: SelfEvaluationStatus; to: SelfEvaluationStatus }
  | { ok: false; code: 'not_allowed' | 'transition_refused' | 'invalid_input'; message: string };

interface Spec {
  from: readonly SelfEvaluationStatus[];
  /** The permission needed, by the state acted on (returning a confirmed one is the finance bureau's). */
  permission: (status: SelfEvaluationStatus) => Permission;
  to: (status: SelfEvaluationStatus) => SelfEvaluationStatus;
  guard?: (
    f: SelfEvaluationFacts,
  ) => { code: 'transition_refused' | 'invalid_input'; message: string } | null;
}

const SPECS: Readonly<Record<SelfEvaluationAction, Spec>> = {
  record: {
    from: ['draft', 'returned'],
    permission: () => 'self_evaluations.submit',
    to: (s) => s,
  },
  submit: {
    from: ['draft', 'returned'],
    permission: () => 'self_evaluations.submit',
    to: () => 'submitted',
    guard: (f) =>
      f.missingActuals > 0
        ? { code: 'transition_refused', message: `还有${f.missingActuals}项指标未填写实际完成值，不能提交` }
        : null,
  },
  confirm: {
    from: ['submitted'],
    permission: () => 'self_evaluations.confirm',
    to: () => 'confirmed',
  },
  accept: {
    from: ['confirmed'],
    permission: () => 'self_evaluations.review',
    to: () => 'accepted',
  },
  return: {
    from: ['submitted', 'confirmed'],
    permission: (s) => (s === 'submitted' ? 'self_evaluations.confirm' : 'self_evaluations.review'),
    to: () => 'returned',
    guard: (f) =>
      f.comment?.trim() ? null : { code: 'invalid_input', message: '字段 comment：退回须填写退回意见' },
  },
};

/** Decides a self-evaluation action from the facts; never throws. */
export function decideSelfEvaluationAction(
  action: SelfEvaluationAction,
  f: SelfEvaluationFacts,
): SelfEvaluationDecision {
  const spec = SPECS[action];
  const label = SELF_EVALUATION_ACTION_LABELS[action];
  if (!spec.from.includes(f.status)) {
    const allowed = spec.from.map((s) => `“${SELF_EVALUATION_STATUSES.labels[s]}”`).join('、');
    return {
      ok: false,
      code: 'transition_refused',
      message: `绩效自评当前为“${SELF_EVALUATION_STATUSES.labels[f.status]}”，不能${label}（仅限${allowed}）`,
    };
  }
  if (!f.permissions.includes(spec.permission(f.status)))
    return { ok: false, code: 'not_allowed', message: `您的角色无权${label}` };
  const refusal = spec.guard?.(f);
  if (refusal) return { ok: false, ...refusal };
  return { ok: true, from: f.status, to: spec.to(f.status) };
}
