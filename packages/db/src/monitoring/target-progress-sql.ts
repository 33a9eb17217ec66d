import { orangeCompletionBelow, type PolicyConfig } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { float8Sql } from '../sql-literals.ts';
import { byFundTypeSql } from './lag-sql.ts';

/**
 * Core's target-progress rules (`forecastYearEndValue`, `indicatorCompletion` with
 * `quantitativeCompletion` / `qualitativeCompletion`, `targetRisk`, `isReportOverdue`) as SQL over
 * columns, for the sweep's one pass over a province's indicators. Double precision throughout:
 * numeric arithmetic over that many rows is several times slower. Arguments are SQL expressions;
 * `test/rule-parity.test.ts` checks them against core on the real database.
 */

const clamp01 = (x: SQL) => sql`least(1::float8, greatest(0::float8, ${x}))`;

/** Expected year-end value: the forecast, else the actual (a "≥" count reported in its year extrapolated to 12 months). */
export function forecastYearEndValueSql(c: {
  operator: SQL;
  unit: SQL;
  fiscalYear: SQL;
  reportedOn: SQL;
  actualValue: SQL;
  forecastValue: SQL;
}): SQL {
  return sql`coalesce(${c.forecastValue}, case when ${c.actualValue} is null then null
      when ${c.operator} = 'gte' and ${c.unit} <> '%' and ${c.fiscalYear} = date_part('year', ${c.reportedOn})
        then ${c.actualValue} * 12 / date_part('month', ${c.reportedOn})
      else ${c.actualValue} end)`;
}

/** Completion in [0, 1] of a value against the indicator's target, or of a qualitative status; null when it cannot be judged. */
export function indicatorCompletionSql(
  c: { operator: SQL; targetValue: SQL; targetMin: SQL; targetMax: SQL; value: SQL; qualitativeStatus: SQL },
  config: PolicyConfig,
): SQL {
  const b = config.qualitativeBands;
  const { value: v, targetValue: t, targetMin: lo, targetMax: hi } = c;
  const edge = sql`(case when ${v} < ${lo} then ${lo} else ${hi} end)`;
  return sql`(case
      when ${c.operator} = 'qualitative' then case ${c.qualitativeStatus}
          when 'met' then ${float8Sql(b.met)} when 'partly_met' then ${float8Sql(b.partlyMet)}
          when 'not_met' then ${float8Sql(b.notMet)} end
      when ${v} is null then null::float8
      when ${c.operator} = 'gte' then case when ${t} is null then null when ${v} >= ${t} then 1::float8
          when ${t} <= 0 then 0::float8 else ${clamp01(sql`${v} / ${t}`)} end
      when ${c.operator} = 'lte' then case when ${t} is null then null when ${v} <= ${t} then 1::float8
          when ${v} <= 0 then 0::float8 else ${clamp01(sql`${t} / ${v}`)} end
      when ${c.operator} = 'eq' then case when ${t} is null then null when ${v} = ${t} then 1::float8
          when ${t} = 0 then 0::float8 else ${clamp01(sql`1 - abs(${v} - ${t}) / abs(${t})`)} end
      when ${c.operator} = 'range' then case when ${lo} is null or ${hi} is null then null
          when ${v} >= ${lo} and ${v} <= ${hi} then 1::float8
          when ${edge} = 0 then 0::float8 else ${clamp01(sql`1 - abs(${v} - ${edge}) / abs(${edge})`)} end
    end)`;
}

/** The warning a judged indicator is worth: 'red', 'orange', 'yellow' or null. */
export function targetRiskSql(
  c: { completion: SQL; likelihood: SQL; qualitativeStatus: SQL },
  config: PolicyConfig,
): SQL {
  return sql`(case
      when ${c.likelihood} = 'impossible' or ${c.qualitativeStatus} = 'not_met'
        or ${c.completion} < ${float8Sql(config.monitoring.forecastCompletionRed)} then 'red'
      when ${c.completion} < ${float8Sql(orangeCompletionBelow(config))} then 'orange'
      when ${c.qualitativeStatus} = 'partly_met' then 'yellow' end)`;
}

/** True when an indicator's progress report is overdue on `asOf` (`lastReportedOn` null when never reported). */
export function reportOverdueSql(
  c: { lastReportedOn: SQL; fiscalYear: SQL; fundType?: SQL },
  asOf: string,
  config: PolicyConfig,
): SQL {
  const days = byFundTypeSql(config, c.fundType, (p) => p.monitoring.reportOverdueDays);
  const cutoff = sql`(${asOf}::date - ${days})`;
  const yearStart = sql`make_date(${c.fiscalYear}, 1, 1)`;
  return sql`(coalesce(${c.lastReportedOn}, ${yearStart}) < ${cutoff} and ${yearStart} < ${cutoff})`;
}
