import { NotFoundError } from '@jixiao/core';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { notices, users } from '../schema/index.ts';

export interface NoticeRow {
  id: number;
  subject: string;
  event: string;
  recipient: { id: number; name: string };
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  resendCount: number;
  acknowledgedAt: Date | null;
  acknowledgedVia: string | null;
  escalatedAt: Date | null;
}

/** Who was told about a subject (`warning:12`, `task:5`), and who acknowledged it when. */
export async function listNotices(db: DbOrTx, subject: string): Promise<NoticeRow[]> {
  const rows = await db
    .select({ n: notices, name: users.name })
    .from(notices)
    .innerJoin(users, eq(users.id, notices.recipientUserId))
    .where(eq(notices.subject, subject))
    .orderBy(notices.id);
  return rows.map(({ n, name }) => ({
    id: n.id,
    subject: n.subject,
    event: n.event,
    recipient: { id: n.recipientUserId, name },
    firstSentAt: n.firstSentAt,
    lastSentAt: n.lastSentAt,
    resendCount: n.resendCount,
    acknowledgedAt: n.acknowledgedAt,
    acknowledgedVia: n.acknowledgedVia,
    escalatedAt: n.escalatedAt,
  }));
}

/**
 * 签收: the actor acknowledges a notice — a specific subject, or (for a plain "收到") the newest
 * one they have not acknowledged. Returns what was acknowledged, or null if nothing was pending.
 */
export async function acknowledgeNotice(
  platform: Platform,
  actor: Actor,
  opts: { subject?: string; via: 'button' | 'reply' | 'api' },
): Promise<NoticeRow | null> {
  if (actor.userId === null) return null;
  const userId = actor.userId;
  const id = await platform.db.transaction(async (tx) => {
    const conds = [eq(notices.recipientUserId, userId), isNull(notices.acknowledgedAt)];
    if (opts.subject) conds.push(eq(notices.subject, opts.subject));
    const [pending] = await tx
      .select()
      .from(notices)
      .where(and(...conds))
      .orderBy(desc(sql`coalesce(${notices.lastSentAt}, ${notices.createdAt})`), desc(notices.id))
      .limit(1)
      .for('update');
    if (!pending) return null;
    const at = platform.now();
    await tx
      .update(notices)
      .set({ acknowledgedAt: at, acknowledgedVia: opts.via, nextResendAt: null })
      .where(eq(notices.id, pending.id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'notice.acknowledge',
          entityType: 'notice',
          entityId: pending.id,
          after: { subject: pending.subject, event: pending.event, via: opts.via },
        },
      ],
      at,
    );
    return pending.id;
  });
  if (id === null) {
    if (opts.subject) throw new NotFoundError(`没有待签收的通知（${opts.subject}）`);
    return null;
  }
  const [row] = (
    await listNotices(
      platform.db,
      (await platform.db.select({ s: notices.subject }).from(notices).where(eq(notices.id, id)))[0]?.s ?? '',
    )
  ).filter((n) => n.id === id);
  return row ?? null;
}
