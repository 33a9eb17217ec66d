import { sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { rawOrgInScope } from '../scope.ts';

/**
 * 周报: queues this week's digest for every active user subscribed to it. The dedupe key carries
 * the date, so a run repeated on the same day adds nothing. Returns how many were queued.
 */
export async function queueWeeklyDigest(db: DbOrTx, opts: { asOf: string; now: Date }): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select 'digest', 'digest:' || ${opts.asOf}::text || ':' || s.user_id, s.user_id,
               jsonb_build_object('asOf', ${opts.asOf}::text), ${opts.now.toISOString()}::timestamptz
        from digest_subscriptions s join users u on u.id = s.user_id
        where s.subscribed and u.active
        order by s.user_id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return rows.length;
}

export interface DigestCounts {
  /** Open warnings (open, acknowledged, escalated) in the user's scope. */
  openWarnings: number;
  /** Of those, red. */
  redWarnings: number;
  /** Rectification tasks the user must do (assigned or returned). */
  myOpenTasks: number;
  /** Of those, past their deadline. */
  myOverdueTasks: number;
  /** Submitted tasks the user created and must review. */
  awaitingMyReview: number;
  /** Notices the user has not acknowledged. */
  unacknowledgedNotices: number;
}

/** The counts a user's weekly digest shows, in their scope. */
export async function digestCounts(db: DbOrTx, actor: Actor, today: string): Promise<DigestCounts> {
  const userId = actor.userId ?? -1;
  const [row] = await queryRows<Record<keyof DigestCounts, number | string>>(
    db,
    sql`select
      (select count(*) from warnings w join org_units o on o.id = w.org_unit_id
        where w.status in ('open', 'acknowledged', 'escalated') and ${rawOrgInScope(actor, 'o')})::int as "openWarnings",
      (select count(*) from warnings w join org_units o on o.id = w.org_unit_id
        where w.status in ('open', 'acknowledged', 'escalated') and w.severity = 'red' and ${rawOrgInScope(actor, 'o')})::int as "redWarnings",
      (select count(*) from rectification_tasks t
        where t.assignee_user_id = ${userId}::int and t.status in ('assigned', 'returned'))::int as "myOpenTasks",
      (select count(*) from rectification_tasks t
        where t.assignee_user_id = ${userId}::int and t.status in ('assigned', 'returned')
          and t.deadline < ${today}::date)::int as "myOverdueTasks",
      (select count(*) from rectification_tasks t
        where t.created_by = ${userId}::int and t.status = 'submitted')::int as "awaitingMyReview",
      (select count(*) from notices n
        where n.recipient_user_id = ${userId}::int and n.acknowledged_at is null)::int as "unacknowledgedNotices"`,
  );
  return {
    openWarnings: Number(row?.openWarnings ?? 0),
    redWarnings: Number(row?.redWarnings ?? 0),
    myOpenTasks: Number(row?.myOpenTasks ?? 0),
    myOverdueTasks: Number(row?.myOverdueTasks ?? 0),
    awaitingMyReview: Number(row?.awaitingMyReview ?? 0),
    unacknowledgedNotices: Number(row?.unacknowledgedNotices ?? 0),
  };
}
