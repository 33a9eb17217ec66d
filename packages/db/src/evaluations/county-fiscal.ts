import {
  type CountyFiscalScore,
  type FiscalFactsInput,
  InputError,
  NotFoundError,
  scoreCountyFiscal,
} from '@jixiao/core';
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { regionFiscalFacts, regions } from '../schema/index.ts';
import { noteDerivedFacts, readCountyFacts } from './county-facts.ts';

/** The region's path without org segments: what of the regions the actor reaches. */
const regionScope = (actor: Actor) => actor.scopePath.replace(/o\d+\/.*$/, '');

async function regionInScope(db: DbOrTx, actor: Actor, regionId: number) {
  const [r] = await db.select().from(regions).where(eq(regions.id, regionId));
  // Inside the actor's region subtree only: a county sees its own facts, the city all of its counties.
  if (!r?.path.startsWith(regionScope(actor))) {
    throw new NotFoundError(`地区 ${regionId} 不存在或不在您的数据范围内`, { regionId });
  }
  return r;
}

export async function getFiscalFacts(db: DbOrTx, actor: Actor, regionId: number, fiscalYear: number) {
  const region = await regionInScope(db, actor, regionId);
  const [row] = await db
    .select()
    .from(regionFiscalFacts)
    .where(and(eq(regionFiscalFacts.regionId, regionId), eq(regionFiscalFacts.fiscalYear, fiscalYear)));
  return { region: { id: region.id, name: region.name }, fiscalYear, facts: row ?? null };
}

/** 维护地区财政运行数据 (DW-2): the finance bureau of the region or of the one above it. */
export async function putFiscalFacts(
  platform: Platform,
  actor: Actor,
  regionId: number,
  fiscalYear: number,
  input: FiscalFactsInput,
) {
  const scope = requirePermission(actor, 'evaluations.manage');
  await platform.db.transaction(async (tx) => {
    const region = await regionInScope(tx, actor, regionId);
    if (!region.path.startsWith(scope.replace(/o\d+\/.*$/, ''))) {
      throw new NotFoundError(`地区 ${regionId} 不存在或不在您的数据范围内`, { regionId });
    }
    if (
      input.taxRevenueFen != null &&
      input.generalBudgetRevenueFen != null &&
      input.taxRevenueFen > input.generalBudgetRevenueFen
    ) {
      throw new InputError('字段 taxRevenueFen：税收收入不能大于一般公共预算收入', [
        { path: 'taxRevenueFen', message: '不能大于一般公共预算收入' },
      ]);
    }
    const [before] = await tx
      .select()
      .from(regionFiscalFacts)
      .where(and(eq(regionFiscalFacts.regionId, regionId), eq(regionFiscalFacts.fiscalYear, fiscalYear)))
      .for('update');
    await tx
      .insert(regionFiscalFacts)
      .values({ regionId, fiscalYear, ...input })
      .onConflictDoUpdate({ target: [regionFiscalFacts.regionId, regionFiscalFacts.fiscalYear], set: input });
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'region_fiscal_facts.put',
          entityType: 'region',
          entityId: regionId,
          before: before ?? null,
          after: { fiscalYear, ...input },
        },
      ],
      platform.now(),
    );
  });
  return getFiscalFacts(platform.db, actor, regionId, fiscalYear);
}

/**
 * 下级政府财政运行综合绩效评价 (DW-2): every county under `parentRegionId` scored by core
 * `scoreCountyFiscal` from the facts held (`readCountyFacts`: reported facts, execution measured
 * when not reported, the management-work assessment's score), and ranked. The city sees all its counties; a county
 * sees its own line (with its rank among them).
 */
export async function countyFiscalRanking(
  platform: Platform,
  actor: Actor,
  parentRegionId: number,
  fiscalYear: number,
): Promise<{
  region: { id: number; name: string };
  fiscalYear: number;
  counties: CountyFiscalScore[];
  total: number;
}> {
  const [parent] = await platform.db.select().from(regions).where(eq(regions.id, parentRegionId));
  const own = regionScope(actor);
  if (!parent || !(parent.path.startsWith(own) || own.startsWith(parent.path))) {
    throw new NotFoundError(`地区 ${parentRegionId} 不存在或不在您的数据范围内`, {
      regionId: parentRegionId,
    });
  }
  const counties = await platform.db
    .select({ id: regions.id, name: regions.name, path: regions.path })
    .from(regions)
    .where(eq(regions.parentId, parentRegionId))
    .orderBy(asc(regions.code));
  const rows = await readCountyFacts(
    platform.db,
    counties.map((c) => c.id),
    fiscalYear,
  );
  const byId = new Map(rows.map((r) => [r.facts.regionId, r]));
  const scored = scoreCountyFiscal(
    rows.map((r) => r.facts),
    platform.config.evaluation.countyFiscal,
  ).map((s) => noteDerivedFacts(s, byId.get(s.regionId)));
  const visible = scored.filter((s) => {
    const c = counties.find((x) => x.id === s.regionId);
    return c?.path.startsWith(own) ?? false;
  });
  return {
    region: { id: parent.id, name: parent.name },
    fiscalYear,
    counties: visible,
    total: scored.length,
  };
}

/**
 * The ranking an official asks for in chat: the counties under their city (a county official
 * sees their own line), for `fiscalYear` or the latest year for which counties reported the
 * evaluation's facts. Null when the actor sits in no region.
 */
export async function countyFiscalRankingFor(platform: Platform, actor: Actor, fiscalYear?: number) {
  if (actor.regionId === null) return null;
  const [home] = await platform.db.select().from(regions).where(eq(regions.id, actor.regionId));
  if (!home) return null;
  const parentId = home.level === 'county' ? home.parentId : home.id;
  if (parentId === null) return null;
  let year = fiscalYear;
  if (year === undefined) {
    const [latest] = await platform.db
      .select({ year: sql<number | null>`max(${regionFiscalFacts.fiscalYear})` })
      .from(regionFiscalFacts)
      .innerJoin(regions, eq(regions.id, regionFiscalFacts.regionId))
      .where(and(eq(regions.parentId, parentId), isNotNull(regionFiscalFacts.executionRateBp)));
    year = latest?.year ?? Number(platform.now().toISOString().slice(0, 4));
  }
  return countyFiscalRanking(platform, actor, parentId, Number(year));
}
