import {
  type PolicyConfig,
  type QualityParams,
  sortFindings,
  TARGET_QUALITY_RULES,
  type TargetQualityRule,
} from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import type { Platform } from '../platform.ts';

export type TargetStatus = 'draft' | 'submitted' | 'returned' | 'approved';

export interface QualityRunOptions {
  /** Annual targets of this year only (default: every target, whole-cycle ones included). */
  fiscalYear?: number;
  /** Targets in these states (default: submitted, i.e. waiting for review). */
  statuses?: readonly TargetStatus[];
  /** Only these targets. */
  targetIds?: readonly number[];
  /** How many findings to return (default 200); counts cover all. */
  limit?: number;
}

export interface QualityRunFinding {
  targetId: number;
  itemId: number;
  fiscalYear: number | null;
  rule: TargetQualityRule;
  severity: 'block' | 'flag';
  position: number | null;
  params: QualityParams;
}

export interface QualityRunResult {
  targets: number;
  targetsWithBlocking: number;
  targetsWithFlags: number;
  byRule: Record<string, { block: number; flag: number }>;
  findings: QualityRunFinding[];
}

const floatParam = (v: number) => sql`${v}::float8`;

/**
 * The quality checks of `targetQualityFindings` (core) as one set-based statement over every
 * selected target at once. Rules that must stay equal to core — a property test on the real
 * database holds them equal.
 */
function findingsSql(config: PolicyConfig, targets: SQL): SQL {
  const q = config.targetQuality;
  const w = config.selfEvaluationWeights;
  const h = (x: number) => Math.round(x * 100);
  const severities = sql.join(
    TARGET_QUALITY_RULES.map((r) => sql`(${r}::text, ${q.severity[r]}::text)`),
    sql`, `,
  );
  const publicSectors = sql`array[${sql.join(
    q.publicServiceSectors.map((s) => sql`${s}::text`),
    sql`, `,
  )}]::text[]`;
  const weights =
    config.weightScheme === 'total_only'
      ? sql`select a.target_id, 'weights-total', null::int,
                   jsonb_build_object('bucket', 'total', 'actual', a.w_total, 'want', ${h(100 - w.executionRate)}::float8)
            from a where a.w_total <> ${h(100 - w.executionRate)}::float8`
      : sql`select a.target_id, 'weights-total', null::int,
                   jsonb_build_object('bucket', b.bucket, 'actual', b.actual, 'want', b.want)
            from a cross join lateral (values
              ('output', a.w_output, ${h(w.output)}::float8, true),
              ('benefit', a.w_benefit, case when a.has_sat then ${h(w.benefit)}::float8 else ${h(w.benefit + w.satisfaction)}::float8 end, true),
              ('satisfaction', a.w_sat, ${h(w.satisfaction)}::float8, a.has_sat)
            ) b(bucket, actual, want, applies)
            where b.applies and b.actual <> b.want`;
  // One pass over the indicators, grouped by target. Weights are summed in hundredths as float8
  // (exact for integers, cheaper than numeric); a repeated name shows as fewer distinct names.
  return sql`
    with q as materialized (${targets}),
    per_target as (
      select ind.target_id, count(*) as n,
             count(*) filter (where ind.operator <> 'qualitative') as quant,
             bool_or(ind.level1 = 'output') as has_output,
             bool_or(ind.level1 = 'benefit') as has_benefit,
             bool_or(ind.level1 = 'satisfaction') as has_sat,
             bool_or(ind.level1 = 'cost' or ind.level2 = 'cost') as has_cost,
             sum(round(ind.weight * 100)) as w_total,
             coalesce(sum(round(ind.weight * 100)) filter (where ind.level1 in ('output', 'cost')), 0) as w_output,
             coalesce(sum(round(ind.weight * 100)) filter (where ind.level1 = 'benefit'), 0) as w_benefit,
             coalesce(sum(round(ind.weight * 100)) filter (where ind.level1 = 'satisfaction'), 0) as w_sat,
             count(distinct ind.name) < count(*) as has_dup
      from q join indicators ind on ind.target_id = q.target_id
      group by ind.target_id
    ),
    a as materialized (
      select q.target_id, q.sector, q.cc, coalesce(p.n, 0) as n, coalesce(p.quant, 0) as quant,
             coalesce(p.has_output, false) as has_output, coalesce(p.has_benefit, false) as has_benefit,
             coalesce(p.has_sat, false) as has_sat, coalesce(p.has_cost, false) as has_cost,
             coalesce(p.w_total, 0) as w_total, coalesce(p.w_output, 0) as w_output,
             coalesce(p.w_benefit, 0) as w_benefit, coalesce(p.w_sat, 0) as w_sat, coalesce(p.has_dup, false) as has_dup
      from q left join per_target p on p.target_id = q.target_id
    ),
    -- Targets whose indicators the history and whole-cycle rules read line by line: annual targets of
    -- multi-year items, and of items with more than one annual target (only those can have history).
    several as (
      select item_id from performance_targets where fiscal_year is not null group by item_id having count(*) > 1
    ),
    lined as materialized (
      select q.target_id, q.item_id, q.fy, q.ys < q.ye as multi_year
      from q left join several s on s.item_id = q.item_id
      where q.fy is not null and (q.ys < q.ye or s.item_id is not null)
    ),
    hist as (
      select distinct on (l.target_id, hi.name) l.target_id, hi.name, ht.fiscal_year as hy, hi.target_value as hv
      from lined l
      join performance_targets ht on ht.item_id = l.item_id and ht.fiscal_year < l.fy
      join indicators hi on hi.target_id = ht.id
      order by l.target_id, hi.name, ht.fiscal_year desc, hi.position
    ),
    cyc as (
      select l.target_id, ct.id as cycle_id
      from lined l left join performance_targets ct on ct.item_id = l.item_id and ct.fiscal_year is null
      where l.multi_year
    ),
    cyc_ind as (
      select distinct on (c.target_id, ci.name) c.target_id, ci.name, ci.unit, ci.operator, ci.target_value
      from cyc c join indicators ci on ci.target_id = c.cycle_id
      order by c.target_id, ci.name, ci.position
    ),
    li as (
      select ind.target_id, ind.position, ind.name, ind.level2, ind.operator, ind.target_value, ind.unit
      from lined l join indicators ind on ind.target_id = l.target_id
    ),
    raw(target_id, rule, pos, params) as (
      select a.target_id, 'level1-complete', null::int, jsonb_build_object('level1', l.level1)
      from a cross join lateral (values
        ('output', a.has_output, true),
        ('benefit', a.has_benefit, true),
        ('satisfaction', a.has_sat, a.sector is not null and a.sector = any(${publicSectors}))
      ) l(level1, present, required)
      where l.required and not l.present
      union all
      select a.target_id, 'quantified-share', null::int, jsonb_build_object('quantified', a.quant, 'total', a.n)
      from a where a.n > 0 and a.quant::float8 / a.n::float8 < ${floatParam(q.minQuantifiedShare)}
      union all
      ${weights}
      union all
      select a.target_id, 'construction-cost', null::int, '{}'::jsonb from a where a.cc and not a.has_cost
      union all
      select a.target_id, 'duplicate-indicator', d.pos, jsonb_build_object('name', d.name)
      from a cross join lateral (
        select i2.name, (array_agg(i2.position order by i2.position))[2] as pos
        from indicators i2 where i2.target_id = a.target_id group by i2.name having count(*) > 1
      ) d
      where a.has_dup
      union all
      select ind.target_id, 'unit-missing', ind.position, '{}'::jsonb
      from q join indicators ind on ind.target_id = q.target_id
      where ind.operator <> 'qualitative' and ind.unit = ''
      union all
      select ind.target_id, 'library-range', ind.position, jsonb_build_object('min', lib.reference_min, 'max', lib.reference_max)
      from q
      join indicators ind on ind.target_id = q.target_id
      join indicator_library lib on lib.id = ind.library_indicator_id and lib.active
      where (lib.reference_min is not null or lib.reference_max is not null)
        and case
          when ind.operator in ('gte', 'lte', 'eq') and ind.target_value is not null
            then (lib.reference_min is not null and ind.target_value < lib.reference_min)
              or (lib.reference_max is not null and ind.target_value > lib.reference_max)
          when ind.operator = 'range'
            then (lib.reference_min is not null and ind.target_min is not null and ind.target_min < lib.reference_min)
              or (lib.reference_max is not null and ind.target_max is not null and ind.target_max > lib.reference_max)
          else false end
      union all
      select i.target_id, 'history-deviation', i.position, jsonb_build_object('history', h.hv, 'historyYear', h.hy)
      from li i join hist h on h.target_id = i.target_id and h.name = i.name
      where i.operator in ('gte', 'lte', 'eq') and i.target_value is not null and h.hv is not null and h.hv <> 0
        and abs(i.target_value - h.hv) / abs(h.hv) > ${floatParam(q.historyDeviationShare)}
      union all
      select c.target_id, 'cycle-consistency', null::int, jsonb_build_object('kind', 'missing')
      from cyc c where c.cycle_id is null
      union all
      select i.target_id, 'cycle-consistency', i.position,
             case when ci.unit <> i.unit then jsonb_build_object('kind', 'unit', 'cycleUnit', ci.unit)
                  else jsonb_build_object('kind', 'exceeds', 'cycleValue', ci.target_value) end
      from li i join cyc_ind ci on ci.target_id = i.target_id and ci.name = i.name
      where ci.unit <> i.unit
         or (i.level2 = 'quantity' and i.operator = 'gte' and ci.operator = 'gte'
             and i.target_value is not null and ci.target_value is not null and i.target_value > ci.target_value)
    ),
    f as materialized (
      select r.target_id, q.item_id, q.fy, r.rule, s.severity, r.pos, r.params
      from raw r
      join (values ${severities}) s(rule, severity) on s.rule = r.rule
      join q on q.target_id = r.target_id
      where s.severity <> 'off'
    )`;
}

function targetsSql(actor: Actor, opts: QualityRunOptions): SQL {
  const statuses = opts.statuses ?? ['submitted'];
  const conds: SQL[] = [
    sql`o.path like ${`${actor.scopePath}%`}`,
    sql`t.status in (${sql.join(
      statuses.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  ];
  if (opts.fiscalYear !== undefined) conds.push(sql`t.fiscal_year = ${opts.fiscalYear}::int`);
  if (opts.targetIds !== undefined) {
    conds.push(
      opts.targetIds.length === 0
        ? sql`false`
        : sql`t.id in (${sql.join(
            opts.targetIds.map((id) => sql`${id}::int`),
            sql`, `,
          )})`,
    );
  }
  return sql`select t.id as target_id, t.item_id, t.fiscal_year as fy, bi.sector, bi.is_capital_construction as cc,
                    bi.fiscal_year_start as ys, bi.fiscal_year_end as ye
             from performance_targets t
             join budget_items bi on bi.id = t.item_id
             join org_units o on o.id = bi.org_unit_id
             where ${sql.join(conds, sql` and `)}`;
}

interface RunRow {
  targets: number | string;
  blocking: number | string;
  flagged: number | string;
  by_rule: Record<string, { block: number; flag: number }> | null;
  findings: Array<{
    target_id: number;
    item_id: number;
    fy: number | null;
    rule: string;
    severity: string;
    pos: number | null;
    params: QualityParams;
  }> | null;
}

/** Runs the checks over the selected targets in one statement; counts everything, lists the first `limit` findings. */
export async function runQualitySql(
  db: DbOrTx,
  config: PolicyConfig,
  actor: Actor,
  opts: QualityRunOptions,
): Promise<QualityRunResult> {
  const limit = opts.limit ?? 200;
  const [row] = await db.transaction(async (tx) => {
    // Room for the hash aggregates over a province's indicators; no JIT, whose compile time outweighs its gain here.
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`set local jit = off`);
    return queryRows<RunRow>(
      tx,
      sql`${findingsSql(config, targetsSql(actor, opts))}
        select (select count(*) from q) as targets,
               (select count(distinct target_id) from f where severity = 'block') as blocking,
               (select count(distinct target_id) from f where severity = 'flag') as flagged,
               (select jsonb_object_agg(rule, jsonb_build_object('block', b, 'flag', fl)) from (
                  select rule, count(*) filter (where severity = 'block') as b, count(*) filter (where severity = 'flag') as fl
                  from f group by rule) x) as by_rule,
               (select jsonb_agg(to_jsonb(y)) from (
                  select target_id, item_id, fy, rule, severity, pos, params from f
                  order by target_id, rule, pos nulls first limit ${limit}::int) y) as findings`,
    );
  });
  const findings = (row?.findings ?? []).map((f) => ({
    targetId: f.target_id,
    itemId: f.item_id,
    fiscalYear: f.fy,
    rule: f.rule as TargetQualityRule,
    severity: f.severity as 'block' | 'flag',
    position: f.pos,
    params: f.params,
  }));
  return {
    targets: Number(row?.targets ?? 0),
    targetsWithBlocking: Number(row?.blocking ?? 0),
    targetsWithFlags: Number(row?.flagged ?? 0),
    byRule: row?.by_rule ?? {},
    findings: sortFindings(findings).sort((a, b) => a.targetId - b.targetId),
  };
}

/**
 * 批量质量检查: the finance bureau runs the quality checks over every target waiting for review in
 * its region (or any selection) at once.
 */
export async function runQualityChecks(
  platform: Platform,
  actor: Actor,
  opts: QualityRunOptions,
): Promise<QualityRunResult> {
  requirePermission(actor, 'targets.review');
  return runQualitySql(platform.db, platform.config, actor, opts);
}
