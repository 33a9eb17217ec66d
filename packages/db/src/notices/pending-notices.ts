import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { notices } from '../schema/index.ts';

/** Which of `subjects` the actor still has to acknowledge (their own notices only). */
export async function pendingNoticeSubjects(
  db: DbOrTx,
  actor: Actor,
  subjects: readonly string[],
): Promise<Set<string>> {
  if (actor.userId === null || subjects.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ subject: notices.subject })
    .from(notices)
    .where(
      and(
        eq(notices.recipientUserId, actor.userId),
        isNull(notices.acknowledgedAt),
        inArray(notices.subject, [...subjects]),
      ),
    );
  return new Set(rows.map((r) => r.subject));
}

/** The actor's own notices still waiting for "收到", newest first. */
export async function listPendingNotices(
  db: DbOrTx,
  actor: Actor,
  limit = 10,
): Promise<Array<{ id: number; subject: string; event: string; sentAt: Date }>> {
  if (actor.userId === null) return [];
  const rows = await db
    .select({
      id: notices.id,
      subject: notices.subject,
      event: notices.event,
      sentAt: sql<Date>`coalesce(${notices.lastSentAt}, ${notices.createdAt})`.mapWith((v: unknown) =>
        v instanceof Date ? v : new Date(String(v)),
      ),
    })
    .from(notices)
    .where(and(eq(notices.recipientUserId, actor.userId), isNull(notices.acknowledgedAt)))
    .orderBy(desc(sql`coalesce(${notices.lastSentAt}, ${notices.createdAt})`), desc(notices.id))
    .limit(limit);
  return rows;
}
