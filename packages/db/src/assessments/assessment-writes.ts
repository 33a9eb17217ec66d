import {
  type AssessmentAction,
  type AssessmentContent,
  type AssessmentCreate,
  assessmentContentIssues,
  assessmentSubmitProblems,
  type ChangeResponses,
  ConflictError,
  decideAssessmentAction,
  EX_ANTE_CONCLUSIONS,
  InputError,
  NotAllowedError,
  permissionsOf,
  scoreAssessment,
  TransitionRefusedError,
} from '@jixiao/core';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Actor, inScope, permissionsAt, requirePermission } from '../actor.ts';
import { type AttachmentRow, attachFile } from '../attachments/attachments.ts';
import type { AttachmentLimits } from '../attachments/file-types.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { isOwnDepartment } from '../departments.ts';
import { getItem, lockItemForWrite } from '../items/item-queries.ts';
import { refuseFailedChecks, runReviewChecks, transitionInTx } from '../items/transition.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import {
  attachments,
  exAnteAssessments,
  exAnteRequirements,
  institutions,
  outbox,
  regions,
} from '../schema/index.ts';
import {
  type AssessmentRow,
  getAssessment,
  isAssessor,
  isInstitutionMember,
  lockAssessment,
  verdictDimensionsFor,
} from './assessment-queries.ts';

function refuseAs(
  code: 'not_allowed' | 'transition_refused',
  message: string,
  details: Record<string, unknown>,
): never {
  throw code === 'not_allowed'
    ? new NotAllowedError(message, details)
    : new TransitionRefusedError(message, details);
}

/** Loads, locks and re-reads an assessment, then decides the action on it. */
async function decided(
  tx: Tx,
  actor: Actor,
  id: number,
  action: AssessmentAction,
  extra: { comment?: string | null } = {},
): Promise<AssessmentRow> {
  await getAssessment(tx, actor, id);
  await lockAssessment(tx, id);
  const a = await getAssessment(tx, actor, id);
  const review = action === 'accept' || action === 'return';
  const decision = decideAssessmentAction(action, {
    status: a.status,
    // A commissioned institution's staff act by the commission, wherever the item lies; everyone
    // else by what their roles give at the item.
    permissions: isInstitutionMember(actor, a)
      ? permissionsOf(actor.roles)
      : permissionsAt(actor, a.item.orgUnit.path),
    isAssessor: action === 'respond' ? inScope(actor, a.item.orgUnit.path) : isAssessor(actor, a),
    ownDepartment: review ? await isOwnDepartment(tx, actor, a.item.orgUnit.path) : false,
    isSubmitter: a.submittedBy !== null && a.submittedBy.id === actor.userId,
    awaitsChanges: a.conclusion === 'support_after_revision',
    comment: extra.comment ?? null,
  });
  if (!decision.ok) refuseAs(decision.code, decision.message, { assessmentId: id, action });
  return a;
}

/** Attachments an assessment refers to must be files of its item (and of the right purpose). */
async function requireItemFiles(
  db: DbOrTx,
  itemId: number,
  ids: readonly number[],
  field: string,
  purpose?: 'ex_ante_report',
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .select({ id: attachments.id, purpose: attachments.purpose })
    .from(attachments)
    .where(
      and(inArray(attachments.id, [...ids]), eq(attachments.itemId, itemId), isNull(attachments.removedAt)),
    );
  ids.forEach((id, i) => {
    const row = rows.find((r) => r.id === id);
    const path = `${field}.${i}`;
    if (!row)
      throw new InputError(`字段 ${path}：附件 ${id} 不存在或不属于该项目`, [
        { path, message: '附件不属于该项目' },
      ]);
    if (purpose && row.purpose !== purpose) {
      throw new InputError(`字段 ${path}：附件 ${id} 不是事前绩效评估报告`, [
        { path, message: '须为事前绩效评估报告' },
      ]);
    }
  });
}

function refuseIssues(issues: ReturnType<typeof assessmentContentIssues>, lead: string): void {
  if (issues.length === 0) return;
  const first = issues[0] as (typeof issues)[number];
  throw new InputError(
    `${lead}：字段 ${first.path}：${first.message}${issues.length > 1 ? `（另有${issues.length - 1}处）` : ''}`,
    issues,
  );
}

async function audit(
  tx: Tx,
  platform: Platform,
  actor: Actor,
  a: AssessmentRow,
  action: string,
  after: unknown,
) {
  await appendAudit(
    tx,
    [
      {
        actor,
        action: `assessment.${action}`,
        entityType: 'ex_ante_assessment',
        entityId: a.id,
        itemId: a.item.id,
        before: { status: a.status },
        after,
      },
    ],
    platform.now(),
  );
}

/**
 * 开展事前绩效评估: the department starts its own assessment of an item, or the finance bureau
 * commissions an institution to carry it out (景党发〔2019〕18号§六). One under way per item.
 */
export async function createAssessment(
  platform: Platform,
  actor: Actor,
  input: AssessmentCreate,
): Promise<AssessmentRow> {
  const permission = input.assessor === 'third_party' ? 'assessments.review' : 'assessments.write';
  requirePermission(actor, permission);
  try {
    const id = await platform.db.transaction(async (tx) => {
      const item = await lockItemForWrite(tx, actor, input.itemId, permission);
      if (item.state === 'terminated' || item.state === 'closed') {
        throw new TransitionRefusedError('项目已清理退出或办结，不再开展事前评估');
      }
      if (input.institutionId !== undefined) {
        const [inst] = await tx
          .select({ active: institutions.active, path: regions.path })
          .from(institutions)
          .innerJoin(regions, eq(regions.id, institutions.regionId))
          .where(eq(institutions.id, input.institutionId))
          .limit(1);
        const reachable = inst && (actor.scopePath.startsWith(inst.path) || inScope(actor, inst.path));
        if (!inst?.active || !reachable) {
          throw new InputError(
            `字段 institutionId：第三方机构 ${input.institutionId} 不存在、已停用或不在本地区`,
            [{ path: 'institutionId', message: '机构不存在、已停用或不在本地区' }],
          );
        }
      }
      const [row] = await tx
        .insert(exAnteAssessments)
        .values({
          itemId: item.id,
          status: 'draft',
          assessor: input.assessor,
          institutionId: input.institutionId ?? null,
          scores: {},
          assessedBy: actor.userId,
        })
        .returning({ id: exAnteAssessments.id });
      const assessmentId = (row as { id: number }).id;
      await appendAudit(
        tx,
        [
          {
            actor,
            action: input.assessor === 'third_party' ? 'assessment.commission' : 'assessment.create',
            entityType: 'ex_ante_assessment',
            entityId: assessmentId,
            itemId: item.id,
            after: input,
          },
        ],
        platform.now(),
      );
      return assessmentId;
    });
    return getAssessment(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError('该项目已有正在进行的事前评估，请在其基础上继续', { itemId: input.itemId });
    throw err;
  }
}

/** Records the assessor's scores, verdicts, findings, conclusion, changes and report (draft or returned). */
export async function recordAssessment(
  platform: Platform,
  actor: Actor,
  id: number,
  content: AssessmentContent,
): Promise<AssessmentRow> {
  requirePermission(actor, 'assessments.write');
  await platform.db.transaction(async (tx) => {
    const a = await decided(tx, actor, id, 'record');
    const verdicts = verdictDimensionsFor(platform, a.item);
    refuseIssues(
      assessmentContentIssues(content, verdicts, a.item.kind, platform.config),
      '事前评估内容有误',
    );
    await requireItemFiles(
      tx,
      a.item.id,
      content.reportAttachmentIds,
      'reportAttachmentIds',
      'ex_ante_report',
    );
    const score = scoreAssessment(content, verdicts, platform.config);
    await tx
      .update(exAnteAssessments)
      .set({
        scores: content.scores,
        verdicts: content.verdicts,
        summary: content.findings,
        totalScore: score.total,
        computedConclusion: score.computedConclusion,
        conclusion: score.conclusion,
        overrideReason: content.overrideReason ?? null,
        requiredChanges: content.requiredChanges.map((text, i) => ({
          id: i + 1,
          text,
          response: null,
          attachmentIds: [],
          respondedBy: null,
          respondedAt: null,
        })),
        reportAttachmentIds: content.reportAttachmentIds,
        updatedAt: platform.now(),
      })
      .where(eq(exAnteAssessments.id, id));
    await audit(tx, platform, actor, a, 'record', {
      ...content,
      totalScore: score.total,
      conclusion: score.conclusion,
    });
  });
  return getAssessment(platform.db, actor, id);
}

/**
 * Stores the assessment report for the assessor. A commissioned institution sees only its
 * assessments, not the department's items, so the file is stored under the item by the
 * commission's authority (the audit names the uploader).
 */
export async function uploadAssessmentReport(
  platform: Platform,
  actor: Actor,
  id: number,
  file: { fileName: string; bytes: Uint8Array },
  limits: AttachmentLimits,
): Promise<AttachmentRow> {
  requirePermission(actor, 'attachments.write');
  const a = await platform.db.transaction((tx) => decided(tx, actor, id, 'record'));
  // The commission's authority over this one item's unit, for this one upload.
  const path = a.item.orgUnit.path;
  const commissioned: Actor = {
    ...actor,
    scopePath: path,
    roleScopes: Object.fromEntries(actor.roles.map((r) => [r, path])),
  };
  return attachFile(
    platform,
    commissioned,
    { itemId: a.item.id, purpose: 'ex_ante_report', ...file },
    limits,
  );
}

function contentOf(a: AssessmentRow): AssessmentContent {
  return {
    scores: a.scores,
    verdicts: a.verdicts,
    findings: a.findings,
    conclusion: a.conclusion,
    overrideReason: a.overrideReason ?? undefined,
    requiredChanges: a.requiredChanges.map((c) => c.text),
    reportAttachmentIds: a.reportAttachmentIds,
  };
}

/** 提交财政审核: every dimension scored, verdicts given, findings, report, conclusion explained. */
export async function submitAssessment(platform: Platform, actor: Actor, id: number): Promise<AssessmentRow> {
  requirePermission(actor, 'assessments.write');
  await platform.db.transaction(async (tx) => {
    const a = await decided(tx, actor, id, 'submit');
    const verdicts = verdictDimensionsFor(platform, a.item);
    const problems = assessmentSubmitProblems(contentOf(a), verdicts, a.item.kind, platform.config);
    refuseIssues(problems, '事前评估尚不能提交');
    const at = platform.now();
    await tx
      .update(exAnteAssessments)
      .set({ status: 'submitted', submittedBy: actor.userId, submittedAt: at, updatedAt: at })
      .where(eq(exAnteAssessments.id, id));
    await audit(tx, platform, actor, a, 'submit', {
      status: 'submitted',
      conclusion: a.conclusion,
      totalScore: a.totalScore,
    });
  });
  return getAssessment(platform.db, actor, id);
}

async function tellSubmitter(tx: Tx, a: AssessmentRow, event: 'accepted' | 'returned'): Promise<void> {
  if (!a.submittedBy) return;
  await tx
    .insert(outbox)
    .values({
      kind: 'assessment_review',
      dedupeKey: `assessment_review:${a.id}:${a.round}:${event}`,
      recipientUserId: a.submittedBy.id,
      payload: { assessmentId: a.id, event },
    })
    .onConflictDoNothing();
}

/**
 * 预算审核 of an assessment: the finance bureau accepts it. The fund type's checks run on it; a
 * supporting conclusion they fail is refused. An item still in 编制中 moves on (or, on 不予支持,
 * stays where no budget can follow).
 */
export async function acceptAssessment(
  platform: Platform,
  actor: Actor,
  id: number,
  comment: string | null,
): Promise<AssessmentRow> {
  requirePermission(actor, 'assessments.review');
  await platform.db.transaction(async (tx) => {
    const first = await getAssessment(tx, actor, id);
    await lockItemForWrite(tx, actor, first.item.id, 'assessments.review');
    const a = await decided(tx, actor, id, 'accept');
    const item = await getItem(tx, actor, a.item.id);
    const conclusion = a.conclusion as NonNullable<AssessmentRow['conclusion']>;
    const review = await runReviewChecks(platform, tx, item, 'ex_ante', {
      target: null,
      exAnte: {
        conclusion,
        summary: a.findings,
        scores: a.scores,
        totalScore: a.totalScore,
        verdicts: a.verdicts,
      },
    });
    if (conclusion !== 'reject') refuseFailedChecks(platform, item, review, { assessmentId: id });
    const at = platform.now();
    await tx
      .update(exAnteAssessments)
      .set({
        status: 'accepted',
        reviewedBy: actor.userId,
        reviewedAt: at,
        reviewComment: comment,
        reviewChecks: review,
        updatedAt: at,
      })
      .where(eq(exAnteAssessments.id, id));
    if (item.state === 'draft') {
      await transitionInTx(
        platform,
        tx,
        actor,
        item,
        'assess',
        { reason: `事前绩效评估结论：${EX_ANTE_CONCLUSIONS.labels[conclusion]}` },
        { newExAnteConclusion: conclusion, review },
      );
    }
    await tellSubmitter(tx, a, 'accepted');
    await audit(tx, platform, actor, a, 'accept', { status: 'accepted', conclusion, comment, review });
  });
  return getAssessment(platform.db, actor, id);
}

/** The finance bureau returns an assessment with its comments; the assessor revises and resubmits. */
export async function returnAssessment(
  platform: Platform,
  actor: Actor,
  id: number,
  comment: string | null,
): Promise<AssessmentRow> {
  requirePermission(actor, 'assessments.review');
  await platform.db.transaction(async (tx) => {
    const a = await decided(tx, actor, id, 'return', { comment });
    const at = platform.now();
    await tx
      .update(exAnteAssessments)
      .set({
        status: 'returned',
        reviewedBy: actor.userId,
        reviewedAt: at,
        reviewComment: comment,
        round: sql`${exAnteAssessments.round} + 1`,
        updatedAt: at,
      })
      .where(eq(exAnteAssessments.id, id));
    await tellSubmitter(tx, a, 'returned');
    await audit(tx, platform, actor, a, 'return', { status: 'returned', comment });
  });
  return getAssessment(platform.db, actor, id);
}

/** The department answers the 调整完善 changes (EA-8); the budget waits until all are answered. */
export async function respondToChanges(
  platform: Platform,
  actor: Actor,
  id: number,
  input: ChangeResponses,
): Promise<AssessmentRow> {
  requirePermission(actor, 'assessments.write');
  await platform.db.transaction(async (tx) => {
    const a = await decided(tx, actor, id, 'respond');
    const at = platform.now();
    const changes = a.requiredChanges.map((c) => ({ ...c }));
    for (const [i, r] of input.responses.entries()) {
      const change = changes.find((c) => c.id === r.changeId);
      if (!change) {
        const path = `responses.${i}.changeId`;
        throw new InputError(`字段 ${path}：没有编号为 ${r.changeId} 的调整完善事项`, [
          { path, message: '没有这项调整完善事项' },
        ]);
      }
      await requireItemFiles(tx, a.item.id, r.attachmentIds, `responses.${i}.attachmentIds`);
      change.response = r.response;
      change.attachmentIds = r.attachmentIds;
      change.respondedBy = actor.userId;
      change.respondedAt = at.toISOString();
    }
    await tx
      .update(exAnteAssessments)
      .set({ requiredChanges: changes, updatedAt: at })
      .where(eq(exAnteAssessments.id, id));
    await audit(tx, platform, actor, a, 'respond', { responses: input.responses });
  });
  return getAssessment(platform.db, actor, id);
}

/** The finance bureau requires an item to be assessed whatever the scope rules say. */
export async function requireAssessment(
  platform: Platform,
  actor: Actor,
  itemId: number,
  reason: string,
): Promise<void> {
  requirePermission(actor, 'assessments.review');
  await platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, itemId, 'assessments.review');
    await tx
      .insert(exAnteRequirements)
      .values({ itemId: item.id, reason, requiredBy: actor.userId, requiredAt: platform.now() })
      .onConflictDoUpdate({
        target: exAnteRequirements.itemId,
        set: { reason, requiredBy: actor.userId, requiredAt: platform.now() },
      });
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'ex_ante.require',
          entityType: 'budget_item',
          entityId: item.id,
          itemId: item.id,
          after: { reason },
        },
      ],
      platform.now(),
    );
  });
}
