import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { notices, orgUnits, users } from '../schema/index.ts';

export interface NoticeDelivery {
  /** `warning:12`, `task:5`. */
  subject: string;
  event: string;
  recipientUserId: number;
  at: Date;
  /** When to re-send if still unacknowledged; null: never re-sent (reminders, escalations). */
  nextResendAt: Date | null;
}

/**
 * Records that a notice reached its recipient: first and last sent time and when to re-send it
 * unless acknowledged. A notice already acknowledged or escalated is never scheduled again.
 */
export async function recordNoticeDelivery(db: DbOrTx, d: NoticeDelivery): Promise<void> {
  await db
    .insert(notices)
    .values({
      subject: d.subject,
      event: d.event,
      recipientUserId: d.recipientUserId,
      firstSentAt: d.at,
      lastSentAt: d.at,
      nextResendAt: d.nextResendAt,
    })
    .onConflictDoUpdate({
      target: [notices.subject, notices.event, notices.recipientUserId],
      set: {
        firstSentAt: sql`coalesce(${notices.firstSentAt}, excluded.first_sent_at)`,
        lastSentAt: sql`excluded.last_sent_at`,
        nextResendAt: sql`case when ${notices.acknowledgedAt} is null and ${notices.escalatedAt} is null
                               then excluded.next_resend_at else null end`,
      },
    });
}

export interface NoticeState {
  id: number;
  subject: string;
  event: string;
  recipientUserId: number;
  recipientName: string;
  recipientOrgName: string;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  resendCount: number;
  acknowledgedAt: Date | null;
  escalatedAt: Date | null;
}

function noticeQuery(db: DbOrTx) {
  return db
    .select({
      id: notices.id,
      subject: notices.subject,
      event: notices.event,
      recipientUserId: notices.recipientUserId,
      recipientName: users.name,
      recipientOrgName: orgUnits.name,
      firstSentAt: notices.firstSentAt,
      lastSentAt: notices.lastSentAt,
      resendCount: notices.resendCount,
      acknowledgedAt: notices.acknowledgedAt,
      escalatedAt: notices.escalatedAt,
    })
    .from(notices)
    .innerJoin(users, eq(users.id, notices.recipientUserId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId));
}

export async function getNoticeState(db: DbOrTx, id: number): Promise<NoticeState | null> {
  const rows = await noticeQuery(db).where(eq(notices.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findNoticeState(
  db: DbOrTx,
  key: { subject: string; event: string; recipientUserId: number },
): Promise<NoticeState | null> {
  const rows = await noticeQuery(db)
    .where(
      and(
        eq(notices.subject, key.subject),
        eq(notices.event, key.event),
        eq(notices.recipientUserId, key.recipientUserId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}
