import { type PolicyConfig, parseIsoDate, policyForFundType } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../client.ts';

type Monitoring = PolicyConfig['monitoring'];
type PerFundType = 'lagYellowPoints' | 'lagOrangePoints' | 'lagRedPoints' | 'reportOverdueDays';

/**
 * A threshold as SQL for the item whose fund type is in `fundTypeColumn`: the global value, or a
 * CASE over the fund types that set their own (`fundTypes.<id>.monitoring`). `scale` turns points
 * into basis points.
 */
export function thresholdByFundType(
  config: PolicyConfig,
  key: PerFundType,
  fundTypeColumn: string,
  scale = 1,
): SQL {
  const threshold = (m: Monitoring) => Math.round(m[key] * scale);
  const global = threshold(config.monitoring);
  const own = Object.keys(config.fundTypes)
    .map((id) => [id, threshold(policyForFundType(config, id).monitoring)] as const)
    .filter(([, value]) => value !== global);
  if (own.length === 0) return sql.raw(String(global));
  const cases = own.map(([id, value]) => sql`when ${id}::text then ${sql.raw(String(value))}`);
  return sql`(case ${sql.raw(fundTypeColumn)} ${sql.join(cases, sql` `)} else ${sql.raw(String(global))} end)`;
}

const SEVERITY = (lagBp: string, config: PolicyConfig) => {
  const band = (key: PerFundType) => thresholdByFundType(config, key, 'i.fund_type_id', 100);
  return sql`case when ${sql.raw(lagBp)} > ${band('lagRedPoints')} then 'red'
                when ${sql.raw(lagBp)} > ${band('lagOrangePoints')} then 'orange'
                when ${sql.raw(lagBp)} > ${band('lagYellowPoints')} then 'yellow' end`;
};

const pct = (bp: string) => `to_char(${bp} / 100.0, 'FM9990.0')`;

/** 1. Execution behind time progress (MO-6), in each fund type's lag bands. */
function executionLag(config: PolicyConfig): SQL {
  // Integer arithmetic (exact, and several times faster than numeric over a province); numeric only
  // where paid × 10000 could leave bigint.
  const rate = `(case when i.approved <= 0 then 10000
                     when i.paid < 900000000000000 then i.paid * 10000 / i.approved
                     else floor(i.paid * 10000.0 / i.approved)::bigint end)`;
  const lag = `(i.tp - ${rate})`;
  return sql`
    select i.id as item_id, i.fy as fiscal_year, 'core:execution-lag'::text as rule_id, 'core:execution-lag'::text as finding_key,
           s.severity::text as severity,
           '支出进度滞后：执行率' || ${sql.raw(pct(rate))} || '%，序时进度' || ${sql.raw(pct('i.tp'))} || '%，落后'
             || ${sql.raw(pct(lag))} || '个百分点' as message,
           (case s.severity when 'red' then 'suspend_payment' when 'orange' then 'rectify' else 'remind' end)::text as suggested_action,
           jsonb_build_object('executionRateBp', ${sql.raw(rate)}::int, 'timeProgressBp', i.tp, 'lagBp', ${sql.raw(lag)}::int,
                              'paidFen', i.paid, 'approvedFen', i.approved) as details
    from sweep_items i
    cross join lateral (select ${SEVERITY(lag, config)} as severity) s
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

/** 4. Indicators whose progress has not been reported for too long (each fund type's deadline). */
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
  const share = 1 - config.monitoring.deviationExplainShare;
  await tx.execute(sql`
    create unlogged table sweep_ind as
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
        case when x.reported_on is null then null
             when x.likelihood = 'impossible' or x.qualitative_status = 'not_met' or x.completion < 0.5 then 'red'
             when x.completion < ${share}::float8 then 'orange'
             when x.qualitative_status = 'partly_met' then 'yellow' end as risk,
        coalesce(x.reported_on, make_date(x.fy, 1, 1)) < ${asOf}::date - x.overdue_days
          and make_date(x.fy, 1, 1) < ${asOf}::date - x.overdue_days as overdue
      from (
        -- Double precision throughout: numeric arithmetic over a province's indicators is several times slower.
        select w.*, case
            when w.operator = 'qualitative' then case w.qualitative_status when 'met' then 1::float8 when 'partly_met' then 0.7::float8 when 'not_met' then 0.3::float8 end
            when w.forecast is null then null
            when w.operator = 'gte' then case when w.target_value > 0 then least(1::float8, greatest(0::float8, w.forecast / w.target_value)) else 1::float8 end
            when w.operator = 'lte' then case when w.forecast <= w.target_value then 1::float8 when w.forecast > 0 then greatest(0::float8, w.target_value / w.forecast) else 0::float8 end
            when w.operator = 'eq' then case when w.target_value = 0 then case when w.forecast = 0 then 1::float8 else 0::float8 end
                                            else greatest(0::float8, 1 - abs(w.forecast - w.target_value) / abs(w.target_value)) end
            when w.operator = 'range' then case when w.forecast between w.target_min and w.target_max then 1::float8
                                                when w.forecast < w.target_min and w.target_min <> 0 then greatest(0::float8, 1 - (w.target_min - w.forecast) / abs(w.target_min))
                                                when w.forecast > w.target_max and w.target_max <> 0 then greatest(0::float8, 1 - (w.forecast - w.target_max) / abs(w.target_max))
                                                else 0::float8 end
          end as completion
        from (
          select ind.id, ind.item_id, i.fy, ${thresholdByFundType(config, 'reportOverdueDays', 'i.fund_type_id')}::int as overdue_days,
                 ind.name, ind.operator, ind.target_value, ind.target_min, ind.target_max,
                 l.reported_on, l.qualitative_status, l.likelihood, l.deviation_reason, l.corrective_measure,
                 coalesce(l.forecast_value, case when l.actual_value is null then null
                     when ind.operator = 'gte' and ind.unit <> '%' and i.fy = date_part('year', l.reported_on)
                       then l.actual_value * 12 / date_part('month', l.reported_on)
                     else l.actual_value end) as forecast
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
 * The core 双监控 rules as set-based SQL over every monitored item at once (the working set
 * materialised by `materialiseSweepData`). Their findings become the `sweep_findings` table, in
 * one CREATE TABLE … AS so that PostgreSQL can run the four rules in parallel workers (an
 * INSERT … SELECT never runs in parallel); plugin findings are added to it afterwards.
 */
export async function runCoreRules(tx: Tx, asOf: string, config: PolicyConfig): Promise<void> {
  await judgeIndicators(tx, asOf, config);
  await tx.execute(sql`
    create unlogged table sweep_findings as
    ${executionLag(config)}
    union all ${noPayment(asOf, config.monitoring)}
    union all ${TARGET_AT_RISK}
    union all ${REPORT_OVERDUE}`);
  await tx.execute(sql`alter table sweep_findings alter column message set not null, alter column suggested_action set not null,
    alter column details set not null, add primary key (item_id, fiscal_year, finding_key)`);
}
