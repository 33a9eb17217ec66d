import {
  decideTargetReview,
  InputError,
  type TargetReviewDecision,
  type TargetReviewInput,
  TransitionRefusedError,
  versionInForce,
} from '@jixiao/core';
import { and, eq, isNull, lte, ne } from 'drizzle-orm';
import { type Actor, permissionsAt, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Tx } from '../client.ts';
import { isOwnDepartment } from '../departments.ts';
import { getItem, type ItemRow, lockItemForWrite } from '../items/item-queries.ts';
import { refuseFailedChecks, runReviewChecks, transitionInTx } from '../items/transition.ts';
import { type Platform, today } from '../platform.ts';
import { departmentTargets, outbox, performanceTargets, targetVersions } from '../schema/index.ts';
import { applyContent } from './content.ts';
import type { ItemTargetContent } from './quality-context.ts';
import { throwRefusal } from './submit.ts';
import { queueTargetTodo } from './target-todo.ts';
import { getVersion, type TargetVersionRow, versionsOf } from './versions.ts';

/** The subject's row, locked: the item for an item target, the department-wide target otherwise. */
async function lockSubject(tx: Tx, actor: Actor, v: TargetVersionRow): Promise<ItemRow | null> {
  if (v.subject === 'item') return lockItemForWrite(tx, actor, v.item?.id as number, 'targets.review');
  requirePermissionAt(actor, 'targets.review', v.orgUnit.path, `${v.orgUnit.name}的部门整体绩效目标`);
  await tx
    .select({ id: departmentTargets.id })
    .from(departmentTargets)
    .where(eq(departmentTargets.id, v.departmentTargetId as number))
    .for('update');
  return null;
}

function refuseUnknownIndicators(v: TargetVersionRow, input: TargetReviewInput): void {
  const names = new Set(v.content.indicators.map((i) => i.name));
  input.comments.forEach((c, i) => {
    if (!names.has(c.indicator)) {
      const path = `comments.${i}.indicator`;
      throw new InputError(`字段 ${path}：本次报送的绩效目标中没有指标“${c.indicator}”`, [
        { path, message: '没有这项指标' },
      ]);
    }
  });
}

/** For an annual target of a multi-year item: its whole-cycle target must be approved first (IN-10). */
async function refuseUnapprovedCycle(tx: Tx, item: ItemRow, v: TargetVersionRow): Promise<void> {
  if (v.fiscalYear === null || item.fiscalYearStart >= item.fiscalYearEnd) return;
  const [cycle] = await tx
    .select({ status: performanceTargets.status })
    .from(performanceTargets)
    .where(and(eq(performanceTargets.itemId, item.id), isNull(performanceTargets.fiscalYear)))
    .limit(1);
  if (cycle?.status !== 'approved') {
    throw new TransitionRefusedError('多年度项目须先审核通过全周期绩效目标，再审核年度目标', {
      versionId: v.id,
    });
  }
}

/** The previous version in force stops being in force the day this one starts. */
async function supersede(tx: Tx, v: TargetVersionRow, on: string): Promise<void> {
  const subject =
    v.targetId !== null
      ? eq(targetVersions.targetId, v.targetId)
      : eq(targetVersions.departmentTargetId, v.departmentTargetId as number);
  await tx
    .update(targetVersions)
    .set({ effectiveTo: on })
    .where(
      and(
        subject,
        eq(targetVersions.status, 'approved'),
        isNull(targetVersions.effectiveTo),
        lte(targetVersions.effectiveFrom, on),
        ne(targetVersions.id, v.id),
      ),
    );
}

async function approveItemTarget(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  v: TargetVersionRow,
  at: Date,
): Promise<void> {
  const content = v.content as unknown as ItemTargetContent;
  const review = await runReviewChecks(platform, tx, item, 'targets', {
    target: { overallGoal: content.overallGoal, indicators: content.indicators },
    exAnte: null,
  });
  refuseFailedChecks(platform, item, review, { versionId: v.id });
  const targetId = v.targetId as number;
  if (v.kind === 'adjustment') await applyContent(tx, targetId, item.id, content, at);
  await tx
    .update(performanceTargets)
    .set({ status: 'approved', approvedAt: at, approvedBy: actor.userId, updatedAt: at })
    .where(eq(performanceTargets.id, targetId));
  if (v.kind === 'initial' && v.fiscalYear === item.currentFiscalYear && item.state === 'targets_submitted') {
    await transitionInTx(platform, tx, actor, item, 'approve_targets', {}, { targetProblems: [], review });
  }
}

async function returnItemTarget(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  v: TargetVersionRow,
  opinion: string,
  at: Date,
): Promise<void> {
  if (v.kind === 'adjustment') return;
  await tx
    .update(performanceTargets)
    .set({ status: 'returned', updatedAt: at })
    .where(eq(performanceTargets.id, v.targetId as number));
  if (v.fiscalYear === item.currentFiscalYear && item.state === 'targets_submitted') {
    await transitionInTx(
      platform,
      tx,
      actor,
      item,
      'return_targets',
      { reason: opinion },
      { targetProblems: [] },
    );
  }
}

async function decideDepartmentTarget(
  tx: Tx,
  actor: Actor,
  v: TargetVersionRow,
  decision: TargetReviewDecision,
  at: Date,
): Promise<void> {
  const id = v.departmentTargetId as number;
  if (decision === 'approve') {
    const content = v.content as unknown as { overallGoal: string; indicators: never[] };
    await tx
      .update(departmentTargets)
      .set({
        status: 'approved',
        overallGoal: content.overallGoal,
        indicators: content.indicators,
        approvedAt: at,
        approvedBy: actor.userId,
        updatedAt: at,
      })
      .where(eq(departmentTargets.id, id));
  } else if (v.kind === 'initial') {
    await tx
      .update(departmentTargets)
      .set({ status: 'returned', updatedAt: at })
      .where(eq(departmentTargets.id, id));
  }
}

/**
 * 绩效目标审核 by the finance bureau (IN-4, IN-5): approve with the four criteria marked met, or
 * return with reasons; per-indicator comments either way. Never on the reviewer's own
 * department. A returned submitter is told with the comments in the same transaction (outbox
 * `target_review`); an approved change becomes the version in force from today.
 */
export async function reviewTarget(
  platform: Platform,
  actor: Actor,
  versionId: number,
  decision: TargetReviewDecision,
  input: TargetReviewInput,
): Promise<TargetVersionRow> {
  requirePermission(actor, 'targets.review');
  await platform.db.transaction(async (tx) => {
    const first = await getVersion(tx, actor, versionId);
    const item = await lockSubject(tx, actor, first);
    const v = await getVersion(tx, actor, versionId);
    const refusal = decideTargetReview(decision, {
      status: v.status,
      permissions: permissionsAt(actor, v.orgUnit.path),
      ownDepartment: await isOwnDepartment(tx, actor, v.orgUnit.path),
      input,
    });
    if (refusal) throwRefusal(refusal, { versionId });
    refuseUnknownIndicators(v, input);
    const at = platform.now();
    const on = today(platform);
    if (decision === 'approve') {
      if (item) {
        await refuseUnapprovedCycle(tx, item, v);
        await approveItemTarget(platform, tx, actor, item, v, at);
      } else await decideDepartmentTarget(tx, actor, v, decision, at);
      await supersede(tx, v, on);
    } else if (item) await returnItemTarget(platform, tx, actor, item, v, input.opinion as string, at);
    else await decideDepartmentTarget(tx, actor, v, decision, at);
    await tx
      .update(targetVersions)
      .set({
        status: decision === 'approve' ? 'approved' : 'returned',
        reviewedBy: actor.userId,
        reviewedAt: at,
        criteria: input.criteria,
        comments: input.comments,
        opinion: input.opinion ?? null,
        ...(decision === 'approve' ? { effectiveFrom: on } : {}),
      })
      .where(eq(targetVersions.id, v.id));
    if (decision === 'return' && v.submittedBy !== null) {
      await tx
        .insert(outbox)
        .values({
          kind: 'target_review',
          dedupeKey: `target_review:${v.id}:return`,
          recipientUserId: v.submittedBy.id,
          payload: { versionId: v.id, event: 'returned' },
        })
        .onConflictDoNothing();
      // An item's returned target is also a DingTalk to-do of the submitter, done on resubmission.
      if (v.item) await queueTargetTodo(tx, v.id, v.submittedBy.id, 'create');
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `target.review.${decision}`,
          entityType: 'target_version',
          entityId: v.id,
          itemId: v.item?.id ?? null,
          before: { status: v.status },
          after: {
            status: decision === 'approve' ? 'approved' : 'returned',
            criteria: input.criteria,
            comments: input.comments,
            opinion: input.opinion ?? null,
          },
        },
      ],
      at,
    );
  });
  return getVersion(platform.db, actor, versionId);
}

/** The version history of an item's target, and which one is in force on `date`. */
export async function targetHistory(
  platform: Platform,
  actor: Actor,
  itemId: number,
  fiscalYear: number | null,
  date: string,
): Promise<{ versions: TargetVersionRow[]; inForce: number | null }> {
  await getItem(platform.db, actor, itemId);
  const [t] = await platform.db
    .select({ id: performanceTargets.id })
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
  if (!t) return { versions: [], inForce: null };
  const versions = await versionsOf(platform.db, { targetId: t.id });
  return { versions, inForce: versionInForce(versions, date)?.version ?? null };
}
