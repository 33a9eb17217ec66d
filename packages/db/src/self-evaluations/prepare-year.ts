import {
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  type SelfEvaluationContent,
  type SelfEvaluationLine,
} from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { queryRows, type Tx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { SELF_EVALUABLE_STATES, scoredColumns, selfEvaluationScheme } from './writes.ts';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const labelCase = (column: string, labels: Readonly<Record<string, string>>) =>
  `case ${column} ${Object.entries(labels)
    .map(([k, v]) => `when ${literal(k)} then ${literal(v)}`)
    .join(' ')} end`;

/** core `printedTarget` in SQL (float8::text prints the shortest round-trip form, as JS does). */
const PRINTED_TARGET = `case i.operator
  when 'gte' then case when i.target_value is null then null else '≥' || i.target_value::text || i.unit end
  when 'lte' then case when i.target_value is null then null else '≤' || i.target_value::text || i.unit end
  when 'eq' then case when i.target_value is null then null else '=' || i.target_value::text || i.unit end
  when 'range' then case when i.target_min is null or i.target_max is null then null
                    else i.target_min::text || i.unit || '-' || i.target_max::text || i.unit end
  else case when trim(coalesce(i.target_text, '')) = '' then null else i.target_text end end`;

/** core `printedReport` in SQL. */
const PRINTED_REPORT = `case when l.actual_value is not null then l.actual_value::text || i.unit
  when l.qualitative_status = 'met' then '达成'
  when l.qualitative_status = 'partly_met' then '部分达成'
  when l.qualitative_status = 'not_met' then '未达成' end`;

export interface PrepareYearResult {
  fiscalYear: number;
  prepared: number;
  scored: number;
  /** Milliseconds of building the prepared rows (set-based), of scoring them, and of the one insert. */
  timings: { prepareMs: number; scoreMs: number; insertMs: number };
}

/** Work tables of one run: created in its transaction, dropped at its commit (never seen by others). */
const ELIGIBLE = 'se_prepare_eligible';
const WORK = 'se_prepare_work';
const SCORES = 'se_prepare_scores';
const CURSOR = 'se_prepare_cursor';

/**
 * 批量准备绩效自评 (EV-12): every self-evaluable item of the year in the actor's scope that has no
 * self-evaluation yet gets one, prepared exactly as `prepareSelfEvaluation` would (proven by a
 * property test) and scored by the scheme, in one transaction:
 * 1. the eligible items (with the target in force) into a work table, analysed, so that the
 *    set-based preparation joins by hash instead of one index probe per item;
 * 2. the prepared rows (budget row, payments, indicator lines with their latest reports) into a
 *    second work table, in one statement; the lines as json text (cheap to build and to read),
 *    made jsonb once, on the final insert;
 * 3. each prepared row scored by core (the same check every save and import runs), read through a
 *    cursor in batches (10,000 by default), the scores into a third work table;
 * 4. one INSERT…SELECT of prepared rows with their scores: each self-evaluation is written once.
 */
export async function prepareYearSelfEvaluations(
  platform: Platform,
  actor: Actor,
  fiscalYear: number,
  opts: { batchSize?: number } = {},
): Promise<PrepareYearResult> {
  const scope = requirePermission(actor, 'self_evaluations.review');
  const schemeId = selfEvaluationScheme(platform).id;
  const batch = opts.batchSize ?? 10_000;
  const t0 = performance.now();
  let t1 = t0;
  let t2 = t0;
  const n = await platform.db.transaction(async (tx) => {
    // The indicators' sort and the hash joins stay in memory (as the sweep does); PGlite has its own setting.
    // lz4 (where the server is built with it) compresses the rows' JSON on the final insert faster than pglz.
    if (platform.kind === 'postgres') {
      await tx.execute(sql`set local work_mem = '256MB'`);
      await tx.execute(sql`set local jit = off`);
      const lz4 = await queryRows<{ ok: boolean }>(
        tx,
        sql`select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'`,
      );
      if (lz4[0]?.ok) await tx.execute(sql`set local default_toast_compression = 'lz4'`);
    }
    await tx.execute(eligibleSql(fiscalYear, scope));
    await tx.execute(sql.raw(`analyze ${ELIGIBLE}`));
    await tx.execute(preparedSql(fiscalYear));
    t1 = performance.now();
    await scorePrepared(platform, tx, batch);
    t2 = performance.now();
    const rows = await queryRows<{ n: number }>(
      tx,
      insertSql(fiscalYear, schemeId, actor.userId, platform.now()),
    );
    const inserted = Number(rows[0]?.n ?? 0);
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'self_evaluation.prepare_year',
          entityType: 'self_evaluation_round',
          entityId: fiscalYear,
          after: { fiscalYear, prepared: inserted, scope },
        },
      ],
      platform.now(),
    );
    return inserted;
  });
  const timings = {
    prepareMs: Math.round(t1 - t0),
    scoreMs: Math.round(t2 - t1),
    insertMs: Math.round(performance.now() - t2),
  };
  return { fiscalYear, prepared: n, scored: n, timings };
}

/** The year's self-evaluable items in scope without a self-evaluation, with the target in force. */
function eligibleSql(fiscalYear: number, scope: string) {
  const states = SELF_EVALUABLE_STATES.map(literal).join(', ');
  return sql`
    create temp table ${sql.raw(ELIGIBLE)} on commit drop as
    select bi.id, bi.org_unit_id, bi.approved_amount_fen as approved, coalesce(py.id, pn.id) as target_id
    from budget_items bi join org_units o on o.id = bi.org_unit_id
      left join performance_targets py
        on py.item_id = bi.id and py.fiscal_year = ${fiscalYear}::int and py.status = 'approved'
      left join performance_targets pn
        on pn.item_id = bi.id and pn.fiscal_year is null and pn.status = 'approved'
    where bi.kind <> 'department_wide' and bi.state in (${sql.raw(states)})
      and bi.fiscal_year_start <= ${fiscalYear}::int and bi.current_fiscal_year >= ${fiscalYear}::int
      and o.path like ${`${scope}%`}
      and coalesce(py.id, pn.id) is not null
      and not exists (select 1 from self_evaluations se where se.item_id = bi.id and se.fiscal_year = ${fiscalYear}::int)`;
}

/**
 * The prepared rows: the budget row (年初预算数 = the approved amount; 全年预算数 = that plus the year's
 * adjustments; 全年执行数 = the
 * year's payments) and the indicator lines of the target in force with their latest reports.
 * Each part is a subquery joined by item, so another part of the budget row is one more join.
 */
function preparedSql(fiscalYear: number) {
  return sql`
    create temp table ${sql.raw(WORK)} on commit drop as
    with paid as (
      select er.item_id, sum(er.amount_fen) as fen
      from execution_records er join ${sql.raw(ELIGIBLE)} e on e.id = er.item_id
      where er.fiscal_year = ${fiscalYear}::int
      group by er.item_id
    ),
    -- 全年预算数 = 年初预算数 + the year's budget adjustments (EV-14).
    adjusted as (
      select ba.item_id, sum(ba.amount_fen) as fen
      from budget_adjustments ba join ${sql.raw(ELIGIBLE)} e on e.id = ba.item_id
      where ba.fiscal_year = ${fiscalYear}::int
      group by ba.item_id
    ),
    latest as (
      select distinct on (r.indicator_id) r.indicator_id, r.actual_value, r.qualitative_status, r.reported_on
      from indicator_reports r join ${sql.raw(ELIGIBLE)} e on e.id = r.item_id
      where r.fiscal_year = ${fiscalYear}::int
      order by r.indicator_id, r.reported_on desc, r.id desc
    ),
    lines as (
      select e.id as item_id, json_agg(json_build_object(
               'indicatorId', i.id,
               'level1', ${sql.raw(labelCase('i.level1', INDICATOR_LEVEL1.labels))},
               'level2', ${sql.raw(labelCase('i.level2', INDICATOR_LEVEL2.labels))},
               'name', i.name,
               'target', ${sql.raw(PRINTED_TARGET)},
               'latest', ${sql.raw(PRINTED_REPORT)},
               'latestOn', to_char(l.reported_on, 'YYYY-MM-DD'),
               'weight', i.weight,
               'actual', null,
               'deviationReason', null) order by i.position, i.id) as lines
      from ${sql.raw(ELIGIBLE)} e join indicators i on i.target_id = e.target_id
        left join latest l on l.indicator_id = i.id
      group by e.id
    )
    select e.id as item_id, e.org_unit_id, e.approved as initial_fen, e.approved + coalesce(ad.fen, 0) as adjusted_fen,
           coalesce(p.fen, 0) as executed_fen, coalesce(ln.lines, '[]'::json) as lines
    from ${sql.raw(ELIGIBLE)} e
      left join paid p on p.item_id = e.id
      left join adjusted ad on ad.item_id = e.id
      left join lines ln on ln.item_id = e.id`;
}

interface Prepared {
  item_id: number;
  initial_fen: string;
  adjusted_fen: string;
  executed_fen: string;
  lines: SelfEvaluationLine[] | string;
}

/** Scores every prepared row by the scheme (as every save does), batch by batch through a cursor. */
async function scorePrepared(platform: Platform, tx: Tx, batch: number): Promise<void> {
  await tx.execute(
    sql.raw(`create temp table ${SCORES}
      (item_id int primary key, score double precision, grade text, problems jsonb not null) on commit drop`),
  );
  await tx.execute(
    sql.raw(`declare ${CURSOR} no scroll cursor for
      select item_id, initial_fen::text, adjusted_fen::text, executed_fen::text, lines from ${WORK}`),
  );
  for (;;) {
    const rows = await queryRows<Prepared>(tx, sql.raw(`fetch forward ${Math.max(1, batch)} from ${CURSOR}`));
    if (rows.length === 0) break;
    const values = rows.map((r) => {
      const content: SelfEvaluationContent = {
        budget: {
          initialFen: Number(r.initial_fen),
          adjustedFen: Number(r.adjusted_fen),
          executedFen: Number(r.executed_fen),
        },
        lines: typeof r.lines === 'string' ? JSON.parse(r.lines) : r.lines,
        measures: '',
      };
      const { columns } = scoredColumns(platform, content);
      return { item_id: r.item_id, score: columns.score, grade: columns.grade, problems: columns.problems };
    });
    await tx.execute(
      sql`insert into ${sql.raw(SCORES)} (item_id, score, grade, problems)
          select v.item_id, v.score, v.grade, v.problems
          from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
               as v(item_id int, score double precision, grade text, problems jsonb)`,
    );
  }
  await tx.execute(sql.raw(`close ${CURSOR}`));
}

/** The prepared rows with their scores into self_evaluations, each written once; returns how many. */
function insertSql(fiscalYear: number, schemeId: string, by: number | null, now: Date) {
  return sql`
    with ins as (
      insert into self_evaluations
        (item_id, org_unit_id, fiscal_year, scheme, initial_fen, adjusted_fen, executed_fen, lines, prepared_by,
         score, grade, problems, scored_at)
      select w.item_id, w.org_unit_id, ${fiscalYear}::int, ${schemeId}, w.initial_fen, w.adjusted_fen, w.executed_fen,
             w.lines::jsonb, ${by}::int, s.score, s.grade, s.problems, ${now.toISOString()}::timestamptz
      from ${sql.raw(WORK)} w join ${sql.raw(SCORES)} s on s.item_id = w.item_id
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from ins`;
}
