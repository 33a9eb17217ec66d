import { recordNoticeDelivery } from '@jixiao/db/notices';
import { RENDERERS } from '../render/index.ts';
import type { NoticeSpec } from '../render/types.ts';
import { failureOutcome } from './channel-outcome.ts';
import { isOutcome, resolveRecipient } from './recipient.ts';
import type { RowHandler, RowOutcome } from './types.ts';

function recordNotice(notice: NoticeSpec, userId: number, resendAfterMs: number): RowOutcome {
  return {
    type: 'sent',
    onSent: (tx, at) =>
      recordNoticeDelivery(tx, {
        subject: notice.subject,
        event: notice.event,
        recipientUserId: userId,
        at,
        nextResendAt: notice.resend ? new Date(at.getTime() + resendAfterMs) : null,
      }),
  };
}

/**
 * A chat message (warning, rectification, digest, escalation): rendered from current data, sent
 * to a user (within their rate limit) or a group, and on delivery its notice is recorded.
 */
export const deliverMessage: RowHandler = async (ctx, row) => {
  const render = RENDERERS[row.kind];
  if (!render) return { type: 'failed', error: `未知的消息类型：${row.kind}` };
  const renderCtx = { platform: ctx.platform, options: ctx.options };
  const key = ctx.idempotencyKey(row);

  if (row.recipientGroupId !== null) {
    const rendered = await render(renderCtx, row);
    if (rendered.kind === 'cancel') return { type: 'cancelled', reason: rendered.reason };
    if (rendered.kind === 'fail') return { type: 'failed', error: rendered.error };
    const bucket = ctx.buckets['robot.group'];
    await bucket.take();
    const outcome = await ctx.channel.sendToGroup(row.recipientGroupId, rendered.reply, key);
    return failureOutcome(bucket, outcome) ?? { type: 'sent' };
  }

  if (row.recipientUserId === null) return { type: 'failed', error: '消息没有收件人' };
  const to = await resolveRecipient(ctx, row.recipientUserId, 'dingtalkUserId');
  if (isOutcome(to)) return to;
  const now = ctx.platform.now();
  const until = ctx.recipients.blockedUntil(to.userId, now);
  if (until) return { type: 'deferred', until };
  const rendered = await render(renderCtx, row);
  if (rendered.kind === 'cancel') return { type: 'cancelled', reason: rendered.reason };
  if (rendered.kind === 'fail') return { type: 'failed', error: rendered.error };
  const bucket = ctx.buckets['robot.user'];
  await bucket.take();
  ctx.recipients.record(to.userId, ctx.platform.now());
  const outcome = await ctx.channel.sendToUser(to, rendered.reply, key);
  const failure = failureOutcome(bucket, outcome);
  if (failure) return failure;
  return rendered.notice
    ? recordNotice(rendered.notice, to.userId, ctx.options.acknowledgement.resendAfterMs)
    : { type: 'sent' };
};
