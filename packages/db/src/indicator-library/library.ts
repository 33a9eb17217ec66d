import {
  ConflictError,
  type IndicatorLevel1,
  InputError,
  type LibraryIndicatorInput,
  type LibraryIndicatorPatch,
  libraryIndicatorInputSchema,
  libraryScope,
  NotAllowedError,
  NotFoundError,
  type Sector,
} from '@jixiao/core';
import type { Plugin } from '@jixiao/plugin-kit';
import { and, asc, eq, gt, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Db, DbOrTx } from '../client.ts';
import { likePattern } from '../items/item-queries.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { fundTypes, indicatorLibrary, regions } from '../schema/index.ts';

export type LibraryIndicatorRow = typeof indicatorLibrary.$inferSelect & {
  scope: 'common' | 'fund_type' | 'sector';
};

const withScope = (r: typeof indicatorLibrary.$inferSelect): LibraryIndicatorRow => ({
  ...r,
  scope: libraryScope(r),
});

export interface LibraryFilter {
  fundTypeId?: string;
  sector?: Sector;
  level1?: IndicatorLevel1;
  /** Entries that fit an item of this fund type and sector: theirs and the common framework. */
  forItem?: { fundTypeId: string; sector: Sector | null };
  q?: string;
  includeRetired?: boolean;
  afterId?: number;
  limit: number;
}

/** The region part of an actor's read scope (an org path ends in `o<id>/…`). */
const regionPrefix = (actor: Actor) => actor.scopePath.replace(/o\d+\/.*$/, '');

/**
 * The entries an actor sees (IN-11): the plugins' (no region), their own region's and its
 * ancestors' (a county sees the city's common entries), and their region's descendants' (the city
 * sees what its counties added). A sibling county's entries stay out.
 */
function visibleTo(actor: Actor): SQL {
  return visibleFrom(regionPrefix(actor));
}

/** Entries visible from the region at path `prefix` (its own, its ancestors', its descendants'; plugins'). */
export function visibleFrom(prefix: string): SQL {
  return sql`(${indicatorLibrary.regionId} is null or exists (select 1 from ${regions} r where r.id = ${indicatorLibrary.regionId}
    and (left(r.path, ${prefix.length}) = ${prefix} or left(${prefix}, length(r.path)) = r.path)))`;
}

/** The indicator library as the actor sees it (see `visibleTo`). */
export async function listLibraryIndicators(
  db: DbOrTx,
  actor: Actor,
  f: LibraryFilter,
): Promise<LibraryIndicatorRow[]> {
  const conds: SQL[] = [visibleTo(actor)];
  if (!f.includeRetired) conds.push(eq(indicatorLibrary.active, true));
  if (f.fundTypeId) conds.push(eq(indicatorLibrary.fundTypeId, f.fundTypeId));
  if (f.sector) conds.push(eq(indicatorLibrary.sector, f.sector));
  if (f.level1) conds.push(eq(indicatorLibrary.level1, f.level1));
  if (f.forItem) {
    const fits = or(
      and(isNull(indicatorLibrary.fundTypeId), isNull(indicatorLibrary.sector)),
      eq(indicatorLibrary.fundTypeId, f.forItem.fundTypeId),
      ...(f.forItem.sector ? [eq(indicatorLibrary.sector, f.forItem.sector)] : []),
    );
    if (fits) conds.push(fits);
  }
  if (f.q) conds.push(like(indicatorLibrary.name, likePattern(f.q)));
  if (f.afterId !== undefined) conds.push(gt(indicatorLibrary.id, f.afterId));
  const rows = await db
    .select()
    .from(indicatorLibrary)
    .where(and(...conds))
    .orderBy(asc(indicatorLibrary.id))
    .limit(f.limit);
  return rows.map(withScope);
}

/** One entry the actor sees; NotFoundError otherwise. */
export async function getLibraryIndicator(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<LibraryIndicatorRow> {
  const [row] = await db
    .select()
    .from(indicatorLibrary)
    .where(and(eq(indicatorLibrary.id, id), visibleTo(actor)))
    .limit(1);
  if (!row) throw new NotFoundError(`指标库中没有编号为 ${id} 的指标`, { libraryIndicatorId: id });
  return withScope(row);
}

async function requireFundType(db: DbOrTx, fundTypeId: string | null): Promise<void> {
  if (fundTypeId === null) return;
  const [row] = await db
    .select({ id: fundTypes.id })
    .from(fundTypes)
    .where(eq(fundTypes.id, fundTypeId))
    .limit(1);
  if (!row) {
    throw new InputError(`字段 fundTypeId：资金类型“${fundTypeId}”不存在`, [
      { path: 'fundTypeId', message: '资金类型不存在' },
    ]);
  }
}

const nameTaken = (name: string) =>
  new ConflictError(`指标库同一分类下已有指标“${name}”`, {
    issues: [{ path: 'name', message: '同一分类下已有同名指标' }],
  });

/** The finance bureau adds an indicator to its region's library (the actor's own region). */
export async function createLibraryIndicator(
  platform: Platform,
  actor: Actor,
  input: LibraryIndicatorInput,
): Promise<LibraryIndicatorRow> {
  requirePermission(actor, 'indicator_library.manage');
  try {
    const id = await platform.db.transaction(async (tx) => {
      await requireFundType(tx, input.fundTypeId);
      const [row] = await tx
        .insert(indicatorLibrary)
        .values({
          ...input,
          guidance: input.guidance ?? null,
          origin: 'bureau',
          regionId: actor.regionId,
          createdBy: actor.userId,
        })
        .returning({ id: indicatorLibrary.id });
      const entryId = (row as { id: number }).id;
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'indicator_library.create',
            entityType: 'library_indicator',
            entityId: entryId,
            after: { ...input, regionId: actor.regionId },
          },
        ],
        platform.now(),
      );
      return entryId;
    });
    return getLibraryIndicator(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

/**
 * An entry about to be changed, under its row lock: one the actor sees, kept by the bureau (not a
 * plugin's) and of the actor's own region — a county cannot edit the city's entries nor the city
 * a county's (IN-11).
 */
async function lockBureauEntry(db: DbOrTx, actor: Actor, id: number): Promise<LibraryIndicatorRow> {
  await db
    .select({ id: indicatorLibrary.id })
    .from(indicatorLibrary)
    .where(eq(indicatorLibrary.id, id))
    .for('update');
  const row = await getLibraryIndicator(db, actor, id);
  if (row.origin === 'plugin') {
    throw new NotAllowedError('该指标由资金类型插件提供，随插件维护，不能在此修改', {
      libraryIndicatorId: id,
    });
  }
  if (row.regionId !== actor.regionId) {
    const [owner] = await db
      .select({ name: regions.name })
      .from(regions)
      .where(eq(regions.id, row.regionId ?? 0))
      .limit(1);
    throw new NotAllowedError(
      `指标“${row.name}”属于${owner?.name ?? '其他区划'}的指标库，只能由${owner?.name ?? '该区划'}财政部门修改或停用`,
      { libraryIndicatorId: id },
    );
  }
  return row;
}

/** Changes an entry; the result is checked as a whole (range, level, unit). */
export async function updateLibraryIndicator(
  platform: Platform,
  actor: Actor,
  id: number,
  patch: LibraryIndicatorPatch,
): Promise<LibraryIndicatorRow> {
  requirePermission(actor, 'indicator_library.manage');
  try {
    await platform.db.transaction(async (tx) => {
      const before = await lockBureauEntry(tx, actor, id);
      const merged = libraryIndicatorInputSchema.safeParse({
        name: before.name,
        level1: before.level1,
        level2: before.level2,
        operator: before.operator,
        unit: before.unit,
        standard: before.standard,
        fundTypeId: before.fundTypeId,
        sector: before.sector,
        referenceValue: before.referenceValue,
        referenceMin: before.referenceMin,
        referenceMax: before.referenceMax,
        guidance: before.guidance ?? undefined,
        source: before.source,
        ...patch,
      });
      if (!merged.success) {
        const issue = merged.error.issues[0];
        const path = issue?.path.join('.') || '(根)';
        throw new InputError(`字段 ${path}：${issue?.message ?? '不合法'}`, [
          { path, message: issue?.message ?? '不合法' },
        ]);
      }
      await requireFundType(tx, merged.data.fundTypeId);
      await tx
        .update(indicatorLibrary)
        .set({ ...merged.data, guidance: merged.data.guidance ?? null, updatedAt: platform.now() })
        .where(eq(indicatorLibrary.id, id));
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'indicator_library.update',
            entityType: 'library_indicator',
            entityId: id,
            before,
            after: patch,
          },
        ],
        platform.now(),
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(patch.name ?? '');
    throw err;
  }
  return getLibraryIndicator(platform.db, actor, id);
}

/** Retires an entry: targets that use it keep it, new ones can no longer pick it, and its range no longer applies. */
export async function retireLibraryIndicator(
  platform: Platform,
  actor: Actor,
  id: number,
): Promise<LibraryIndicatorRow> {
  requirePermission(actor, 'indicator_library.manage');
  await platform.db.transaction(async (tx) => {
    const before = await lockBureauEntry(tx, actor, id);
    if (!before.active) throw new ConflictError('该指标已停用');
    await tx
      .update(indicatorLibrary)
      .set({ active: false, updatedAt: platform.now() })
      .where(eq(indicatorLibrary.id, id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'indicator_library.retire',
          entityType: 'library_indicator',
          entityId: id,
          before: { active: true },
          after: { active: false },
        },
      ],
      platform.now(),
    );
  });
  return getLibraryIndicator(platform.db, actor, id);
}

/** A plugin's template as the library row it becomes. */
function pluginEntry(plugin: Plugin, t: Plugin['indicatorLibrary'][number]) {
  const tt = t.typicalTarget;
  return {
    name: t.name,
    level1: t.level1,
    level2: t.level2,
    operator: t.operator,
    unit: t.unit,
    standard: t.standard ?? ('industry' as const),
    fundTypeId: plugin.id,
    sector: null,
    referenceValue: typeof tt === 'number' ? tt : null,
    referenceMin: Array.isArray(tt) ? (tt[0] as number) : null,
    referenceMax: Array.isArray(tt) ? (tt[1] as number) : null,
    guidance: typeof tt === 'string' ? `参考目标：${tt}` : null,
    source: t.source ?? plugin.name,
    origin: 'plugin' as const,
    active: true,
  };
}

type EntryValues = ReturnType<typeof pluginEntry>;
/** Whether a stored entry already says what the plugin says. */
const unchanged = (stored: Record<string, unknown>, values: EntryValues) =>
  (Object.keys(values) as Array<keyof EntryValues>).every((k) => stored[k] === values[k]);

/**
 * The fund types' own core indicators (plugin `indicatorLibrary`) in the library, kept in step
 * with the loaded plugins at start-up: new ones added, changed ones updated in place, those a
 * loaded plugin dropped retired; unchanged ones are not written.
 */
export async function syncPluginIndicators(db: Db, plugins: readonly Plugin[]): Promise<void> {
  await db.transaction(async (tx) => {
    const existing = await tx.select().from(indicatorLibrary).where(eq(indicatorLibrary.origin, 'plugin'));
    const byKey = new Map(existing.map((e) => [`${e.fundTypeId}|${e.name}`, e]));
    const seen = new Set<number>();
    const added: EntryValues[] = [];
    for (const plugin of plugins) {
      for (const t of plugin.indicatorLibrary) {
        const values = pluginEntry(plugin, t);
        const found = byKey.get(`${plugin.id}|${t.name}`);
        if (!found) {
          added.push(values);
          continue;
        }
        seen.add(found.id);
        if (!unchanged(found, values)) {
          await tx.update(indicatorLibrary).set(values).where(eq(indicatorLibrary.id, found.id));
        }
      }
    }
    if (added.length > 0) await tx.insert(indicatorLibrary).values(added);
    // Entries of plugins not loaded now stay as they are; a loaded plugin's dropped ones retire.
    const loaded = new Set(plugins.map((p) => p.id));
    const dropped = existing
      .filter((e) => !seen.has(e.id) && e.active && e.fundTypeId !== null && loaded.has(e.fundTypeId))
      .map((e) => e.id);
    if (dropped.length > 0) {
      await tx.update(indicatorLibrary).set({ active: false }).where(inArray(indicatorLibrary.id, dropped));
    }
  });
}
