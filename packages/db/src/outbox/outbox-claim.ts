import { and, asc, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { outbox } from '../schema/index.ts';

export type OutboxRecord = typeof outbox.$inferSelect;

export interface ClaimedOutboxRow extends OutboxRecord {
  /** It was found in `sending` with its lease run out: the worker holding it died mid-send. */
  reclaimed: boolean;
}

/**
 * Claims up to `limit` due outbox rows for one worker: pending rows whose time has come, and
 * rows left in `sending` whose lease ran out; bot replies first, then task messages and to-dos.
 * `FOR UPDATE SKIP LOCKED` in one short transaction, so with several servers no row is claimed
 * twice; each claim moves the row to `sending`, counts the attempt and sets its lease
 * (`nextAttemptAt` = lease expiry).
 */
export async function claimOutbox(
  db: Db,
  opts: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedOutboxRow[]> {
  return db.transaction(async (tx) => {
    const picked = await tx
      .select({ id: outbox.id, status: outbox.status })
      .from(outbox)
      .where(and(inArray(outbox.status, ['pending', 'sending']), lte(outbox.nextAttemptAt, opts.now)))
      // An official waiting for the bot's answer comes first, then people waiting on a task, then a
      // backlog of warnings and digests.
      .orderBy(
        sql`case when ${outbox.kind} = 'reply' then 0 when ${outbox.kind} in ('warning', 'warning_batch') then 2 when ${outbox.kind} = 'digest' then 3 else 1 end`,
        asc(outbox.id),
      )
      .limit(opts.limit)
      .for('update', { skipLocked: true });
    if (picked.length === 0) return [];
    const wasSending = new Set(picked.filter((p) => p.status === 'sending').map((p) => p.id));
    const rows = await tx
      .update(outbox)
      .set({
        status: 'sending',
        attempts: sql`${outbox.attempts} + 1`,
        nextAttemptAt: new Date(opts.now.getTime() + opts.leaseMs),
      })
      .where(
        inArray(
          outbox.id,
          picked.map((p) => p.id),
        ),
      )
      .returning();
    return rows.map((r) => ({ ...r, reclaimed: wasSending.has(r.id) })).sort((a, b) => a.id - b.id);
  });
}
