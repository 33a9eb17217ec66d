import { findOutboxByKey } from '@jixiao/db/outbox';
import { decodeReply } from '../reply-payload.ts';
import { failureOutcome } from './channel-outcome.ts';
import type { RowHandler } from './types.ts';

/** How long a reply waits for the one before it when that one is due now or being sent. */
const WAIT_FOR_EARLIER_MS = 1000;

/**
 * A bot reply that was not delivered at once (its first attempt failed, or the process that
 * answered died before sending): sent again through the message's webhook while it is valid, else
 * proactively, and always after the reply before it in the same answer.
 */
export const deliverReply: RowHandler = async (ctx, row) => {
  const queued = decodeReply(row);
  if (!queued) return { type: 'failed', error: '回复消息的内容不完整，无法发送' };
  if (queued.after !== null) {
    const earlier = await findOutboxByKey(ctx.platform.db, queued.after);
    if (earlier && (earlier.status === 'pending' || earlier.status === 'sending')) {
      const now = ctx.platform.now().getTime();
      const due = earlier.status === 'pending' ? earlier.nextAttemptAt.getTime() : 0;
      return { type: 'deferred', until: new Date(Math.max(due, now + WAIT_FOR_EARLIER_MS)) };
    }
  }
  const bucket = ctx.buckets[queued.reply.to?.kind === 'group' ? 'robot.group' : 'robot.user'];
  await bucket.take();
  const outcome = await ctx.channel.sendReply(queued.reply);
  return failureOutcome(bucket, outcome) ?? { type: 'sent' };
};
