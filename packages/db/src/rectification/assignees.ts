import { sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { rawOrgInScope } from '../scope.ts';

export interface AssigneeCandidate {
  userId: number;
  name: string;
  orgName: string;
  roles: string[];
}

/**
 * Who can be made responsible for rectifying an item: active officers of the item's unit or of its
 * parent department, within the actor's scope. The item's own department officer comes first.
 */
export async function listRectificationAssignees(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
): Promise<AssigneeCandidate[]> {
  const rows = await queryRows<{ id: number; name: string; org_name: string; roles: string[] }>(
    db,
    sql`select u.id, u.name, uo.name as org_name, u.roles
        from budget_items bi
        join org_units io on io.id = bi.org_unit_id
        join users u on u.active and (u.org_unit_id = io.id or u.org_unit_id = io.parent_id)
        join org_units uo on uo.id = u.org_unit_id
        where bi.id = ${itemId}::int
          and u.roles && array['dept_officer', 'unit_officer']::text[]
          and ${rawOrgInScope(actor, 'io')} and ${rawOrgInScope(actor, 'uo')}
        order by case when u.org_unit_id = io.id then 0 else 1 end,
                 case when 'dept_officer' = any(u.roles) then 0 else 1 end, u.id
        limit 20`,
  );
  return rows.map((r) => ({ userId: Number(r.id), name: r.name, orgName: r.org_name, roles: r.roles }));
}
