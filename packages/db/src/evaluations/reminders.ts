import { keyEvaluationRemindUntil, type PolicyConfig, selfEvaluationReminderDue } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';

/**
 * 评价到期提醒 (EV-12), queued for the notify worker as notices to sign for:
 * - each department officer whose scope holds self-evaluations of the year now falling due that
 *   are not yet submitted (填报中 or 退回修改) gets one reminder for that deadline;
 * - each panel expert who has not submitted their scores of a key evaluation due within the
 *   window gets one reminder for that due date; once all have, whoever must write the report (the
 *   commissioned institution's staff, or the bureau officer who planned an expert-panel one) does.
 * The dedupe keys hold the due date, not the day, so a re-run or a redelivered job — the same day
 * or any later one — never reminds anyone twice of the same deadline. Returns how many were queued.
 */
export async function queueEvaluationReminders(
  db: DbOrTx,
  config: PolicyConfig,
  opts: { today: string; now: Date },
): Promise<{ selfEvaluations: number; keyEvaluations: number }> {
  const now = opts.now.toISOString();
  let selfEvaluations = 0;
  const due = selfEvaluationReminderDue(opts.today, config);
  if (due) {
    const rows = await queryRows<{ id: number }>(
      db,
      sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
          select 'evaluation_reminder',
                 'evaluation_reminder:self:' || u.id || ':' || ${due.fiscalYear}::int || ':' || ${due.deadline}::text, u.id,
                 jsonb_build_object('type', 'self', 'fiscalYear', ${due.fiscalYear}::int, 'deadline', ${due.deadline}::text),
                 ${now}::timestamptz
          from users u
          join org_units o on o.id = u.org_unit_id
          where u.active and 'dept_officer' = any(u.roles)
            and exists (
              select 1 from self_evaluations se
              join org_units so on so.id = se.org_unit_id
              where se.fiscal_year = ${due.fiscalYear}::int and se.status in ('draft', 'returned')
                and so.path like o.path || '%')
          order by u.id
          on conflict (dedupe_key) do nothing
          returning id`,
    );
    selfEvaluations = rows.length;
  }
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select 'evaluation_reminder',
               'evaluation_reminder:key:' || k.id || ':' || x.id || ':' || k.due_on::text, x.user_id,
               jsonb_build_object('type', 'key', 'evaluationId', k.id, 'expertId', x.id, 'dueOn', k.due_on::text),
               ${now}::timestamptz
        from key_evaluations k
        join evaluation_panel p on p.evaluation_id = k.id and p.submitted_at is null
        join experts x on x.id = p.expert_id and x.user_id is not null and x.status = 'active'
        join users u on u.id = x.user_id and u.active
        where k.status in ('planned', 'scoring')
          and k.due_on between ${opts.today}::date and ${keyEvaluationRemindUntil(opts.today, config)}::date
        order by k.id, x.id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  // Once every expert has submitted, the report is what is due: the commissioned institution's
  // staff (a third party), or the bureau officer who planned it (an expert panel).
  const reports = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select 'evaluation_reminder',
               'evaluation_reminder:report:' || k.id || ':' || u.id || ':' || k.due_on::text, u.id,
               jsonb_build_object('type', 'report', 'evaluationId', k.id, 'dueOn', k.due_on::text),
               ${now}::timestamptz
        from key_evaluations k
        left join institutions i on i.id = k.institution_id
        join users u on u.active
          and (case when k.carrier = 'third_party' then u.org_unit_id = i.org_unit_id
                    and not exists (select 1 from evaluation_panel p2 join experts x2 on x2.id = p2.expert_id
                                    where p2.evaluation_id = k.id and x2.user_id = u.id)
                    else u.id = k.planned_by end)
        where k.status = 'scoring'
          and k.due_on between ${opts.today}::date and ${keyEvaluationRemindUntil(opts.today, config)}::date
          and exists (select 1 from evaluation_panel p where p.evaluation_id = k.id)
          and not exists (select 1 from evaluation_panel p where p.evaluation_id = k.id and p.submitted_at is null)
        order by k.id, u.id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return { selfEvaluations, keyEvaluations: rows.length + reports.length };
}
