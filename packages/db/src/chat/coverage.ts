import { sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { rawOrgInScope } from '../scope.ts';

export interface SelfEvaluationCoverage {
  fiscalYear: number;
  /** Budgeted items (批复 and later) covering the year, department-wide budgets excluded. */
  items: number;
  evaluatedItems: number;
  approvedFen: number;
  evaluatedFen: number;
}

/** Self-evaluated: a self-evaluation of the year submitted or beyond, or (records from before them) the lifecycle state. */
const DONE_SQL = (year: number) =>
  sql`(bi.state in ('self_evaluated', 'evaluated', 'closed') or exists (select 1 from self_evaluations se
        where se.item_id = bi.id and se.fiscal_year = ${year}::int and se.status in ('submitted', 'confirmed', 'accepted')))`;

/**
 * 自评覆盖率 of a fiscal year in the actor's scope: items past budget approval that cover the year,
 * and those already self-evaluated (or evaluated, or closed), by count and by approved amount.
 */
export async function selfEvaluationCoverage(
  db: DbOrTx,
  actor: Actor,
  fiscalYear: number,
): Promise<SelfEvaluationCoverage> {
  const DONE = DONE_SQL(fiscalYear);
  const [row] = await queryRows<{ items: number; done: number; approved: string; done_fen: string }>(
    db,
    sql`select count(*)::int as items,
               (count(*) filter (where ${DONE}))::int as done,
               coalesce(sum(bi.approved_amount_fen), 0)::text as approved,
               coalesce(sum(bi.approved_amount_fen) filter (where ${DONE}), 0)::text as done_fen
        from budget_items bi join org_units o on o.id = bi.org_unit_id
        where bi.fiscal_year_start <= ${fiscalYear}::int and bi.fiscal_year_end >= ${fiscalYear}::int
          and bi.kind <> 'department_wide'
          and bi.state in ('budget_approved', 'executing', 'suspended', 'self_evaluated', 'evaluated', 'closed')
          and ${rawOrgInScope(actor, 'o')}`,
  );
  return {
    fiscalYear,
    items: Number(row?.items ?? 0),
    evaluatedItems: Number(row?.done ?? 0),
    approvedFen: Number(row?.approved ?? 0),
    evaluatedFen: Number(row?.done_fen ?? 0),
  };
}
