import {
  ConflictError,
  decideSelfEvaluationAction,
  type Grade,
  InputError,
  missingActuals,
  NotAllowedError,
  prepareSelfEvaluation,
  type SelfEvaluationAction,
  type SelfEvaluationCheck,
  type SelfEvaluationContent,
  type SelfEvaluationScheme,
  scoreSelfEvaluation,
  selfEvaluationSchemes,
  TransitionRefusedError,
  unexplainedShortfalls,
} from '@jixiao/core';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Actor, permissionsAt, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { recordEvaluationResult } from '../evaluation-results/record.ts';
import { type ItemRow, lockItemForWrite } from '../items/item-queries.ts';
import { transitionInTx } from '../items/transition.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { attachments, selfEvaluations } from '../schema/index.ts';
import {
  findSelfEvaluation,
  getSelfEvaluation,
  lockSelfEvaluation,
  type SelfEvaluationRow,
  selfEvaluationSource,
} from './queries.ts';

/** Item states whose years can be self-evaluated: execution has started. */
export const SELF_EVALUABLE_STATES = [
  'executing',
  'suspended',
  'self_evaluated',
  'evaluated',
  'closed',
] as const;

/** The scheme this jurisdiction scores self-evaluations by (its configured default). */
export function selfEvaluationScheme(platform: Platform): { id: string; scheme: SelfEvaluationScheme } {
  const id = platform.config.selfEvaluation.defaultScheme;
  const scheme = selfEvaluationSchemes(platform.config)[id];
  if (!scheme) throw new Error(`配置的默认自评评分方案“${id}”不存在`);
  return { id, scheme };
}

function contentOf(row: SelfEvaluationRow): SelfEvaluationContent {
  return { budget: row.budget, lines: row.lines, measures: row.measures };
}

/** What the check says about a content, in the columns it is stored in. */
export function scoredColumns(
  platform: Platform,
  content: SelfEvaluationContent,
  scheme: SelfEvaluationScheme = selfEvaluationScheme(platform).scheme,
) {
  const check = scoreSelfEvaluation(content, scheme, platform.config);
  return {
    check,
    columns: {
      score: check.total,
      grade: (check.grade?.code ?? null) as Grade | null,
      problems: check.problems,
      scoredAt: platform.now(),
    },
  };
}

function refuse(item: ItemRow, fiscalYear: number): void {
  if (item.kind === 'department_wide') {
    throw new TransitionRefusedError('部门整体支出按部门整体绩效自评办理，不在项目支出自评之列', {
      itemId: item.id,
    });
  }
  if (fiscalYear < item.fiscalYearStart || fiscalYear > item.currentFiscalYear) {
    throw new InputError(
      `字段 fiscalYear：项目“${item.name}”在${fiscalYear}年没有执行（实施期${item.fiscalYearStart}–${item.fiscalYearEnd}年，当前${item.currentFiscalYear}年）`,
      [{ path: 'fiscalYear', message: '该年度项目未执行' }],
    );
  }
  if (!(SELF_EVALUABLE_STATES as readonly string[]).includes(item.state)) {
    throw new TransitionRefusedError(`项目“${item.name}”尚未进入执行阶段，不能开展绩效自评`, {
      itemId: item.id,
      state: item.state,
    });
  }
}

/**
 * 准备绩效自评 (EV-12): the officer (or the finance bureau) opens an item's self-evaluation of a
 * year, prefilled from the budget row and the target in force with its latest reports, and
 * scored at once. One per item and year.
 */
export async function prepareItemSelfEvaluation(
  platform: Platform,
  actor: Actor,
  itemId: number,
  fiscalYear: number,
): Promise<SelfEvaluationRow> {
  requirePermission(actor, 'self_evaluations.submit');
  try {
    const id = await platform.db.transaction(async (tx) => {
      const item = await lockItemForWrite(tx, actor, itemId, 'self_evaluations.submit');
      refuse(item, fiscalYear);
      const existing = await findSelfEvaluation(tx, actor, itemId, fiscalYear);
      if (existing) {
        throw new ConflictError(`项目“${item.name}”${fiscalYear}年度的绩效自评已存在（编号${existing.id}）`, {
          selfEvaluationId: existing.id,
        });
      }
      const source = await selfEvaluationSource(tx, item, fiscalYear);
      if (!source) {
        throw new TransitionRefusedError(
          `项目“${item.name}”${fiscalYear}年度没有审核通过的绩效目标，无法开展自评`,
          {
            itemId,
          },
        );
      }
      const content = prepareSelfEvaluation(source);
      const { columns } = scoredColumns(platform, content);
      const [row] = await tx
        .insert(selfEvaluations)
        .values({
          itemId,
          orgUnitId: item.orgUnit.id,
          fiscalYear,
          scheme: selfEvaluationScheme(platform).id,
          initialFen: content.budget.initialFen,
          adjustedFen: content.budget.adjustedFen,
          executedFen: content.budget.executedFen,
          lines: content.lines,
          measures: content.measures,
          ...columns,
          preparedBy: actor.userId,
        })
        .returning({ id: selfEvaluations.id });
      const seId = (row as { id: number }).id;
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'self_evaluation.prepare',
            entityType: 'self_evaluation',
            entityId: seId,
            itemId,
            after: { fiscalYear, lines: content.lines.length, score: columns.score },
          },
        ],
        platform.now(),
      );
      return seId;
    });
    return getSelfEvaluation(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`该项目${fiscalYear}年度的绩效自评已存在`, { itemId, fiscalYear });
    throw err;
  }
}

/** What an officer fills in: actual values and deviation reasons by row, measures, evidence. */
export interface SelfEvaluationEntry {
  lines?: ReadonlyArray<{ row: number; actual?: string | null; deviationReason?: string | null }>;
  measures?: string;
  evidenceAttachmentIds?: readonly number[];
}

async function requireEvidence(db: DbOrTx, itemId: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(inArray(attachments.id, [...ids]), eq(attachments.itemId, itemId), isNull(attachments.removedAt)),
    );
  ids.forEach((id, i) => {
    if (!rows.some((r) => r.id === id)) {
      throw new InputError(`字段 evidenceAttachmentIds.${i}：附件 ${id} 不存在或不属于该项目`, [
        { path: `evidenceAttachmentIds.${i}`, message: '附件不属于该项目' },
      ]);
    }
  });
}

/** Applies an entry to a content; rows out of range are named. */
export function applyEntry(
  content: SelfEvaluationContent,
  entry: SelfEvaluationEntry,
): SelfEvaluationContent {
  const lines = content.lines.map((l) => ({ ...l }));
  (entry.lines ?? []).forEach((e, i) => {
    const line = lines[e.row];
    if (!line) {
      throw new InputError(`字段 lines.${i}.row：第${e.row + 1}行指标不存在（共${lines.length}项指标）`, [
        { path: `lines.${i}.row`, message: '指标行不存在' },
      ]);
    }
    if (e.actual !== undefined) line.actual = e.actual?.trim() ? e.actual.trim() : null;
    if (e.deviationReason !== undefined)
      line.deviationReason = e.deviationReason?.trim() ? e.deviationReason.trim() : null;
  });
  return { budget: content.budget, lines, measures: entry.measures ?? content.measures };
}

async function decided(
  tx: Tx,
  actor: Actor,
  id: number,
  action: SelfEvaluationAction,
  content: SelfEvaluationContent | null,
  comment: string | null,
): Promise<SelfEvaluationRow> {
  await getSelfEvaluation(tx, actor, id);
  await lockSelfEvaluation(tx, id);
  const se = await getSelfEvaluation(tx, actor, id);
  const c = content ?? contentOf(se);
  requireSelfEvaluationAction(actor, action, se, c, comment, { selfEvaluationId: id, action });
  return se;
}

/**
 * Asks the workflow (EV-12) whether the actor may take the action on a self-evaluation (an item's
 * or a department's) in its state, and throws its refusal.
 */
export function requireSelfEvaluationAction(
  actor: Actor,
  action: SelfEvaluationAction,
  se: { status: SelfEvaluationRow['status']; orgUnit: { path: string } },
  content: SelfEvaluationContent,
  comment: string | null,
  details: Record<string, unknown>,
): void {
  const decision = decideSelfEvaluationAction(action, {
    status: se.status,
    permissions: permissionsAt(actor, se.orgUnit.path),
    missingActuals: missingActuals(content),
    comment,
  });
  if (!decision.ok) {
    if (decision.code === 'not_allowed') throw new NotAllowedError(decision.message, details);
    if (decision.code === 'invalid_input')
      throw new InputError(decision.message, [{ path: 'comment', message: '请填写退回意见' }]);
    throw new TransitionRefusedError(decision.message, details);
  }
}

/** Submitting needs a 偏差原因 for every unmet target and a table that can be scored. */
export function requireSubmittable(
  content: SelfEvaluationContent,
  check: SelfEvaluationCheck,
  details: Record<string, unknown>,
): void {
  const unexplained = unexplainedShortfalls(content, check);
  if (unexplained.length > 0) {
    const names = unexplained.map((i) => `第${i + 1}项“${content.lines[i]?.name ?? ''}”`).join('、');
    throw new InputError(`字段 lines.${unexplained[0]}.deviationReason：${names}未达到目标，须填写偏差原因`, [
      ...unexplained.map((i) => ({
        path: `lines.${i}.deviationReason`,
        message: '未达到目标须填写偏差原因',
      })),
    ]);
  }
  if (check.total === null) {
    const first = check.problems[0];
    throw new TransitionRefusedError(`自评表尚不能计分：${first?.message ?? '请检查各项填报'}`, details);
  }
}

/** The status columns an action sets (the round is counted up by the caller on a return). */
export function statusColumns(
  action: Exclude<SelfEvaluationAction, 'record'>,
  userId: number | null,
  at: Date,
  columns: { score: number | null; grade: Grade | null },
  comment: string | null,
) {
  switch (action) {
    case 'submit':
      return { status: 'submitted' as const, submittedBy: userId, submittedAt: at };
    case 'confirm':
      return { status: 'confirmed' as const, confirmedBy: userId, confirmedAt: at };
    case 'return':
      return { status: 'returned' as const, returnComment: comment };
    case 'accept':
      return {
        status: 'accepted' as const,
        reviewedBy: userId,
        reviewedAt: at,
        finalScore: columns.score,
        finalGrade: columns.grade,
      };
  }
}

async function audit(
  tx: Tx,
  platform: Platform,
  actor: Actor,
  se: SelfEvaluationRow,
  action: string,
  after: unknown,
) {
  await appendAudit(
    tx,
    [
      {
        actor,
        action: `self_evaluation.${action}`,
        entityType: 'self_evaluation',
        entityId: se.id,
        itemId: se.item.id,
        before: { status: se.status, score: se.score },
        after,
      },
    ],
    platform.now(),
  );
}

/** 填写自评: actual values, deviation reasons, measures and evidence; scored again at once. */
export async function recordSelfEvaluation(
  platform: Platform,
  actor: Actor,
  id: number,
  entry: SelfEvaluationEntry,
): Promise<SelfEvaluationRow> {
  requirePermission(actor, 'self_evaluations.submit');
  await platform.db.transaction(async (tx) => {
    const se = await decided(tx, actor, id, 'record', null, null);
    const content = applyEntry(contentOf(se), entry);
    if (entry.evidenceAttachmentIds) await requireEvidence(tx, se.item.id, entry.evidenceAttachmentIds);
    const { columns } = scoredColumns(platform, content);
    await tx
      .update(selfEvaluations)
      .set({
        lines: content.lines,
        measures: content.measures,
        ...(entry.evidenceAttachmentIds ? { evidenceAttachmentIds: [...entry.evidenceAttachmentIds] } : {}),
        ...columns,
        updatedAt: platform.now(),
      })
      .where(eq(selfEvaluations.id, id));
    await audit(tx, platform, actor, se, 'record', { entry, score: columns.score, grade: columns.grade });
  });
  return getSelfEvaluation(platform.db, actor, id);
}

/**
 * 提交 / 确认 / 接收 / 退回. Submitting needs every actual value and a 偏差原因 for every unmet
 * target; receiving records the final score and grade and moves the item by
 * `submit_self_evaluation` where its lifecycle allows (the evaluated year is its current one and
 * it is executing).
 */
export async function actOnSelfEvaluation(
  platform: Platform,
  actor: Actor,
  id: number,
  action: Exclude<SelfEvaluationAction, 'record'>,
  comment: string | null = null,
): Promise<SelfEvaluationRow> {
  await platform.db.transaction(async (tx) => {
    const se = await decided(tx, actor, id, action, null, comment);
    const at = platform.now();
    const { check, columns } = scoredColumns(platform, contentOf(se));
    if (action === 'submit') requireSubmittable(contentOf(se), check, { selfEvaluationId: id });
    const set = {
      ...columns,
      updatedAt: at,
      ...statusColumns(action, actor.userId, at, columns, comment),
      ...(action === 'return' ? { round: sql`${selfEvaluations.round} + 1` } : {}),
    };
    await tx.update(selfEvaluations).set(set).where(eq(selfEvaluations.id, id));
    if (action === 'accept') {
      if (columns.score !== null && columns.grade !== null) {
        // The accepted self-evaluation is a final result: it feeds next year's budget (JX-2).
        await recordEvaluationResult(
          tx,
          actor,
          platform,
          {
            source: 'self_evaluation',
            fiscalYear: se.fiscalYear,
            itemId: se.item.id,
            score: columns.score,
            grade: columns.grade,
            summary: comment,
            sourceRef: `self_evaluation:${id}`,
          },
          { permission: 'self_evaluations.review', notify: false },
        );
      }
      const item = await lockItemForWrite(tx, actor, se.item.id, null);
      if (item.state === 'executing' && item.currentFiscalYear === se.fiscalYear) {
        await transitionInTx(platform, tx, actor, item, 'submit_self_evaluation', {
          selfScore: columns.score ?? undefined,
        });
      }
    }
    await audit(tx, platform, actor, se, action, {
      status: set.status ?? se.status,
      score: columns.score,
      grade: columns.grade,
      comment,
    });
  });
  return getSelfEvaluation(platform.db, actor, id);
}
