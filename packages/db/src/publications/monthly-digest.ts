import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';

/**
 * 领导月报 (DI-4, DI-6): once a month every active leader of a region (region_leader) is sent a
 * digest of what is published and how the departments rank, with the year's chart as a picture.
 * Idempotent per month and leader.
 */
export async function queueMonthlyLeaderDigest(
  db: DbOrTx,
  opts: { asOf: string; now: Date },
): Promise<number> {
  const month = opts.asOf.slice(0, 7);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into outbox (kind, dedupe_key, recipient_user_id, payload, next_attempt_at)
        select 'leader_digest', 'leader_digest:' || ${month}::text || ':' || u.id, u.id,
               jsonb_build_object('month', ${month}::text, 'asOf', ${opts.asOf}::text), ${opts.now.toISOString()}::timestamptz
          from users u
         where u.active and 'region_leader' = any(u.roles)
         order by u.id
        on conflict (dedupe_key) do nothing
        returning id`,
  );
  return rows.length;
}
