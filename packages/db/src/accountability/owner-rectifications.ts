import { daysBetween, type OwnerRectification, type RectificationStatus } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';

/**
 * The user each item's 项目责任人 is, by the responsibility register: the user the last handover
 * to the current owner named, else the active user of that name in the item's department. As SQL
 * over `bi` (budget_items) joined to `o` (its org unit): one column, `owner_user_id`.
 */
const OWNER_USER_SQL = sql`coalesce(
    (select h.to_user_id from responsibility_handovers h
      where h.item_id = bi.id and h.role = 'project_owner' and h.to_name = bi.responsible_person
      order by h.effective_on desc, h.id desc limit 1),
    (select u.id from users u join org_units uo on uo.id = u.org_unit_id
      where u.active and u.name = bi.responsible_person
        and uo.path like substring(o.path from '^[^o]*o[0-9]+/') || '%'
      order by u.id limit 1))`;

interface Raw {
  owner_user_id: number;
  task_id: number;
  item_id: number;
  code: string;
  name: string;
  requirement: string;
  deadline: string;
  status: RectificationStatus;
  from_result: boolean;
  lifetime: boolean;
  cases: Array<{ id: number; finding: string }> | null;
}

function openOwnedSql(where: SQL): SQL {
  return sql`select * from (
      select ${OWNER_USER_SQL} as owner_user_id, t.id as task_id, bi.id as item_id, bi.code, bi.name,
             t.requirement, t.deadline::text as deadline, t.status,
             exists (select 1 from evaluation_findings f where f.rectification_task_id = t.id) as from_result,
             bi.is_new_major as lifetime,
             (select jsonb_agg(jsonb_build_object('id', c.id, 'finding', c.finding) order by c.id)
                from accountability_cases c where c.item_id = bi.id and c.status = 'open') as cases
        from rectification_tasks t
        join budget_items bi on bi.id = t.item_id
        join org_units o on o.id = bi.org_unit_id
       where t.status not in ('accepted', 'cancelled') and ${where}) x
     where x.owner_user_id is not null`;
}

const toRow = (r: Raw, today: string): OwnerRectification => ({
  taskId: Number(r.task_id),
  item: { id: Number(r.item_id), code: r.code, name: r.name },
  requirement: r.requirement,
  deadline: r.deadline,
  status: r.status,
  overdueDays: Math.max(0, daysBetween(r.deadline, today)),
  fromResult: r.from_result,
  lifetime: r.lifetime,
  openCases: r.cases ?? [],
});

/**
 * 我负责的整改 (§十五): the open rectifications on the projects the actor owns by the
 * responsibility register, within the actor's data scope, soonest deadline first.
 */
export async function ownerRectifications(
  db: DbOrTx,
  actor: Actor,
  today: string,
): Promise<OwnerRectification[]> {
  if (actor.userId === null) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`${openOwnedSql(sql`o.path like ${`${actor.scopePath}%`}`)} and x.owner_user_id = ${actor.userId}::int
        order by x.deadline, x.task_id limit 500`,
  );
  return rows.map((r) => toRow(r, today));
}

/**
 * 整改与问责提醒 (§十五): queues one reminder per project owner with open rectifications for the
 * period (`ownerReminderPeriod`); the dedupe key carries the period, so an owner is reminded once
 * per period however often this runs. The list is read again when the message is sent. Returns how
 * many were queued.
 */
export async function queueOwnerReminders(db: DbOrTx, opts: { period: string; now: Date }): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select 'owner_rectifications', 'owner_rectifications:' || owners.owner_user_id || ':' || ${opts.period}::text,
               owners.owner_user_id, jsonb_build_object('period', ${opts.period}::text),
               ${opts.now.toISOString()}::timestamptz
          from (select distinct x.owner_user_id from (${openOwnedSql(sql`true`)}) x) owners
          join users u on u.id = owners.owner_user_id and u.active
         order by owners.owner_user_id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return rows.length;
}
