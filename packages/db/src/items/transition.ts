import {
  decideTransition,
  type ExAnteAssessmentInput,
  gradeOf,
  indicatorTreeProblems,
  type LifecycleAction,
  type LifecycleActionBody,
  NotAllowedError,
  type TransitionFacts,
  TransitionRefusedError,
} from '@jixiao/core';
import type { ReviewInput, ReviewResult } from '@jixiao/plugin-kit';
import { eq, inArray, sql } from 'drizzle-orm';
import { type Actor, actorRolesAt } from '../actor.ts';
import { type ExAnteStatus, loadExAnteStatus } from '../assessments/ex-ante-facts.ts';
import { appendAudit } from '../audit/chain.ts';
import { insertInBatches } from '../batch-insert.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { type Platform, today } from '../platform.ts';
import { budgetItems, lifecycleEvents } from '../schema/index.ts';
import { loadTargets } from '../targets/target-queries.ts';
import type { ItemRow } from './item-queries.ts';
import { loadSnapshots } from './snapshots.ts';

export interface ReviewFinding extends ReviewResult {
  checkId: string;
  name: string;
}

export interface TransitionEvent {
  id: number;
  action: LifecycleAction;
  from: string;
  to: string;
  at: Date;
  reason: string | null;
}

/**
 * Runs the fund type's review checks before an approval of targets or of an ex-ante
 * assessment, on the content being approved; a check that throws counts as a failure.
 */
export async function runReviewChecks(
  platform: Platform,
  tx: Tx,
  item: ItemRow,
  appliesTo: 'targets' | 'ex_ante',
  subject: { target: ReviewInput<unknown>['target']; exAnte: ExAnteAssessmentInput | null },
): Promise<ReviewFinding[]> {
  const plugin = platform.registry.get(item.fundTypeId);
  const checks = plugin?.reviewChecks.filter((c) => c.appliesTo === appliesTo) ?? [];
  if (checks.length === 0) return [];
  const [snapshot] = await loadSnapshots(tx, [item], today(platform), platform.config);
  const input = {
    item: (snapshot as NonNullable<typeof snapshot>).item,
    attributes: item.attributes,
    target: subject.target,
    exAnte: subject.exAnte,
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

/** The failed checks as one refusal naming the fund type and each check. */
export function refuseFailedChecks(
  platform: Platform,
  item: ItemRow,
  review: readonly ReviewFinding[],
  details: Record<string, unknown>,
): void {
  const failed = review.filter((r) => r.outcome === 'fail');
  if (failed.length === 0) return;
  const plugin = platform.registry.get(item.fundTypeId);
  throw new TransitionRefusedError(
    `未通过${plugin?.name ?? ''}审核：${failed.flatMap((f) => f.reasons.map((r) => `【${f.name}】${r}`)).join('；')}`,
    { ...details, review },
  );
}

export interface TransitionOptions {
  /** Blocking problems of the target being submitted or approved (default: the tree check). */
  targetProblems?: readonly string[];
  /** Plugin review results already obtained by the workflow (recorded with the event). */
  review?: readonly ReviewFinding[];
  /** The conclusion an `assess` records. */
  newExAnteConclusion?: ExAnteAssessmentInput['conclusion'];
}

/** The facts the lifecycle rules judge an action on, loaded for an item. */
export async function transitionFacts(
  platform: Platform,
  db: DbOrTx,
  actor: Actor,
  item: ItemRow,
  action: LifecycleAction,
  body: LifecycleActionBody,
  opts: TransitionOptions = {},
): Promise<TransitionFacts> {
  const factsYear = action === 'continue_next_year' ? item.currentFiscalYear + 1 : item.currentFiscalYear;
  const targets = await loadTargets(db, item.id, factsYear);
  const yearTarget = targets.find((t) => t.fiscalYear === factsYear);
  const targetProblems =
    opts.targetProblems ??
    (yearTarget
      ? indicatorTreeProblems(yearTarget.indicators, platform.config)
      : [`未填报${factsYear}年度绩效目标`]);
  const exAnte = await loadExAnteStatus(db, item, platform.config);
  return factsOf(actor, item, body, { ...opts, targetProblems }, yearTarget?.status ?? null, exAnte);
}

/** The same facts from what the caller already loaded (the year target's status and the ex-ante status). */
export function factsOf(
  actor: Actor,
  item: ItemRow,
  body: LifecycleActionBody,
  opts: TransitionOptions & { targetProblems: readonly string[] },
  yearTargetStatus: string | null,
  exAnte: ExAnteStatus,
): TransitionFacts {
  return {
    state: item.state,
    // Only the roles that reach this item count: a region-wide reader is no officer elsewhere.
    roles: actorRolesAt(actor, item.orgPath),
    requiresExAnte: exAnte.requirement.required,
    exAnteConclusion: exAnte.gate.acceptedConclusion,
    exAnteOpenChanges: exAnte.gate.openChanges,
    newExAnteConclusion: opts.newExAnteConclusion ?? null,
    targetProblems: opts.targetProblems,
    targetsApproved: yearTargetStatus === 'approved',
    approvedAmountFen: item.approvedAmountFen,
    currentFiscalYear: item.currentFiscalYear,
    lastFiscalYear: item.fiscalYearEnd,
    reason: body.reason ?? null,
  };
}

/** Decides a transition (core) and asks the fund type's plugin hook; throws the refusal. */
function decided(platform: Platform, item: ItemRow, action: LifecycleAction, facts: TransitionFacts) {
  const decision = decideTransition(action, facts);
  if (!decision.ok) {
    throw decision.code === 'not_allowed'
      ? new NotAllowedError(decision.message, { action, itemId: item.id })
      : new TransitionRefusedError(decision.message, { action, state: item.state, itemId: item.id });
  }
  const plugin = platform.registry.get(item.fundTypeId);
  const hookRefusal = plugin?.hooks.beforeTransition?.({
    action,
    item: { ...item, orgUnitId: item.orgUnit.id, orgUnitName: item.orgUnit.name },
    attributes: item.attributes,
  });
  if (hookRefusal) throw new TransitionRefusedError(hookRefusal, { action, plugin: plugin?.id });
  return decision;
}

/**
 * The same transition without a reason or payload for many locked items at once (bulk
 * submissions): decided item by item on facts the caller loaded, then one update per target
 * state and one insert of the events; the audit entries are the ones `transitionInTx` writes.
 */
export async function transitionManyInTx(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  action: Exclude<LifecycleAction, 'continue_next_year'>,
  planned: ReadonlyArray<{ item: ItemRow; facts: TransitionFacts }>,
): Promise<void> {
  if (planned.length === 0) return;
  const decisions = planned.map(({ item, facts }) => ({ item, d: decided(platform, item, action, facts) }));
  const at = platform.now();
  for (const to of new Set(decisions.map((x) => x.d.to))) {
    const ids = decisions.filter((x) => x.d.to === to).map((x) => x.item.id);
    await tx
      .update(budgetItems)
      .set({ state: to, version: sql`${budgetItems.version} + 1`, updatedAt: at })
      .where(inArray(budgetItems.id, ids));
  }
  await insertInBatches(
    decisions.map(({ item, d }) => ({
      itemId: item.id,
      action,
      fromState: d.from,
      toState: d.to,
      actorUserId: actor.userId,
      reason: null,
      payload: {},
      at,
    })),
    (chunk) => tx.insert(lifecycleEvents).values(chunk).returning({ id: lifecycleEvents.id }),
  );
  await appendAudit(
    tx,
    decisions.map(({ item, d }) => ({
      actor,
      action: `item.${action}`,
      entityType: 'budget_item',
      entityId: item.id,
      itemId: item.id,
      before: { state: d.from },
      after: { state: d.to, reason: null },
    })),
    at,
  );
}

/**
 * Takes one lifecycle transition of a locked item inside the caller's transaction: decides it
 * (core), asks the plugin's hook, moves the state, records the event and its audit entry.
 * Workflows (assessments, target reviews, budget approvals) call this for their transitions.
 */
export async function transitionInTx(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  action: LifecycleAction,
  body: LifecycleActionBody,
  opts: TransitionOptions = {},
): Promise<TransitionEvent> {
  const decision = decided(
    platform,
    item,
    action,
    await transitionFacts(platform, tx, actor, item, action, body, opts),
  );
  const at = platform.now();
  await tx
    .update(budgetItems)
    .set({
      state: decision.to,
      version: sql`${budgetItems.version} + 1`,
      updatedAt: at,
      ...(action === 'continue_next_year' ? { currentFiscalYear: item.currentFiscalYear + 1 } : {}),
    })
    .where(eq(budgetItems.id, item.id));
  const payload: Record<string, unknown> = {};
  if (opts.newExAnteConclusion) payload.exAnteConclusion = opts.newExAnteConclusion;
  if (body.selfScore !== undefined) payload.selfScore = body.selfScore;
  if (body.score !== undefined) {
    payload.score = body.score;
    payload.grade = gradeOf(body.score, platform.config);
  }
  if (opts.review && opts.review.length > 0) payload.review = opts.review;
  const [event] = await tx
    .insert(lifecycleEvents)
    .values({
      itemId: item.id,
      action,
      fromState: decision.from,
      toState: decision.to,
      actorUserId: actor.userId,
      reason: body.reason ?? null,
      payload,
      at,
    })
    .returning();
  const row = event as typeof lifecycleEvents.$inferSelect;
  await appendAudit(
    tx,
    [
      {
        actor,
        action: `item.${action}`,
        entityType: 'budget_item',
        entityId: item.id,
        itemId: item.id,
        before: { state: decision.from },
        after: { state: decision.to, reason: body.reason ?? null, ...payload },
      },
    ],
    at,
  );
  return { id: row.id, action, from: decision.from, to: decision.to, at: row.at, reason: row.reason };
}
