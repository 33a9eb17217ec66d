import { type ManagementFacts, targetsOnTime } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../actor.ts';
import { selfEvaluationCoverage } from '../chat/coverage.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { deadlineIn } from './deadlines.ts';

/** Who is assessed: a department of the region, or a county finance bureau (for its whole county). */
export interface Party {
  partyId: number;
  partyKind: 'department' | 'county';
  name: string;
  code: string;
  /** Prefix of the org paths whose data counts for it. */
  pathPrefix: string;
  /** The region whose publications count as its disclosure. */
  regionId: number;
}

/** The departments of a region and the finance bureaus of the counties under it. */
export async function partiesOf(db: DbOrTx, regionId: number): Promise<Party[]> {
  const rows = await queryRows<{
    id: number;
    name: string;
    code: string;
    path: string;
    kind: string;
    rpath: string;
    rid: number;
  }>(
    db,
    sql`select o.id, o.name, o.code, o.path, 'department' as kind, r.path as rpath, r.id as rid
          from org_units o join regions r on r.id = o.region_id
         where o.kind = 'department' and o.region_id = ${regionId}::int
        union all
        select o.id, o.name, o.code, o.path, 'county' as kind, r.path as rpath, r.id as rid
          from org_units o join regions r on r.id = o.region_id
         where o.kind = 'finance_bureau' and r.parent_id = ${regionId}::int
        order by 5, 3`,
  );
  return rows.map((r) => ({
    partyId: Number(r.id),
    partyKind: r.kind as Party['partyKind'],
    name: r.name,
    code: r.code,
    pathPrefix: r.kind === 'county' ? r.rpath : r.path,
    regionId: Number(r.rid),
  }));
}

interface Counts {
  first_reviewed: number;
  first_passed: number;
  indicators_due: number;
  indicators_reported: number;
  warnings: number;
  warnings_ack: number;
  warnings_handled: number;
  tasks_due: number;
  tasks_on_time: number;
  result_tasks_due: number;
  result_tasks_on_time: number;
  disclosed: number;
  distortions: number;
}

/**
 * What the system recorded of a party's performance-management work in a year (DI-6), each a
 * count of what was due and what was done: targets first submitted by the region's deadline, first submissions
 * approved without return, indicators with a monitoring report, warnings acknowledged and
 * handled, rectification tasks accepted by their deadline (those opened from evaluation results'
 * findings counted apart, seed §十), and whether it is in a published set.
 * Self-evaluation coverage is of the year before (self-evaluated in the assessed year), in money
 * against the required share, as are the distortions the spot checks found in those self-evaluations.
 */
export async function managementFacts(
  db: DbOrTx,
  party: Party,
  fiscalYear: number,
  today: string,
  selfEvaluationMinShare: number,
): Promise<ManagementFacts> {
  const prefix = `${party.pathPrefix}%`;
  const [c] = await queryRows<Counts>(
    db,
    sql`with its as (
          select i.id from budget_items i join org_units o on o.id = i.org_unit_id
           where o.path like ${prefix} and i.fiscal_year_start <= ${fiscalYear}::int and i.fiscal_year_end >= ${fiscalYear}::int),
        v as (
          select * from target_versions
           where item_id in (select id from its) and (fiscal_year = ${fiscalYear}::int or fiscal_year is null)),
        tasks as (
          -- Due: past its deadline or accepted. On time: accepted (China date) by its deadline.
          select exists (select 1 from evaluation_findings f where f.rectification_task_id = k.id) as from_result,
                 (k.status = 'accepted' and (k.reviewed_at at time zone 'Asia/Shanghai')::date <= k.deadline) as on_time
            from rectification_tasks k
           where k.item_id in (select id from its) and k.status <> 'cancelled'
             and (k.deadline < ${today}::date or k.status = 'accepted'))
        select
          (select count(*) from v where version = 1 and status <> 'submitted')::int as first_reviewed,
          (select count(*) from v where version = 1 and status = 'approved')::int as first_passed,
          (select count(*) from indicators ind join performance_targets t on t.id = ind.target_id
            where ind.item_id in (select id from its) and t.fiscal_year = ${fiscalYear}::int)::int as indicators_due,
          (select count(distinct r.indicator_id) from indicator_reports r
            where r.item_id in (select id from its) and r.fiscal_year = ${fiscalYear}::int)::int as indicators_reported,
          (select count(*) from warnings w where w.item_id in (select id from its) and w.fiscal_year = ${fiscalYear}::int)::int as warnings,
          (select count(*) from warnings w where w.item_id in (select id from its) and w.fiscal_year = ${fiscalYear}::int
              and w.acknowledged_at is not null)::int as warnings_ack,
          (select count(*) from warnings w where w.item_id in (select id from its) and w.fiscal_year = ${fiscalYear}::int
              and w.status in ('resolved', 'closed'))::int as warnings_handled,
          (select count(*) from tasks k where not k.from_result)::int as tasks_due,
          (select count(*) from tasks k where not k.from_result and k.on_time)::int as tasks_on_time,
          (select count(*) from tasks k where k.from_result)::int as result_tasks_due,
          (select count(*) from tasks k where k.from_result and k.on_time)::int as result_tasks_on_time,
          (select count(*) from publications p where p.region_id = ${party.regionId}::int and p.fiscal_year = ${fiscalYear}::int
              and p.status = 'approved' and p.publish_on <= ${today}::date
              and (${party.partyKind} = 'county' or exists (
                select 1 from jsonb_array_elements(p.public -> 'subjects') s where s ->> 'departmentKey' = ${party.code})))::int as disclosed,
          (select count(*) from evaluation_results er where er.item_id in (select id from its)
              and er.source = 'spot_check' and er.distortion and er.fiscal_year = ${fiscalYear - 1}::int)::int as distortions`,
  );
  const n = (k: keyof Counts) => Number(c?.[k] ?? 0);
  // Each item's first submission of the year's targets, as a China date; judged in core.
  const firsts = await queryRows<{ first: string | null }>(
    db,
    sql`select ((min(v.submitted_at) at time zone 'Asia/Shanghai')::date)::text as first
          from budget_items i join org_units o on o.id = i.org_unit_id
          left join target_versions v on v.item_id = i.id and v.subject = 'item'
               and (v.fiscal_year = ${fiscalYear}::int or v.fiscal_year is null)
         where o.path like ${prefix} and i.fiscal_year_start <= ${fiscalYear}::int and i.fiscal_year_end >= ${fiscalYear}::int
         group by i.id`,
  );
  const deadline = await deadlineIn(db, party.regionId, fiscalYear);
  const cov = await selfEvaluationCoverage(
    db,
    { ...SYSTEM_ACTOR, scopePath: party.pathPrefix },
    fiscalYear - 1,
  );
  return {
    partyId: party.partyId,
    name: party.name,
    targetsOnTime: targetsOnTime(
      firsts.map((r) => r.first),
      deadline,
      today,
    ),
    targetsDeadline: deadline,
    targetsFirstPass: { done: n('first_passed'), due: n('first_reviewed') },
    monitoringReports: { done: n('indicators_reported'), due: n('indicators_due') },
    warningsAcknowledged: { done: n('warnings_ack'), due: n('warnings') },
    warningsHandled: { done: n('warnings_handled'), due: n('warnings') },
    selfEvaluationCoverage: {
      done: cov.evaluatedFen,
      due: Math.round(cov.approvedFen * selfEvaluationMinShare),
    },
    distortions: n('distortions'),
    rectificationsOnTime: { done: n('tasks_on_time'), due: n('tasks_due') },
    resultRectificationsOnTime: { done: n('result_tasks_on_time'), due: n('result_tasks_due') },
    disclosure: { done: Math.min(1, n('disclosed')), due: 1 },
  };
}
