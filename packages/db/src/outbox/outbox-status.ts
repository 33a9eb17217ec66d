import { and, eq, gt, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

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
