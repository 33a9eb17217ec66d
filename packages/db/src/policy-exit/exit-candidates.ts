import { type ExitCandidate, exitCandidates, type Grade, type ItemRecord } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { precedenceSql } from '../budget-proposals/lines-sql.ts';
import { queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';

export interface ExitCandidateView extends ExitCandidate {
  code: string;
  department: string;
  amountFen: number;
  state: string;
  decision: { decision: string; reason: string; fiscalYear: number } | null;
}

/**
 * 清理退出 candidates (seed §五, §十六): live items whose period has ended, graded 差 repeatedly,
 * or spending far below budget year after year — core's `exitCandidates` over each item's final
 * grades and execution rates, for the items SQL narrows to those that could qualify.
 */
export async function listExitCandidates(
  platform: Platform,
  actor: Actor,
  input: { fiscalYear: number },
): Promise<ExitCandidateView[]> {
  requirePermission(actor, 'results.apply');
  const cfg = platform.config.resultApplication;
  const year = input.fiscalYear;
  const threshold = cfg.exit.lowExecutionShare;
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    dept: string;
    state: string;
    amount: string;
    fiscal_year_start: number;
    fiscal_year_end: number;
    grades: Record<string, Grade> | null;
    rates: Record<string, number> | null;
    decision: string | null;
    reason: string | null;
    decision_year: number | null;
  }>(
    platform.db,
    sql`with live as (
          select bi.id, bi.code, bi.name, bi.state, bi.approved_amount_fen, bi.fiscal_year_start, bi.fiscal_year_end, o.path
            from budget_items bi join org_units o on o.id = bi.org_unit_id
           where bi.kind in ('project', 'policy')
             -- still running: an item that ended and was evaluated is finished, not due for exit
             and bi.state in ('budget_approved', 'executing', 'suspended')
             and bi.fiscal_year_start <= ${year}::int and o.path like ${`${actor.scopePath}%`}
        ), paid as (
          select e.item_id, e.fiscal_year, sum(e.amount_fen) as paid
            from execution_records e join live l on l.id = e.item_id
           where e.fiscal_year <= ${year}::int group by e.item_id, e.fiscal_year
        ), finals as (
          select distinct on (r.item_id, r.fiscal_year) r.item_id, r.fiscal_year, r.grade
            from evaluation_results r join live l on l.id = r.item_id
           where r.subject_kind = 'item' and r.fiscal_year <= ${year}::int
           order by r.item_id, r.fiscal_year, ${precedenceSql('r.source')} desc, r.id desc
        ), maybe as (
          select l.id from live l where l.fiscal_year_end < ${year}::int
          union select f.item_id from finals f where f.grade = 'poor'
          union select l.id from live l left join paid p on p.item_id = l.id and p.fiscal_year = ${year}::int
           where l.approved_amount_fen > 0
             and coalesce(p.paid, 0)::float8 / l.approved_amount_fen < ${threshold}::float8
        )
        select l.id, l.code, l.name, d.name as dept, l.state, l.approved_amount_fen::text as amount, l.fiscal_year_start, l.fiscal_year_end,
               (select jsonb_object_agg(f.fiscal_year, f.grade) from finals f where f.item_id = l.id) as grades,
               (select jsonb_object_agg(p.fiscal_year, round(p.paid::numeric * 10000 / nullif(l.approved_amount_fen, 0)))
                  from paid p where p.item_id = l.id) as rates,
               dec.decision, dec.reason, dec.fiscal_year as decision_year
          from maybe m join live l on l.id = m.id
          join org_units d on d.id = substring(l.path from '/o([0-9]+)/')::int
          left join lateral (select x.decision, x.reason, x.fiscal_year from policy_exit_decisions x
                              where x.item_id = l.id order by x.id desc limit 1) dec on true
         order by l.code`,
  );
  const records: ItemRecord[] = rows.map((r) => {
    const rates: Record<number, number> = {};
    // This year, if the item runs in it, counts at 0% without payments; earlier years count only
    // where payments were recorded (a year the system holds no data for says nothing).
    if (r.fiscal_year_start <= year && year <= r.fiscal_year_end) rates[year] = 0;
    for (const [y, v] of Object.entries(r.rates ?? {})) rates[Number(y)] = Number(v);
    return {
      itemId: Number(r.id),
      name: r.name,
      fiscalYearEnd: r.fiscal_year_end,
      grades: Object.fromEntries(Object.entries(r.grades ?? {}).map(([y, g]) => [Number(y), g])),
      executionRateBp: rates,
    };
  });
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return exitCandidates(records, year, cfg).map((c) => {
    const r = byId.get(c.itemId) as (typeof rows)[number];
    return {
      ...c,
      code: r.code,
      department: r.dept,
      amountFen: Number(r.amount),
      state: r.state,
      decision: r.decision
        ? { decision: r.decision, reason: r.reason ?? '', fiscalYear: Number(r.decision_year) }
        : null,
    };
  });
}
