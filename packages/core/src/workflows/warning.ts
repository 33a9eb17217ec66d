import { hasPermission, PERMISSION_LABELS, type Permission } from '../permissions.ts';
import type { Role, Severity } from '../vocabulary.ts';
import type { WorkflowRefusal } from './refusal.ts';

/**
 * The 预警 workflow as a state machine, modelled like the item lifecycle: each action names its
 * source states, who may take it, its guard and the state it leads to. `decideWarningAction` is
 * pure; the warnings service locks the row, asks it, and persists the decision with its audit entry.
 *
 * The sweep moves warnings too, set-based in SQL: it opens them, reopens or escalates them when
 * the finding gets worse (`WARNING_STATUS_WHEN_WORSE`) and closes them when it is gone. That SQL
 * is built from the tables here.
 */
export const WARNING_STATUSES = ['open', 'acknowledged', 'escalated', 'resolved', 'closed'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const WARNING_STATUS_LABELS: Readonly<Record<WarningStatus, string>> = {
  open: '待处理',
  acknowledged: '已签收',
  escalated: '已升级',
  resolved: '已办结',
  closed: '已关闭',
};

/** Warnings someone still has to deal with. */
export const ACTIVE_WARNING_STATUSES: readonly WarningStatus[] = ['open', 'acknowledged', 'escalated'];

/** Warnings the sweep still matches findings against (everything but closed). */
const LIVE_WARNING_STATUSES: readonly WarningStatus[] = ['open', 'acknowledged', 'escalated', 'resolved'];

/**
 * A later sweep finds a live warning's problem worse: whoever acknowledged or resolved it must look
 * again, so it reopens; an escalated one stays escalated.
 */
export const WARNING_STATUS_WHEN_WORSE: Readonly<Record<Exclude<WarningStatus, 'closed'>, WarningStatus>> = {
  open: 'open',
  acknowledged: 'open',
  escalated: 'escalated',
  resolved: 'open',
};

export const WARNING_ACTIONS = [
  'acknowledge',
  'escalate',
  'resolve',
  'apply_sanction',
  'resolve_by_rectification',
] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

const WARNING_ACTION_LABELS: Readonly<Record<WarningAction, string>> = {
  acknowledge: '签收预警',
  escalate: '升级预警',
  resolve: '办结预警',
  apply_sanction: '按预警暂缓或停止拨款',
  resolve_by_rectification: '整改验收后办结预警',
};

/** Facts about a warning the guards need; the caller loads them (under a row lock). */
export interface WarningFacts {
  status: WarningStatus;
  severity: Severity;
  escalationLevel: number;
  roles: readonly Role[];
  /** China date it was closed, for the refusal message. */
  closedOn?: string | null;
  closeReason?: string | null;
  /** The explanation, reason or resolution given with the action. */
  text?: string | null;
}

export type WarningDecision =
  | {
      ok: true;
      action: WarningAction;
      from: WarningStatus;
      to: WarningStatus;
      severity: Severity;
      escalationLevel: number;
    }
  | ({ ok: false; action: WarningAction; from: WarningStatus } & WorkflowRefusal);

interface WarningActionSpec {
  from: readonly WarningStatus[];
  permission: Permission;
  /** The text given with the action must not be blank; the field it comes in. */
  needsText?: string;
  to: (f: WarningFacts) => { status: WarningStatus; severity: Severity; escalationLevel: number };
}

const keep = (f: WarningFacts) => ({ severity: f.severity, escalationLevel: f.escalationLevel });

/** One step up: yellow → orange, anything else → red. */
function escalatedSeverity(severity: Severity): Severity {
  return severity === 'yellow' ? 'orange' : 'red';
}

const SPECS: Readonly<Record<WarningAction, WarningActionSpec>> = {
  acknowledge: {
    from: ACTIVE_WARNING_STATUSES,
    permission: 'warnings.acknowledge',
    // An escalated warning stays escalated: the finance bureau still expects action.
    to: (f) => ({ status: f.status === 'escalated' ? 'escalated' : 'acknowledged', ...keep(f) }),
  },
  escalate: {
    from: ACTIVE_WARNING_STATUSES,
    permission: 'warnings.manage',
    to: (f) => ({
      status: 'escalated',
      severity: escalatedSeverity(f.severity),
      escalationLevel: f.escalationLevel + 1,
    }),
  },
  resolve: {
    from: ACTIVE_WARNING_STATUSES,
    permission: 'warnings.manage',
    to: (f) => ({ status: 'resolved', ...keep(f) }),
  },
  apply_sanction: {
    from: ACTIVE_WARNING_STATUSES,
    permission: 'warnings.manage',
    needsText: 'reason',
    to: (f) => ({ status: f.status, ...keep(f) }),
  },
  resolve_by_rectification: {
    from: LIVE_WARNING_STATUSES,
    permission: 'rectifications.manage',
    to: (f) => ({ status: 'resolved', ...keep(f) }),
  },
};

/** The permission an action needs (checked before any work, and again in the decision). */
export function warningActionPermission(action: WarningAction): Permission {
  return SPECS[action].permission;
}

function wrongStateMessage(action: WarningAction, f: WarningFacts): string {
  if (f.status === 'closed') return `预警已于 ${f.closedOn ?? ''} 自动关闭：${f.closeReason ?? ''}`;
  if (f.status === 'resolved') return '预警已办结';
  return `预警当前为“${WARNING_STATUS_LABELS[f.status]}”，不能${WARNING_ACTION_LABELS[action]}`;
}

/** Decides whether `action` may be taken on a warning given `facts`; never throws. */
export function decideWarningAction(action: WarningAction, facts: WarningFacts): WarningDecision {
  const spec = SPECS[action];
  const from = facts.status;
  if (!hasPermission(facts.roles, spec.permission)) {
    return {
      ok: false,
      action,
      from,
      code: 'not_allowed',
      message: `您的角色无权${PERMISSION_LABELS[spec.permission]}`,
    };
  }
  if (!spec.from.includes(from)) {
    return { ok: false, action, from, code: 'conflict', message: wrongStateMessage(action, facts) };
  }
  if (spec.needsText && !facts.text?.trim()) {
    return { ok: false, action, from, code: 'invalid_input', message: '须填写原因', field: spec.needsText };
  }
  const next = spec.to(facts);
  return {
    ok: true,
    action,
    from,
    to: next.status,
    severity: next.severity,
    escalationLevel: next.escalationLevel,
  };
}
