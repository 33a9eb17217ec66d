import { executionLagBp, lagSeverity, type PolicyConfig, policyForFundType } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { MONITORED_STATES_SQL } from '../items/item-states-sql.ts';
import { executionLagBpSql, executionRateBpSql, lagSeveritySql } from '../monitoring/lag-sql.ts';
import { rawOrgInScope } from '../scope.ts';
import { intSql } from '../sql-literals.ts';

export interface LaggingItemRow {
  id: number;
  code: string;
  name: string;
  orgName: string;
  state: string;
  responsiblePerson: string;
  approvedFen: number;
  paidFen: number;
  executionRateBp: number;
  lagBp: number;
  lagging: boolean;
}

export interface LaggingItems {
  fiscalYear: number;
  timeProgressBp: number;
  /** Items being executed in scope. */
  total: number;
  /** Of them, trailing time progress enough for a lag warning (core `lagSeverity`). */
  laggingTotal: number;
  /** The slowest items first (lagging or not), at most `limit`. */
  rows: LaggingItemRow[];
}

/**
 * Items being executed this fiscal year in the actor's scope, slowest against 序时进度 first, with
 * how many trail it enough for a lag warning. One query.
 */
export async function listSlowestItems(
  db: DbOrTx,
  actor: Actor,
  opts: {
    fiscalYear: number;
    timeProgressBp: number;
    config: PolicyConfig;
    limit: number;
    fundTypeId?: string;
  },
): Promise<LaggingItems> {
  const paid = sql.raw('b.paid');
  const approved = sql.raw('b.approved');
  const lag = executionLagBpSql(paid, approved, intSql(opts.timeProgressBp));
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    org_name: string;
    state: string;
    responsible_person: string;
    fund_type_id: string;
    approved: string;
    paid: string;
    rate: number;
    total: number;
    lagging_total: number;
  }>(
    db,
    sql`with base as (
          select bi.id, bi.code, bi.name, o.name as org_name, bi.state, bi.responsible_person, bi.fund_type_id,
                 bi.approved_amount_fen as approved,
                 coalesce((select sum(e.amount_fen) from execution_records e
                           where e.item_id = bi.id and e.fiscal_year = bi.current_fiscal_year), 0) as paid
          from budget_items bi join org_units o on o.id = bi.org_unit_id
          where bi.current_fiscal_year = ${opts.fiscalYear}::int and bi.state in ${MONITORED_STATES_SQL}
            and ${rawOrgInScope(actor, 'o')}
            ${opts.fundTypeId === undefined ? sql`` : sql`and bi.fund_type_id = ${opts.fundTypeId}`}
        ), rated as (
          select b.*, ${executionRateBpSql(paid, approved)}::int as rate, ${lag}::int as lag
          from base b
        )
        select r.id, r.code, r.name, r.org_name, r.state, r.responsible_person, r.fund_type_id,
               r.approved::text as approved, r.paid::text as paid, r.rate,
               count(*) over ()::int as total,
               (count(*) filter (where ${lagSeveritySql(sql.raw('r.lag'), opts.config, sql.raw('r.fund_type_id'))} is not null) over ())::int as lagging_total
        from rated r
        order by r.lag desc nulls last, r.approved desc, r.id
        limit ${Math.max(1, Math.min(opts.limit, 100))}`,
  );
  const first = rows[0];
  return {
    fiscalYear: opts.fiscalYear,
    timeProgressBp: opts.timeProgressBp,
    total: first ? Number(first.total) : 0,
    laggingTotal: first ? Number(first.lagging_total) : 0,
    rows: rows.map((r) => {
      const rate = Number(r.rate);
      const approvedFen = Number(r.approved);
      const paidFen = Number(r.paid);
      return {
        id: Number(r.id),
        code: r.code,
        name: r.name,
        orgName: r.org_name,
        state: r.state,
        responsiblePerson: r.responsible_person,
        approvedFen,
        paidFen,
        executionRateBp: rate,
        lagBp: opts.timeProgressBp - rate,
        lagging:
          lagSeverity(
            executionLagBp(paidFen, approvedFen, opts.timeProgressBp),
            policyForFundType(opts.config, r.fund_type_id),
          ) !== null,
      };
    }),
  };
}
