import {
  ConflictError,
  InputError,
  prepareDepartmentSelfEvaluation,
  type SelfEvaluationAction,
  type SelfEvaluationContent,
  type SelfEvaluationScheme,
  selfEvaluationSchemes,
  TransitionRefusedError,
} from '@jixiao/core';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { recordEvaluationResult } from '../evaluation-results/record.ts';
import { orgUnitForWrite } from '../items/item-writes.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import { type Platform, today } from '../platform.ts';
import { attachments, departmentSelfEvaluations } from '../schema/index.ts';
import {
  applyEntry,
  requireSelfEvaluationAction,
  requireSubmittable,
  type SelfEvaluationEntry,
  scoredColumns,
  statusColumns,
} from '../self-evaluations/writes.ts';
import {
  type DepartmentSelfEvaluationRow,
  departmentBudgetLines,
  departmentBudgetTotals,
  departmentTargetInForce,
  findDepartmentSelfEvaluation,
  getDepartmentSelfEvaluation,
  lockDepartmentSelfEvaluation,
} from './queries.ts';

/** The scheme department-wide self-evaluations are scored by (`selfEvaluation.departmentScheme`, DW-4). */
function departmentSelfEvaluationScheme(platform: Platform): {
  id: string;
  scheme: SelfEvaluationScheme;
} {
  const id = platform.config.selfEvaluation.departmentScheme;
  const scheme = selfEvaluationSchemes(platform.config)[id];
  if (!scheme) throw new Error(`配置的部门整体自评评分方案“${id}”不存在`);
  return { id, scheme };
}

/** The scheme a stored department-wide self-evaluation was prepared with (the configured one if it is gone). */
export function schemeOf(platform: Platform, se: { scheme: string }): SelfEvaluationScheme {
  return selfEvaluationSchemes(platform.config)[se.scheme] ?? departmentSelfEvaluationScheme(platform).scheme;
}

const contentOf = (se: DepartmentSelfEvaluationRow): SelfEvaluationContent => ({
  budget: se.budget,
  lines: se.lines,
  measures: se.measures,
});

/**
 * 准备部门整体支出绩效自评 (DW-4): the department's officer (or the finance bureau) opens the
 * department's self-evaluation of a year, prefilled from the department-wide target in force and
 * the department's budget totals, and scored at once. One per department and year.
 */
export async function prepareDepartmentSelfEvaluationFor(
  platform: Platform,
  actor: Actor,
  orgUnitId: number,
  fiscalYear: number,
): Promise<DepartmentSelfEvaluationRow> {
  requirePermission(actor, 'self_evaluations.submit');
  try {
    const id = await platform.db.transaction(async (tx) => {
      const org = await orgUnitForWrite(tx, actor, orgUnitId, 'self_evaluations.submit');
      if (org.kind !== 'department') {
        throw new InputError('字段 orgUnitId：部门整体支出绩效自评须由主管部门开展，请选择主管部门', [
          { path: 'orgUnitId', message: '须为主管部门' },
        ]);
      }
      // Serialises concurrent preparations of the same department and year.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('dept_self_eval'), ${orgUnitId}::int)`);
      const existing = await findDepartmentSelfEvaluation(tx, actor, orgUnitId, fiscalYear);
      if (existing) {
        throw new ConflictError(
          `“${org.name}”${fiscalYear}年度的部门整体绩效自评已存在（编号${existing.id}）`,
          {
            departmentSelfEvaluationId: existing.id,
          },
        );
      }
      const target = await departmentTargetInForce(tx, orgUnitId, fiscalYear, today(platform));
      if (!target) {
        throw new TransitionRefusedError(
          `“${org.name}”${fiscalYear}年度没有审核通过的部门整体绩效目标，无法开展部门整体绩效自评`,
          { orgUnitId, fiscalYear },
        );
      }
      const { id: schemeId, scheme } = departmentSelfEvaluationScheme(platform);
      const budget = departmentBudgetTotals(await departmentBudgetLines(tx, org.path, fiscalYear));
      const content = prepareDepartmentSelfEvaluation({ budget, indicators: target.indicators }, scheme);
      const { columns } = scoredColumns(platform, content, scheme);
      const [row] = await tx
        .insert(departmentSelfEvaluations)
        .values({
          orgUnitId,
          fiscalYear,
          departmentTargetId: target.departmentTargetId,
          targetVersionId: target.versionId,
          scheme: schemeId,
          initialFen: budget.initialFen,
          adjustedFen: budget.adjustedFen,
          executedFen: budget.executedFen,
          lines: content.lines,
          measures: content.measures,
          ...columns,
          preparedBy: actor.userId,
        })
        .returning({ id: departmentSelfEvaluations.id });
      const seId = (row as { id: number }).id;
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'department_self_evaluation.prepare',
            entityType: 'department_self_evaluation',
            entityId: seId,
            after: { orgUnitId, fiscalYear, budget, lines: content.lines.length, score: columns.score },
          },
        ],
        platform.now(),
      );
      return seId;
    });
    return getDepartmentSelfEvaluation(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`该部门${fiscalYear}年度的部门整体绩效自评已存在`, { orgUnitId, fiscalYear });
    throw err;
  }
}

/** Evidence must be live attachments of the department itself or of its items. */
async function requireEvidence(db: DbOrTx, se: DepartmentSelfEvaluationRow, ids: readonly number[]) {
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(
        inArray(attachments.id, [...ids]),
        isNull(attachments.removedAt),
        sql`${attachments.orgUnitId} in (select id from org_units where path like ${`${se.department.path}%`})`,
      ),
    );
  ids.forEach((id, i) => {
    if (!rows.some((r) => r.id === id)) {
      throw new InputError(`字段 evidenceAttachmentIds.${i}：附件 ${id} 不存在或不属于本部门`, [
        { path: `evidenceAttachmentIds.${i}`, message: '附件不属于本部门' },
      ]);
    }
  });
}

async function decided(
  tx: Tx,
  actor: Actor,
  id: number,
  action: SelfEvaluationAction,
  comment: string | null,
): Promise<DepartmentSelfEvaluationRow> {
  await getDepartmentSelfEvaluation(tx, actor, id);
  await lockDepartmentSelfEvaluation(tx, id);
  const se = await getDepartmentSelfEvaluation(tx, actor, id);
  requireSelfEvaluationAction(
    actor,
    action,
    { status: se.status, orgUnit: { path: se.department.path } },
    contentOf(se),
    comment,
    { departmentSelfEvaluationId: id, action },
  );
  return se;
}

async function audit(
  tx: Tx,
  platform: Platform,
  actor: Actor,
  se: DepartmentSelfEvaluationRow,
  action: string,
  after: unknown,
) {
  await appendAudit(
    tx,
    [
      {
        actor,
        action: `department_self_evaluation.${action}`,
        entityType: 'department_self_evaluation',
        entityId: se.id,
        before: { status: se.status, score: se.score },
        after,
      },
    ],
    platform.now(),
  );
}

/** 填写部门整体自评: actual values, deviation reasons, measures and evidence; scored again at once. */
export async function recordDepartmentSelfEvaluation(
  platform: Platform,
  actor: Actor,
  id: number,
  entry: SelfEvaluationEntry,
): Promise<DepartmentSelfEvaluationRow> {
  requirePermission(actor, 'self_evaluations.submit');
  await platform.db.transaction(async (tx) => {
    const se = await decided(tx, actor, id, 'record', null);
    const content = applyEntry(contentOf(se), entry);
    if (entry.evidenceAttachmentIds) await requireEvidence(tx, se, entry.evidenceAttachmentIds);
    const { columns } = scoredColumns(platform, content, schemeOf(platform, se));
    await tx
      .update(departmentSelfEvaluations)
      .set({
        lines: content.lines,
        measures: content.measures,
        ...(entry.evidenceAttachmentIds ? { evidenceAttachmentIds: [...entry.evidenceAttachmentIds] } : {}),
        ...columns,
        updatedAt: platform.now(),
      })
      .where(eq(departmentSelfEvaluations.id, id));
    await audit(tx, platform, actor, se, 'record', { entry, score: columns.score, grade: columns.grade });
  });
  return getDepartmentSelfEvaluation(platform.db, actor, id);
}

/**
 * 提交 / 确认 / 接收 / 退回, as an item's self-evaluation (EV-12); receiving records the final score
 * and grade in the result registry as the department's `department_self_evaluation` result.
 */
export async function actOnDepartmentSelfEvaluation(
  platform: Platform,
  actor: Actor,
  id: number,
  action: Exclude<SelfEvaluationAction, 'record'>,
  comment: string | null = null,
): Promise<DepartmentSelfEvaluationRow> {
  await platform.db.transaction(async (tx) => {
    const se = await decided(tx, actor, id, action, comment);
    const at = platform.now();
    const { check, columns } = scoredColumns(platform, contentOf(se), schemeOf(platform, se));
    if (action === 'submit') requireSubmittable(contentOf(se), check, { departmentSelfEvaluationId: id });
    const set = {
      ...columns,
      updatedAt: at,
      ...statusColumns(action, actor.userId, at, columns, comment),
      ...(action === 'return' ? { round: sql`${departmentSelfEvaluations.round} + 1` } : {}),
    };
    await tx.update(departmentSelfEvaluations).set(set).where(eq(departmentSelfEvaluations.id, id));
    if (action === 'accept' && columns.score !== null && columns.grade !== null) {
      await recordEvaluationResult(
        tx,
        actor,
        platform,
        {
          source: 'department_self_evaluation',
          fiscalYear: se.fiscalYear,
          orgUnitId: se.department.id,
          score: columns.score,
          grade: columns.grade,
          summary: comment,
          sourceRef: `department_self_evaluation:${id}`,
        },
        { permission: 'self_evaluations.review', notify: false },
      );
    }
    await audit(tx, platform, actor, se, action, {
      status: set.status,
      score: columns.score,
      grade: columns.grade,
      comment,
    });
  });
  return getDepartmentSelfEvaluation(platform.db, actor, id);
}
