import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client.ts';
import type { OutboxRecord } from '../outbox/outbox-claim.ts';
import { type NewReply, queueClaimedReplies } from '../outbox/replies.ts';
import { inboundMessages } from '../schema/index.ts';

export type ImInboundChannel = 'dingtalk';

/** A message as received from an IM channel, before anything is done with it. */
export interface ImInboundInput {
  channel: ImInboundChannel;
  msgId: string;
  externalUserId: string;
  conversationId: string;
  conversationType: 'single' | 'group';
  conversationTitle?: string | null;
  text: string;
  sessionWebhook?: string | null;
  sessionWebhookExpiresAt?: Date | null;
  raw?: Record<string, unknown> | null;
}

export type ImInboundRecord = typeof inboundMessages.$inferSelect;

/** `claimed_at` is kept to the millisecond so that it round-trips through a JS Date (it fences the claim). */
const NOW_MS = sql`date_trunc('milliseconds', now())`;

function staleBefore(leaseMs: number) {
  return sql`now() - (${Math.max(0, leaseMs)}::double precision * interval '1 millisecond')`;
}

/**
 * Stores an inbound message once per (channel, msgId); a redelivered message changes nothing.
 * Returns true when this call inserted it.
 */
export async function saveInboundMessage(db: DbOrTx, input: ImInboundInput): Promise<boolean> {
  const rows = await db
    .insert(inboundMessages)
    .values({
      channel: input.channel,
      msgId: input.msgId,
      externalUserId: input.externalUserId,
      conversationId: input.conversationId,
      conversationType: input.conversationType,
      conversationTitle: input.conversationTitle ?? null,
      text: input.text,
      sessionWebhook: input.sessionWebhook ?? null,
      sessionWebhookExpiresAt: input.sessionWebhookExpiresAt ?? null,
      raw: input.raw ?? null,
    })
    .onConflictDoNothing({ target: [inboundMessages.channel, inboundMessages.msgId] })
    .returning({ id: inboundMessages.id });
  return rows.length > 0;
}

export async function getInboundMessage(
  db: DbOrTx,
  channel: ImInboundChannel,
  msgId: string,
): Promise<ImInboundRecord | null> {
  const rows = await db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, channel), eq(inboundMessages.msgId, msgId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Takes a message for answering: `received` → `processing`, or a `processing` one whose claim is older
 * than `leaseMs` (its worker died). Exactly one caller gets the row; everyone else gets null.
 */
export async function claimInboundMessage(
  db: DbOrTx,
  opts: { channel: ImInboundChannel; msgId: string; leaseMs: number },
): Promise<ImInboundRecord | null> {
  const rows = await db
    .update(inboundMessages)
    .set({ status: 'processing', claimedAt: NOW_MS, error: null })
    .where(
      and(
        eq(inboundMessages.channel, opts.channel),
        eq(inboundMessages.msgId, opts.msgId),
        or(
          eq(inboundMessages.status, 'received'),
          and(
            eq(inboundMessages.status, 'processing'),
            lt(inboundMessages.claimedAt, staleBefore(opts.leaseMs)),
          ),
        ),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/**
 * Ends a claim: `answered` (with answered_at) or `failed` (with the error). Returns false when the claim
 * was no longer ours (another worker took the row over after the lease ran out).
 */
async function finishInboundMessage(
  db: DbOrTx,
  opts: { id: number; claimedAt: Date; status: 'answered' | 'failed'; error?: string | null },
): Promise<boolean> {
  const rows = await db
    .update(inboundMessages)
    .set({
      status: opts.status,
      answeredAt: opts.status === 'answered' ? NOW_MS : null,
      error: opts.status === 'failed' ? (opts.error ?? '未知错误') : (opts.error ?? null),
    })
    .where(
      and(
        eq(inboundMessages.id, opts.id),
        eq(inboundMessages.status, 'processing'),
        eq(inboundMessages.claimedAt, opts.claimedAt),
      ),
    )
    .returning({ id: inboundMessages.id });
  return rows.length > 0;
}

/**
 * Ends a claim and queues its replies in one transaction: the message is marked answered (or failed,
 * with the error) and each reply becomes an outbox row already claimed by the caller for
 * `leaseMs` (see `queueClaimedReplies`), to be sent at once. A crash after this commits loses no
 * reply — the outbox worker sends what was not settled — and the message is never answered again.
 * Returns the queued rows in reply order, or null (and writes nothing) when the claim was no longer ours.
 */
export async function answerInboundMessage(
  db: Db,
  opts: {
    id: number;
    claimedAt: Date;
    status: 'answered' | 'failed';
    error?: string | null;
    replies: readonly NewReply[];
    now: Date;
    leaseMs: number;
  },
): Promise<OutboxRecord[] | null> {
  return db.transaction(async (tx) => {
    if (!(await finishInboundMessage(tx, opts))) return null;
    return queueClaimedReplies(tx, opts.replies, { now: opts.now, leaseMs: opts.leaseMs });
  });
}

/**
 * Messages a crashed process left behind: `received`, or `processing` with a claim older than `leaseMs`.
 * Oldest first; claim each with `claimInboundMessage` before answering it.
 */
export async function listPendingInboundMessages(
  db: DbOrTx,
  opts: { channel: ImInboundChannel; leaseMs: number; limit: number },
): Promise<ImInboundRecord[]> {
  return db
    .select()
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.channel, opts.channel),
        or(
          eq(inboundMessages.status, 'received'),
          and(
            eq(inboundMessages.status, 'processing'),
            lt(inboundMessages.claimedAt, staleBefore(opts.leaseMs)),
          ),
        ),
      ),
    )
    .orderBy(asc(inboundMessages.id))
    .limit(opts.limit);
}

/** The 1:1 conversation most recently used by this sender (card callbacks carry only the user). */
export async function latestSingleConversationId(
  db: DbOrTx,
  channel: ImInboundChannel,
  externalUserId: string,
): Promise<string | null> {
  const rows = await db
    .select({ conversationId: inboundMessages.conversationId })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.channel, channel),
        eq(inboundMessages.externalUserId, externalUserId),
        eq(inboundMessages.conversationType, 'single'),
      ),
    )
    .orderBy(desc(inboundMessages.id))
    .limit(1);
  return rows[0]?.conversationId ?? null;
}
