import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';
import type { OutboxRecord } from './outbox-claim.ts';

/** Outbox kind of the bot's reply to a message or a button press. */
export const REPLY_KIND = 'reply';

/** One reply to queue: its dedupe key names the message and the reply's position in the answer. */
export interface NewReply {
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/**
 * Writes replies into the outbox already claimed by the caller — `sending`, attempt 1, leased until
 * `now + leaseMs` — so the process that answered can send them at once and settle each row itself
 * (fenced like any claim). Whatever it does not settle, the worker takes over when the lease runs out.
 * A reply already queued (same dedupe key) is not written again and not returned.
 */
export async function queueClaimedReplies(
  db: DbOrTx,
  replies: readonly NewReply[],
  opts: { now: Date; leaseMs: number },
): Promise<OutboxRecord[]> {
  if (replies.length === 0) return [];
  const rows = await db
    .insert(outbox)
    .values(
      replies.map((r) => ({
        kind: REPLY_KIND,
        dedupeKey: r.dedupeKey,
        payload: r.payload,
        status: 'sending' as const,
        attempts: 1,
        nextAttemptAt: new Date(opts.now.getTime() + opts.leaseMs),
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

/** The outbox row with this dedupe key, or null. */
export async function findOutboxByKey(db: DbOrTx, dedupeKey: string): Promise<OutboxRecord | null> {
  const rows = await db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).limit(1);
  return rows[0] ?? null;
}
