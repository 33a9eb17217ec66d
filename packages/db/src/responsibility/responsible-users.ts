import { RESPONSIBLE_ROLES } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { textArraySql } from '../sql-literals.ts';

/**
 * Core's `isResponsibleFor` as SQL: the users who must act on an item of org unit `orgUnitId` —
 * active officers of that unit or of the department above it. Columns `user_id`, `org_unit_id`,
 * `roles`. Warning recipients, rectification assignees and the assignee check of a new task all
 * select from it; `test/rule-parity.test.ts` checks it against core over random org trees.
 */
export function responsibleUsersSql(orgUnitId: SQL): SQL {
  return sql`select u.id as user_id, u.org_unit_id, u.roles
    from users u join org_units o on o.id = ${orgUnitId}
    where u.active and (u.org_unit_id = o.id or u.org_unit_id = o.parent_id)
      and u.roles && ${textArraySql(RESPONSIBLE_ROLES)}`;
}
