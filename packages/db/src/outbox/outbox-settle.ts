import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

/**
 * The claim a worker holds on a row: its id and the attempt number it claimed it with. Every
 * settle is fenced by both, so a worker whose lease ran out (and whose row another worker has
 * reclaimed) cannot overwrite the newer attempt's outcome.
 */
export interface OutboxClaim {
  id: number;
  attempts: number;
}

function held(claim: OutboxClaim) {
  return and(eq(outbox.id, claim.id), eq(outbox.status, 'sending'), eq(outbox.attempts, claim.attempts));
}

async function settle(
  db: DbOrTx,
  claim: OutboxClaim,
  set: Partial<typeof outbox.$inferInsert>,
): Promise<boolean> {
  const rows = await db.update(outbox).set(set).where(held(claim)).returning({ id: outbox.id });
  return rows.length === 1;
}

/** Delivered. Returns false when the claim was lost (another worker owns the row now). */
export function markOutboxSent(db: DbOrTx, claim: OutboxClaim, at: Date): Promise<boolean> {
  return settle(db, claim, { status: 'sent', sentAt: at, lastError: null });
}

/** A retryable failure: back to pending, tried again at `nextAttemptAt`. */
export function markOutboxRetry(
  db: DbOrTx,
  claim: OutboxClaim,
  nextAttemptAt: Date,
  error: string,
): Promise<boolean> {
  return settle(db, claim, { status: 'pending', nextAttemptAt, lastError: error.slice(0, 2000) });
}

/** Given up on: a permanent error or too many attempts. The error is kept for whoever looks. */
export function markOutboxFailed(db: DbOrTx, claim: OutboxClaim, error: string): Promise<boolean> {
  return settle(db, claim, { status: 'failed', lastError: error.slice(0, 2000) });
}

/** Not sent on purpose (its subject closed or vanished): the reason is kept in `lastError`. */
export function markOutboxCancelled(db: DbOrTx, claim: OutboxClaim, reason: string): Promise<boolean> {
  return settle(db, claim, { status: 'cancelled', lastError: reason.slice(0, 2000) });
}

/**
 * Put back without trying (a rate limit says not yet): the claim's attempt is not counted.
 */
export function markOutboxDeferred(db: DbOrTx, claim: OutboxClaim, until: Date): Promise<boolean> {
  return settle(db, claim, { status: 'pending', nextAttemptAt: until, attempts: claim.attempts - 1 });
}
