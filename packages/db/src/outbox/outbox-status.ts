import { and, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';
import { outbox } from '../schema/index.ts';
import type { OutboxRecord } from './outbox-claim.ts';

export type OutboxStatus = OutboxRecord['status'];

/** How many outbox rows are in each status (for health checks and the admin view). */
export async function outboxStatusCounts(db: DbOrTx): Promise<Record<OutboxStatus, number>> {
  const rows = await queryRows<{ status: OutboxStatus; n: number | string }>(
    db,
    sql`select status, count(*)::int as n from outbox group by status`,
  );
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Messages given up on, newest first, with their last error: failures are reported, never dropped. */
export async function listFailedOutbox(db: DbOrTx, limit = 50): Promise<OutboxRecord[]> {
  return db.select().from(outbox).where(eq(outbox.status, 'failed')).orderBy(desc(outbox.id)).limit(limit);
}

/**
 * When each of these users was last sent a chat message (to-dos not counted) since `since`:
 * seeds the per-recipient rate limit, so it holds across restarts and across workers.
 */
export async function recentSendTimes(
  db: DbOrTx,
  userIds: readonly number[],
  since: Date,
): Promise<Map<number, Date[]>> {
  const out = new Map<number, Date[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: outbox.recipientUserId, sentAt: outbox.sentAt })
    .from(outbox)
    .where(
      and(
        inArray(outbox.recipientUserId, [...userIds]),
        eq(outbox.status, 'sent'),
        ne(outbox.kind, 'todo'),
        gt(outbox.sentAt, since),
      ),
    );
  for (const r of rows) {
    if (r.userId === null || r.sentAt === null) continue;
    const list = out.get(r.userId) ?? [];
    list.push(r.sentAt);
    out.set(r.userId, list);
  }
  return out;
}
