import {
  ACTIVE_WARNING_STATUSES,
  executionRateBp,
  type PolicyConfig,
  parseIsoDate,
  timeProgressBp,
} from '@jixiao/core';
import { sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { MONITORED_STATES_SQL } from '../items/item-states-sql.ts';
import { rawOrgInScope } from '../scope.ts';
import { intSql, textListSql } from '../sql-literals.ts';
import { executionLagBpSql, lagSeveritySql } from './lag-sql.ts';

export type SummaryDimension = 'department' | 'fund_type' | 'region';

export interface SummaryRow {
  key: string;
  name: string;
  items: number;
  approvedFen: number;
  paidFen: number;
  executionRateBp: number;
  timeProgressBp: number;
  /** Time progress minus execution rate, percentage points × 100. */
  lagBp: number;
  laggingItems: number;
  warnings: { yellow: number; orange: number; red: number };
}

const GROUP: Record<SummaryDimension, { key: string; name: string; join: string }> = {
  // The top org unit of the item's chain: a department (or the finance bureau itself).
  department: {
    key: `top.id::text`,
    name: 'top.name',
    join: `join org_units top on top.id = substring(o.path from '/o([0-9]+)/')::int`,
  },
  fund_type: { key: 'ft.id', name: 'ft.name', join: 'join fund_types ft on ft.id = bi.fund_type_id' },
  region: { key: 'r.id::text', name: 'r.name', join: 'join regions r on r.id = o.region_id' },
};

/**
 * Roll-ups of the items being executed in a fiscal year, by department, fund type or region:
 * execution rate against 序时进度, lagging items and open warnings by severity. Scoped.
 */
export async function monitoringSummary(
  db: DbOrTx,
  actor: Actor,
  opts: { by: SummaryDimension; fiscalYear: number; asOf: string; config: PolicyConfig },
): Promise<{
  fiscalYear: number;
  asOf: string;
  timeProgressBp: number;
  rows: SummaryRow[];
  total: SummaryRow;
}> {
  const g = GROUP[opts.by];
  const tp =
    opts.fiscalYear < parseIsoDate(opts.asOf).year
      ? 10_000
      : timeProgressBp(opts.asOf, opts.fiscalYear, opts.config.monitoring.timeProgressBasis);
  const lag = executionLagBpSql(sql.raw('b.paid'), sql.raw('b.approved'), intSql(tp));
  const rows = await queryRows<{
    key: string;
    name: string;
    items: number;
    approved: string;
    paid: string;
    lagging: number;
    yellow: number;
    orange: number;
    red: number;
  }>(
    db,
    sql`with base as (
          select bi.id, bi.fund_type_id, bi.approved_amount_fen as approved, ${sql.raw(g.key)} as key, ${sql.raw(g.name)} as name,
                 coalesce((select sum(e.amount_fen) from execution_records e
                           where e.item_id = bi.id and e.fiscal_year = ${opts.fiscalYear}::int and e.paid_on <= ${opts.asOf}::date), 0) as paid
          from budget_items bi join org_units o on o.id = bi.org_unit_id ${sql.raw(g.join)}
          where bi.current_fiscal_year = ${opts.fiscalYear}::int and bi.state in ${MONITORED_STATES_SQL}
            and ${rawOrgInScope(actor, 'o')}
        ),
        wagg as (
          select b.key,
                 count(*) filter (where w.severity = 'yellow')::int as yellow,
                 count(*) filter (where w.severity = 'orange')::int as orange,
                 count(*) filter (where w.severity = 'red')::int as red
          from warnings w join base b on b.id = w.item_id
          where w.fiscal_year = ${opts.fiscalYear}::int and w.status in ${textListSql(ACTIVE_WARNING_STATUSES)}
          group by b.key
        ),
        agg as (
          select b.key, b.name, count(*)::int as items, sum(b.approved)::text as approved, sum(b.paid)::text as paid,
                 count(*) filter (where ${lagSeveritySql(lag, opts.config, sql.raw('b.fund_type_id'))} is not null)::int as lagging
          from base b group by b.key, b.name
        )
        select a.*, coalesce(wa.yellow, 0) as yellow, coalesce(wa.orange, 0) as orange, coalesce(wa.red, 0) as red
        from agg a left join wagg wa on wa.key = a.key order by a.name`,
  );
  const toRow = (r: {
    key: string;
    name: string;
    items: number;
    approvedFen: number;
    paidFen: number;
    lagging: number;
    yellow: number;
    orange: number;
    red: number;
  }): SummaryRow => {
    const rate = executionRateBp(r.paidFen, r.approvedFen);
    return {
      key: r.key,
      name: r.name,
      items: r.items,
      approvedFen: r.approvedFen,
      paidFen: r.paidFen,
      executionRateBp: rate,
      timeProgressBp: tp,
      lagBp: tp - rate,
      laggingItems: r.lagging,
      warnings: { yellow: r.yellow, orange: r.orange, red: r.red },
    };
  };
  const out = rows.map((r) =>
    toRow({
      ...r,
      items: Number(r.items),
      approvedFen: Number(r.approved),
      paidFen: Number(r.paid),
      lagging: Number(r.lagging),
      yellow: Number(r.yellow),
      orange: Number(r.orange),
      red: Number(r.red),
    }),
  );
  const sum = (f: (r: SummaryRow) => number) => out.reduce((s, r) => s + f(r), 0);
  const total = toRow({
    key: 'total',
    name: '合计',
    items: sum((r) => r.items),
    approvedFen: sum((r) => r.approvedFen),
    paidFen: sum((r) => r.paidFen),
    lagging: sum((r) => r.laggingItems),
    yellow: sum((r) => r.warnings.yellow),
    orange: sum((r) => r.warnings.orange),
    red: sum((r) => r.warnings.red),
  });
  return { fiscalYear: opts.fiscalYear, asOf: opts.asOf, timeProgressBp: tp, rows: out, total };
}
