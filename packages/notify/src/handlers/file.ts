import { failureOutcome } from './channel-outcome.ts';
import { isOutcome, resolveRecipient } from './recipient.ts';
import type { RowHandler } from './types.ts';

/**
 * A file as a message of its own (the 通报 DOCX after its notice): made by the server's maker for
 * the row's kind, sent to the user within their rate limit. A row of its own, so a failed upload is
 * retried without sending the notice again; the channel keeps a delivered file from going twice.
 */
export const deliverFile: RowHandler = async (ctx, row) => {
  const make = ctx.options.files[row.kind];
  if (!make) return { type: 'failed', error: `未配置此类文件的生成：${row.kind}` };
  if (row.recipientUserId === null) return { type: 'failed', error: '文件没有收件人' };
  const to = await resolveRecipient(ctx, row.recipientUserId, 'dingtalkUserId');
  if (isOutcome(to)) return to;
  const until = ctx.recipients.blockedUntil(to.userId, ctx.platform.now());
  if (until) return { type: 'deferred', until };
  const file = await make(ctx.platform, row.payload);
  if (!file) return { type: 'cancelled', reason: '文件所依据的内容已不存在' };
  const bucket = ctx.buckets['robot.user'];
  await bucket.take();
  ctx.recipients.record(to.userId, ctx.platform.now());
  const outcome = await ctx.channel.sendFileToUser(to, file, ctx.idempotencyKey(row));
  return failureOutcome(bucket, outcome) ?? { type: 'sent' };
};
