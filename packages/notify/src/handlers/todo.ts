import { RECTIFICATION_STATUS_LABELS } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getWarning } from '@jixiao/db/monitoring';
import { setTaskTodoId, type TaskRow } from '@jixiao/db/rectification';
import type { TodoSpec } from '../channel.ts';
import { endOfChinaDay } from '../render/format.ts';
import { payloadId, payloadString } from '../render/payload.ts';
import { loadTask } from '../render/task.ts';
import { failureOutcome } from './channel-outcome.ts';
import { isOutcome, resolveRecipient } from './recipient.ts';
import { deliverTargetTodo } from './target-todo.ts';
import type { DeliveryContext, RowHandler } from './types.ts';

const OPS = new Set(['create', 'update', 'complete']);

async function todoSpec(ctx: DeliveryContext, task: TaskRow): Promise<TodoSpec> {
  let warning: string | null = null;
  if (task.warningId !== null) {
    warning = await getWarning(ctx.platform.db, SYSTEM_ACTOR, task.warningId).then(
      (w) => `【${w.severityLabel}】${w.message}`,
      () => null,
    );
  }
  const description = [
    `整改要求：${task.requirement}`,
    warning ? `来源预警：${warning}` : null,
    `项目：${task.item.name}（${task.item.code}）`,
    `整改期限：${task.deadline}`,
    `当前状态：${RECTIFICATION_STATUS_LABELS[task.status]}`,
  ]
    .filter((s): s is string => s !== null)
    .join('\n');
  return {
    sourceId: `rect-${task.id}`,
    subject: `整改：${task.item.name}`.slice(0, 1024),
    description: description.slice(0, 4096),
    dueTime: endOfChinaDay(task.deadline),
    done: task.status === 'accepted' || task.status === 'cancelled',
    detailUrl: ctx.options.viewLink(task.assignee.id, `/view/tasks/${task.id}`),
  };
}

/**
 * A DingTalk to-do kept in step with a rectification task. Every op writes the task's CURRENT
 * state (so ops applied late or out of order cannot reopen or stale it): with the to-do id
 * known it is an update; without it, a create (the channel deduplicates by sourceId, so a retry
 * or a concurrent create finds the same to-do), the id is stored on the task, and for an
 * update/complete that arrived before its create, the state is then written onto that to-do.
 */
export const deliverTodo: RowHandler = async (ctx, row) => {
  if (payloadId(row.payload, 'targetVersionId') !== null) return deliverTargetTodo(ctx, row);
  const taskId = payloadId(row.payload, 'taskId');
  const op = payloadString(row.payload, 'op');
  if (taskId === null || op === null || !OPS.has(op))
    return { type: 'failed', error: '待办消息缺少任务编号或操作（create/update/complete）' };
  const task = await loadTask(ctx, taskId);
  if (!task) return { type: 'cancelled', reason: `整改任务 ${taskId} 已不存在` };
  if (task.todoId === null && task.status === 'cancelled')
    return { type: 'cancelled', reason: '整改任务已撤销，无需创建待办' };
  const to = await resolveRecipient(ctx, task.assignee.id, 'unionId');
  if (isOutcome(to)) return to;
  const spec = await todoSpec(ctx, task);
  const bucket = ctx.buckets.todo;

  await bucket.take();
  const first = await ctx.channel.upsertTodo(to, spec, task.todoId);
  const failed = failureOutcome(bucket, first);
  if (failed) return failed;
  if (task.todoId !== null) return { type: 'sent' };

  if (!first.ok || !first.todoId) return { type: 'failed', error: '钉钉未返回待办编号' };
  const todoId = first.todoId;
  await setTaskTodoId(ctx.platform.db, task.id, todoId);
  if (op === 'create' && !spec.done) return { type: 'sent' };
  await bucket.take();
  const second = await ctx.channel.upsertTodo(to, spec, todoId);
  return failureOutcome(bucket, second) ?? { type: 'sent' };
};
