import {
  ConflictError,
  decideTaskAction,
  decideTaskCreation,
  decideWarningAction,
  InputError,
  NotFoundError,
  OPEN_TASK_STATUSES,
  type Permission,
  type RectificationStatus,
  refusalError,
  TASK_CREATE_PERMISSION,
  type TaskAction,
  type TaskDecision,
  taskActionPermission,
  type WarningStatus,
} from '@jixiao/core';
import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt } from '../actor.ts';
import { type AuditInput, appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { getItem } from '../items/item-queries.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import { type Platform, today } from '../platform.ts';
import { budgetItems, orgUnits, outbox, rectificationTasks, users, warnings } from '../schema/index.ts';
import { orgInScope, orgUnitPath } from '../scope.ts';
import { isRectificationAssignee } from './assignees.ts';

export interface TaskRow {
  id: number;
  source: string;
  warningId: number | null;
  item: { id: number; code: string; name: string };
  orgUnit: { id: number; name: string };
  assignee: { id: number; name: string };
  createdBy: number | null;
  requirement: string;
  deadline: string;
  status: RectificationStatus;
  round: number;
  submission: string | null;
  evidence: string[];
  submittedAt: Date | null;
  reviewedBy: number | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  escalatedAt: Date | null;
  todoId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function query(db: DbOrTx) {
  return db
    .select({
      t: rectificationTasks,
      itemCode: budgetItems.code,
      itemName: budgetItems.name,
      orgName: orgUnits.name,
      assigneeName: users.name,
    })
    .from(rectificationTasks)
    .innerJoin(budgetItems, eq(budgetItems.id, rectificationTasks.itemId))
    .innerJoin(orgUnits, eq(orgUnits.id, rectificationTasks.orgUnitId))
    .innerJoin(users, eq(users.id, rectificationTasks.assigneeUserId));
}

type Raw = Awaited<ReturnType<ReturnType<typeof query>['limit']>>[number];

function toRow(r: Raw): TaskRow {
  const t = r.t;
  return {
    id: t.id,
    source: t.source,
    warningId: t.warningId,
    item: { id: t.itemId, code: r.itemCode, name: r.itemName },
    orgUnit: { id: t.orgUnitId, name: r.orgName },
    assignee: { id: t.assigneeUserId, name: r.assigneeName },
    createdBy: t.createdBy,
    requirement: t.requirement,
    deadline: t.deadline,
    status: t.status,
    round: t.round,
    submission: t.submission,
    evidence: t.evidence,
    submittedAt: t.submittedAt,
    reviewedBy: t.reviewedBy,
    reviewedAt: t.reviewedAt,
    reviewComment: t.reviewComment,
    escalatedAt: t.escalatedAt,
    todoId: t.todoId,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export interface TaskFilter {
  status?: RectificationStatus | 'open';
  assigneeUserId?: number;
  itemId?: number;
  afterId?: number;
  limit: number;
}

/** Tasks in the actor's scope; an assignee also sees their own tasks wherever they are. */
export async function listTasks(db: DbOrTx, actor: Actor, f: TaskFilter): Promise<TaskRow[]> {
  const scope =
    actor.userId !== null
      ? sql`(${orgInScope(actor)} or ${rectificationTasks.assigneeUserId} = ${actor.userId})`
      : orgInScope(actor);
  const conds: SQL[] = [scope];
  if (f.status === 'open') conds.push(inArray(rectificationTasks.status, [...OPEN_TASK_STATUSES]));
  else if (f.status) conds.push(eq(rectificationTasks.status, f.status));
  if (f.assigneeUserId !== undefined) conds.push(eq(rectificationTasks.assigneeUserId, f.assigneeUserId));
  if (f.itemId !== undefined) conds.push(eq(rectificationTasks.itemId, f.itemId));
  if (f.afterId !== undefined) conds.push(gt(rectificationTasks.id, f.afterId));
  const rows = await query(db)
    .where(and(...conds))
    .orderBy(asc(rectificationTasks.id))
    .limit(f.limit);
  return rows.map(toRow);
}

export async function getTask(db: DbOrTx, actor: Actor, id: number): Promise<TaskRow> {
  const [row] = await listTasksById(db, actor, id);
  if (!row) throw new NotFoundError(`整改任务 ${id} 不存在或不在您的数据范围内`, { taskId: id });
  return row;
}

async function listTasksById(db: DbOrTx, actor: Actor, id: number) {
  const scope =
    actor.userId !== null
      ? sql`(${orgInScope(actor)} or ${rectificationTasks.assigneeUserId} = ${actor.userId})`
      : orgInScope(actor);
  const rows = await query(db)
    .where(and(eq(rectificationTasks.id, id), scope))
    .limit(1);
  return rows.map(toRow);
}

/** A task read under its row lock, after checking `permission` reaches its unit. */
async function lockTask(tx: Tx, actor: Actor, id: number, permission: Permission): Promise<TaskRow> {
  const seen = await getTask(tx, actor, id);
  const path = await orgUnitPath(tx, seen.orgUnit.id);
  requirePermissionAt(actor, permission, path, `整改任务所属的“${seen.orgUnit.name}”`);
  await tx
    .select({ id: rectificationTasks.id })
    .from(rectificationTasks)
    .where(eq(rectificationTasks.id, id))
    .for('update');
  return getTask(tx, actor, id);
}

/** Queues a notice about a task for a user, and the to-do operation that mirrors it. */
async function queueTaskMessages(
  tx: Tx,
  task: { id: number; round: number },
  event: 'assigned' | 'submitted' | 'accepted' | 'returned' | 'cancelled',
  recipients: readonly number[],
  todo: 'create' | 'update' | 'complete' | null,
  assigneeUserId: number,
): Promise<void> {
  const rows: Array<typeof outbox.$inferInsert> = recipients.map((userId) => ({
    kind: 'rectification',
    dedupeKey: `task:${task.id}:${event}:${task.round}:${userId}`,
    recipientUserId: userId,
    payload: { taskId: task.id, event },
  }));
  if (todo) {
    rows.push({
      kind: 'todo',
      dedupeKey: `todo:${task.id}:${todo}:${event}:${task.round}`,
      recipientUserId: assigneeUserId,
      payload: { taskId: task.id, op: todo },
    });
  }
  if (rows.length) await tx.insert(outbox).values(rows).onConflictDoNothing();
}

export interface CreateTaskInput {
  warningId?: number;
  itemId?: number;
  assigneeUserId: number;
  deadline: string;
  requirement: string;
  source?: 'warning' | 'evaluation' | 'spot_check' | 'audit' | 'management_assessment';
}

/** Throws a refusal from core's rectification workflow as the matching domain error. */
function decisionOrThrow(decision: TaskDecision, details: Record<string, unknown>) {
  if (!decision.ok) throw refusalError(decision, details);
  return decision;
}

/**
 * 下达整改: the finance bureau turns a warning (or an evaluation or audit finding on an item) into
 * a task for a named person; the assignee is told and gets a to-do, in the same transaction.
 */
export async function createTask(platform: Platform, actor: Actor, input: CreateTaskInput): Promise<TaskRow> {
  requirePermission(actor, TASK_CREATE_PERMISSION);
  const id = await platform.db
    .transaction((tx) => createTaskInTx(tx, platform, actor, input))
    .catch((err: unknown) => {
      if (isUniqueViolation(err))
        throw new ConflictError('该预警已有未完成的整改任务', { warningId: input.warningId });
      throw err;
    });
  return getTask(platform.db, actor, id);
}

/**
 * `createTask` inside the caller's transaction (an evaluation result opens a task per finding in
 * the transaction that records it). Returns the new task's id.
 */
export async function createTaskInTx(
  tx: Tx,
  platform: Pick<Platform, 'now' | 'today'>,
  actor: Actor,
  input: CreateTaskInput,
): Promise<number> {
  requirePermission(actor, TASK_CREATE_PERMISSION);
  let itemId = input.itemId;
  let warningStatus: WarningStatus | null = null;
  if (input.warningId !== undefined) {
    const [w] = await tx.select().from(warnings).where(eq(warnings.id, input.warningId)).limit(1);
    if (!w)
      throw new InputError(`字段 warningId：预警 ${input.warningId} 不存在`, [
        { path: 'warningId', message: '预警不存在' },
      ]);
    warningStatus = w.status;
    itemId = w.itemId;
  }
  if (itemId === undefined)
    throw new InputError('字段 warningId：须指定预警或项目', [
      { path: 'warningId', message: '须指定预警或项目' },
    ]);
  const item = await getItem(tx, actor, itemId);
  requirePermissionAt(actor, TASK_CREATE_PERMISSION, item.orgPath, `项目“${item.name}”`);
  decisionOrThrow(
    decideTaskCreation({
      roles: actor.roles,
      deadline: input.deadline,
      today: today(platform),
      warningStatus,
      assigneeResponsible: await isRectificationAssignee(tx, actor, itemId, input.assigneeUserId),
    }),
    { warningId: input.warningId ?? null },
  );
  const [task] = await tx
    .insert(rectificationTasks)
    .values({
      source: input.warningId !== undefined ? 'warning' : (input.source ?? 'evaluation'),
      warningId: input.warningId ?? null,
      itemId,
      orgUnitId: item.orgUnit.id,
      assigneeUserId: input.assigneeUserId,
      createdBy: actor.userId,
      requirement: input.requirement,
      deadline: input.deadline,
    })
    .returning();
  const t = task as typeof rectificationTasks.$inferSelect;
  await queueTaskMessages(tx, t, 'assigned', [t.assigneeUserId], 'create', t.assigneeUserId);
  await appendAudit(
    tx,
    [
      {
        actor,
        action: 'rectification.create',
        entityType: 'rectification_task',
        entityId: t.id,
        itemId,
        after: input,
      },
    ],
    platform.now(),
  );
  return t.id;
}

/** Locks a task and asks core's rectification workflow whether the actor may take `action`. */
async function decideOnTask(tx: Tx, actor: Actor, id: number, action: TaskAction) {
  const task = await lockTask(tx, actor, id, taskActionPermission(action));
  const decision = decisionOrThrow(
    decideTaskAction(action, {
      status: task.status,
      round: task.round,
      roles: actor.roles,
      actorUserId: actor.userId,
      assigneeUserId: task.assignee.id,
      assigneeName: task.assignee.name,
    }),
    { taskId: id },
  );
  return { task, decision };
}

/** 提交整改: the assignee reports what was done. */
export async function submitTask(
  platform: Platform,
  actor: Actor,
  id: number,
  input: { submission: string; evidence?: string[] },
): Promise<TaskRow> {
  requirePermission(actor, taskActionPermission('submit'));
  await platform.db.transaction(async (tx) => {
    const { task, decision } = await decideOnTask(tx, actor, id, 'submit');
    const at = platform.now();
    await tx
      .update(rectificationTasks)
      .set({
        status: decision.to,
        submission: input.submission,
        evidence: input.evidence ?? [],
        submittedAt: at,
        updatedAt: at,
      })
      .where(eq(rectificationTasks.id, id));
    const reviewers = task.createdBy ? [task.createdBy] : [];
    await queueTaskMessages(tx, task, 'submitted', reviewers, 'update', task.assignee.id);
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'rectification.submit',
          entityType: 'rectification_task',
          entityId: id,
          itemId: task.item.id,
          before: { status: task.status },
          after: { status: decision.to, submission: input.submission, evidence: input.evidence ?? [] },
        },
      ],
      at,
    );
  });
  return getTask(platform.db, actor, id);
}

/**
 * The warning behind an accepted task is resolved with it (core: `resolve_by_rectification`),
 * unless the sweep has closed it meanwhile. Returns its audit entry, or null when nothing changed.
 */
async function resolveWarningOfTask(
  tx: Tx,
  actor: Actor,
  task: TaskRow,
  comment: string,
  at: Date,
): Promise<AuditInput | null> {
  if (task.warningId === null) return null;
  const [w] = await tx.select().from(warnings).where(eq(warnings.id, task.warningId)).for('update');
  if (!w) return null;
  const decision = decideWarningAction('resolve_by_rectification', {
    status: w.status,
    severity: w.severity,
    escalationLevel: w.escalationLevel,
    roles: actor.roles,
  });
  if (!decision.ok) return null;
  const resolution = `整改已验收（任务 #${task.id}）：${comment}`;
  await tx
    .update(warnings)
    .set({ status: decision.to, resolvedBy: actor.userId, resolvedAt: at, resolution, changedAt: at })
    .where(eq(warnings.id, w.id));
  return {
    actor,
    action: 'warning.resolve_by_rectification',
    entityType: 'warning',
    entityId: w.id,
    itemId: w.itemId,
    before: { status: w.status },
    after: { status: decision.to, resolution },
  };
}

/** 验收 or 退回: the finance bureau accepts the rectification (closing the to-do) or returns it. */
export async function reviewTask(
  platform: Platform,
  actor: Actor,
  id: number,
  input: { decision: 'accept' | 'return'; comment: string },
): Promise<TaskRow> {
  requirePermission(actor, taskActionPermission(input.decision));
  await platform.db.transaction(async (tx) => {
    const { task, decision } = await decideOnTask(tx, actor, id, input.decision);
    const at = platform.now();
    const isAccepted = input.decision === 'accept';
    await tx
      .update(rectificationTasks)
      .set({
        status: decision.to,
        reviewedBy: actor.userId,
        reviewedAt: at,
        reviewComment: input.comment,
        round: decision.round,
        updatedAt: at,
      })
      .where(eq(rectificationTasks.id, id));
    await queueTaskMessages(
      tx,
      { id, round: decision.round },
      isAccepted ? 'accepted' : 'returned',
      [task.assignee.id],
      isAccepted ? 'complete' : 'update',
      task.assignee.id,
    );
    const warningEntry = isAccepted ? await resolveWarningOfTask(tx, actor, task, input.comment, at) : null;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `rectification.${input.decision}`,
          entityType: 'rectification_task',
          entityId: id,
          itemId: task.item.id,
          before: { status: task.status },
          after: { status: decision.to, comment: input.comment },
        },
        ...(warningEntry ? [warningEntry] : []),
      ],
      at,
    );
  });
  return getTask(platform.db, actor, id);
}

/** Records the DingTalk to-do id once the notify worker has created it. */
export async function setTaskTodoId(db: DbOrTx, taskId: number, todoId: string): Promise<void> {
  await db.update(rectificationTasks).set({ todoId }).where(eq(rectificationTasks.id, taskId));
}
