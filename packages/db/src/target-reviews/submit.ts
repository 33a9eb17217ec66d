import {
  ConflictError,
  decideTargetSubmission,
  diffTargetContent,
  exAnteTargetRefusal,
  InputError,
  isUnchanged,
  NotAllowedError,
  qualityFieldPath,
  type ReviewRefusal,
  type TargetAdjustmentInput,
  type TargetSubmissionInput,
  TransitionRefusedError,
  versionInForce,
} from '@jixiao/core';
import { and, eq, isNull } from 'drizzle-orm';
import { type Actor, permissionsAt, requirePermission } from '../actor.ts';
import { loadExAnteStatus } from '../assessments/ex-ante-facts.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { getItem, type ItemRow, lockItemForWrite } from '../items/item-queries.ts';
import { transitionInTx } from '../items/transition.ts';
import { type Platform, today } from '../platform.ts';
import { performanceTargets, type StoredQualityFinding, targetVersions } from '../schema/index.ts';
import { writeTarget } from '../targets/target-writes.ts';
import {
  checkContent,
  contentFromInput,
  qualityOf,
  refuseDroppingReported,
  refuseInconsistentAnnuals,
} from './content.ts';
import { liveContent, requireLibraryEntries } from './quality-context.ts';
import { queueTargetTodo } from './target-todo.ts';
import {
  ensureBaselineVersion,
  getVersion,
  lastReviewed,
  nextVersionNumber,
  pendingVersionTargets,
  type TargetVersionRow,
  versionsOf,
} from './versions.ts';

/** A core refusal as the domain error the API maps. */
export function throwRefusal(r: ReviewRefusal, details: Record<string, unknown> = {}): never {
  if (r.code === 'not_allowed') throw new NotAllowedError(r.message, details);
  if (r.code === 'invalid_input') {
    const path = r.path ?? '(根)';
    throw new InputError(`字段 ${path}：${r.message}`, [{ path, message: r.message }], details);
  }
  throw new TransitionRefusedError(r.message, details);
}

async function targetRow(db: DbOrTx, itemId: number, fiscalYear: number | null) {
  const [t] = await db
    .select()
    .from(performanceTargets)
    .where(
      and(
        eq(performanceTargets.itemId, itemId),
        fiscalYear === null
          ? isNull(performanceTargets.fiscalYear)
          : eq(performanceTargets.fiscalYear, fiscalYear),
      ),
    )
    .limit(1);
  return t ?? null;
}

const yearLabel = (fiscalYear: number | null) => (fiscalYear === null ? '全周期' : `${fiscalYear}年度`);

/** For an annual target of a multi-year item: the whole-cycle target must already be with the reviewer or approved. */
async function refuseUnsentCycle(tx: Tx, item: ItemRow, fiscalYear: number | null): Promise<void> {
  if (fiscalYear === null || item.fiscalYearStart >= item.fiscalYearEnd) return;
  const cycle = await targetRow(tx, item.id, null);
  if (cycle && (cycle.status === 'draft' || cycle.status === 'returned')) {
    throw new TransitionRefusedError('多年度项目须先报送全周期绩效目标，再报送年度目标', { itemId: item.id });
  }
}

async function lockedItem(tx: Tx, actor: Actor, itemId: number): Promise<ItemRow> {
  return lockItemForWrite(tx, actor, itemId, 'targets.write');
}

function refuseClosed(item: ItemRow): void {
  if (item.state === 'terminated' || item.state === 'closed') {
    throw new TransitionRefusedError('项目已清理退出或办结，不能报送或调整绩效目标');
  }
}

/**
 * 报送绩效目标: the target of a year (or the whole-cycle one) goes to the finance bureau after
 * the quality checks (IN-7); blocking findings refuse it naming what to fix, flags go with it.
 * With `overallGoal` and `indicators` the content is saved in the same step (forms, chat). The
 * version records what changed since the last review; the current year's submission moves the
 * item to 目标已报送.
 */
export async function submitTarget(
  platform: Platform,
  actor: Actor,
  itemId: number,
  input: TargetSubmissionInput,
): Promise<TargetVersionRow> {
  requirePermission(actor, 'targets.write');
  const id = await platform.db.transaction((tx) => submitInTx(platform, tx, actor, itemId, input));
  return getVersion(platform.db, actor, id);
}

async function submitInTx(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  itemId: number,
  input: TargetSubmissionInput,
): Promise<number> {
  const fy = input.fiscalYear;
  {
    const item = await lockedItem(tx, actor, itemId);
    refuseClosed(item);
    if (input.overallGoal !== undefined && input.indicators !== undefined) {
      await writeTarget(platform, tx, actor, item, {
        fiscalYear: fy,
        overallGoal: input.overallGoal,
        indicators: input.indicators,
      });
    }
    const target = await targetRow(tx, item.id, fy);
    if (!target) {
      throw new InputError(`字段 fiscalYear：尚未填报${yearLabel(fy)}绩效目标`, [
        { path: 'fiscalYear', message: '尚未填报该年度绩效目标' },
      ]);
    }
    const refusal = decideTargetSubmission('submit', {
      targetStatus: target.status,
      permissions: permissionsAt(actor, item.orgPath),
      pendingAdjustment: false,
    });
    if (refusal) throwRefusal(refusal, { targetId: target.id });
    const exAnte = await loadExAnteStatus(tx, item, platform.config);
    const exAnteRefusal = exAnteTargetRefusal(exAnte.gate);
    if (exAnteRefusal) throw new TransitionRefusedError(exAnteRefusal, { itemId: item.id });
    await refuseUnsentCycle(tx, item, fy);
    const content = await liveContent(tx, target.id);
    const { flags } = await checkContent(platform, tx, item, fy, content);
    if (fy === null) await refuseInconsistentAnnuals(platform, tx, item, content);
    const versions = await versionsOf(tx, { targetId: target.id });
    const base = lastReviewed(versions);
    if (base?.status === 'returned' && base.submittedBy) {
      await queueTargetTodo(tx, base.id, base.submittedBy.id, 'complete');
    }
    const at = platform.now();
    const [row] = await tx
      .insert(targetVersions)
      .values({
        subject: 'item',
        targetId: target.id,
        itemId: item.id,
        orgUnitId: item.orgUnit.id,
        fiscalYear: fy,
        version: await nextVersionNumber(tx, { targetId: target.id }),
        kind: 'initial',
        status: 'submitted',
        content,
        changes: base ? { ...diffTargetContent(base.content, content), since: base.version } : null,
        quality: flags,
        reason: input.note ?? null,
        submittedBy: actor.userId,
        submittedAt: at,
      })
      .returning({ id: targetVersions.id });
    const versionId = (row as { id: number }).id;
    await tx
      .update(performanceTargets)
      .set({ status: 'submitted', updatedAt: at })
      .where(eq(performanceTargets.id, target.id));
    if (fy === item.currentFiscalYear && (item.state === 'draft' || item.state === 'assessed')) {
      await transitionInTx(platform, tx, actor, item, 'submit_targets', {}, { targetProblems: [] });
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'target.submit',
          entityType: 'target_version',
          entityId: versionId,
          itemId: item.id,
          after: {
            targetId: target.id,
            fiscalYear: fy,
            flags: flags.map((f) => f.rule),
            resubmission: base !== null,
          },
        },
      ],
      at,
    );
    return versionId;
  }
}

/**
 * 绩效目标调整 (IN-9): an approved target changed during the year is a new version with its
 * reason, checked like a submission and reviewed again; the approved version stays in force
 * until the change is approved.
 */
export async function proposeTargetAdjustment(
  platform: Platform,
  actor: Actor,
  itemId: number,
  input: TargetAdjustmentInput,
): Promise<TargetVersionRow> {
  requirePermission(actor, 'targets.write');
  const fy = input.fiscalYear;
  const id = await platform.db.transaction(async (tx) => {
    const item = await lockedItem(tx, actor, itemId);
    refuseClosed(item);
    const target = await targetRow(tx, item.id, fy);
    if (!target) {
      throw new InputError(`字段 fiscalYear：尚无${yearLabel(fy)}绩效目标`, [
        { path: 'fiscalYear', message: '尚无该年度绩效目标' },
      ]);
    }
    const pending = await pendingVersionTargets(tx, [target.id]);
    const refusal = decideTargetSubmission('adjust', {
      targetStatus: target.status,
      permissions: permissionsAt(actor, item.orgPath),
      pendingAdjustment: pending.has(target.id),
      reason: input.reason,
    });
    if (refusal) throwRefusal(refusal, { targetId: target.id });
    await requireLibraryEntries(tx, item, input.indicators);
    const live = await liveContent(tx, target.id);
    const content = contentFromInput(input.overallGoal, input.indicators, live);
    const { flags } = await checkContent(platform, tx, item, fy, content);
    if (fy === null) await refuseInconsistentAnnuals(platform, tx, item, content);
    await refuseDroppingReported(tx, live, content);
    await ensureBaselineVersion(tx, target.id);
    const versions = await versionsOf(tx, { targetId: target.id });
    const at = platform.now();
    const base = versionInForce(versions, today(platform)) ?? lastReviewed(versions);
    const changes = base ? diffTargetContent(base.content, content) : null;
    if (changes && isUnchanged(changes)) throw new ConflictError('调整后的绩效目标与现行目标相同，无需调整');
    const [row] = await tx
      .insert(targetVersions)
      .values({
        subject: 'item',
        targetId: target.id,
        itemId: item.id,
        orgUnitId: item.orgUnit.id,
        fiscalYear: fy,
        version: await nextVersionNumber(tx, { targetId: target.id }),
        kind: 'adjustment',
        status: 'submitted',
        content,
        changes: changes ? { ...changes, since: base?.version ?? null } : null,
        quality: flags,
        reason: input.reason,
        submittedBy: actor.userId,
        submittedAt: at,
      })
      .returning({ id: targetVersions.id });
    const versionId = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'target.adjust',
          entityType: 'target_version',
          entityId: versionId,
          itemId: item.id,
          after: { targetId: target.id, fiscalYear: fy, reason: input.reason, changes },
        },
      ],
      at,
    );
    return versionId;
  });
  return getVersion(platform.db, actor, id);
}

export interface TargetCheck {
  fiscalYear: number | null;
  status: string;
  findings: Array<StoredQualityFinding & { path: string }>;
}

/**
 * The quality checks of a target as it stands, without submitting it: what the officer must
 * fix (`block`) and what the reviewer will see marked (`flag`).
 */
export async function checkTarget(
  platform: Platform,
  actor: Actor,
  itemId: number,
  fiscalYear: number | null,
): Promise<TargetCheck> {
  const item = await getItem(platform.db, actor, itemId);
  const target = await targetRow(platform.db, item.id, fiscalYear);
  if (!target) {
    throw new InputError(`字段 fiscalYear：尚未填报${yearLabel(fiscalYear)}绩效目标`, [
      { path: 'fiscalYear', message: '尚未填报该年度绩效目标' },
    ]);
  }
  const content = await liveContent(platform.db, target.id);
  const { findings, flags } = await qualityOf(platform, platform.db, item, fiscalYear, content);
  return {
    fiscalYear,
    status: target.status,
    findings: flags.map((f, i) => ({
      ...f,
      path: qualityFieldPath(findings[i] as (typeof findings)[number]),
    })),
  };
}
