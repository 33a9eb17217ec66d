import {
  DomainError,
  decideTransition,
  gradeOf,
  InputError,
  indicatorTreeProblems,
  type LifecycleAction,
  type LifecycleActionBody,
  NotAllowedError,
  TransitionRefusedError,
} from '@jixiao/core';
import type { ReviewResult } from '@jixiao/plugin-kit';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { type Actor, actorRolesAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { Tx } from '../client.ts';
import { type Platform, today } from '../platform.ts';
import { budgetItems, exAnteAssessments, lifecycleEvents, performanceTargets } from '../schema/index.ts';
import { loadTargets } from '../targets/target-queries.ts';
import { getItem, type ItemRow, lockItemForWrite } from './item-queries.ts';
import { loadSnapshots } from './snapshots.ts';

export interface ReviewFinding extends ReviewResult {
  checkId: string;
  name: string;
}

export interface ActionResult {
  item: ItemRow;
  event: { id: number; action: LifecycleAction; from: string; to: string; at: Date; reason: string | null };
  review: ReviewFinding[];
}

/** Runs the fund type's review checks for an approval; a check that throws counts as a failure. */
async function runReviewChecks(
  platform: Platform,
  tx: Tx,
  item: ItemRow,
  appliesTo: 'targets' | 'ex_ante',
  exAnte: LifecycleActionBody['exAnte'] | null,
): Promise<ReviewFinding[]> {
  const plugin = platform.registry.get(item.fundTypeId);
  const checks = plugin?.reviewChecks.filter((c) => c.appliesTo === appliesTo) ?? [];
  if (checks.length === 0) return [];
  const [snapshot] = await loadSnapshots(tx, [item], today(platform), platform.config);
  const targets = await loadTargets(tx, item.id, item.currentFiscalYear);
  const yearTarget = targets.find((t) => t.fiscalYear === item.currentFiscalYear) ?? null;
  const input = {
    item: (snapshot as NonNullable<typeof snapshot>).item,
    attributes: item.attributes,
    target: yearTarget ? { overallGoal: yearTarget.overallGoal, indicators: yearTarget.indicators } : null,
    exAnte: exAnte ?? null,
  };
  const ctx = platform.registry.ruleContext(item.fundTypeId, platform.config);
  return checks.map((check) => {
    try {
      const result = check.run(input, ctx);
      return { checkId: check.id, name: check.name, ...result };
    } catch (err) {
      return {
        checkId: check.id,
        name: check.name,
        outcome: 'fail' as const,
        reasons: [`审核规则运行出错：${err instanceof Error ? err.message : String(err)}`],
      };
    }
  });
}

async function latestExAnte(tx: Tx, itemId: number) {
  const rows = await tx
    .select()
    .from(exAnteAssessments)
    .where(eq(exAnteAssessments.itemId, itemId))
    .orderBy(desc(exAnteAssessments.id))
    .limit(1);
  return rows[0] ?? null;
}

/** Takes a lifecycle action on an item: decides, runs plugin hooks and checks, persists, audits. */
export async function applyAction(
  platform: Platform,
  actor: Actor,
  itemId: number,
  action: LifecycleAction,
  body: LifecycleActionBody,
): Promise<ActionResult> {
  const outcome = await platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, itemId, null);
    const exAnte = await latestExAnte(tx, itemId);
    if (action === 'assess' && !body.exAnte) {
      throw new InputError('字段 exAnte：完成事前评估须提供评估结论和意见', [
        { path: 'exAnte', message: '须提供事前评估结论和意见' },
      ]);
    }
    const factsYear = action === 'continue_next_year' ? item.currentFiscalYear + 1 : item.currentFiscalYear;
    const targets = await loadTargets(tx, itemId, factsYear);
    const yearTarget = targets.find((t) => t.fiscalYear === factsYear);
    const targetProblems = yearTarget
      ? indicatorTreeProblems(yearTarget.indicators, platform.config)
      : [`未填报${factsYear}年度绩效目标`];
    const decision = decideTransition(action, {
      state: item.state,
      // Only the roles that reach this item count: a region-wide reader is no officer elsewhere.
      roles: actorRolesAt(actor, item.orgPath),
      requiresExAnte: item.isNewMajor,
      exAnteConclusion: exAnte?.conclusion ?? null,
      newExAnteConclusion: body.exAnte?.conclusion ?? null,
      targetProblems,
      targetsApproved: yearTarget?.status === 'approved',
      approvedAmountFen: item.approvedAmountFen,
      currentFiscalYear: item.currentFiscalYear,
      lastFiscalYear: item.fiscalYearEnd,
      reason: body.reason ?? null,
    });
    if (!decision.ok) {
      throw decision.code === 'not_allowed'
        ? new NotAllowedError(decision.message, { action })
        : new TransitionRefusedError(decision.message, { action, state: item.state });
    }
    const plugin = platform.registry.get(item.fundTypeId);
    const hookRefusal = plugin?.hooks.beforeTransition?.({
      action,
      item: { ...item, orgUnitId: item.orgUnit.id, orgUnitName: item.orgUnit.name },
      attributes: item.attributes,
    });
    if (hookRefusal) throw new TransitionRefusedError(hookRefusal, { action, plugin: plugin?.id });

    const reviewKind = action === 'approve_targets' ? 'targets' : action === 'assess' ? 'ex_ante' : null;
    const review = reviewKind
      ? await runReviewChecks(platform, tx, item, reviewKind, body.exAnte ?? null)
      : [];
    const failed = review.filter((r) => r.outcome === 'fail');
    if (failed.length > 0) {
      throw new TransitionRefusedError(
        `未通过${plugin?.name ?? ''}审核：${failed.flatMap((f) => f.reasons.map((r) => `【${f.name}】${r}`)).join('；')}`,
        { action, review },
      );
    }
    await applyEffects(platform, tx, actor, item, action, body);
    const at = platform.now();
    await tx
      .update(budgetItems)
      .set({
        state: decision.to,
        version: sql`${budgetItems.version} + 1`,
        updatedAt: at,
        ...(action === 'continue_next_year' ? { currentFiscalYear: item.currentFiscalYear + 1 } : {}),
      })
      .where(eq(budgetItems.id, itemId));
    const payload: Record<string, unknown> = {};
    if (body.exAnte) payload.exAnte = body.exAnte;
    if (body.selfScore !== undefined) payload.selfScore = body.selfScore;
    if (body.score !== undefined) payload.score = body.score;
    if (body.score !== undefined) payload.grade = gradeOf(body.score, platform.config);
    if (review.length > 0) payload.review = review;
    const events = await tx
      .insert(lifecycleEvents)
      .values({
        itemId,
        action,
        fromState: decision.from,
        toState: decision.to,
        actorUserId: actor.userId,
        reason: body.reason ?? null,
        payload,
        at,
      })
      .returning();
    const event = events[0] as typeof lifecycleEvents.$inferSelect;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `item.${action}`,
          entityType: 'budget_item',
          entityId: itemId,
          itemId,
          before: { state: decision.from },
          after: { state: decision.to, reason: body.reason ?? null, ...payload },
        },
      ],
      at,
    );
    return {
      event: {
        id: event.id,
        action,
        from: decision.from,
        to: decision.to,
        at: event.at,
        reason: event.reason,
      },
      review,
    };
  });
  return { item: await getItem(platform.db, actor, itemId), ...outcome };
}

/** The side effects of an action on targets and assessments. */
async function applyEffects(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  action: LifecycleAction,
  body: LifecycleActionBody,
): Promise<void> {
  const yearOrCycle = (year: number) =>
    and(
      eq(performanceTargets.itemId, item.id),
      or(eq(performanceTargets.fiscalYear, year), isNull(performanceTargets.fiscalYear)),
    );
  switch (action) {
    case 'assess': {
      const ex = body.exAnte;
      if (!ex) throw new DomainError('invalid_input', '缺少事前评估内容');
      await tx.insert(exAnteAssessments).values({
        itemId: item.id,
        conclusion: ex.conclusion,
        scores: ex.scores ?? null,
        summary: ex.summary,
        thirdParty: ex.thirdParty ?? null,
        assessedBy: actor.userId,
      });
      return;
    }
    case 'submit_targets':
      await tx
        .update(performanceTargets)
        .set({ status: 'submitted', updatedAt: platform.now() })
        .where(
          and(yearOrCycle(item.currentFiscalYear), inArray(performanceTargets.status, ['draft', 'returned'])),
        );
      return;
    case 'return_targets':
      await tx
        .update(performanceTargets)
        .set({ status: 'returned', updatedAt: platform.now() })
        .where(and(yearOrCycle(item.currentFiscalYear), eq(performanceTargets.status, 'submitted')));
      return;
    case 'approve_targets':
      await tx
        .update(performanceTargets)
        .set({
          status: 'approved',
          approvedAt: platform.now(),
          approvedBy: actor.userId,
          updatedAt: platform.now(),
        })
        .where(and(yearOrCycle(item.currentFiscalYear), eq(performanceTargets.status, 'submitted')));
      return;
    case 'continue_next_year':
      await tx
        .update(performanceTargets)
        .set({
          status: 'approved',
          approvedAt: platform.now(),
          approvedBy: actor.userId,
          updatedAt: platform.now(),
        })
        .where(
          and(
            eq(performanceTargets.itemId, item.id),
            eq(performanceTargets.fiscalYear, item.currentFiscalYear + 1),
          ),
        );
      return;
    default:
      return;
  }
}

/** An item's lifecycle events, newest last. */
export async function listLifecycleEvents(tx: Pick<Tx, 'select'>, itemId: number) {
  return tx
    .select()
    .from(lifecycleEvents)
    .where(eq(lifecycleEvents.itemId, itemId))
    .orderBy(lifecycleEvents.id);
}
