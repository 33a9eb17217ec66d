import { type CoverageJudgement, judgeCoverage, type PolicyConfig } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';

export interface DepartmentCoverage extends CoverageJudgement {
  department: { id: number; name: string };
  fiscalYear: number;
  projectFen: number;
  projectEvaluatedFen: number;
  specialTransferFen: number;
  specialTransferEvaluatedFen: number;
  /** Self-evaluations of the year found distorted (失真) by spot checks: they count in the department's assessment. */
  distortions: number;
}

/** Self-evaluations that count toward coverage: submitted and beyond. */
const COUNTED = `('submitted', 'confirmed', 'accepted')`;

/**
 * 自评覆盖率 per department of a year (EV-10): the project funds and special transfer payments of
 * its items in execution that year, and the part whose self-evaluation has been submitted.
 */
export async function departmentCoverage(
  db: DbOrTx,
  actor: Actor,
  fiscalYear: number,
  config: PolicyConfig,
): Promise<DepartmentCoverage[]> {
  const rows = await queryRows<{
    id: number;
    name: string;
    project: string;
    project_done: string;
    special: string;
    special_done: string;
    distortions: number;
  }>(
    db,
    sql`select d.id, d.name,
               coalesce(sum(bi.approved_amount_fen), 0)::text as project,
               coalesce(sum(bi.approved_amount_fen) filter (where se.status in ${sql.raw(COUNTED)}), 0)::text as project_done,
               coalesce(sum(bi.approved_amount_fen) filter (where bi.is_special_transfer), 0)::text as special,
               coalesce(sum(bi.approved_amount_fen) filter (where bi.is_special_transfer and se.status in ${sql.raw(COUNTED)}), 0)::text as special_done,
               count(*) filter (where exists (select 1 from spot_check_entries e
                                              where e.self_evaluation_id = se.id and e.distorted))::int as distortions
        from budget_items bi
        join org_units o on o.id = bi.org_unit_id
        join org_units d on d.path = substring(o.path from '^(.*?o[0-9]+/)')
        left join self_evaluations se on se.item_id = bi.id and se.fiscal_year = ${fiscalYear}::int
        where bi.kind <> 'department_wide'
          and bi.state in ('executing', 'suspended', 'self_evaluated', 'evaluated', 'closed')
          and bi.fiscal_year_start <= ${fiscalYear}::int and bi.fiscal_year_end >= ${fiscalYear}::int
          and o.path like ${`${actor.scopePath}%`}
        group by d.id, d.name
        order by d.id`,
  );
  return rows.map((r) => {
    const facts = {
      projectFen: Number(r.project),
      projectEvaluatedFen: Number(r.project_done),
      specialTransferFen: Number(r.special),
      specialTransferEvaluatedFen: Number(r.special_done),
    };
    return {
      department: { id: r.id, name: r.name },
      fiscalYear,
      ...facts,
      distortions: Number(r.distortions),
      ...judgeCoverage(facts, config),
    };
  });
}
