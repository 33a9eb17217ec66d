import { NotFoundError, todayInChina } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getVersion, type TargetVersionRow } from '@jixiao/db/target-reviews';
import type { TodoSpec } from '../channel.ts';
import { endOfChinaDay } from '../render/format.ts';
import { payloadId, payloadString } from '../render/payload.ts';
import { failureOutcome } from './channel-outcome.ts';
import { isOutcome, resolveRecipient } from './recipient.ts';
import type { DeliveryContext, RowHandler } from './types.ts';

/** Days the officer is given to send a returned target again (the to-do's due date). */
const DAYS_TO_FIX = 7;

function spec(ctx: DeliveryContext, v: TargetVersionRow, userId: number, done: boolean): TodoSpec {
  const item = v.item as NonNullable<TargetVersionRow['item']>;
  const year = v.fiscalYear === null ? '全周期' : `${v.fiscalYear}年度`;
  const reviewed = v.reviewedAt ?? v.submittedAt;
  const due = todayInChina(new Date(reviewed.getTime() + DAYS_TO_FIX * 86_400_000));
  const description = [
    `财政部门退回了${item.name}${year}绩效目标（第 ${v.version} 版），请按意见修改后重新报送。`,
    v.opinion ? `审核意见：${v.opinion}` : null,
    ...v.comments.map((c) => `指标“${c.indicator}”：${c.comment}`),
    `项目：${item.name}（${item.code}）`,
  ]
    .filter((s): s is string => s !== null)
    .join('\n');
  return {
    sourceId: `target-${v.id}`,
    subject: `修改绩效目标：${item.name}`.slice(0, 1024),
    description: description.slice(0, 4096),
    dueTime: endOfChinaDay(due),
    done,
    detailUrl: ctx.options.viewLink(userId, `/view/items/${item.id}`),
  };
}

/**
 * The DingTalk to-do of a returned item target: created with the reviewer's comments when it is
 * returned, completed when the officer sends the target again. The channel finds an existing
 * to-do by its sourceId, so a create retried or a complete arriving first makes no second one.
 */
export const deliverTargetTodo: RowHandler = async (ctx, row) => {
  const versionId = payloadId(row.payload, 'targetVersionId');
  const op = payloadString(row.payload, 'op');
  if (versionId === null || (op !== 'create' && op !== 'complete') || row.recipientUserId === null)
    return { type: 'failed', error: '待办消息缺少绩效目标审核记录编号、收件人或操作（create/complete）' };
  let v: TargetVersionRow;
  try {
    v = await getVersion(ctx.platform.db, SYSTEM_ACTOR, versionId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return { type: 'cancelled', reason: `绩效目标审核记录 ${versionId} 已不存在` };
    throw err;
  }
  if (!v.item) return { type: 'cancelled', reason: '部门整体绩效目标不建待办' };
  const to = await resolveRecipient(ctx, row.recipientUserId, 'unionId');
  if (isOutcome(to)) return to;
  const todo = spec(ctx, v, row.recipientUserId, op === 'complete');
  const bucket = ctx.buckets.todo;
  await bucket.take();
  const first = await ctx.channel.upsertTodo(to, todo, null);
  const failed = failureOutcome(bucket, first);
  if (failed) return failed;
  if (!todo.done) return { type: 'sent' };
  if (!first.ok || !first.todoId) return { type: 'failed', error: '钉钉未返回待办编号' };
  await bucket.take();
  return failureOutcome(bucket, await ctx.channel.upsertTodo(to, todo, first.todoId)) ?? { type: 'sent' };
};
