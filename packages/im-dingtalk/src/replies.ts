/**
 * Sends the replies just queued for a message (outbox rows this process holds, see `queueClaimedReplies`) at
 * once, in order, and settles each row: sent, or handed to the outbox worker — which retries with backoff — from
 * the first failure on. Rows left unsettled (a crash, a stop) are taken over when their lease runs out.
 */
import type { Platform } from '@jixiao/db';
import {
  markOutboxDeferred,
  markOutboxRetry,
  markOutboxSent,
  type OutboxClaim,
  type OutboxRecord,
} from '@jixiao/db/outbox';
import { type DeliveryOutcome, decodeReply } from '@jixiao/notify';
import { type DeliveryDeps, deliverReply } from './delivery.ts';
import { errorText } from './logger.ts';

export interface ReplyDeps extends DeliveryDeps {
  platform: Platform;
}

const claimOf = (row: OutboxRecord): OutboxClaim => ({ id: row.id, attempts: row.attempts });

async function attempt(deps: ReplyDeps, row: OutboxRecord): Promise<DeliveryOutcome> {
  const queued = decodeReply(row);
  if (!queued) return { ok: false, retryable: false, error: '回复消息的内容不完整，无法发送' };
  try {
    return await deliverReply(deps, queued.reply);
  } catch (error) {
    return { ok: false, retryable: true, error: `发送出错：${errorText(error)}` };
  }
}

/** Sends the queued replies in order; returns the error of the first that failed (the rest wait for it). */
export async function sendQueuedReplies(
  deps: ReplyDeps,
  rows: readonly OutboxRecord[],
): Promise<string | null> {
  const db = deps.platform.db;
  for (const [index, row] of rows.entries()) {
    if (deps.abandoned()) return null;
    const outcome = await attempt(deps, row);
    const now = deps.platform.now();
    if (outcome.ok) {
      await markOutboxSent(db, claimOf(row), now);
      continue;
    }
    const retryAt = new Date(now.getTime() + (outcome.retryAfterMs ?? 0));
    await markOutboxRetry(db, claimOf(row), retryAt, outcome.error);
    // Not tried: they go after the failed one, when the worker gets to it.
    for (const later of rows.slice(index + 1)) await markOutboxDeferred(db, claimOf(later), retryAt);
    return `第 ${index + 1} 条回复：${outcome.error}`;
  }
  return null;
}
