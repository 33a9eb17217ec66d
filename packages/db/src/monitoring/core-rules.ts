import { type PolicyConfig, parseIsoDate } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import type { Tx } from '../client.ts';

const SEVERITY = (lagBp: string, c: PolicyConfig['monitoring']) =>
  sql.raw(`case when ${lagBp} > ${Math.round(c.lagRedPoints * 100)} then 'red'
                when ${lagBp} > ${Math.round(c.lagOrangePoints * 100)} then 'orange'
                when ${lagBp} > ${Math.round(c.lagYellowPoints * 100)} then 'yellow' end`);

/**
 * The core 双监控 rules as set-based SQL over every monitored item at once (the working set
 * materialised by `materialiseSweepData`). Each writes its findings into the `sweep_findings`
 * temp table; nothing here runs per item in JavaScript.
 */
export async function runCoreRules(tx: Tx, asOf: string, config: PolicyConfig): Promise<void> {
  const m = config.monitoring;
  const asOfYear = parseIsoDate(asOf).year;
  const asOfMonth = parseIsoDate(asOf).month;
  const pct = (bp: string) => `to_char(${bp} / 100.0, 'FM9990.0')`;

  // 1. Execution behind time progress (MO-6).
  // Integer arithmetic (exact, and several times faster than numeric over a province); numeric only
  // where paid × 10000 could leave bigint.
  const rate = `(case when i.approved <= 0 then 10000
                     when i.paid < 900000000000000 then i.paid * 10000 / i.approved
                     else floor(i.paid * 10000.0 / i.approved)::bigint end)`;
  const lag = `(i.tp - ${rate})`;
  await tx.execute(sql`
    insert into sweep_findings (item_id, fiscal_year, rule_id, finding_key, severity, message, suggested_action, details)
    select i.id, i.fy, 'core:execution-lag', 'core:execution-lag', s.severity,
           '支出进度滞后：执行率' || ${sql.raw(pct(rate))} || '%，序时进度' || ${sql.raw(pct('i.tp'))} || '%，落后'
             || ${sql.raw(pct(lag))} || '个百分点',
           case s.severity when 'red' then 'suspend_payment' when 'orange' then 'rectify' else 'remind' end,
           jsonb_build_object('executionRateBp', ${sql.raw(rate)}::int, 'timeProgressBp', i.tp, 'lagBp', ${sql.raw(lag)}::int,
                              'paidFen', i.paid, 'approvedFen', i.approved)
    from sweep_items i
    cross join lateral (select ${SEVERITY(lag, m)} as severity) s
    where s.severity is not null`);

  // 2. No payment at all once the configured month has ended.
  const noPaymentDue = asOfMonth > m.noPaymentByMonth;
  await tx.execute(sql`
    insert into sweep_findings (item_id, fiscal_year, rule_id, finding_key, severity, message, suggested_action, details)
    select i.id, i.fy, 'core:no-payment', 'core:no-payment', 'orange',
           '截至' || case when i.fy < ${asOfYear}::int then i.fy || '年底' else ${`${m.noPaymentByMonth}月底`}::text end
             || '尚无任何支付，请说明原因',
           'explain', jsonb_build_object('approvedFen', i.approved)
    from sweep_items i
    where i.paid = 0 and i.approved > 0 and (i.fy < ${asOfYear}::int or (i.fy = ${asOfYear}::int and ${noPaymentDue}::boolean))`);

  // 3. Targets at risk: forecast year-end completion (reported, or extrapolated from a cumulative
  //    count) far below target, "完全不可能", or a qualitative target not met. Starts from the
  //    latest reports: only reported indicators can be at risk.
  const share = 1 - m.deviationExplainShare;
  await tx.execute(sql`
    insert into sweep_findings (item_id, fiscal_year, rule_id, finding_key, severity, message, suggested_action, details)
    with si as (
      select ind.id, ind.item_id, i.fy, ind.name, ind.operator, ind.unit, ind.target_value, ind.target_min, ind.target_max,
             l.reported_on, l.actual_value, l.qualitative_status, l.forecast_value, l.likelihood, l.deviation_reason, l.corrective_measure
      from sweep_latest l
      join indicators ind on ind.id = l.indicator_id
      join sweep_items i on i.target_id = ind.target_id
      join performance_targets t on t.id = ind.target_id and t.status = 'approved'
    ),
    scored as (
      -- Double precision throughout: numeric arithmetic over a province's indicators is several times slower.
      select x.*, case
          when x.operator = 'qualitative' then case x.qualitative_status when 'met' then 1::float8 when 'partly_met' then 0.7::float8 when 'not_met' then 0.3::float8 end
          when x.forecast is null then null
          when x.operator = 'gte' then case when x.target_value > 0 then least(1::float8, greatest(0::float8, x.forecast / x.target_value)) else 1::float8 end
          when x.operator = 'lte' then case when x.forecast <= x.target_value then 1::float8 when x.forecast > 0 then greatest(0::float8, x.target_value / x.forecast) else 0::float8 end
          when x.operator = 'eq' then case when x.target_value = 0 then case when x.forecast = 0 then 1::float8 else 0::float8 end
                                          else greatest(0::float8, 1 - abs(x.forecast - x.target_value) / abs(x.target_value)) end
          when x.operator = 'range' then case when x.forecast between x.target_min and x.target_max then 1::float8
                                              when x.forecast < x.target_min and x.target_min <> 0 then greatest(0::float8, 1 - (x.target_min - x.forecast) / abs(x.target_min))
                                              when x.forecast > x.target_max and x.target_max <> 0 then greatest(0::float8, 1 - (x.forecast - x.target_max) / abs(x.target_max))
                                              else 0::float8 end
        end as completion
      from (
        select si.*, coalesce(si.forecast_value,
          case when si.actual_value is null then null
               when si.operator = 'gte' and si.unit <> '%' and si.fy = date_part('year', si.reported_on)
                 then si.actual_value * 12 / date_part('month', si.reported_on)
               else si.actual_value end) as forecast
        from si where si.reported_on is not null
      ) x
    ),
    risky as (
      select s.*, case
          when s.likelihood = 'impossible' or s.qualitative_status = 'not_met' or s.completion < 0.5 then 'red'
          when s.completion < ${share}::float8 then 'orange'
          when s.qualitative_status = 'partly_met' then 'yellow' end as severity
      from scored s
    )
    select r.item_id, r.fy, 'core:target-at-risk', 'core:target-at-risk',
           (array['yellow','orange','red'])[max(case r.severity when 'yellow' then 1 when 'orange' then 2 else 3 end)],
           count(*) || '项绩效指标预计完不成：' || string_agg(r.name || case
               when r.operator = 'qualitative' then case r.qualitative_status when 'not_met' then '（未达成）' else '（部分达成）' end
               when r.likelihood = 'impossible' and r.completion is null then '（填报为完全不可能完成）'
               else '（预计完成' || coalesce(to_char(r.completion * 100, 'FM990') || '%', '未知') || '）' end,
             '；' order by r.completion nulls first, r.name)
             || case when bool_or(r.deviation_reason is null or r.corrective_measure is null) then '。请说明偏差原因并提出纠偏措施' else '' end,
           case when bool_or(r.deviation_reason is null or r.corrective_measure is null) then 'explain' else 'rectify' end,
           jsonb_build_object('indicators', jsonb_agg(jsonb_build_object('indicatorId', r.id, 'name', r.name,
             'completion', round(r.completion::numeric, 3), 'likelihood', r.likelihood, 'deviationReason', r.deviation_reason) order by r.id))
    from risky r where r.severity is not null
    group by r.item_id, r.fy`);

  // 4. Indicators whose progress has not been reported for too long (narrow: only names and dates).
  await tx.execute(sql`
    insert into sweep_findings (item_id, fiscal_year, rule_id, finding_key, severity, message, suggested_action, details)
    select si.item_id, si.fy, 'core:report-overdue', 'core:report-overdue', 'yellow',
           count(*) || '项绩效指标超过' || ${m.reportOverdueDays}::text || '天未填报完成情况：' || string_agg(si.name, '、' order by si.id),
           'remind', jsonb_build_object('indicatorIds', jsonb_agg(si.id order by si.id), 'overdueDays', ${m.reportOverdueDays}::int)
    from (
      select ind.id, ind.item_id, i.fy, ind.name, l.reported_on
      from sweep_items i
      join performance_targets t on t.id = i.target_id and t.status = 'approved'
      join indicators ind on ind.target_id = t.id
      left join sweep_latest l on l.indicator_id = ind.id
    ) si
    where coalesce(si.reported_on, make_date(si.fy, 1, 1)) < ${asOf}::date - ${m.reportOverdueDays}::int
      and make_date(si.fy, 1, 1) < ${asOf}::date - ${m.reportOverdueDays}::int
    group by si.item_id, si.fy`);
}
