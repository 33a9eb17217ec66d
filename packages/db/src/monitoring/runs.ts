import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';

/** Recent sweep runs, newest first (the judgings right after writes are not listed: one per write). */
export async function listRuns(db: DbOrTx, limit = 20) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select id, trigger, as_of::text as "asOf", status, started_at as "startedAt", finished_at as "finishedAt",
               duration_ms as "durationMs", items_scanned as "itemsScanned", findings, created, updated, closed, errors
        from monitoring_runs where mode <> 'changed' order by id desc limit ${limit}`,
  );
}
