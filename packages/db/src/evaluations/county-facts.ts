import type { CountyFiscalFacts, CountyFiscalScore } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';

/** A county's facts for the comprehensive fiscal evaluation, with where the derived ones came from. */
export interface CountyFactsRow {
  facts: CountyFiscalFacts;
  path: string;
  level: string;
  /** Its amount of the general transfer by the transfer's factor formula, when reported. */
  transferFormulaFen: number | null;
  /** The county's score recorded by a county evaluation for the year, if any. */
  evaluatedScore: number | null;
  /** Execution measured from the county's items' payments (not reported by the county). */
  executionMeasured: boolean;
  /** The management-work score taken from the city's performance-management work assessment. */
  managementAssessed: boolean;
}

interface Raw {
  id: number;
  name: string;
  path: string;
  level: string;
  evaluated: string | null;
  tax: string | null;
  revenue: string | null;
  arranged: string | null;
  needed: string | null;
  debt: string | null;
  resources: string | null;
  cash: string | null;
  monthly: string | null;
  reported_rate_bp: number | null;
  measured_rate_bp: string | null;
  reported_management: number | null;
  assessed_management: string | null;
  transfer_formula: string | null;
}

const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * The facts a county is scored on (DW-2, seed §十六) for `fiscalYear`, one read for all `regionIds`:
 * what it reported in `region_fiscal_facts` (tax share, 三保, debt ratio, treasury cash months);
 * budget execution as reported, else measured from its items' payments; and its
 * performance-management work score from the city's latest management-work assessment of the
 * year (DI-6), else as reported. Scope is the caller's to check.
 */
export async function readCountyFacts(
  db: DbOrTx,
  regionIds: readonly number[],
  fiscalYear: number,
): Promise<CountyFactsRow[]> {
  if (regionIds.length === 0) return [];
  const rows = await queryRows<Raw>(
    db,
    sql`select g.id, g.name, g.path, g.level,
          (select r.score::text from evaluation_results r where r.subject_kind = 'region' and r.region_id = g.id
             and r.fiscal_year = ${fiscalYear}::int order by r.id desc limit 1) as evaluated,
          f.tax_revenue_fen::text as tax, f.general_budget_revenue_fen::text as revenue,
          f.basic_guarantees_arranged_fen::text as arranged, f.basic_guarantees_needed_fen::text as needed,
          f.debt_balance_fen::text as debt, f.comprehensive_financial_resources_fen::text as resources,
          f.treasury_cash_fen::text as cash, f.monthly_expenditure_fen::text as monthly,
          f.execution_rate_bp as reported_rate_bp, f.management_score as reported_management,
          f.transfer_formula_fen::text as transfer_formula,
          (select round(sum(coalesce(p.paid, 0))::numeric * 10000 / nullif(sum(bi.approved_amount_fen), 0))::text
             from budget_items bi join org_units o on o.id = bi.org_unit_id
             left join (select e.item_id, sum(e.amount_fen) as paid from execution_records e
                         where e.fiscal_year = ${fiscalYear}::int group by e.item_id) p on p.item_id = bi.id
            where o.region_id = g.id and bi.fiscal_year_start <= ${fiscalYear}::int
              and bi.fiscal_year_end >= ${fiscalYear}::int and bi.state <> 'draft') as measured_rate_bp,
          (select (s ->> 'total') from management_assessments ma
             cross join lateral jsonb_array_elements(ma.scores) s
             join org_units fb on fb.id = (s ->> 'partyId')::int
            where ma.region_id = g.parent_id and ma.fiscal_year = ${fiscalYear}::int
              and s ->> 'partyKind' = 'county' and fb.kind = 'finance_bureau' and fb.region_id = g.id
            order by ma.id desc limit 1) as assessed_management
        from regions g
        left join region_fiscal_facts f on f.region_id = g.id and f.fiscal_year = ${fiscalYear}::int
       where g.id in (${sql.join(
         regionIds.map((id) => sql`${id}::int`),
         sql`, `,
       )})
       order by g.code`,
  );
  return rows.map((r) => {
    const executionMeasured = r.reported_rate_bp === null && r.measured_rate_bp !== null;
    const managementAssessed = r.assessed_management !== null;
    return {
      path: r.path,
      level: r.level,
      transferFormulaFen: num(r.transfer_formula),
      evaluatedScore: num(r.evaluated),
      executionMeasured,
      managementAssessed,
      facts: {
        regionId: Number(r.id),
        name: r.name,
        taxRevenueFen: num(r.tax),
        generalBudgetRevenueFen: num(r.revenue),
        basicGuaranteesArrangedFen: num(r.arranged),
        basicGuaranteesNeededFen: num(r.needed),
        debtBalanceFen: num(r.debt),
        comprehensiveFinancialResourcesFen: num(r.resources),
        treasuryCashFen: num(r.cash),
        monthlyExpenditureFen: num(r.monthly),
        executionRateBp: r.reported_rate_bp ?? num(r.measured_rate_bp),
        managementScore: managementAssessed ? num(r.assessed_management) : r.reported_management,
      },
    };
  });
}

/** Says where a derived fact came from on its indicator's note. */
export function noteDerivedFacts(
  score: CountyFiscalScore,
  row: CountyFactsRow | undefined,
): CountyFiscalScore {
  if (!row) return score;
  return {
    ...score,
    indicators: score.indicators.map((i) =>
      i.key === 'execution' && row.executionMeasured
        ? { ...i, note: `${i.note}（按系统记录的本县项目支付测算）` }
        : i.key === 'management' && row.managementAssessed
          ? { ...i, note: `${i.note}（取本年度预算绩效管理工作考核得分）` }
          : i,
    ),
  };
}
