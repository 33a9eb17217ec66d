import { ConflictError, InputError, type TargetInput, TransitionRefusedError } from '@jixiao/core';
import { and, eq, isNull } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Tx } from '../client.ts';
import { type ItemRow, lockItemForWrite } from '../items/item-queries.ts';
import type { Platform } from '../platform.ts';
import { indicators, performanceTargets } from '../schema/index.ts';
import { qualityOf } from '../target-reviews/content.ts';
import { liveContent, requireLibraryEntries } from '../target-reviews/quality-context.ts';
import { loadTargets, type TargetRow } from './target-queries.ts';

export interface SetTargetResult {
  target: TargetRow;
  /** What still keeps the target from being submitted (the blocking quality checks). */
  problems: string[];
  /** What the reviewer will see flagged (outside the library's range, far from history). */
  flags: string[];
}

/** The year of a target must lie within the item's period (null: the whole cycle). */
export function checkYear(item: ItemRow, fiscalYear: number | null): void {
  if (fiscalYear === null) return;
  if (fiscalYear < item.fiscalYearStart || fiscalYear > item.fiscalYearEnd) {
    throw new InputError(
      `字段 fiscalYear：${fiscalYear} 不在项目实施期（${item.fiscalYearStart}–${item.fiscalYearEnd}年）内`,
      [{ path: 'fiscalYear', message: '年度不在项目实施期内' }],
    );
  }
}

/** Writes (or replaces) an item's target for a year, in the caller's transaction. */
export async function writeTarget(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  input: TargetInput,
) {
  if (item.state === 'terminated' || item.state === 'closed') {
    throw new TransitionRefusedError('项目已清理退出或办结，不能修改绩效目标');
  }
  checkYear(item, input.fiscalYear);
  await requireLibraryEntries(tx, item, input.indicators);
  const yearCond =
    input.fiscalYear === null
      ? isNull(performanceTargets.fiscalYear)
      : eq(performanceTargets.fiscalYear, input.fiscalYear);
  const existing = (
    await tx
      .select()
      .from(performanceTargets)
      .where(and(eq(performanceTargets.itemId, item.id), yearCond))
      .limit(1)
  )[0];
  if (existing && (existing.status === 'submitted' || existing.status === 'approved')) {
    throw new ConflictError(
      existing.status === 'approved'
        ? '该年度绩效目标已审核通过，不能直接修改；年度中需要调整的，请提交绩效目标调整'
        : '该年度绩效目标已报送待审，不能直接修改；如需修改请等待审核结果（退回后可修改）',
      { targetId: existing.id },
    );
  }
  let targetId: number;
  if (existing) {
    targetId = existing.id;
    await tx.delete(indicators).where(eq(indicators.targetId, targetId));
    await tx
      .update(performanceTargets)
      .set({ overallGoal: input.overallGoal, status: 'draft', updatedAt: platform.now() })
      .where(eq(performanceTargets.id, targetId));
  } else {
    const ins = await tx
      .insert(performanceTargets)
      .values({ itemId: item.id, fiscalYear: input.fiscalYear, overallGoal: input.overallGoal })
      .returning({ id: performanceTargets.id });
    targetId = ins[0]?.id as number;
  }
  await tx.insert(indicators).values(
    input.indicators.map((ind, position) => ({
      targetId,
      itemId: item.id,
      position,
      name: ind.name,
      level1: ind.level1,
      level2: ind.level2,
      operator: ind.operator,
      targetValue: ind.targetValue ?? null,
      targetMin: ind.targetMin ?? null,
      targetMax: ind.targetMax ?? null,
      targetText: ind.targetText ?? null,
      unit: ind.unit,
      weight: ind.weight,
      basis: ind.basis,
      libraryIndicatorId: ind.libraryIndicatorId ?? null,
    })),
  );
  await appendAudit(
    tx,
    [
      {
        actor,
        action: existing ? 'target.replace' : 'target.create',
        entityType: 'performance_target',
        entityId: targetId,
        itemId: item.id,
        after: input,
      },
    ],
    platform.now(),
  );
  return targetId;
}

export async function setTarget(
  platform: Platform,
  actor: Actor,
  itemId: number,
  input: TargetInput,
): Promise<SetTargetResult> {
  requirePermission(actor, 'targets.write');
  const item = await platform.db.transaction(async (tx) => {
    const locked = await lockItemForWrite(tx, actor, itemId, 'targets.write');
    await writeTarget(platform, tx, actor, locked, input);
    return locked;
  });
  const targets = await loadTargets(platform.db, itemId);
  const target = targets.find((t) => t.fiscalYear === input.fiscalYear) as TargetRow;
  const { flags } = await qualityOf(
    platform,
    platform.db,
    item,
    input.fiscalYear,
    await liveContent(platform.db, target.id),
  );
  return {
    target,
    problems: flags.filter((f) => f.severity === 'block').map((f) => f.message),
    flags: flags.filter((f) => f.severity === 'flag').map((f) => f.message),
  };
}
