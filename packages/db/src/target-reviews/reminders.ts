import { budgetYearsToRemind, type PolicyConfig } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';

/**
 * 预算编报提醒: in the days before a budget year's preparation deadline, each department officer
 * with items of that year still lacking a submitted target (an item needing an ex-ante
 * assessment cannot submit one before it is accepted) gets one reminder a day. The dedupe key
 * holds the day, so running the job twice the same day queues nothing more. Returns how many
 * were queued.
 */
export async function queueTargetReminders(
  db: DbOrTx,
  config: PolicyConfig,
  opts: { today: string; now: Date },
): Promise<number> {
  let queued = 0;
  for (const fy of budgetYearsToRemind(opts.today, config.budgetPreparation)) {
    const rows = await queryRows<{ id: number }>(
      db,
      sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
          select 'target_reminder', 'target_reminder:' || u.id || ':' || ${fy}::int || ':' || ${opts.today}::text, u.id,
                 jsonb_build_object('fiscalYear', ${fy}::int, 'on', ${opts.today}::text),
                 ${opts.now.toISOString()}::timestamptz
          from users u
          join org_units o on o.id = u.org_unit_id
          where u.active and 'dept_officer' = any(u.roles)
            and exists (
              select 1 from budget_items bi
              join org_units io on io.id = bi.org_unit_id
              where io.path like o.path || '%'
                and bi.state in ('draft', 'assessed')
                and bi.current_fiscal_year = ${fy}::int
                and not exists (
                  select 1 from performance_targets pt
                  where pt.item_id = bi.id and pt.fiscal_year = ${fy}::int and pt.status in ('submitted', 'approved')))
          order by u.id
          on conflict (dedupe_key) do nothing
          returning id`,
    );
    queued += rows.length;
  }
  return queued;
}
