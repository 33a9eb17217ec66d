import { type SQL, sql } from 'drizzle-orm';

/**
 * The outbox dedupe key of a run's 预警汇总 to one person. The sweep writes it; the notice
 * follow-ups find the summary again by it to re-send the same counts.
 */
export function warningBatchKeySql(runId: SQL, userId: SQL): SQL {
  return sql`'warning_batch:' || ${runId} || ':' || ${userId}`;
}
