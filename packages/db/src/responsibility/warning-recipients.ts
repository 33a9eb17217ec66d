import { type SQL, sql } from 'drizzle-orm';

/**
 * Who must act on a warning `w` (used inside a lateral join): the officers of the item's unit
 * and of its parent department; heads (leaders) only for red warnings.
 */
export function warningRecipientsSql(): SQL {
  return sql`select u.id as user_id from users u
    join org_units o on o.id = w.org_unit_id
    where u.active and (u.org_unit_id = o.id or u.org_unit_id = o.parent_id)
      and u.roles && array['dept_officer', 'unit_officer']::text[]
      and (not ('leader' = any(u.roles)) or w.severity = 'red')`;
}
