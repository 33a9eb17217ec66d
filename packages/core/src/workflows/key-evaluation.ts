import type { Permission } from '../permissions.ts';
import type { KeyEvaluationStatus } from '../vocabulary.ts';

/**
 * 重点评价 (seed §九) as a state machine: the finance bureau plans it and forms the panel (or
 * commissions an institution whose experts form it); once started every panel expert scores each
 * line blind; the carrier (the institution, or the bureau for its own panel) writes the findings
 * and submits the report; the bureau accepts it (the result is recorded) or returns it.
 */
export const KEY_EVALUATION_ACTIONS = [
  'assign',
  'edit_indicators',
  'start',
  'score',
  'report',
  'return',
  'accept',
  'cancel',
] as const;
export type KeyEvaluationAction = (typeof KEY_EVALUATION_ACTIONS)[number];

const KEY_EVALUATION_ACTION_LABELS: Readonly<Record<KeyEvaluationAction, string>> = {
  assign: '指派评价专家',
  edit_indicators: '修改评价指标体系',
  start: '启动评价打分',
  score: '提交评分',
  report: '提交评价报告',
  return: '退回评价报告',
  accept: '验收评价结果',
  cancel: '撤销评价',
};

export interface KeyEvaluationFacts {
  status: KeyEvaluationStatus;
  /** Permissions the actor holds where the evaluation lies (or, for the carrier's staff, by the commission). */
  permissions: readonly Permission[];
  /** The actor is an expert on this evaluation's panel. */
  isPanelMember: boolean;
  /** …and has already submitted their scores. */
  hasSubmitted: boolean;
  /** The actor works for the commissioned institution. */
  isCarrierStaff: boolean;
  /** Panel size and how many have submitted. */
  panelSize: number;
  submittedCount: number;
  /** Some expert has saved a score (the indicator system is then fixed). */
  anyScores: boolean;
  hasFindings: boolean;
  comment: string | null;
}

export type KeyEvaluationDecision =
  | { ok: true; to: KeyEvaluationStatus }
  | { ok: false; code: 'not_allowed' | 'transition_refused'; message: string };

interface Spec {
  from: readonly KeyEvaluationStatus[];
  to: (f: KeyEvaluationFacts) => KeyEvaluationStatus;
  allowed: (f: KeyEvaluationFacts) => string | null;
  guard?: (f: KeyEvaluationFacts) => string | null;
}

const manages = (f: KeyEvaluationFacts) =>
  f.permissions.includes('evaluations.manage') ? null : '只有财政部门可以组织和验收重点评价';
const carrier = (f: KeyEvaluationFacts) =>
  f.permissions.includes('evaluations.manage') || f.isCarrierStaff
    ? null
    : '只有财政部门或受托第三方机构可以办理';
const same = (f: KeyEvaluationFacts) => f.status;

const SPECS: Readonly<Record<KeyEvaluationAction, Spec>> = {
  assign: { from: ['planned', 'scoring'], to: same, allowed: manages },
  edit_indicators: {
    from: ['planned', 'scoring'],
    to: same,
    allowed: carrier,
    guard: (f) => (f.anyScores ? '已有专家评分，指标体系不能再修改' : null),
  },
  start: {
    from: ['planned'],
    to: () => 'scoring',
    allowed: carrier,
    guard: (f) => (f.panelSize === 0 ? '评价组还没有专家，请先指派评价专家' : null),
  },
  score: {
    from: ['scoring'],
    to: same,
    allowed: (f) =>
      !f.permissions.includes('evaluations.score')
        ? '您没有参与重点评价打分的权限'
        : f.isPanelMember
          ? null
          : '您不是本次评价的评价组专家',
    guard: (f) => (f.hasSubmitted ? '您已提交评分，不能再修改' : null),
  },
  report: {
    from: ['scoring'],
    to: () => 'reported',
    allowed: carrier,
    guard: (f) => {
      if (f.submittedCount < f.panelSize)
        return `评价组还有${f.panelSize - f.submittedCount}位专家未提交评分，不能提交报告`;
      if (f.panelSize === 0) return '评价组还没有专家评分';
      if (!f.hasFindings) return '请先填写评价发现的问题和建议';
      return null;
    },
  },
  return: {
    from: ['reported'],
    to: () => 'scoring',
    allowed: manages,
    guard: (f) => (f.comment ? null : '退回须写明意见'),
  },
  accept: { from: ['reported'], to: () => 'accepted', allowed: manages },
  cancel: {
    from: ['planned', 'scoring'],
    to: () => 'cancelled',
    allowed: manages,
    guard: (f) => (f.comment ? null : '撤销须写明原因'),
  },
};

const STATUS_WORDS: Readonly<Record<KeyEvaluationStatus, string>> = {
  planned: '已立项',
  scoring: '评价打分中',
  reported: '已提交评价报告',
  accepted: '已验收',
  cancelled: '已撤销',
};

/** Decides an action on a key evaluation; never throws. */
export function decideKeyEvaluationAction(
  action: KeyEvaluationAction,
  f: KeyEvaluationFacts,
): KeyEvaluationDecision {
  const spec = SPECS[action];
  const denied = spec.allowed(f);
  if (denied) return { ok: false, code: 'not_allowed', message: denied };
  if (!spec.from.includes(f.status)) {
    return {
      ok: false,
      code: 'transition_refused',
      message: `评价当前为“${STATUS_WORDS[f.status]}”，不能${KEY_EVALUATION_ACTION_LABELS[action]}`,
    };
  }
  const refused = spec.guard?.(f);
  if (refused) return { ok: false, code: 'transition_refused', message: refused };
  return { ok: true, to: spec.to(f) };
}
