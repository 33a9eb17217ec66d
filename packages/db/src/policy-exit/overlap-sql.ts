import type { ResultApplicationConfig } from '@jixiao/core';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.ts';
import { float8Sql, intSql } from '../sql-literals.ts';

/** Item states that are live policies or projects (not drafts, not ended). */
const LIVE_STATES_SQL = sql.raw(
  `('budget_approved', 'executing', 'suspended', 'self_evaluated', 'evaluated')`,
);

/** Core's `purposeText` in SQL: NFKC, the configured generic words out, numbers and punctuation to spaces. */
function purposeTextSql(col: SQL, stopWords: readonly string[]): SQL {
  let t: SQL = sql`normalize(coalesce(${col}, ''), NFKC)`;
  for (const w of stopWords) t = sql`replace(${t}, ${w}::text, ' ')`;
  return sql`btrim(regexp_replace(${t}, '[0-9０-９一二三四五六七八九十百千万亿年度（）()《》“”"、，,。.[:space:]—_/-]+', ' ', 'g'))`;
}

/** Distinct character pairs of a cleaned text, per space-separated part (core's `bigrams`). */
function gramsSql(source: string, textCol: string): SQL {
  return sql`select distinct s.id, g.gram from ${sql.raw(source)} s
    cross join lateral regexp_split_to_table(s.${sql.raw(textCol)}, ' +') p(part)
    cross join lateral (select substr(p.part, i, 2) as gram from generate_series(1, char_length(p.part) - 1) i) g`;
}

/**
 * Core's `findOverlaps` as set-based SQL over the live items funded in `year` in the scope, within
 * each region (one government's departments): candidate pairs share two or more name bigrams held
 * by no more than `maxGramItems` names of the region and lie in different departments; scored on names, descriptions, functional subjects and indicator
 * names with core's weights and arithmetic; pairs at or above `minScore`. Columns `a`, `b`,
 * `score`, `name_part`, `desc_part`, `subject_part`, `ind_part`.
 * `test/overlap-parity.test.ts` proves it equal to core on random samples.
 */
export function overlapPairsSql(year: number, scopePath: string, cfg: ResultApplicationConfig): SQL {
  const o = cfg.overlap;
  const w = o.weights;
  return sql`with subj as materialized (
      select bi.id, org.region_id, substring(org.path from '/o([0-9]+)/')::int as dept_id,
             ${purposeTextSql(sql`bi.name`, o.stopWords)} as name_c,
             nullif(bi.functional_subject, '') as subject
        from budget_items bi join org_units org on org.id = bi.org_unit_id
       where bi.kind in ('project', 'policy') and bi.state in ${LIVE_STATES_SQL}
         and bi.fiscal_year_start <= ${intSql(year)} and bi.fiscal_year_end >= ${intSql(year)}
         and org.path like ${`${scopePath}%`}
    ), ngrams as materialized (${gramsSql('subj', 'name_c')}),
    nsize as (select id, count(*)::int as n from ngrams group by id),
    keyed_all as (
      select g.id, g.gram, s.region_id, s.dept_id,
             count(*) over (partition by s.region_id, g.gram) as holders
        from ngrams g join subj s on s.id = g.id
    ),
    keyed as materialized (
      select k.region_id, k.gram, k.dept_id, array_agg(k.id) as ids
        from keyed_all k where k.holders <= ${intSql(o.maxGramItems)}
       group by k.region_id, k.gram, k.dept_id
    ),
    -- Pairs across departments only: the departments holding a gram are paired first, then their items.
    cand as materialized (
      select least(ia, ib) as a, greatest(ia, ib) as b, count(*)::int as shared
        from keyed x join keyed y on y.region_id = x.region_id and y.gram = x.gram and y.dept_id > x.dept_id
        cross join lateral unnest(x.ids) ia cross join lateral unnest(y.ids) ib
       group by 1, 2 having count(*) >= 2
    ),
    -- Descriptions and indicators are compared only for the items of candidate pairs.
    cand_items as materialized (select a as id from cand union select b from cand),
    descs as materialized (
      select ci.id, ${purposeTextSql(sql`bi.description`, o.stopWords)} as desc_c
        from cand_items ci join budget_items bi on bi.id = ci.id
    ),
    dgrams as materialized (${gramsSql('descs', 'desc_c')}),
    dsize as (select id, count(*)::int as n from dgrams group by id),
    inds as materialized (
      select distinct i.item_id as id, regexp_replace(normalize(i.name, NFKC), '[[:space:]]+', '', 'g') as n
        from indicators i join cand_items ci on ci.id = i.item_id
    ),
    inds_ne as materialized (select id, n from inds where n <> ''),
    isize as (select id, count(*)::int as n from inds_ne group by id),
    dshared as (
      select c.a, c.b, count(*)::int as n from cand c
        join dgrams x on x.id = c.a join dgrams y on y.id = c.b and y.gram = x.gram
       group by c.a, c.b
    ),
    ishared as (
      select c.a, c.b, count(*)::int as n from cand c
        join inds_ne x on x.id = c.a join inds_ne y on y.id = c.b and y.n = x.n
       group by c.a, c.b
    ),
    parts as (
      select c.a, c.b,
             (2 * c.shared)::float8 / (na.n + nb.n) as name_part,
             case when ea.desc_c <> '' and eb.desc_c <> '' then
               case when coalesce(da.n, 0) = 0 or coalesce(db.n, 0) = 0 then 0::float8
                    else (2 * coalesce(ds.n, 0))::float8 / (da.n + db.n) end
             end as desc_part,
             case when sa.subject is not null and sb.subject is not null then
               case when sa.subject = sb.subject then 1::float8
                    when left(sa.subject, 3) = left(sb.subject, 3) then 0.5::float8 else 0::float8 end
             end as subject_part,
             case when ia.n is not null and ib.n is not null then
               (2 * coalesce(xs.n, 0))::float8 / (ia.n + ib.n)
             end as ind_part
        from cand c
        join subj sa on sa.id = c.a join subj sb on sb.id = c.b
        join descs ea on ea.id = c.a join descs eb on eb.id = c.b
        join nsize na on na.id = c.a join nsize nb on nb.id = c.b
        left join dsize da on da.id = c.a left join dsize db on db.id = c.b
        left join isize ia on ia.id = c.a left join isize ib on ib.id = c.b
        left join dshared ds on ds.a = c.a and ds.b = c.b
        left join ishared xs on xs.a = c.a and xs.b = c.b
    ),
    scored as (
      select p.*,
             ((((${float8Sql(w.name)} * p.name_part)
               + coalesce(${float8Sql(w.description)} * p.desc_part, 0::float8))
               + coalesce(${float8Sql(w.subject)} * p.subject_part, 0::float8))
               + coalesce(${float8Sql(w.indicators)} * p.ind_part, 0::float8)) as num,
             (((${float8Sql(w.name)}
               + case when p.desc_part is null then 0::float8 else ${float8Sql(w.description)} end)
               + case when p.subject_part is null then 0::float8 else ${float8Sql(w.subject)} end)
               + case when p.ind_part is null then 0::float8 else ${float8Sql(w.indicators)} end) as den
        from parts p
    )
    select s.a, s.b,
           floor((case when s.den > 0 then s.num / s.den else 0::float8 end) * 1000 + 0.5) / 1000 as score,
           floor(s.name_part * 1000 + 0.5) / 1000 as name_part,
           floor(s.desc_part * 1000 + 0.5) / 1000 as desc_part,
           s.subject_part,
           floor(s.ind_part * 1000 + 0.5) / 1000 as ind_part
      from scored s
     where floor((case when s.den > 0 then s.num / s.den else 0::float8 end) * 1000 + 0.5) / 1000 >= ${float8Sql(o.minScore)}
     order by score desc, s.a, s.b`;
}

/**
 * Runs an overlap query with JIT compilation off: the planner's guesses for the character-pair
 * functions make every such query look huge, and compiling it costs more than running it.
 */
export async function queryOverlapRows<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return queryRows<T>(tx, query);
  });
}
