import {
  type HistoryIndicator,
  InputError,
  type LibraryRange,
  type QualityContext,
  type QualityIndicator,
  type QualityTarget,
} from '@jixiao/core';
import { and, asc, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { visibleFrom } from '../indicator-library/library.ts';
import type { ItemRow } from '../items/item-queries.ts';
import { indicatorLibrary, indicators, performanceTargets } from '../schema/index.ts';

/** An indicator line as versions and quality checks hold it. */
export interface ContentIndicatorRow extends QualityIndicator {
  targetText: string | null;
  basis: 'plan' | 'industry' | 'historical' | 'other';
  /** The live indicator row it is (null for one an adjustment adds). */
  indicatorId: number | null;
}

export interface ItemTargetContent {
  overallGoal: string;
  indicators: ContentIndicatorRow[];
}

/** A stored indicator row as a content line. */
export function contentRow(i: typeof indicators.$inferSelect): ContentIndicatorRow {
  return {
    position: i.position,
    name: i.name,
    level1: i.level1,
    level2: i.level2,
    operator: i.operator,
    targetValue: i.targetValue,
    targetMin: i.targetMin,
    targetMax: i.targetMax,
    targetText: i.targetText,
    unit: i.unit,
    weight: i.weight,
    basis: i.basis,
    libraryIndicatorId: i.libraryIndicatorId,
    indicatorId: i.id,
  };
}

/** The live content of a target, in position order. */
export async function liveContent(db: DbOrTx, targetId: number): Promise<ItemTargetContent> {
  const [t] = await db.select().from(performanceTargets).where(eq(performanceTargets.id, targetId)).limit(1);
  const rows = await db
    .select()
    .from(indicators)
    .where(eq(indicators.targetId, targetId))
    .orderBy(asc(indicators.position));
  return {
    overallGoal: t?.overallGoal ?? '',
    indicators: rows.map(contentRow),
  };
}

/** Reference ranges of the library entries in use among `ids` (retired entries no longer apply). */
async function libraryRanges(db: DbOrTx, ids: readonly number[]): Promise<Map<number, LibraryRange>> {
  const out = new Map<number, LibraryRange>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: indicatorLibrary.id,
      min: indicatorLibrary.referenceMin,
      max: indicatorLibrary.referenceMax,
    })
    .from(indicatorLibrary)
    .where(and(inArray(indicatorLibrary.id, [...new Set(ids)]), eq(indicatorLibrary.active, true)));
  for (const r of rows) out.set(r.id, { referenceMin: r.min, referenceMax: r.max });
  return out;
}

/**
 * Library entries input lines refer to must exist, be in use and belong to the library the item's
 * region sees (IN-11: not a sibling county's); InputError naming the line otherwise.
 */
export async function requireLibraryEntries(
  db: DbOrTx,
  item: Pick<ItemRow, 'orgPath'>,
  lines: ReadonlyArray<{ libraryIndicatorId?: number | null | undefined }>,
): Promise<void> {
  const ids = [
    ...new Set(lines.map((l) => l.libraryIndicatorId).filter((v): v is number => typeof v === 'number')),
  ];
  if (ids.length === 0) return;
  const found = new Set(
    (
      await db
        .select({ id: indicatorLibrary.id })
        .from(indicatorLibrary)
        .where(
          and(
            inArray(indicatorLibrary.id, ids),
            eq(indicatorLibrary.active, true),
            visibleFrom(item.orgPath.replace(/o\d+\/.*$/, '')),
          ),
        )
    ).map((r) => r.id),
  );
  lines.forEach((l, position) => {
    if (typeof l.libraryIndicatorId === 'number' && !found.has(l.libraryIndicatorId)) {
      const path = `indicators.${position}.libraryIndicatorId`;
      throw new InputError(
        `字段 ${path}：本地区可用的指标库中没有编号为 ${l.libraryIndicatorId} 的在用指标`,
        [{ path, message: '指标库中没有该在用指标' }],
      );
    }
  });
}

/** What the quality checks of an item's target for `fiscalYear` look at besides the target itself. */
export async function loadQualityContext(
  db: DbOrTx,
  item: ItemRow,
  fiscalYear: number | null,
  lines: readonly QualityIndicator[],
): Promise<QualityContext> {
  return (await loadQualityContexts(db, [{ item, fiscalYear, lines }]))[0] as QualityContext;
}

/**
 * Same for many targets at once (bulk submissions): the library ranges and the items' history in
 * one statement each; only a multi-year item's whole-cycle content is read per item.
 */
export async function loadQualityContexts(
  db: DbOrTx,
  targets: ReadonlyArray<{ item: ItemRow; fiscalYear: number | null; lines: readonly QualityIndicator[] }>,
): Promise<QualityContext[]> {
  const library = await libraryRanges(
    db,
    targets.flatMap((t) => t.lines.map((l) => l.libraryIndicatorId).filter((v): v is number => v !== null)),
  );
  const annual = targets.filter((t) => t.fiscalYear !== null);
  const history = new Map<number, HistoryIndicator[]>();
  if (annual.length > 0) {
    const rows = await db
      .select({
        itemId: performanceTargets.itemId,
        fiscalYear: performanceTargets.fiscalYear,
        position: indicators.position,
        name: indicators.name,
        targetValue: indicators.targetValue,
      })
      .from(indicators)
      .innerJoin(performanceTargets, eq(performanceTargets.id, indicators.targetId))
      .where(
        and(
          inArray(performanceTargets.itemId, [...new Set(annual.map((t) => t.item.id))]),
          isNotNull(performanceTargets.fiscalYear),
          lt(performanceTargets.fiscalYear, Math.max(...annual.map((t) => t.fiscalYear as number))),
        ),
      );
    for (const { itemId, ...r } of rows) {
      const list = history.get(itemId) ?? [];
      list.push({ ...r, fiscalYear: r.fiscalYear as number });
      history.set(itemId, list);
    }
  }
  const out: QualityContext[] = [];
  for (const { item, fiscalYear } of targets) {
    let cycle: QualityTarget | null = null;
    if (fiscalYear !== null && item.fiscalYearStart < item.fiscalYearEnd) {
      const [c] = await db
        .select({ id: performanceTargets.id })
        .from(performanceTargets)
        .where(and(eq(performanceTargets.itemId, item.id), isNull(performanceTargets.fiscalYear)))
        .limit(1);
      if (c) cycle = { fiscalYear: null, indicators: (await liveContent(db, c.id)).indicators };
    }
    out.push({
      item: {
        sector: item.sector,
        isCapitalConstruction: item.isCapitalConstruction,
        fiscalYearStart: item.fiscalYearStart,
        fiscalYearEnd: item.fiscalYearEnd,
      },
      library,
      history:
        fiscalYear === null ? [] : (history.get(item.id) ?? []).filter((h) => h.fiscalYear < fiscalYear),
      cycle,
    });
  }
  return out;
}
