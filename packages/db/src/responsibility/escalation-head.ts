import { type SQL, sql } from 'drizzle-orm';

/**
 * SQL for the user an escalation about `userId` goes to: the head of that user's org unit, or of
 * its parent department when the unit has none (or the user is the head), active and not the
 * user themselves; null when there is no such head.
 */
export function escalationHeadSql(userId: SQL): SQL {
  return sql`(select h.id
    from users u
    join org_units o on o.id = u.org_unit_id
    left join org_units p on p.id = o.parent_id
    cross join lateral (values (1, o.head_user_id), (2, p.head_user_id)) as c(rank, head_id)
    join users h on h.id = c.head_id
    where u.id = ${userId} and h.active and h.id <> u.id
    order by c.rank limit 1)`;
}
