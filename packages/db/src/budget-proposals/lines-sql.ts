import {
  cutSharesBp,
  EVALUATION_RESULT_SOURCES,
  GRADES,
  type ResultApplicationConfig,
  SOURCE_PRECEDENCE,
} from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { intSql, textSql } from '../sql-literals.ts';

/** Item states whose budget counts in the year (approved and not terminated). */
const FUNDED_STATES = [
  'budget_approved',
  'executing',
  'suspended',
  'self_evaluated',
  'evaluated',
  'closed',
] as const;

/** `amount × bp / 10000` rounded half away from zero: core's `applyBp` in SQL. */
function applyBpSql(amount: SQL, bp: SQL): SQL {
  return sql`(case when (${amount})::numeric * (${bp}) >= 0
      then trunc(((${amount})::numeric * (${bp}) + 5000) / 10000)
      else trunc(((${amount})::numeric * (${bp}) - 5000) / 10000) end)::bigint`;
}

export function precedenceSql(col: string): SQL {
  const whens = EVALUATION_RESULT_SOURCES.values.map(
    (s) => sql` when ${textSql(s)} then ${intSql(SOURCE_PRECEDENCE[s])}`,
  );
  return sql`(case ${sql.raw(col)}${sql.join(whens, sql``)} else 0 end)`;
}

const bp = (share: number) => intSql(Math.round(share * 10_000));

/**
 * One row per item funded in `year` in the scope: its department, base (approved amount), final
 * grade (the highest-precedence source, then the latest), whether a finding on it is still
 * unrectified, and the cut by core's `proposeControlNumbers` rule (JX-2, EV-11). Set-based: one
 * pass over the year's items and results. `test/proposal-parity.test.ts` proves it equal to core.
 */
export function proposalLinesSql(year: number, scopePath: string, cfg: ResultApplicationConfig): SQL {
  const cut = cutSharesBp(cfg);
  return sql`with items as (
      select bi.id as item_id, bi.approved_amount_fen as base_fen,
             substring(o.path from '/o([0-9]+)/')::int as dept_id
        from budget_items bi join org_units o on o.id = bi.org_unit_id
       where bi.kind in ('project', 'policy') and bi.fiscal_year_start <= ${intSql(year)}
         and bi.fiscal_year_end >= ${intSql(year)}
         and bi.state in (${sql.join(FUNDED_STATES.map(textSql), sql`, `)})
         and o.path like ${`${scopePath}%`}
    ), final as (
      select distinct on (r.item_id) r.item_id, r.grade
        from evaluation_results r
       where r.subject_kind = 'item' and r.fiscal_year = ${intSql(year)}
       order by r.item_id, ${precedenceSql('r.source')} desc, r.id desc
    ), distorted as (
      select r.item_id from evaluation_results r
       where r.subject_kind = 'item' and r.fiscal_year = ${intSql(year)} and r.distortion
       group by r.item_id
    ), open_findings as (
      select f.item_id from evaluation_findings f
        join evaluation_results r on r.id = f.result_id
        left join rectification_tasks t on t.id = f.rectification_task_id
       where r.fiscal_year = ${intSql(year)} and f.required_action is not null
         and f.item_id is not null and (t.id is null or t.status <> 'accepted')
       group by f.item_id
    ), graded as (
      select i.item_id, i.dept_id, i.base_fen, fi.grade,
             (case fi.grade when 'poor' then ${intSql(cut.poorBp)} when 'fair' then ${intSql(cut.fairBp)} else 0 end) as grade_cut_bp,
             (uf.item_id is not null) as unrectified,
             (d.item_id is not null) as distortion
        from items i
        left join final fi on fi.item_id = i.item_id
        left join open_findings uf on uf.item_id = i.item_id
        left join distorted d on d.item_id = i.item_id
    )
    select g.item_id, g.dept_id, g.base_fen, g.grade, g.grade_cut_bp,
           (case when g.unrectified then ${intSql(cut.extraBp)} else 0 end) as extra_cut_bp,
           least(g.grade_cut_bp + (case when g.unrectified then ${intSql(cut.extraBp)} else 0 end), 10000) as cut_bp,
           ${applyBpSql(sql`g.base_fen`, sql`least(g.grade_cut_bp + (case when g.unrectified then ${intSql(cut.extraBp)} else 0 end), 10000)`)} as cut_fen,
           (coalesce(g.grade = 'excellent', false) and not g.unrectified) as priority,
           g.unrectified, g.distortion
      from graded g`;
}

/**
 * The department-wide grade for `year` (the finance bureau's department evaluation over the
 * department's reviewed self-evaluation, then the latest) and core's adjustment of the total.
 */
function departmentAdjustmentSql(year: number, cfg: ResultApplicationConfig): SQL {
  const whens = GRADES.values.map((g) => sql` when ${textSql(g)} then ${bp(cfg.departmentAdjustment[g])}`);
  return sql`select distinct on (r.org_unit_id) r.org_unit_id as dept_id, r.grade as dept_grade,
        (case r.grade${sql.join(whens, sql``)} else 0 end) as adj_bp
      from evaluation_results r
     where r.subject_kind = 'department' and r.fiscal_year = ${intSql(year)}
     order by r.org_unit_id, ${precedenceSql('r.source')} desc, r.id desc`;
}

/** Per department: base, items' cuts, the department adjustment and the proposed total, over `linesFrom`. */
export function departmentTotalsSql(linesFrom: SQL, year: number, cfg: ResultApplicationConfig): SQL {
  return sql`with sums as (
      select l.dept_id, sum(l.base_fen)::bigint as base_fen, sum(l.cut_fen)::bigint as items_cut_fen
        from ${linesFrom} l group by l.dept_id
    )
    select s.dept_id, s.base_fen, s.items_cut_fen, a.dept_grade, coalesce(a.adj_bp, 0) as adj_bp,
           ${applyBpSql(sql`s.base_fen - s.items_cut_fen`, sql`coalesce(a.adj_bp, 0)`)} as adj_fen,
           s.base_fen - s.items_cut_fen + ${applyBpSql(sql`s.base_fen - s.items_cut_fen`, sql`coalesce(a.adj_bp, 0)`)} as proposed_fen
      from sums s left join (${departmentAdjustmentSql(year, cfg)}) a on a.dept_id = s.dept_id`;
}
