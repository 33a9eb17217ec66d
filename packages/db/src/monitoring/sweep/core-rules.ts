import { CORE_RULE_INPUTS, type PolicyConfig, parseIsoDate, readsDate } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../client.ts';
import {
  byFundTypeSql,
  executionLagBpSql,
  executionRateBpSql,
  lagSeveritySql,
  lagSuggestedActionSql,
} from '../lag-sql.ts';
import {
  forecastYearEndValueSql,
  indicatorCompletionSql,
  reportOverdueSql,
  targetRiskSql,
} from '../target-progress-sql.ts';
import { workTable } from './working-set.ts';

const pct = (bp: string) => `to_char(${bp} / 100.0, 'FM9990.0')`;
const col = (name: string) => sql.raw(name);

/** 1. Execution behind time progress (MO-6), graded by core's `lagSeverity`. */
function executionLag(config: PolicyConfig): SQL {
  const paid = col('i.paid');
  const approved = col('i.approved');
  return sql`
    select i.id as item_id, i.fy as fiscal_year, 'core:execution-lag'::text as rule_id, 'core:execution-lag'::text as finding_key,
           s.severity::text as severity,
           '支出进度滞后：执行率' || ${sql.raw(pct('r.rate'))} || '%，序时进度' || ${sql.raw(pct('i.tp'))} || '%，落后'
             || ${sql.raw(pct('r.lag'))} || '个百分点' as message,
           ${lagSuggestedActionSql(col('s.severity'))}::text as suggested_action,
           jsonb_build_object('executionRateBp', r.rate::int, 'timeProgressBp', i.tp, 'lagBp', r.lag::int,
                              'paidFen', i.paid, 'approvedFen', i.approved) as details
    from sweep_items i
    cross join lateral (select ${executionRateBpSql(paid, approved)} as rate,
                               ${executionLagBpSql(paid, approved, col('i.tp'))} as lag) r
    cross join lateral (select ${lagSeveritySql(col('r.lag'), config, col('i.fund_type_id'))} as severity) s
    where s.severity is not null`;
}

/** 2. No payment at all once the configured month has ended. */
function noPayment(asOf: string, m: PolicyConfig['monitoring']): SQL {
  const { year, month } = parseIsoDate(asOf);
  const due = month > m.noPaymentByMonth;
  return sql`
    select i.id, i.fy, 'core:no-payment', 'core:no-payment', 'orange',
           '截至' || case when i.fy < ${year}::int then i.fy || '年底' else ${`${m.noPaymentByMonth}月底`}::text end
             || '尚无任何支付，请说明原因',
           'explain', jsonb_build_object('approvedFen', i.approved)
    from sweep_items i
    where i.paid = 0 and i.approved > 0 and (i.fy < ${year}::int or (i.fy = ${year}::int and ${due}::boolean))`;
}

/**
 * 5. 自评覆盖面 (EV-10, EV-12): from the configured days before the deadline of a finished year's
 * self-evaluations, every item of that year not yet self-evaluated (submitted or beyond) in a
 * department short of the required coverage — project funds, or special transfers for a special
 * transfer — is warned; orange once the deadline has passed. The shares are summed over the whole
 * department (not only the swept scope), as core `judgeCoverage` judges them.
 */
function selfEvaluationCoverage(asOf: string, config: PolicyConfig): SQL {
  const c = config.coverage;
  const [mm, dd] = c.selfEvaluationDeadline.split('-').map(Number);
  const deadline = sql.raw(`make_date(i.fy + 1, ${mm}, ${dd})`);
  const counted = sql.raw(`se.status in ('submitted', 'confirmed', 'accepted')`);
  const dept = sql.raw(`substring(o.path from '^(.*?o[0-9]+/)')`);
  return sql`
    select i.id, i.fy, 'core:self-evaluation-coverage', 'core:self-evaluation-coverage',
           case when ${asOf}::date > ${deadline} then 'orange' else 'yellow' end,
           cov.dept_name || i.fy || '年绩效自评覆盖率不足（'
             || concat_ws('；',
                  case when cov.project_short then '项目资金已自评' || to_char(cov.project_share * 100, 'FM990.0') || '%，要求不低于'
                    || to_char(${c.selfEvaluationMinShare * 100}::numeric, 'FM990') || '%' end,
                  case when cov.special_short then '专项转移支付已自评' || to_char(cov.special_share * 100, 'FM990.0') || '%，要求'
                    || to_char(${c.specialTransferMinShare * 100}::numeric, 'FM990') || '%' end)
             || '），本项目尚未提交' || i.fy || '年度绩效自评，请于' || to_char(${deadline}, 'YYYY"年"FMMM"月"FMDD"日"') || '前完成',
           'remind',
           jsonb_build_object('projectShare', cov.project_share, 'specialTransferShare', cov.special_share,
                              'deadline', to_char(${deadline}, 'YYYY-MM-DD'))
    from sweep_items i
    join org_units o on o.id = i.org_unit_id
    join (
      select d.path as dept_path, y.fy, d.name as dept_name,
             coalesce(sum(bi.approved_amount_fen) filter (where ${counted}), 0)::numeric
               / nullif(sum(bi.approved_amount_fen), 0) as project_share,
             coalesce(sum(bi.approved_amount_fen) filter (where bi.is_special_transfer and ${counted}), 0)::numeric
               / nullif(sum(bi.approved_amount_fen) filter (where bi.is_special_transfer), 0) as special_share,
             coalesce(coalesce(sum(bi.approved_amount_fen) filter (where ${counted}), 0)::numeric
               / nullif(sum(bi.approved_amount_fen), 0) < ${c.selfEvaluationMinShare - 1e-9}, false) as project_short,
             coalesce(coalesce(sum(bi.approved_amount_fen) filter (where bi.is_special_transfer and ${counted}), 0)::numeric
               / nullif(sum(bi.approved_amount_fen) filter (where bi.is_special_transfer), 0)
               < ${c.specialTransferMinShare - 1e-9}, false) as special_short
      from (select distinct si.fy from sweep_items si where si.fy < ${parseIsoDate(asOf).year}::int) y
      join budget_items bi on bi.fiscal_year_start <= y.fy and bi.fiscal_year_end >= y.fy
      join org_units o on o.id = bi.org_unit_id
      join org_units d on d.path = ${dept}
      left join self_evaluations se on se.item_id = bi.id and se.fiscal_year = y.fy
      where bi.kind <> 'department_wide' and bi.state in ('executing', 'suspended', 'self_evaluated', 'evaluated', 'closed')
      group by d.path, y.fy, d.name
    ) cov on cov.dept_path = ${dept} and cov.fy = i.fy
    where i.fy < ${parseIsoDate(asOf).year}::int and i.kind <> 'department_wide'
      and ${asOf}::date >= ${deadline} - ${c.warnDaysBefore}::int
      and (cov.project_short or (i.is_special_transfer and cov.special_short))
      and not exists (select 1 from self_evaluations se where se.item_id = i.id and se.fiscal_year = i.fy and ${counted})`;
}

/**
 * 3. Targets at risk: forecast year-end completion (reported, or extrapolated from a cumulative
 * count) far below target, "完全不可能", or a qualitative target not met. Each indicator's part of
 * the message and of the details was written by `judgeIndicators` (in parallel); here they are
 * only joined per item.
 */
const TARGET_AT_RISK = sql.raw(`
    select r.item_id, r.fy, 'core:target-at-risk', 'core:target-at-risk',
           (array['yellow','orange','red'])[max(case r.risk when 'yellow' then 1 when 'orange' then 2 else 3 end)],
           count(*) || '项绩效指标预计完不成：' || string_agg(r.risk_text, '；' order by r.completion nulls first, r.name)
             || case when bool_or(r.unexplained) then '。请说明偏差原因并提出纠偏措施' else '' end,
           case when bool_or(r.unexplained) then 'explain' else 'rectify' end,
           ('{"indicators":[' || string_agg(r.risk_json, ',' order by r.id) || ']}')::jsonb
    from sweep_ind r where r.risk is not null
    group by r.item_id, r.fy`);

/** 4. Indicators whose progress has not been reported for too long (each fund type's own limit). */
const REPORT_OVERDUE = sql.raw(`
    select si.item_id, si.fy, 'core:report-overdue', 'core:report-overdue', 'yellow',
           count(*) || '项绩效指标超过' || max(si.overdue_days)::text || '天未填报完成情况：' || string_agg(si.name, '、' order by si.id),
           'remind', jsonb_build_object('indicatorIds', json_agg(si.id order by si.id)::jsonb, 'overdueDays', max(si.overdue_days))
    from sweep_ind si where si.overdue
    group by si.item_id, si.fy`);

/**
 * Every approved indicator of the monitored items judged once, in one pass over the indicators
 * and their latest reports: its forecast completion, the risk that gives, and whether its report
 * is overdue. Only the indicators that are at risk or overdue are kept, narrow (the leader process
 * writes every row the parallel workers find); rules 3 and 4 read them.
 */
async function judgeIndicators(tx: Tx, asOf: string, config: PolicyConfig): Promise<void> {
  const completion = indicatorCompletionSql(
    {
      operator: col('w.operator'),
      targetValue: col('w.target_value'),
      targetMin: col('w.target_min'),
      targetMax: col('w.target_max'),
      value: col('w.forecast'),
      qualitativeStatus: col('w.qualitative_status'),
    },
    config,
  );
  const risk = targetRiskSql(
    {
      completion: col('x.completion'),
      likelihood: col('x.likelihood'),
      qualitativeStatus: col('x.qualitative_status'),
    },
    config,
  );
  const overdue = reportOverdueSql(
    { lastReportedOn: col('x.reported_on'), fiscalYear: col('x.fy'), fundType: col('x.fund_type_id') },
    asOf,
    config,
  );
  const forecast = forecastYearEndValueSql({
    operator: col('ind.operator'),
    unit: col('ind.unit'),
    fiscalYear: col('i.fy'),
    reportedOn: col('l.reported_on'),
    actualValue: col('l.actual_value'),
    forecastValue: col('l.forecast_value'),
  });
  await tx.execute(sql`
    ${workTable(tx)} sweep_ind as
    select y.id, y.item_id, y.fy, y.name, y.completion, y.risk, y.overdue, y.overdue_days,
           case when y.risk is not null then y.name || case
               when y.operator = 'qualitative' then case y.qualitative_status when 'not_met' then '（未达成）' else '（部分达成）' end
               when y.likelihood = 'impossible' and y.completion is null then '（填报为完全不可能完成）'
               else '（预计完成' || coalesce(to_char(y.completion * 100, 'FM990') || '%', '未知') || '）' end
           end as risk_text,
           case when y.risk is not null then '{"indicatorId":' || y.id || ',"name":' || to_json(y.name)::text
               || ',"completion":' || coalesce(round(y.completion::numeric, 3)::text, 'null')
               || ',"likelihood":' || coalesce(to_json(y.likelihood)::text, 'null')
               || ',"deviationReason":' || coalesce(to_json(y.deviation_reason)::text, 'null') || '}'
           end as risk_json,
           y.deviation_reason is null or y.corrective_measure is null as unexplained
    from (
      select x.*,
        case when x.reported_on is not null then ${risk} end as risk,
        ${overdue} as overdue
      from (
        select w.*, ${completion} as completion
        from (
          select ind.id, ind.item_id, i.fy, i.fund_type_id,
                 ${byFundTypeSql(config, col('i.fund_type_id'), (c) => c.monitoring.reportOverdueDays)} as overdue_days, ind.name, ind.operator, ind.target_value, ind.target_min, ind.target_max,
                 l.reported_on, l.qualitative_status, l.likelihood, l.deviation_reason, l.corrective_measure,
                 ${forecast} as forecast
          from sweep_items i
          join indicators ind on ind.target_id = i.target_id
          left join sweep_latest l on l.indicator_id = ind.id
          where i.target_status = 'approved'
        ) w
      ) x
    ) y
    where y.risk is not null or y.overdue`);
  await tx.execute(sql`analyze sweep_ind`);
}

/**
 * A core rule's findings; in a nightly run, those of a rule that does not read the date only for
 * the changed items (the others' answers stand, and their warnings are not judged: `judgedWarningsSql`).
 */
function onlyWhereDue(ruleId: keyof typeof CORE_RULE_INPUTS, findings: SQL, nightly: boolean): SQL {
  if (!nightly || readsDate(CORE_RULE_INPUTS[ruleId])) return findings;
  return sql`select x.* from (${findings}) x
    where x.item_id in (select item_id from sweep_dirty where not portfolio_only)`;
}

/**
 * The core 双监控 rules as set-based SQL over every monitored item at once (the working set
 * materialised by `materialiseSweepData`). Their findings become the `sweep_findings` table, in
 * one CREATE TABLE … AS so that PostgreSQL can run the four rules in parallel workers (an
 * INSERT … SELECT never runs in parallel); plugin findings are added to it afterwards.
 */
export async function runCoreRules(
  tx: Tx,
  asOf: string,
  config: PolicyConfig,
  opts: { nightly: boolean } = { nightly: false },
): Promise<void> {
  const m = config.monitoring;
  await judgeIndicators(tx, asOf, config);
  await tx.execute(sql`
    ${workTable(tx)} sweep_findings as
    ${onlyWhereDue('core:execution-lag', executionLag(config), opts.nightly)}
    union all ${onlyWhereDue('core:no-payment', noPayment(asOf, m), opts.nightly)}
    union all ${onlyWhereDue('core:target-at-risk', TARGET_AT_RISK, opts.nightly)}
    union all ${onlyWhereDue('core:report-overdue', REPORT_OVERDUE, opts.nightly)}
    union all ${onlyWhereDue('core:self-evaluation-coverage', selfEvaluationCoverage(asOf, config), opts.nightly)}`);
  await tx.execute(sql`alter table sweep_findings alter column message set not null, alter column suggested_action set not null,
    alter column details set not null, add primary key (item_id, fiscal_year, finding_key)`);
}
