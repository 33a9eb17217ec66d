import { hasPermission, PERMISSION_LABELS, type Permission } from '../permissions.ts';
import type { Role } from '../vocabulary.ts';
import type { WorkflowRefusal } from './refusal.ts';
import type { WarningStatus } from './warning.ts';

/**
 * The 整改任务 workflow as a state machine, modelled like the item lifecycle: a task is assigned
 * to a named person, who submits what was done; the finance bureau accepts it or returns it for
 * another round. `decideTaskCreation` and `decideTaskAction` are pure; the rectification service
 * locks, asks them, and persists the decision with its audit entry and messages.
 */
export const RECTIFICATION_STATUSES = ['assigned', 'submitted', 'returned', 'accepted', 'cancelled'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_STATUS_LABELS: Readonly<Record<RectificationStatus, string>> = {
  assigned: '待整改',
  submitted: '已提交待验收',
  returned: '退回重新整改',
  accepted: '已验收',
  cancelled: '已撤销',
};

/** Tasks not yet finished (the “open” filter). */
export const OPEN_TASK_STATUSES: readonly RectificationStatus[] = ['assigned', 'returned', 'submitted'];

/** Tasks waiting for their assignee: these get deadline reminders and are escalated when overdue. */
export const TASK_STATUSES_AWAITING_ASSIGNEE: readonly RectificationStatus[] = ['assigned', 'returned'];

export const TASK_ACTIONS = ['submit', 'accept', 'return'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Permission needed to assign a task (下达整改). */
export const TASK_CREATE_PERMISSION: Permission = 'rectifications.manage';

export interface TaskCreationFacts {
  roles: readonly Role[];
  /** YYYY-MM-DD, China dates. */
  deadline: string;
  today: string;
  /** Status of the warning the task comes from, or null for a task on an item. */
  warningStatus: WarningStatus | null;
  /** The chosen assignee must act on the item (core `isResponsibleFor`) and be in the caller's scope. */
  assigneeResponsible: boolean;
}

export interface TaskFacts {
  status: RectificationStatus;
  round: number;
  roles: readonly Role[];
  actorUserId: number | null;
  assigneeUserId: number;
  assigneeName: string;
}

export type TaskDecision =
  | {
      ok: true;
      action: TaskAction | 'create';
      from: RectificationStatus | null;
      to: RectificationStatus;
      round: number;
    }
  | ({ ok: false; action: TaskAction | 'create'; from: RectificationStatus | null } & WorkflowRefusal);

interface TaskActionSpec {
  from: readonly RectificationStatus[];
  permission: Permission;
  /** Only the task's assignee may take it. */
  assigneeOnly?: boolean;
  to: RectificationStatus;
  nextRound: (round: number) => number;
  wrongState: (label: string) => string;
}

const SPECS: Readonly<Record<TaskAction, TaskActionSpec>> = {
  submit: {
    from: TASK_STATUSES_AWAITING_ASSIGNEE,
    permission: 'rectifications.submit',
    assigneeOnly: true,
    to: 'submitted',
    nextRound: (r) => r,
    wrongState: (label) => `整改任务当前为“${label}”，不能提交`,
  },
  accept: {
    from: ['submitted'],
    permission: 'rectifications.manage',
    to: 'accepted',
    nextRound: (r) => r,
    wrongState: (label) => `整改任务当前为“${label}”，只能验收已提交的整改`,
  },
  return: {
    from: ['submitted'],
    permission: 'rectifications.manage',
    to: 'returned',
    // Each return opens a new submission round.
    nextRound: (r) => r + 1,
    wrongState: (label) => `整改任务当前为“${label}”，只能验收已提交的整改`,
  },
};

const noRole = (permission: Permission) => `您的角色无权${PERMISSION_LABELS[permission]}`;

/** The permission an action needs (checked before any work, and again in the decision). */
export function taskActionPermission(action: TaskAction): Permission {
  return SPECS[action].permission;
}

/** States an action can start from, for previews (the bot's confirmations) and docs. */
export function taskActionSourceStates(action: TaskAction): readonly RectificationStatus[] {
  return SPECS[action].from;
}

/** 下达整改: decides whether a task may be assigned; never throws. */
export function decideTaskCreation(facts: TaskCreationFacts): TaskDecision {
  const base = { action: 'create' as const, from: null };
  if (!hasPermission(facts.roles, TASK_CREATE_PERMISSION))
    return { ...base, ok: false, code: 'not_allowed', message: noRole(TASK_CREATE_PERMISSION) };
  if (facts.deadline < facts.today)
    return { ...base, ok: false, code: 'invalid_input', field: 'deadline', message: '整改期限不能早于今天' };
  if (facts.warningStatus === 'closed')
    return { ...base, ok: false, code: 'conflict', message: '该预警已自动关闭，无需整改' };
  if (facts.warningStatus === 'resolved')
    return { ...base, ok: false, code: 'conflict', message: '该预警已办结，无需整改' };
  if (!facts.assigneeResponsible) {
    return {
      ...base,
      ok: false,
      code: 'invalid_input',
      field: 'assigneeUserId',
      message: '整改责任人须为项目所属单位或其主管部门的绩效专员',
    };
  }
  return { ...base, ok: true, to: 'assigned', round: 1 };
}

/** Decides whether `action` may be taken on a task given `facts`; never throws. */
export function decideTaskAction(action: TaskAction, facts: TaskFacts): TaskDecision {
  const spec = SPECS[action];
  const from = facts.status;
  if (!hasPermission(facts.roles, spec.permission))
    return { ok: false, action, from, code: 'not_allowed', message: noRole(spec.permission) };
  if (spec.assigneeOnly && facts.actorUserId !== facts.assigneeUserId) {
    return {
      ok: false,
      action,
      from,
      code: 'not_allowed',
      message: `该整改任务的责任人是${facts.assigneeName}，只能由其提交`,
    };
  }
  if (!spec.from.includes(from)) {
    return {
      ok: false,
      action,
      from,
      code: 'conflict',
      message: spec.wrongState(RECTIFICATION_STATUS_LABELS[from]),
    };
  }
  return { ok: true, action, from, to: spec.to, round: spec.nextRound(facts.round) };
}
