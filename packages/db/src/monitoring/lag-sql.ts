import {
  LAG_SUGGESTED_ACTIONS,
  lagThresholdsBp,
  type PolicyConfig,
  policyForFundType,
  SEVERITIES,
} from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { intSql, textSql } from '../sql-literals.ts';

/**
 * Core's execution-lag rules (`executionRateBp`, `executionLagBp`, `lagSeverity`) as SQL over
 * columns, for the sweep, the monitoring summary and the chat's lagging list. Arguments are SQL
 * expressions (column names); `test/rule-parity.test.ts` checks them against core on the real database.
 */

/**
 * 执行率 in basis points, truncated toward zero like core's `ratioBp`; 0 when nothing is approved.
 * Integer arithmetic (exact, and several times faster than numeric over a province); numeric only
 * where paid × 10000 could leave bigint.
 */
export function executionRateBpSql(paid: SQL, approved: SQL): SQL {
  return sql`(case when (${approved}) <= 0 then 0::bigint
                   when abs(${paid}) < 900000000000000 then (${paid})::bigint * 10000 / (${approved})::bigint
                   else div((${paid})::numeric * 10000, (${approved})::numeric)::bigint end)`;
}

/** 序时进度 − 执行率 in basis points; null when nothing is approved. */
export function executionLagBpSql(paid: SQL, approved: SQL, timeProgressBp: SQL): SQL {
  return sql`(case when (${approved}) <= 0 then null else (${timeProgressBp}) - ${executionRateBpSql(paid, approved)} end)`;
}

/**
 * A number core computes from `policyForFundType(config, id)` as SQL for the row whose fund type is
 * in `fundTypeColumn`: the global value, or a CASE over the fund types that set their own
 * (`fundTypes.<id>.monitoring`); without a column, the global value.
 */
export function byFundTypeSql(
  config: PolicyConfig,
  fundTypeColumn: SQL | undefined,
  value: (c: PolicyConfig) => number,
): SQL {
  const global = value(config);
  const own = fundTypeColumn
    ? Object.keys(config.fundTypes)
        .map((id) => [id, value(policyForFundType(config, id))] as const)
        .filter(([, v]) => v !== global)
    : [];
  if (own.length === 0) return intSql(global);
  // Fund type ids are kebab-case, not enum literals: bound as parameters.
  const arms = own.map(([id, v]) => sql` when ${id}::text then ${intSql(v)}`);
  return sql`(case ${fundTypeColumn}${sql.join(arms, sql``)} else ${intSql(global)} end)`;
}

/**
 * The severity of a lag: above the red, orange or yellow threshold, in that order; else null. With
 * `fundTypeColumn`, each row is graded in its own fund type's bands (core: `lagSeverity(lag,
 * policyForFundType(config, fundTypeId))`).
 */
export function lagSeveritySql(lagBp: SQL, config: PolicyConfig, fundTypeColumn?: SQL): SQL {
  const band = (key: 'red' | 'orange' | 'yellow') =>
    byFundTypeSql(config, fundTypeColumn, (c) => lagThresholdsBp(c)[key]);
  return sql`(case when ${lagBp} > ${band('red')} then 'red'
                   when ${lagBp} > ${band('orange')} then 'orange'
                   when ${lagBp} > ${band('yellow')} then 'yellow' end)`;
}

/** What a lag warning of `severity` asks for, from core's table. */
export function lagSuggestedActionSql(severity: SQL): SQL {
  const arms = SEVERITIES.values.map(
    (s) => sql` when ${textSql(s)} then ${textSql(LAG_SUGGESTED_ACTIONS[s])}`,
  );
  return sql`(case ${severity}${sql.join(arms, sql``)} end)`;
}
