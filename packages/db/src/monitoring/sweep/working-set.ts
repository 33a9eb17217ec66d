import { type PolicyConfig, parseIsoDate, timeProgressBp } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../client.ts';
import { MONITORED_STATES_SQL } from '../../items/item-states-sql.ts';

/**
 * The sweep's work tables. They are unlogged tables created inside the sweep's transaction, not
 * temp tables: PostgreSQL never scans temp tables with parallel workers (they live in one
 * backend's memory) and keeps them in a small local buffer pool. Created in the transaction, they
 * are invisible to everyone else and vanish with it if the sweep fails or its process dies; a
 * completed sweep drops them before it commits.
 */
export const SWEEP_WORK_TABLES = [
  'sweep_pay',
  'sweep_items',
  'sweep_latest',
  'sweep_ind',
  'sweep_plugin_ind',
  'sweep_findings',
  'sweep_diff',
  'sweep_changes',
  'sweep_dirty',
  'sweep_date_due',
] as const;

const smallRuns = new WeakSet<Tx>();

/**
 * Judging a handful of changed items: its work tables are temp tables. Creating an unlogged table
 * syncs its init fork to disk, which costs more than the rest of a small judging; temp tables
 * cannot be scanned in parallel, which only matters for a whole province.
 */
export function useTempWorkTables(tx: Tx): void {
  smallRuns.add(tx);
}

/** An index on a work table, for a sweep; a small judging reads its few rows without one. */
export async function indexWorkTable(tx: Tx, statement: SQL): Promise<void> {
  if (!smallRuns.has(tx)) await tx.execute(statement);
}

/** `create unlogged table` (a sweep) or `create temp table` (a small judging) for a work table. */
export function workTable(tx: Tx): SQL {
  return sql.raw(smallRuns.has(tx) ? 'create temp table' : 'create unlogged table');
}

/**
 * `and <alias>.path like '<scope>%'` for a run limited to a region; nothing for a whole-database run.
 * The merge applies the same limit to the live warnings, so a regional run never judges (or closes)
 * a warning outside its region.
 */
export function inScopeSql(orgAlias: string, scopePath: string): SQL {
  return scopePath === '/' ? sql`` : sql` and ${sql.raw(orgAlias)}.path like ${`${scopePath}%`}`;
}

export async function dropSweepWorkTables(tx: Tx): Promise<void> {
  await tx.execute(sql.raw(`drop table if exists ${SWEEP_WORK_TABLES.join(', ')}`));
}

/**
 * Materialises the sweep's working set once, inside its transaction: the monitored items (with
 * time progress and what they paid and when, from the running payment totals) and the
 * latest report of each indicator. Core rules and the plugin snapshot stream both read these
 * work tables; nothing scans the payments or the reports twice.
 */
export async function materialiseSweepData(
  tx: Tx,
  asOf: string,
  config: PolicyConfig,
  opts: {
    paymentsByMonth: boolean;
    scopePath: string;
    /** Only the changed items (`sweep_dirty`): judging on change. */
    changedOnly?: boolean;
  },
): Promise<void> {
  const only = (col: string) =>
    opts.changedOnly ? sql` and ${sql.raw(col)} in (select item_id from sweep_dirty)` : sql``;
  const asOfYear = parseIsoDate(asOf).year;
  const progressThisYear = timeProgressBp(asOf, asOfYear, config.monitoring.timeProgressBasis);

  // Hash aggregates over millions of payments need memory; this only raises the limit for this
  // transaction. JIT compilation of these one-off analytical statements costs more (seconds) than it saves.
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`set local jit = off`);
  // What each item paid per year, from the running totals the payment triggers keep (one row per
  // item and year, not millions of payments): the total, count, last date and — only when some
  // rule declared it needs them — the 12 monthly sums. An item with a payment dated after `asOf`
  // (a back-dated run) is aggregated from its payments up to `asOf` instead.
  const byMonth = opts.paymentsByMonth ? sql.raw(`array[${MONTHS}]::bigint[]`) : sql.raw('null::bigint[]');
  const totalsByMonth = opts.paymentsByMonth ? sql.raw('t.by_month_fen') : sql.raw('null::bigint[]');
  await tx.execute(sql`
    ${workTable(tx)} sweep_pay as
    select t.item_id, t.fiscal_year, t.paid_fen as paid, t.payments as n, t.last_paid_on as last, ${totalsByMonth} as by_month
    from item_payment_totals t where t.last_paid_on <= ${asOf}::date${only('t.item_id')}
    union all
    select e.item_id, e.fiscal_year, sum(e.amount_fen)::bigint as paid, count(*)::int as n, max(e.paid_on) as last,
           ${byMonth} as by_month
    from (select item_id, fiscal_year, amount_fen, paid_on, extract(month from paid_on)::int as m
          from execution_records
          where paid_on <= ${asOf}::date${only('item_id')}
            and (item_id, fiscal_year) in (select t.item_id, t.fiscal_year from item_payment_totals t
                                           where t.last_paid_on > ${asOf}::date${only('t.item_id')})) e
    group by e.item_id, e.fiscal_year`);

  await tx.execute(sql`
    ${workTable(tx)} sweep_items as
    select bi.id, bi.code, bi.name, bi.kind, bi.fund_type_id, bi.org_unit_id, o.name as org_name, o.region_id,
           bi.fiscal_year_start, bi.fiscal_year_end, bi.current_fiscal_year as fy, bi.approved_amount_fen as approved,
           bi.responsible_person, bi.is_new_major, bi.is_special_transfer, bi.attributes, bi.state,
           t.id as target_id, t.overall_goal as target_goal, t.status as target_status,
           case when bi.current_fiscal_year < ${asOfYear}::int then 10000
                when bi.current_fiscal_year > ${asOfYear}::int then 0
                else ${progressThisYear}::int end as tp,
           coalesce(p.paid, 0) as paid, coalesce(p.n, 0) as payment_count, p.last as last_paid_on, p.by_month
    from budget_items bi
    join org_units o on o.id = bi.org_unit_id
    left join performance_targets t on t.item_id = bi.id and t.fiscal_year = bi.current_fiscal_year
    left join sweep_pay p on p.item_id = bi.id and p.fiscal_year = bi.current_fiscal_year
    where bi.state in ${MONITORED_STATES_SQL}${inScopeSql('o', opts.scopePath)}${only('bi.id')}`);

  // The latest report of every indicator, once.
  await tx.execute(sql`
    ${workTable(tx)} sweep_latest as
    select distinct on (r.indicator_id) r.indicator_id, r.reported_on, r.actual_value, r.qualitative_status,
           r.forecast_value, r.likelihood, r.deviation_reason, r.deviation_note, r.corrective_measure
    from indicator_reports r
    where r.reported_on <= ${asOf}::date${only('r.item_id')}
    order by r.indicator_id, r.reported_on desc, r.id desc`);

  // Tables created in a transaction are not auto-analysed; without statistics the joins plan badly.
  // The plugin snapshot stream reads the items in this order; an index is cheaper than sorting the wide rows.
  await indexWorkTable(tx, sql`create index on sweep_items (fund_type_id, region_id, fy, id)`);
  // Statistics only on the columns joins and filters use (the wide ones cost more to sample than they help).
  await tx.execute(
    sql`analyze sweep_items (id, fund_type_id, region_id, fy, target_id, target_status, approved, paid)`,
  );
  await tx.execute(sql`analyze sweep_latest`);
}

const MONTHS = Array.from(
  { length: 12 },
  (_, i) => `coalesce(sum(e.amount_fen) filter (where e.m = ${i + 1}), 0)`,
).join(', ');
