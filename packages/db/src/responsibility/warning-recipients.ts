import { LEADERS_TOLD_OF } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { textSql } from '../sql-literals.ts';
import { responsibleUsersSql } from './responsible-users.ts';

/**
 * Who is told of a warning `w` (used inside a lateral join; core `receivesWarning`): the people
 * responsible for its item, those who are also leaders only when it is red.
 */
export function warningRecipientsSql(): SQL {
  return sql`select r.user_id from (${responsibleUsersSql(sql`w.org_unit_id`)}) r
    where not ('leader' = any(r.roles)) or w.severity = ${textSql(LEADERS_TOLD_OF)}`;
}
