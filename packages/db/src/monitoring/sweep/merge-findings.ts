import { WARNING_STATUS_WHEN_WORSE } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../client.ts';
import { MONITORED_STATES_SQL } from '../../items/item-states-sql.ts';
import type { Platform } from '../../platform.ts';
import { textSql } from '../../sql-literals.ts';
import { auditSweepChanges } from './audit-changes.ts';
import { queueWarningMessages, severityRankSql as rank } from './warning-messages.ts';
import { inScopeSql, workTable } from './working-set.ts';

/** A live warning's status once a sweep finds its problem worse (core `WARNING_STATUS_WHEN_WORSE`). */
function statusWhenWorseSql(status: SQL): SQL {
  const arms = Object.entries(WARNING_STATUS_WHEN_WORSE).map(
    ([from, to]) => sql` when ${textSql(from)} then ${textSql(to)}`,
  );
  return sql`(case ${status}${sql.join(arms, sql``)} end)`;
}

/** The warnings a run judges: every live one, or for a regional run those of its region's items. */
function liveWarnings(scopePath: string, judged: SQL): SQL {
  if (scopePath === '/') return sql`(select * from warnings w where w.status <> 'closed'${judged})`;
  return sql`(select w.* from warnings w
    join budget_items bi on bi.id = w.item_id join org_units o on o.id = bi.org_unit_id
    where w.status <> 'closed'${inScopeSql('o', scopePath)}${judged})`;
}

export interface MergeCounts {
  created: number;
  updated: number;
  closed: number;
  escalated: number;
}

/**
 * Turns the findings into warnings, set-based: a known finding updates its warning only when
 * something changed, a new one opens a warning, and a warning whose finding is gone is closed
 * with the reason. New and escalated warnings get outbox rows; every change gets an audit entry.
 */
export async function mergeFindings(
  platform: Platform,
  tx: Tx,
  runId: number,
  erroredRules: string[],
  scopePath: string,
  /** Which live warnings this run judged (`judgedWarningsSql`): a run that did not run a rule on an item keeps its warning. */
  judged: SQL = sql``,
  /** The close reason when the condition is gone (default: the sweep's, naming the run). */
  clearedReason: SQL = sql`'预警条件已消除（监控扫描第' || ${runId}::text || '次自动关闭）'`,
): Promise<MergeCounts> {
  // One pass over the findings and the live warnings classifies every difference; the changes
  // are then applied from that (usually small) set. Rules that failed this run keep their warnings.
  const errored = erroredRules.length
    ? sql`and w.rule_id not in (${sql.join(
        erroredRules.map((r) => sql`${r}`),
        sql`, `,
      )})`
    : sql``;
  await tx.execute(sql`
    ${workTable(tx)} sweep_diff as
    select case when w.id is null then 'new' when f.item_id is null then 'gone' else 'changed' end as kind,
           w.id as warning_id, w.severity as old_severity, ${rank('f.severity')} > ${rank('w.severity')} as worse,
           f.item_id, f.fiscal_year, f.rule_id, f.finding_key, f.severity, f.message, f.suggested_action, f.details
    from sweep_findings f
    full join ${liveWarnings(scopePath, judged)} w
      on w.item_id = f.item_id and w.fiscal_year = f.fiscal_year and w.finding_key = f.finding_key
    where w.id is null
       or (f.item_id is null ${errored})
       or (f.item_id is not null
           and (w.severity, w.message, w.suggested_action, w.details) is distinct from (f.severity, f.message, f.suggested_action, f.details))`);
  await tx.execute(sql`analyze sweep_diff`);

  await tx.execute(sql`${workTable(tx)} sweep_changes (warning_id int, change text, old_severity text)`);
  // Status is read again under the row lock: someone may have acknowledged or resolved it meanwhile.
  await tx.execute(sql`
    with upd as (
      update warnings w set severity = c.severity, message = c.message, suggested_action = c.suggested_action,
             details = c.details, changed_at = now(), last_run_id = ${runId}::int,
             status = case when c.worse then ${statusWhenWorseSql(sql.raw('w.status'))} else w.status end,
             escalation_level = w.escalation_level + case when c.worse then 1 else 0 end,
             escalated_at = case when c.worse then now() else w.escalated_at end
      from sweep_diff c where c.kind = 'changed' and w.id = c.warning_id and w.status <> 'closed'
      returning w.id, c.worse, c.old_severity
    )
    insert into sweep_changes select id, case when worse then 'escalated' else 'updated' end, old_severity from upd`);
  await tx.execute(sql`
    with ins as (
      insert into warnings (item_id, fiscal_year, rule_id, finding_key, org_unit_id, fund_type_id, severity, message,
                            suggested_action, details, last_run_id)
      select f.item_id, f.fiscal_year, f.rule_id, f.finding_key, bi.org_unit_id, bi.fund_type_id, f.severity, f.message,
             f.suggested_action, f.details, ${runId}::int
      from sweep_diff f join budget_items bi on bi.id = f.item_id where f.kind = 'new'
      returning id
    )
    insert into sweep_changes select id, 'new', null from ins`);
  await tx.execute(sql`
    with cl as (
      update warnings w set status = 'closed', closed_at = now(), changed_at = now(), last_run_id = ${runId}::int,
             close_reason = case when bi.state in ${MONITORED_STATES_SQL} and bi.current_fiscal_year = w.fiscal_year
                                 then ${clearedReason}
                                 else '项目已不在本年度执行监控范围，预警自动关闭' end
      from sweep_diff g, budget_items bi
      where g.kind = 'gone' and w.id = g.warning_id and bi.id = w.item_id and w.status <> 'closed'
      returning w.id
    )
    insert into sweep_changes select id, 'closed', null from cl`);

  // Statistics first: a handful of changes should join warnings by key, a province's worth by hash.
  await tx.execute(sql`analyze sweep_changes`);
  await queueWarningMessages(tx, runId, platform.config.monitoring.maxPushesPerRecipient);
  await auditSweepChanges(tx, runId, platform.now());
  const counts = await queryRows<{ change: string; n: number }>(
    tx,
    sql`select change, count(*)::int as n from sweep_changes group by change`,
  );
  const count = (kind: string) => Number(counts.find((c) => c.change === kind)?.n ?? 0);
  return {
    created: count('new'),
    updated: count('updated'),
    closed: count('closed'),
    escalated: count('escalated'),
  };
}
