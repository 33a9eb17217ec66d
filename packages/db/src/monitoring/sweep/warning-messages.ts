import { sql } from 'drizzle-orm';
import type { Tx } from '../../client.ts';
import { warningRecipientsSql } from '../../responsibility/warning-recipients.ts';
import { warningBatchKeySql } from '../warning-batch-key.ts';

const SEV_RANK = `case %s when 'yellow' then 1 when 'orange' then 2 when 'red' then 3 else 0 end`;
export const severityRankSql = (col: string) => sql.raw(SEV_RANK.replace('%s', col));

/** How many warnings a 预警汇总 names (most severe first). */
const BATCH_LISTED = 5;

/**
 * Outbox rows for the people who must act on the warnings this run opened or escalated: one
 * message per warning, or — for whoever would get more than `maxPerRecipient` of them — one
 * summary (预警汇总) listing the most severe. A province's first sweep would otherwise send one
 * officer hundreds of messages and spend DingTalk's call quota on a single morning.
 */
export async function queueWarningMessages(tx: Tx, runId: number, maxPerRecipient: number): Promise<void> {
  await tx.execute(sql`
    with events as materialized (
      select c.warning_id, c.change, w.severity, w.escalation_level, w.item_id, r.user_id,
             count(*) over (partition by r.user_id) as n
      from sweep_changes c join warnings w on w.id = c.warning_id
      join lateral (${warningRecipientsSql()}) r on true
      where c.change in ('new', 'escalated')
    )
    insert into outbox (kind, dedupe_key, recipient_user_id, payload)
    select 'warning', 'warning:' || warning_id || ':' || change || ':' || severity || ':' || escalation_level || ':' || user_id,
           user_id, jsonb_build_object('warningId', warning_id, 'event', change, 'severity', severity, 'itemId', item_id)
    from events where n <= ${maxPerRecipient}::int
    union all
    select 'warning_batch', ${warningBatchKeySql(sql`${runId}::int`, sql`user_id`)}, user_id,
           jsonb_build_object('runId', ${runId}::int,
             'created', count(*) filter (where change = 'new'),
             'escalated', count(*) filter (where change = 'escalated'),
             'red', count(*) filter (where severity = 'red'),
             'orange', count(*) filter (where severity = 'orange'),
             'yellow', count(*) filter (where severity = 'yellow'),
             'warningIds', to_jsonb((array_agg(warning_id order by ${severityRankSql('severity')} desc, warning_id))[1:${BATCH_LISTED}::int]))
    from events where n > ${maxPerRecipient}::int
    group by user_id
    on conflict (dedupe_key) do nothing`);
}
