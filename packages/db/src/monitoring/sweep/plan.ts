import { createHash } from 'node:crypto';
import { CORE_RULE_INPUTS, readsDate } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../client.ts';
import type { Platform } from '../../platform.ts';
import { dateMayChangeSql } from './date-due-sql.ts';
import { indexWorkTable, workTable } from './working-set.ts';

/**
 * What a run judges.
 * - `full`: every rule over every monitored item in scope (first run, manual runs, after the
 *   configuration or the rules changed);
 * - `nightly`: the rules that read the date over every item, the others only over the items
 *   changed since the last run (`monitoring_dirty_items`: none, when judging on change kept up);
 * - `changed`: every rule over the changed items only (right after a write).
 */
export type SweepMode = 'full' | 'nightly' | 'changed';

/**
 * The plugin rules (qualified `<plugin>:<rule>`) that read the date without declaring on which
 * days (`dateChanges`): the nightly sweep re-runs these over every item of their fund type.
 */
export function everydayDateRuleIds(platform: Platform): string[] {
  return platform.registry
    .list()
    .flatMap((p) =>
      p.monitoringRules.filter((r) => readsDate(r.inputs) && !r.dateChanges).map((r) => `${p.id}:${r.id}`),
    );
}

/**
 * The items where a date rule that declared its `dateChanges` can answer differently today than
 * on the last run's day (`sweep_date_due`: item, qualified rule): the nightly sweep re-runs such a
 * rule only there (and on changed items). A portfolio rule is due over the whole portfolio (fund
 * type, region, year) of any due item. Read from `sweep_items`, after the working set.
 */
export async function captureDateDueItems(
  tx: Tx,
  platform: Platform,
  since: string,
  asOf: string,
): Promise<void> {
  await tx.execute(sql`${workTable(tx)} sweep_date_due (item_id int not null, rule_id text not null)`);
  for (const p of platform.registry.list()) {
    for (const r of p.monitoringRules) {
      if (!readsDate(r.inputs) || !r.dateChanges) continue;
      const ruleId = `${p.id}:${r.id}`;
      const due = dateMayChangeSql(r.dateChanges, since, asOf);
      if (r.scope === 'item') {
        await tx.execute(sql`insert into sweep_date_due (item_id, rule_id)
          select i.id, ${ruleId}::text from sweep_items i where i.fund_type_id = ${p.id}::text and ${due}`);
      } else {
        await tx.execute(sql`insert into sweep_date_due (item_id, rule_id)
          select i2.id, ${ruleId}::text from sweep_items i2
          where i2.fund_type_id = ${p.id}::text and (i2.region_id, i2.fy) in (
            select i.region_id, i.fy from sweep_items i where i.fund_type_id = ${p.id}::text and ${due})`);
      }
    }
  }
  await indexWorkTable(tx, sql`create index on sweep_date_due (item_id, rule_id)`);
  await tx.execute(sql`analyze sweep_date_due`);
}

/** The portfolio rules (qualified): they judge whole portfolios, so a change to one item can move the others' findings. */
export function portfolioRuleIds(platform: Platform): string[] {
  return platform.registry
    .list()
    .flatMap((p) => p.monitoringRules.filter((r) => r.scope === 'portfolio').map((r) => `${p.id}:${r.id}`));
}

/** Fund types with portfolio rules: a change to one item can move the findings of its whole portfolio. */
function portfolioFundTypes(platform: Platform): string[] {
  return platform.registry
    .list()
    .filter((p) => p.monitoringRules.some((r) => r.scope === 'portfolio'))
    .map((p) => p.id);
}

/**
 * A fingerprint of everything the rules judge with besides the data: the policy configuration,
 * the core rules, and each plugin's rules, their inputs and settings. A nightly run only re-uses
 * the previous answers of the rules that do not read the date when this is unchanged; otherwise
 * it judges everything (`full`). (A new version of a rule's code under the same id is not seen
 * here: deploying one is followed by `npm run sweep`, a full run.)
 */
export function rulesFingerprint(platform: Platform): string {
  const plugins = platform.registry.list().map((p) => ({
    id: p.id,
    rules: p.monitoringRules.map((r) => [r.id, r.scope, r.inputs, r.uses ?? [], r.dateChanges ?? null]),
    settings: platform.registry.ruleContext(p.id, platform.config).settings,
  }));
  return createHash('sha256')
    .update(JSON.stringify({ config: platform.config, core: CORE_RULE_INPUTS, plugins }))
    .digest('hex');
}

/** The last completed whole-database run (full or nightly; only those record a fingerprint), which a nightly run builds on. */
export async function lastCompletedSweep(
  tx: Tx,
): Promise<{ id: number; asOf: string; fingerprint: string | null } | null> {
  const rows = await queryRows<{ id: number; asOf: string; fingerprint: string | null }>(
    tx,
    sql`select id, as_of::text as "asOf", rules_fingerprint as fingerprint from monitoring_runs
        where status = 'completed' and mode in ('full', 'nightly') and rules_fingerprint is not null
        order by id desc limit 1`,
  );
  return rows[0] ?? null;
}

/** The core rules that read the date: a nightly run judges them over every item, the others only where something changed. */
const CORE_DATE_RULE_IDS = Object.entries(CORE_RULE_INPUTS)
  .filter(([, inputs]) => readsDate(inputs))
  .map(([id]) => id);

const list = (ids: readonly string[]): SQL =>
  ids.length
    ? sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`null`;

/**
 * The items this run judges as changed (`sweep_dirty`): the marks as they stand now, with their
 * numbers, so that only these marks are removed at the end (a write committed meanwhile marks
 * again and is judged next). (Payments and reports dated after today are refused, so a row comes
 * into a run's view the day it is written, and was marked then.) Items of a fund type with portfolio
 * rules bring their whole portfolio (same fund type, region and year), marked `portfolio_only`:
 * those are judged by the portfolio rules alone.
 */
export async function captureDirtyItems(
  tx: Tx,
  platform: Platform,
  opts: { wholePortfolios: boolean },
): Promise<void> {
  await tx.execute(sql`${workTable(tx)} sweep_dirty as
    select item_id, seq, false as portfolio_only from monitoring_dirty_items`);
  const portfolio = portfolioFundTypes(platform);
  if (opts.wholePortfolios && portfolio.length > 0) {
    // From the changed items' portfolios to their items through the units of the region (indexed).
    // They are judged by the portfolio rules only: nothing of theirs changed.
    await tx.execute(sql`insert into sweep_dirty (item_id, seq, portfolio_only)
      select bi.id, null::bigint, true
      from (select distinct b2.fund_type_id, o2.region_id, b2.current_fiscal_year as fy
            from sweep_dirty d join budget_items b2 on b2.id = d.item_id join org_units o2 on o2.id = b2.org_unit_id
            where b2.fund_type_id in (${list(portfolio)})) g
      join org_units o on o.region_id = g.region_id
      join budget_items bi on bi.org_unit_id = o.id and bi.fund_type_id = g.fund_type_id and bi.current_fiscal_year = g.fy
      where not exists (select 1 from sweep_dirty x where x.item_id = bi.id)`);
  }
  await indexWorkTable(tx, sql`create unique index on sweep_dirty (item_id)`);
  // Every later statement joins it: its size matters to their plans even in a small judging.
  await tx.execute(sql`analyze sweep_dirty`);
}

/** Removes the marks this run judged; marks renewed by a write meanwhile stay for the next judging. */
export async function clearJudgedDirtyItems(tx: Tx): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`with d as (delete from monitoring_dirty_items m using sweep_dirty s
                   where m.item_id = s.item_id and m.seq = s.seq returning 1)
        select count(*)::int as n from d`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The live warnings a run judges (and may close), as a condition on `w`: a nightly run judges the
 * warnings of the core rules that read the date on every item, the plugin date rules' where it ran them (every item, or the due
 * ones of a rule with `dateChanges`) and all warnings of changed items; a
 * judging on change only the warnings of the changed items.
 */
export function judgedWarningsSql(
  mode: SweepMode,
  everydayRuleIds: readonly string[],
  portfolioRuleIds: readonly string[],
): SQL {
  if (mode === 'full') return sql``;
  // A semi-join from the (few) changed items, so the live warnings are reached through their item index.
  const changed = sql`exists (select 1 from sweep_dirty d where d.item_id = w.item_id
    and (not d.portfolio_only or w.rule_id in (${list(portfolioRuleIds)})))`;
  // `= any(array(…))` reaches them through the item index; a semi-join alone was estimated at
  // thousands of rows and scanned every warning.
  if (mode === 'changed')
    return sql` and w.item_id = any(array(select item_id from sweep_dirty)) and ${changed}`;
  return sql` and (w.rule_id in (${list(CORE_DATE_RULE_IDS)}) or w.rule_id in (${list(everydayRuleIds)}) or ${changed}
    or exists (select 1 from sweep_date_due dd where dd.item_id = w.item_id and dd.rule_id = w.rule_id))`;
}
