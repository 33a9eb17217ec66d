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
  /** Milliseconds of the INSERT…SELECT and of the scoring. */
  timings: { prepareMs: number; scoreMs: number };
}

/**
 * 批量准备绩效自评 (EV-12): every self-evaluable item of the year in the actor's scope that has no
 * self-evaluation yet gets one, prepared exactly as `prepareSelfEvaluation` would (proven by a
 * property test), in one INSERT…SELECT; then each is scored by the scheme in batches (10,000 by default).
 */
export async function prepareYearSelfEvaluations(
  platform: Platform,
  actor: Actor,
  fiscalYear: number,
  opts: { batchSize?: number } = {},
): Promise<PrepareYearResult> {
  const scope = requirePermission(actor, 'self_evaluations.review');
  const schemeId = selfEvaluationScheme(platform).id;
  const t0 = performance.now();
  const prepared = await platform.db.transaction(async (tx) => {
    // The indicators' sort and the hash joins stay in memory (as the sweep does); PGlite has its own setting.
    if (platform.kind === 'postgres') {
      await tx.execute(sql`set local work_mem = '256MB'`);
      await tx.execute(sql`set local jit = off`);
    }
    const rows = await queryRows<{ n: number }>(tx, prepareSql(fiscalYear, scope, schemeId, actor.userId));
    const n = Number(rows[0]?.n ?? 0);
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'self_evaluation.prepare_year',
          entityType: 'self_evaluation_round',
          entityId: fiscalYear,
          after: { fiscalYear, prepared: n, scope },
        },
      ],
      platform.now(),
    );
    return n;
  });
  const t1 = performance.now();
  const scored = await scoreUnscored(platform, fiscalYear, scope, opts.batchSize ?? 10_000);
  const timings = { prepareMs: Math.round(t1 - t0), scoreMs: Math.round(performance.now() - t1) };
  return { fiscalYear, prepared, scored, timings };
}

function prepareSql(fiscalYear: number, scope: string, schemeId: string, by: number | null) {
  const states = SELF_EVALUABLE_STATES.map(literal).join(', ');
  return sql`
    with eligible as (
      select bi.id, bi.org_unit_id, bi.approved_amount_fen as approved,
             coalesce(
               (select pt.id from performance_targets pt
                 where pt.item_id = bi.id and pt.fiscal_year = ${fiscalYear}::int and pt.status = 'approved'),
               (select pt.id from performance_targets pt
                 where pt.item_id = bi.id and pt.fiscal_year is null and pt.status = 'approved')) as target_id
      from budget_items bi join org_units o on o.id = bi.org_unit_id
      where bi.kind <> 'department_wide' and bi.state in (${sql.raw(states)})
        and bi.fiscal_year_start <= ${fiscalYear}::int and bi.current_fiscal_year >= ${fiscalYear}::int
        and o.path like ${`${scope}%`}
        and not exists (select 1 from self_evaluations se where se.item_id = bi.id and se.fiscal_year = ${fiscalYear}::int)
    ),
    paid as (
      select er.item_id, sum(er.amount_fen) as fen from execution_records er
      where er.fiscal_year = ${fiscalYear}::int and er.item_id in (select id from eligible)
      group by er.item_id
    ),
    -- 全年预算数 = 年初预算数 + the year's budget adjustments (EV-14).
    adjusted as (
      select ba.item_id, sum(ba.amount_fen) as fen from budget_adjustments ba
      where ba.fiscal_year = ${fiscalYear}::int and ba.item_id in (select id from eligible)
      group by ba.item_id
    ),
    latest as (
      select distinct on (r.indicator_id) r.indicator_id, r.actual_value, r.qualitative_status, r.reported_on
      from indicator_reports r
      where r.fiscal_year = ${fiscalYear}::int
        and r.item_id in (select id from eligible where target_id is not null)
      order by r.indicator_id, r.reported_on desc, r.id desc
    ),
    lines as (
      select i.target_id, jsonb_agg(jsonb_build_object(
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
      from indicators i left join latest l on l.indicator_id = i.id
      where i.target_id in (select target_id from eligible)
      group by i.target_id
    ),
    ins as (
      insert into self_evaluations
        (item_id, org_unit_id, fiscal_year, scheme, initial_fen, adjusted_fen, executed_fen, lines, prepared_by)
      select e.id, e.org_unit_id, ${fiscalYear}::int, ${schemeId}, e.approved, e.approved + coalesce(ad.fen, 0), coalesce(p.fen, 0),
             coalesce(ln.lines, '[]'::jsonb), ${by}::int
      from eligible e left join paid p on p.item_id = e.id left join adjusted ad on ad.item_id = e.id
        left join lines ln on ln.target_id = e.target_id
      where e.target_id is not null
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from ins`;
}

interface Unscored {
  id: number;
  initial_fen: string;
  adjusted_fen: string;
  executed_fen: string;
  lines: SelfEvaluationLine[];
  measures: string;
}

/** Scores the year's self-evaluations prepared in bulk (by the scheme, as every save does), in batches. */
async function scoreUnscored(
  platform: Platform,
  fiscalYear: number,
  scope: string,
  batch: number,
): Promise<number> {
  let total = 0;
  // Keyset: each batch starts after the last, never re-reading the rows (and dead index entries) behind it.
  let afterId = 0;
  for (;;) {
    const n = await platform.db.transaction(async (tx: Tx) => {
      const rows = await queryRows<Unscored>(
        tx,
        sql`select se.id, se.initial_fen::text, se.adjusted_fen::text, se.executed_fen::text, se.lines, se.measures
            from self_evaluations se join org_units o on o.id = se.org_unit_id
            where se.fiscal_year = ${fiscalYear}::int and se.scored_at is null and se.id > ${afterId}::int
              and o.path like ${`${scope}%`}
            order by se.id limit ${batch}::int for update of se skip locked`,
      );
      if (rows.length === 0) return 0;
      afterId = Number(rows[rows.length - 1]?.id ?? afterId);
      const values = rows.map((r) => {
        const content: SelfEvaluationContent = {
          budget: {
            initialFen: Number(r.initial_fen),
            adjustedFen: Number(r.adjusted_fen),
            executedFen: Number(r.executed_fen),
          },
          lines: typeof r.lines === 'string' ? JSON.parse(r.lines) : r.lines,
          measures: r.measures,
        };
        const { columns } = scoredColumns(platform, content);
        return { id: r.id, score: columns.score, grade: columns.grade, problems: columns.problems };
      });
      await tx.execute(
        sql`update self_evaluations se
            set score = v.score, grade = v.grade, problems = v.problems, scored_at = ${platform.now().toISOString()}::timestamptz
            from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
                 as v(id int, score double precision, grade text, problems jsonb)
            where se.id = v.id`,
      );
      return rows.length;
    });
    total += n;
    if (n === 0) return total;
  }
}
