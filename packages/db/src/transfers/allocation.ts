import { allocateTransfers, type CountyAllocation, InputError, scoreCountyFiscal } from '@jixiao/core';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { type CountyFactsRow, readCountyFacts } from '../evaluations/county-facts.ts';
import type { Platform } from '../platform.ts';
import { regionFiscalFacts, regions } from '../schema/index.ts';

export interface TransferInput {
  fiscalYear: number;
  poolFen: number;
  /** Each county's share by the transfer's own formula (need, population …). */
  counties: ReadonlyArray<{ regionId: number; formulaFen: number }>;
}

export interface TransferAllocationView extends CountyAllocation {
  /** Where the score came from: a recorded county evaluation, or computed from the fiscal facts held. */
  scoreSource: 'county_evaluation' | 'fiscal_facts' | null;
  scoreNote: string | null;
}

interface CountyScore {
  score: number | null;
  source: TransferAllocationView['scoreSource'];
  note: string | null;
}

/**
 * Each county's comprehensive fiscal score: its recorded county evaluation for the year when there
 * is one, otherwise core's `scoreCountyFiscal` over all the facts `readCountyFacts` holds (tax
 * share, 三保, debt ratio, treasury cash, execution, performance-management work).
 */
function countyScores(platform: Platform, rows: readonly CountyFactsRow[]): Map<number, CountyScore> {
  const computed = new Map(
    scoreCountyFiscal(
      rows.filter((r) => r.evaluatedScore === null).map((r) => r.facts),
      platform.config.evaluation.countyFiscal,
    ).map((s) => [s.regionId, s]),
  );
  const scores = new Map<number, CountyScore>();
  for (const r of rows) {
    const id = r.facts.regionId;
    const c = computed.get(id);
    const used = c?.indicators.filter((x) => x.value !== null) ?? [];
    if (r.evaluatedScore !== null)
      scores.set(id, {
        score: r.evaluatedScore,
        source: 'county_evaluation',
        note: '采用已登记的综合绩效评价得分',
      });
    else if (c && used.length > 0)
      scores.set(id, {
        score: c.total,
        source: 'fiscal_facts',
        note: `按系统掌握的财政数据测算（${used.map((x) => `${x.name}${x.value}得${x.score}分`).join('、')}）`,
      });
    else scores.set(id, { score: null, source: null, note: null });
  }
  return scores;
}

function allocate(
  platform: Platform,
  input: TransferInput,
  rows: readonly CountyFactsRow[],
): TransferAllocationView[] {
  const scores = countyScores(platform, rows);
  const names = new Map(rows.map((r) => [r.facts.regionId, r.facts.name]));
  const allocations = allocateTransfers(
    input.poolFen,
    input.counties.map((c) => ({
      regionId: c.regionId,
      name: names.get(c.regionId) ?? '',
      formulaFen: c.formulaFen,
      score: scores.get(c.regionId)?.score ?? null,
    })),
    platform.config.resultApplication,
  );
  return allocations.map((a) => {
    const s = scores.get(a.regionId);
    return {
      ...a,
      scoreSource: s?.source ?? null,
      scoreNote: s?.note ?? null,
      explanation: s?.note ? `${a.explanation}；${s.note}` : a.explanation,
    };
  });
}

/**
 * 转移支付与下级政府财政运行综合绩效挂钩 (seed §十六, DW-2): each county's comprehensive fiscal score
 * turns into core's allocation factor, and the pool is shared by formula share × factor. Reads only.
 */
export async function allocateTransferPool(
  platform: Platform,
  actor: Actor,
  input: TransferInput,
): Promise<TransferAllocationView[]> {
  requirePermission(actor, 'results.apply');
  const ids = input.counties.map((c) => c.regionId);
  if (new Set(ids).size !== ids.length)
    throw new InputError('字段 counties：同一县（区）出现了两次', [
      { path: 'counties', message: '县（区）重复' },
    ]);
  if (ids.length === 0) return [];
  const rows = await readCountyFacts(platform.db, ids, input.fiscalYear);
  const byId = new Map(rows.map((r) => [r.facts.regionId, r]));
  for (const [i, id] of ids.entries()) {
    const r = byId.get(id);
    if (r?.level !== 'county' || !r.path.startsWith(actor.scopePath))
      throw new InputError(`字段 counties.${i}.regionId：县（区）${id} 不存在或不在您的数据范围内`, [
        { path: `counties.${i}.regionId`, message: '县（区）不存在或不在数据范围内' },
      ]);
  }
  return allocate(platform, input, rows);
}

export interface TransferAnswer {
  fiscalYear: number;
  poolFen: number;
  /** Counties sharing the pool (a county sees only its own line, but the count of all). */
  counties: number;
  lines: Array<TransferAllocationView & { formulaShare: number; adjustedShare: number }>;
}

/**
 * 转移支付分配 as the bureau or a county asks it in chat: the counties under the asker's city whose
 * factor-formula amounts are recorded in the fiscal facts (the sum is the pool), shared by formula
 * × performance factor, for `fiscalYear` or the latest year with formula amounts. The city bureau
 * sees every county, a county bureau its own line only. Null when there is nothing to answer.
 */
export async function transferAllocationFor(
  platform: Platform,
  actor: Actor,
  fiscalYear?: number,
): Promise<TransferAnswer | null> {
  requirePermission(actor, 'results.apply');
  if (actor.regionId === null) return null;
  const [home] = await platform.db.select().from(regions).where(eq(regions.id, actor.regionId));
  const parentId = home?.level === 'county' ? home.parentId : home?.id;
  if (parentId === null || parentId === undefined) return null;
  const withFormula = and(eq(regions.parentId, parentId), isNotNull(regionFiscalFacts.transferFormulaFen));
  let year = fiscalYear;
  if (year === undefined) {
    const [latest] = await platform.db
      .select({ year: sql<number | null>`max(${regionFiscalFacts.fiscalYear})` })
      .from(regionFiscalFacts)
      .innerJoin(regions, eq(regions.id, regionFiscalFacts.regionId))
      .where(withFormula);
    if (latest?.year === null || latest?.year === undefined) return null;
    year = Number(latest.year);
  }
  const ids = await platform.db
    .select({ id: regions.id })
    .from(regionFiscalFacts)
    .innerJoin(regions, eq(regions.id, regionFiscalFacts.regionId))
    .where(and(withFormula, eq(regionFiscalFacts.fiscalYear, year)));
  const rows = await readCountyFacts(
    platform.db,
    ids.map((r) => r.id),
    year,
  );
  if (rows.length === 0) return null;
  const counties = rows.map((r) => ({ regionId: r.facts.regionId, formulaFen: r.transferFormulaFen ?? 0 }));
  const poolFen = counties.reduce((s, c) => s + c.formulaFen, 0);
  const own = actor.scopePath.replace(/o\d+\/.*$/, '');
  const visible = new Set(rows.filter((r) => r.path.startsWith(own)).map((r) => r.facts.regionId));
  const lines = allocate(platform, { fiscalYear: year, poolFen, counties }, rows)
    .filter((l) => visible.has(l.regionId))
    .map((l) => ({
      ...l,
      formulaShare: poolFen > 0 ? l.formulaFen / poolFen : 0,
      adjustedShare: poolFen > 0 ? l.allocatedFen / poolFen : 0,
    }));
  return { fiscalYear: year, poolFen, counties: rows.length, lines };
}
