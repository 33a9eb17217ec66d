import { TASK_STATUSES_AWAITING_ASSIGNEE } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';
import { textListSql } from '../sql-literals.ts';

const AWAITING_ASSIGNEE_SQL = textListSql(TASK_STATUSES_AWAITING_ASSIGNEE);

/**
 * 整改提醒: queues a reminder to the assignee of every open task (assigned or returned) whose
 * deadline is today or within `daysBefore` days. The dedupe key carries the date, so a task gets
 * at most one reminder a day however often this runs. Returns how many were queued.
 */
export async function queueDeadlineReminders(
  db: DbOrTx,
  opts: { today: string; daysBefore: number; now: Date },
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select 'rectification', 'task:' || t.id || ':reminder:' || ${opts.today}::text || ':' || t.assignee_user_id,
               t.assignee_user_id,
               jsonb_build_object('taskId', t.id, 'event', 'reminder', 'on', ${opts.today}::text),
               ${opts.now.toISOString()}::timestamptz
        from rectification_tasks t
        where t.status in ${AWAITING_ASSIGNEE_SQL}
          and t.deadline >= ${opts.today}::date
          and t.deadline <= ${opts.today}::date + ${opts.daysBefore}::int
        order by t.id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return rows.length;
}
