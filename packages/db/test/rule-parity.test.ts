import {
  COMPLETION_LIKELIHOOD,
  type CompletionLikelihood,
  executionLagBp,
  executionRateBp,
  forecastYearEndValue,
  type IndicatorShape,
  indicatorCompletion,
  isReportOverdue,
  isResponsibleFor,
  lagSeverity,
  OPERATORS,
  type Operator,
  type PolicyConfig,
  policyForFundType,
  QUALITATIVE_STATUSES,
  type QualitativeStatus,
  ROLES,
  type Role,
  receivesWarning,
  resolvePolicyConfig,
  SEVERITIES,
  type Severity,
  targetRisk,
} from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/index.ts';
import { executionLagBpSql, executionRateBpSql, lagSeveritySql } from '../src/monitoring/lag-sql.ts';
import {
  forecastYearEndValueSql,
  indicatorCompletionSql,
  reportOverdueSql,
  targetRiskSql,
} from '../src/monitoring/target-progress-sql.ts';
import { responsibleUsersSql } from '../src/responsibility/responsible-users.ts';
import { warningRecipientsSql } from '../src/responsibility/warning-recipients.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../src/testing/index.ts';

/**
 * Where SQL repeats a core rule for speed, the two must agree. Each property draws random inputs
 * and a random configuration, stores the inputs in a table of the real database (PGlite, or
 * PostgreSQL with TEST_DATABASE_URL), evaluates the very SQL fragments the sweep, the summary and
 * the message queue use, and compares every row with the core function.
 */

let db: TestDatabase;
let run = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.db.execute(sql`
    create table parity_ind (
      run int, id int, operator text, unit text, fy int,
      target_value float8, target_min float8, target_max float8,
      reported_on date, actual_value float8, forecast_value float8,
      qualitative_status text, likelihood text, completion_in float8)`);
  await db.db.execute(
    sql`create table parity_lag (run int, id int, paid bigint, approved bigint, tp int, lag_in int, fund_type text)`,
  );
  await db.db.execute(
    sql`insert into regions (code, name, level, path) values ('P0', '测试市', 'city', '/P0/')`,
  );
});
afterAll(async () => {
  await db?.dispose();
});

const col = (name: string) => sql.raw(name);
/** -0 and 0 are the same completion. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v) + 0);
const values = (rows: SQL[]) => sql.join(rows, sql`, `);

// ---------------------------------------------------------------------------------------------
// Target progress: forecast, completion (EV-5 by operator, EV-6 bands), risk, overdue reports.

/**
 * Values people report: whole numbers, and decimals to four places up to ±10⁹. (Beyond that,
 * PostgreSQL raises an error where JavaScript overflows to Infinity or underflows to 0.)
 */
const measured = fc.oneof(
  fc.constantFrom(0, 1, -1, 100, 0.5),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 }).map((n) => n / 10_000),
);
const share = fc.double({ min: 0, max: 1, noNaN: true });
/** A date from 2024-01-01 over five years, as YYYY-MM-DD. */
const isoDate = fc
  .integer({ min: 0, max: 5 * 366 })
  .map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));

/** The configuration these rules read, drawn at random (only the overrides show in a counterexample). */
const progressOverrides = fc.record({
  qualitativeBands: fc.record({ met: share, partlyMet: share, notMet: share }),
  monitoring: fc.record({
    forecastCompletionRed: share,
    deviationExplainShare: share,
    reportOverdueDays: fc.integer({ min: 1, max: 366 }),
  }),
});

interface IndicatorCase {
  operator: Operator;
  unit: string;
  fiscalYear: number;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  report: {
    reportedOn: string;
    actualValue: number | null;
    forecastValue: number | null;
    qualitativeStatus: QualitativeStatus | null;
    likelihood: CompletionLikelihood | null;
  } | null;
  /** A completion to grade directly (risk boundaries). */
  completionIn: number | null;
}

const indicatorCase: fc.Arbitrary<IndicatorCase> = fc
  .record({
    operator: fc.constantFrom(...OPERATORS.values),
    unit: fc.constantFrom('', '%', '个', '万元'),
    fiscalYear: fc.integer({ min: 2024, max: 2028 }),
    targetValue: fc.option(measured, { freq: 8 }),
    bounds: fc.tuple(fc.option(measured, { freq: 8 }), fc.option(measured, { freq: 8 })),
    sortBounds: fc.boolean(),
    reported: fc.boolean(),
    reportedOn: isoDate,
    // Which actual: a random one, or exactly the target, the lower or the upper bound.
    actualFrom: fc.constantFrom('random', 'random', 'target', 'min', 'max', 'none'),
    actual: measured,
    forecastValue: fc.option(measured, { freq: 3 }),
    qualitativeStatus: fc.option(fc.constantFrom(...QUALITATIVE_STATUSES.values), { freq: 4 }),
    likelihood: fc.option(fc.constantFrom(...COMPLETION_LIKELIHOOD.values), { freq: 3 }),
    completionIn: fc.option(fc.oneof(share, fc.constantFrom(0, 0.5, 0.6, 0.8, 1)), { freq: 6 }),
  })
  .map((r) => {
    const [a, b] = r.bounds;
    const ordered = r.sortBounds && a !== null && b !== null && a > b;
    const targetMin = ordered ? b : a;
    const targetMax = ordered ? a : b;
    const actualValue =
      r.actualFrom === 'none'
        ? null
        : r.actualFrom === 'target'
          ? r.targetValue
          : r.actualFrom === 'min'
            ? targetMin
            : r.actualFrom === 'max'
              ? targetMax
              : r.actual;
    return {
      operator: r.operator,
      unit: r.unit,
      fiscalYear: r.fiscalYear,
      targetValue: r.targetValue,
      targetMin,
      targetMax,
      report: r.reported
        ? {
            reportedOn: r.reportedOn,
            actualValue,
            forecastValue: r.forecastValue,
            qualitativeStatus: r.qualitativeStatus,
            likelihood: r.likelihood,
          }
        : null,
      completionIn: r.completionIn,
    };
  });

function shapeOf(c: IndicatorCase): IndicatorShape {
  return {
    name: '指标',
    level1: 'output',
    level2: 'quantity',
    operator: c.operator,
    targetValue: c.targetValue,
    targetMin: c.targetMin,
    targetMax: c.targetMax,
    weight: 1,
  };
}

/** What core says of one case. */
function judgeInCore(c: IndicatorCase, asOf: string, config: PolicyConfig) {
  const ind = shapeOf(c);
  const r = c.report;
  const forecast = r ? forecastYearEndValue(c, r, c.fiscalYear) : null;
  const judged = (completion: number | null) =>
    r
      ? targetRisk({ completion, likelihood: r.likelihood, qualitativeStatus: r.qualitativeStatus }, config)
      : null;
  const completion = indicatorCompletion(ind, forecast, r?.qualitativeStatus ?? null, config);
  return {
    forecast,
    completion,
    completionOfActual: indicatorCompletion(
      ind,
      r?.actualValue ?? null,
      r?.qualitativeStatus ?? null,
      config,
    ),
    risk: judged(completion),
    riskOfCompletionIn: judged(c.completionIn),
    overdue: isReportOverdue(r?.reportedOn ?? null, c.fiscalYear, asOf, config),
  };
}

/** What the sweep's SQL says of the same cases, stored in `parity_ind`. */
async function judgeInSql(cases: IndicatorCase[], asOf: string, config: PolicyConfig) {
  const id = ++run;
  await db.db.execute(
    sql`insert into parity_ind values ${values(
      cases.map(
        (c, i) => sql`(${id}::int, ${i}::int, ${c.operator}::text, ${c.unit}::text, ${c.fiscalYear}::int,
        ${c.targetValue}::float8, ${c.targetMin}::float8, ${c.targetMax}::float8, ${c.report?.reportedOn ?? null}::date,
        ${c.report?.actualValue ?? null}::float8, ${c.report?.forecastValue ?? null}::float8,
        ${c.report?.qualitativeStatus ?? null}::text, ${c.report?.likelihood ?? null}::text, ${c.completionIn}::float8)`,
      ),
    )}`,
  );
  const completionOf = (value: SQL) =>
    indicatorCompletionSql(
      {
        operator: col('p.operator'),
        targetValue: col('p.target_value'),
        targetMin: col('p.target_min'),
        targetMax: col('p.target_max'),
        value,
        qualitativeStatus: col('p.qualitative_status'),
      },
      config,
    );
  const riskOf = (completion: SQL) =>
    sql`case when p.reported_on is not null then ${targetRiskSql(
      { completion, likelihood: col('p.likelihood'), qualitativeStatus: col('p.qualitative_status') },
      config,
    )} end`;
  const forecast = forecastYearEndValueSql({
    operator: col('p.operator'),
    unit: col('p.unit'),
    fiscalYear: col('p.fy'),
    reportedOn: col('p.reported_on'),
    actualValue: col('p.actual_value'),
    forecastValue: col('p.forecast_value'),
  });
  return queryRows<{
    forecast: number | null;
    completion: number | null;
    completion_of_actual: number | null;
    risk: Severity | null;
    risk_of_completion_in: Severity | null;
    overdue: boolean;
  }>(
    db.db,
    sql`select f.forecast, c.completion, ${completionOf(col('p.actual_value'))} as completion_of_actual,
               ${riskOf(col('c.completion'))} as risk, ${riskOf(col('p.completion_in'))} as risk_of_completion_in,
               ${reportOverdueSql({ lastReportedOn: col('p.reported_on'), fiscalYear: col('p.fy') }, asOf, config)} as overdue
        from parity_ind p
        cross join lateral (select ${forecast} as forecast) f
        cross join lateral (select ${completionOf(col('f.forecast'))} as completion) c
        where p.run = ${id}::int order by p.id`,
  );
}

describe(`target progress in SQL and in core (${testDatabaseKind()})`, () => {
  it('forecast, completion, risk and overdue agree on random indicators, reports and configurations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(indicatorCase, { minLength: 1, maxLength: 25 }),
        isoDate,
        progressOverrides,
        async (cases, asOf, overrides) => {
          const config = resolvePolicyConfig(overrides);
          const rows = await judgeInSql(cases, asOf, config);
          const fromSql = rows.map((r) => ({
            forecast: num(r.forecast),
            completion: num(r.completion),
            completionOfActual: num(r.completion_of_actual),
            risk: r.risk,
            riskOfCompletionIn: r.risk_of_completion_in,
            overdue: r.overdue,
          }));
          const fromCore = cases.map((c) => {
            const j = judgeInCore(c, asOf, config);
            return {
              ...j,
              forecast: num(j.forecast),
              completion: num(j.completion),
              completionOfActual: num(j.completionOfActual),
            };
          });
          expect(fromSql).toEqual(fromCore);
        },
      ),
      { numRuns: 120 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Execution lag: 执行率, lag and its severity (MO-6).

const points = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
/** Rising bands (yellow ≤ orange ≤ red), as configuration requires. */
const bands = fc
  .tuple(points, points, points)
  .map((p) => [...p].sort((a, b) => a - b))
  .map(([y, o, r]) => ({
    lagYellowPoints: y as number,
    lagOrangePoints: o as number,
    lagRedPoints: r as number,
  }));
/** Two fund types may grade lag in bands of their own (`fundTypes.<id>.monitoring`). */
const FUND_TYPES = ['ppp', 'special-bond', 'general-budget'] as const;
const lagOverrides = fc.record({
  monitoring: bands,
  fundTypes: fc.record({
    ppp: fc.record({ monitoring: bands }),
    'special-bond': fc.record({ monitoring: bands }),
  }),
});
const approvedFen = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.integer({ min: 1, max: 2_000_000_000 }),
  fc.integer({ min: 1, max: 1_000_000_000_000_000 }),
);
/** Paid against approved: anywhere up to three times it (past the bigint-safe product), and refunds. */
const lagCase = fc
  .record({
    approved: approvedFen,
    paidShare: fc.oneof(fc.constantFrom(0, 1, 0.5), fc.double({ min: -0.1, max: 3, noNaN: true })),
    paidAbs: fc.integer({ min: -1000, max: 1000 }),
    tp: fc.integer({ min: 0, max: 10_000 }),
    lagIn: fc.integer({ min: -10_000, max: 10_000 }),
    fundType: fc.constantFrom(...FUND_TYPES),
  })
  .map((r) => ({
    approved: r.approved,
    paid: r.approved > 0 ? Math.trunc(r.approved * r.paidShare) : r.paidAbs,
    tp: r.tp,
    lagIn: r.lagIn,
    fundType: r.fundType,
  }));

describe(`execution lag in SQL and in core (${testDatabaseKind()})`, () => {
  it('rate, lag and severity agree on random payments, budgets, dates and thresholds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lagCase, { minLength: 1, maxLength: 30 }),
        lagOverrides,
        async (cases, overrides) => {
          const config = resolvePolicyConfig(overrides);
          const id = ++run;
          await db.db.execute(
            sql`insert into parity_lag values ${values(
              cases.map(
                (c, i) =>
                  sql`(${id}::int, ${i}::int, ${c.paid}::bigint, ${c.approved}::bigint, ${c.tp}::int, ${c.lagIn}::int, ${c.fundType}::text)`,
              ),
            )}`,
          );
          const paid = col('p.paid');
          const approved = col('p.approved');
          const lag = executionLagBpSql(paid, approved, col('p.tp'));
          const rows = await queryRows<{
            rate: string;
            lag: string | null;
            severity: Severity | null;
            severity_in: Severity | null;
          }>(
            db.db,
            sql`select ${executionRateBpSql(paid, approved)}::text as rate, ${lag}::text as lag,
                     ${lagSeveritySql(lag, config, col('p.fund_type'))} as severity,
                     ${lagSeveritySql(col('p.lag_in'), config, col('p.fund_type'))} as severity_in
              from parity_lag p where p.run = ${id}::int order by p.id`,
          );
          const fromSql = rows.map((r) => ({
            rate: Number(r.rate),
            lag: r.lag === null ? null : Number(r.lag),
            severity: r.severity,
            severityIn: r.severity_in,
          }));
          const fromCore = cases.map((c) => {
            const l = executionLagBp(c.paid, c.approved, c.tp);
            const own = policyForFundType(config, c.fundType);
            return {
              rate: executionRateBp(c.paid, c.approved),
              lag: l,
              severity: lagSeverity(l, own),
              severityIn: lagSeverity(c.lagIn, own),
            };
          });
          expect(fromSql).toEqual(fromCore);
        },
      ),
      { numRuns: 120 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Responsibility: who must act on an item, and who is told of its warnings.

interface OrgTree {
  /** parent index (earlier in the list) or null, per org unit. */
  parents: Array<number | null>;
  users: Array<{ org: number; roles: Role[]; active: boolean }>;
}

const orgTree: fc.Arbitrary<OrgTree> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    parents: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        i === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: i - 1 }), { freq: 4 }),
      ),
    ),
    users: fc.array(
      fc.record({
        org: fc.integer({ min: 0, max: n - 1 }),
        roles: fc.subarray([...ROLES.values], { minLength: 0, maxLength: 3 }),
        active: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
  }),
);

/** Stores a tree; returns its org unit ids and user ids in order. */
async function storeTree(tree: OrgTree): Promise<{ orgIds: number[]; userIds: number[] }> {
  const id = ++run;
  const orgIds: number[] = [];
  for (const [i, parent] of tree.parents.entries()) {
    const parentId = parent === null ? null : (orgIds[parent] as number);
    const [row] = await queryRows<{ id: number }>(
      db.db,
      sql`insert into org_units (code, name, kind, region_id, parent_id, path)
          values (${`R${id}-${i}`}, ${`单位${i}`}, 'unit', (select id from regions where code = 'P0'), ${parentId}::int, '/P0/')
          returning id`,
    );
    orgIds.push(Number(row?.id));
  }
  const userIds: number[] = [];
  for (const u of tree.users) {
    const [row] = await queryRows<{ id: number }>(
      db.db,
      sql`insert into users (name, org_unit_id, roles, active)
          values ('测试', ${orgIds[u.org]}::int, ${`{${u.roles.join(',')}}`}::text[], ${u.active})
          returning id`,
    );
    userIds.push(Number(row?.id));
  }
  return { orgIds, userIds };
}

describe(`responsibility in SQL and in core (${testDatabaseKind()})`, () => {
  it('the people responsible for an item, and those told of each severity of warning, agree on random org trees', async () => {
    await fc.assert(
      fc.asyncProperty(orgTree, async (tree) => {
        const { orgIds, userIds } = await storeTree(tree);
        for (const [itemOrgIndex, itemOrgId] of orgIds.entries()) {
          const parentIndex = tree.parents[itemOrgIndex] ?? null;
          const itemOrg = {
            id: itemOrgId,
            parentId: parentIndex === null ? null : (orgIds[parentIndex] as number),
          };
          const candidates = tree.users.map((u, i) => ({
            id: userIds[i] as number,
            user: { active: u.active, orgUnitId: orgIds[u.org] as number, roles: u.roles },
          }));
          const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

          const responsible = await queryRows<{ user_id: number }>(
            db.db,
            sql`select r.user_id from (${responsibleUsersSql(sql`${itemOrgId}::int`)}) r`,
          );
          expect(sorted(responsible.map((r) => Number(r.user_id)))).toEqual(
            candidates.filter((c) => isResponsibleFor(c.user, itemOrg)).map((c) => c.id),
          );

          for (const severity of SEVERITIES.values) {
            const told = await queryRows<{ user_id: number }>(
              db.db,
              sql`select r.user_id from (values (${itemOrgId}::int, ${severity}::text)) as w(org_unit_id, severity)
                  join lateral (${warningRecipientsSql()}) r on true`,
            );
            expect(sorted(told.map((r) => Number(r.user_id)))).toEqual(
              candidates.filter((c) => receivesWarning(c.user, itemOrg, severity)).map((c) => c.id),
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
