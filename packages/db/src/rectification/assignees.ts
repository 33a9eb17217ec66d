import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { responsibleUsersSql } from '../responsibility/responsible-users.ts';
import { rawOrgInScope } from '../scope.ts';

export interface AssigneeCandidate {
  userId: number;
  name: string;
  orgName: string;
  roles: string[];
}

/**
 * Who can be made responsible for rectifying an item: the people responsible for it (core
 * `isResponsibleFor`) whom the actor can see, on an item the actor can see.
 */
function candidatesSql(actor: Actor, itemId: number): SQL {
  return sql`select u.id, u.name, uo.name as org_name, u.roles, u.org_unit_id = io.id as own_unit
    from budget_items bi
    join org_units io on io.id = bi.org_unit_id
    join lateral (${responsibleUsersSql(sql`io.id`)}) r on true
    join users u on u.id = r.user_id
    join org_units uo on uo.id = u.org_unit_id
    where bi.id = ${itemId}::int and ${rawOrgInScope(actor, 'io')} and ${rawOrgInScope(actor, 'uo')}`;
}

/** The candidates for an item, its own unit's officers first, then department officers. */
export async function listRectificationAssignees(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
): Promise<AssigneeCandidate[]> {
  const rows = await queryRows<{ id: number; name: string; org_name: string; roles: string[] }>(
    db,
    sql`select c.id, c.name, c.org_name, c.roles from (${candidatesSql(actor, itemId)}) c
        order by case when c.own_unit then 0 else 1 end,
                 case when 'dept_officer' = any(c.roles) then 0 else 1 end, c.id
        limit 20`,
  );
  return rows.map((r) => ({ userId: Number(r.id), name: r.name, orgName: r.org_name, roles: r.roles }));
}

/** True when `userId` may be made responsible for rectifying the item (one of its candidates). */
export async function isRectificationAssignee(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
  userId: number,
): Promise<boolean> {
  const rows = await queryRows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from (${candidatesSql(actor, itemId)}) c where c.id = ${userId}::int) as ok`,
  );
  return rows[0]?.ok === true;
}
