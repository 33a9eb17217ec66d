import {
  ConflictError,
  decideKeyEvaluationAction,
  departmentEvaluationLines,
  describeMethodResult,
  EVALUATION_CARRIERS,
  EVALUATION_KINDS,
  EVALUATION_METHODS,
  type EvaluationIndicatorLine,
  type EvaluationMethodInput,
  type FindingsInput,
  GRADES,
  type Grade,
  genericEvaluationLines,
  InputError,
  ITEM_STATES,
  indicatorSystemProblems,
  KEY_EVALUATION_STATUSES,
  type KeyEvaluationAction,
  type KeyEvaluationCreate,
  type KeyEvaluationScore,
  type KeyEvaluationStatus,
  type LineScoresInput,
  lineScoreProblems,
  linesFromTemplate,
  NotAllowedError,
  permissionsOf,
  runEvaluationMethod,
  scoreKeyEvaluation,
  TransitionRefusedError,
  todayInChina,
  unscoredLines,
} from '@jixiao/core';
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Actor, inScope, permissionsAt, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { recordEvaluationResult } from '../evaluation-results/record.ts';
import { getItem, lockItemForWrite } from '../items/item-queries.ts';
import { transitionInTx } from '../items/transition.ts';
import { type Platform, today } from '../platform.ts';
import { listRectificationAssignees } from '../rectification/assignees.ts';
import {
  attachments,
  budgetItems,
  evaluationMethods,
  evaluationPanel,
  evaluationScores,
  experts,
  institutions,
  keyEvaluations,
  orgUnits,
  outbox,
} from '../schema/index.ts';
import { conflictsFor, evaluatedParty, expertOfUser, getExpert, recordWork } from './library.ts';
import { loadOrg, notFound } from './shared.ts';

export interface PanelMember {
  expertId: number;
  name: string;
  title: string;
  employer: string;
  submitted: boolean;
}

export interface KeyEvaluationRow {
  id: number;
  kind: KeyEvaluationCreate['kind'];
  kindLabel: string;
  title: string;
  item: { id: number; code: string; name: string; state: string } | null;
  orgUnit: { id: number; name: string };
  orgPath: string;
  fiscalYear: number;
  carrier: KeyEvaluationCreate['carrier'];
  carrierLabel: string;
  institution: { id: number; name: string; orgUnitId: number | null } | null;
  aggregation: 'mean' | 'trimmed_mean' | 'median';
  status: KeyEvaluationStatus;
  statusLabel: string;
  templateName: string;
  lines: EvaluationIndicatorLine[];
  panel: PanelMember[];
  dueOn: string | null;
  findings: string | null;
  recommendations: string | null;
  summary: string | null;
  evidence: Array<{ title: string; attachmentId?: number }>;
  score: number | null;
  grade: { code: string; label: string } | null;
  comment: string | null;
  reportedAt: Date | null;
  acceptedAt: Date | null;
  createdAt: Date;
}

const AGG_LABEL = { mean: '算术平均', trimmed_mean: '去掉最高分和最低分后平均', median: '中位数' } as const;
const aggregationLabel = (a: keyof typeof AGG_LABEL) => AGG_LABEL[a];

/** Visible: in the actor's read scope, or on its panel, or carried by the actor's institution. */
function visibleTo(actor: Actor): SQL {
  const onPanel =
    actor.userId === null
      ? sql`false`
      : sql`exists (select 1 from ${evaluationPanel} join ${experts} on ${experts.id} = ${evaluationPanel.expertId}
                    where ${evaluationPanel.evaluationId} = ${keyEvaluations.id} and ${experts.userId} = ${actor.userId})`;
  const carrier =
    actor.orgUnitId === null
      ? sql`false`
      : sql`exists (select 1 from ${institutions} carrier where carrier.id = ${keyEvaluations.institutionId} and carrier.org_unit_id = ${actor.orgUnitId})`;
  return sql`(${orgUnits.path} like ${`${actor.scopePath}%`} or ${onPanel} or ${carrier})`;
}

async function select(db: DbOrTx, actor: Actor, conds: SQL[], limit = 500): Promise<KeyEvaluationRow[]> {
  const rows = await db
    .select({
      k: keyEvaluations,
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
      itemCode: budgetItems.code,
      itemName: budgetItems.name,
      itemState: budgetItems.state,
      instName: institutions.name,
      instOrg: institutions.orgUnitId,
    })
    .from(keyEvaluations)
    .innerJoin(orgUnits, eq(orgUnits.id, keyEvaluations.orgUnitId))
    .leftJoin(budgetItems, eq(budgetItems.id, keyEvaluations.itemId))
    .leftJoin(institutions, eq(institutions.id, keyEvaluations.institutionId))
    .where(and(visibleTo(actor), ...conds))
    .orderBy(desc(keyEvaluations.id))
    .limit(limit);
  const ids = rows.map((r) => r.k.id);
  const panel = ids.length
    ? await db
        .select({
          evaluationId: evaluationPanel.evaluationId,
          expertId: experts.id,
          name: experts.name,
          title: experts.title,
          employer: experts.employer,
          submittedAt: evaluationPanel.submittedAt,
        })
        .from(evaluationPanel)
        .innerJoin(experts, eq(experts.id, evaluationPanel.expertId))
        .where(inArray(evaluationPanel.evaluationId, ids))
        .orderBy(asc(evaluationPanel.assignedAt), asc(experts.id))
    : [];
  return rows.map(({ k, ...r }) => ({
    id: k.id,
    kind: k.kind,
    kindLabel: EVALUATION_KINDS.labels[k.kind],
    title: k.title,
    item:
      k.itemId === null
        ? null
        : { id: k.itemId, code: r.itemCode ?? '', name: r.itemName ?? '', state: r.itemState ?? '' },
    orgUnit: { id: k.orgUnitId, name: r.orgName },
    orgPath: r.orgPath,
    fiscalYear: k.fiscalYear,
    carrier: k.carrier,
    carrierLabel: EVALUATION_CARRIERS.labels[k.carrier],
    institution:
      k.institutionId === null ? null : { id: k.institutionId, name: r.instName ?? '', orgUnitId: r.instOrg },
    aggregation: k.aggregation,
    status: k.status,
    statusLabel: KEY_EVALUATION_STATUSES.labels[k.status],
    templateName: k.templateName,
    lines: k.lines,
    panel: panel
      .filter((p) => p.evaluationId === k.id)
      .map((p) => ({
        expertId: p.expertId,
        name: p.name,
        title: p.title,
        employer: p.employer,
        submitted: p.submittedAt !== null,
      })),
    dueOn: k.dueOn,
    findings: k.findings,
    recommendations: k.recommendations,
    summary: k.summary,
    evidence: k.evidence,
    score: k.score,
    grade: k.grade ? { code: k.grade, label: GRADES.labels[k.grade] } : null,
    comment: k.comment,
    reportedAt: k.reportedAt,
    acceptedAt: k.acceptedAt,
    createdAt: k.createdAt,
  }));
}

export async function getKeyEvaluation(db: DbOrTx, actor: Actor, id: number): Promise<KeyEvaluationRow> {
  const [row] = await select(db, actor, [eq(keyEvaluations.id, id)], 1);
  if (!row) throw notFound('重点评价', id, 'evaluationId');
  return row;
}

export async function listKeyEvaluations(
  db: DbOrTx,
  actor: Actor,
  f: { status?: KeyEvaluationStatus; itemId?: number; fiscalYear?: number; limit: number },
): Promise<KeyEvaluationRow[]> {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(keyEvaluations.status, f.status));
  if (f.itemId) conds.push(eq(keyEvaluations.itemId, f.itemId));
  if (f.fiscalYear) conds.push(eq(keyEvaluations.fiscalYear, f.fiscalYear));
  return select(db, actor, conds, f.limit);
}

const isCarrierStaff = (actor: Actor, e: KeyEvaluationRow) =>
  e.institution?.orgUnitId != null && e.institution.orgUnitId === actor.orgUnitId;

interface Decided {
  e: KeyEvaluationRow;
  expertId: number | null;
}

async function decide(
  tx: Tx,
  actor: Actor,
  id: number,
  action: KeyEvaluationAction,
  extra: { comment?: string | null; hasFindings?: boolean } = {},
): Promise<Decided & { to: KeyEvaluationStatus }> {
  await getKeyEvaluation(tx, actor, id);
  await tx
    .select({ id: keyEvaluations.id })
    .from(keyEvaluations)
    .where(eq(keyEvaluations.id, id))
    .for('update');
  const e = await getKeyEvaluation(tx, actor, id);
  const me = await expertOfUser(tx, actor.userId);
  const onPanel = me !== null && e.panel.find((p) => p.expertId === me.id);
  const [anyScore] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(evaluationScores)
    .where(eq(evaluationScores.evaluationId, id));
  const carrierStaff = isCarrierStaff(actor, e);
  const decision = decideKeyEvaluationAction(action, {
    status: e.status,
    // Panel experts and the institution's staff act by the assignment, wherever the unit lies.
    permissions: onPanel || carrierStaff ? permissionsOf(actor.roles) : permissionsAt(actor, e.orgPath),
    isPanelMember: Boolean(onPanel),
    hasSubmitted: onPanel ? onPanel.submitted : false,
    isCarrierStaff: carrierStaff,
    panelSize: e.panel.length,
    submittedCount: e.panel.filter((p) => p.submitted).length,
    anyScores: (anyScore?.n ?? 0) > 0,
    hasFindings: extra.hasFindings ?? e.findings !== null,
    comment: extra.comment ?? null,
  });
  if (!decision.ok) {
    throw decision.code === 'not_allowed'
      ? new NotAllowedError(decision.message, { evaluationId: id, action })
      : new TransitionRefusedError(decision.message, { evaluationId: id, action, status: e.status });
  }
  return { e, expertId: onPanel ? (me as { id: number }).id : null, to: decision.to };
}

async function audit(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  e: KeyEvaluationRow,
  action: string,
  after: unknown,
  before?: unknown,
) {
  await appendAudit(
    tx,
    [
      {
        actor,
        action: `key_evaluation.${action}`,
        entityType: 'key_evaluation',
        entityId: e.id,
        itemId: e.item?.id ?? null,
        before,
        after,
      },
    ],
    platform.now(),
  );
}

function refuseConflict(who: string, reasons: readonly string[], field: string): never {
  throw new ConflictError(`${who}与被评价单位存在利益冲突，不能承担本次评价：${reasons.join('；')}`, {
    issues: [{ path: field, message: reasons.join('；') }],
  });
}

/**
 * 重点评价立项 by the finance bureau: of a project, policy or special transfer (indicator system
 * from the fund type's template), or of a whole department (DW-1). A commissioned institution
 * must be in the library and free of conflicts of interest.
 */
export async function createKeyEvaluation(
  platform: Platform,
  actor: Actor,
  input: KeyEvaluationCreate,
): Promise<KeyEvaluationRow> {
  requirePermission(actor, 'evaluations.manage');
  const id = await platform.db.transaction(async (tx) => {
    let orgUnitId: number;
    let regionId: number;
    let lines: EvaluationIndicatorLine[];
    let templateName: string;
    if (input.kind === 'department') {
      const org = await loadOrg(tx, input.departmentId as number, 'departmentId');
      if (!inScope(actor, org.path) || org.kind !== 'department') {
        throw new InputError(`字段 departmentId：单位 ${org.id} 不是您范围内的部门`, [
          { path: 'departmentId', message: '须为本地区的部门' },
        ]);
      }
      requirePermissionAt(actor, 'evaluations.manage', org.path, `部门“${org.name}”`);
      orgUnitId = org.id;
      regionId = org.regionId;
      lines = departmentEvaluationLines();
      templateName = '部门整体绩效评价指标体系';
    } else {
      const item = await getItem(tx, actor, input.itemId as number);
      requirePermissionAt(actor, 'evaluations.manage', item.orgPath, `项目“${item.name}”`);
      orgUnitId = item.orgUnit.id;
      regionId = item.regionId;
      const declared = platform.registry.get(item.fundTypeId)?.evaluation;
      const template = declared && linesFromTemplate(declared).length > 0 ? declared : null;
      lines = template ? linesFromTemplate(template) : genericEvaluationLines();
      templateName = template?.name ?? '项目支出绩效评价指标体系（通用，EV-7）';
    }
    if (input.carrier === 'third_party') {
      const [inst] = await tx
        .select()
        .from(institutions)
        .where(eq(institutions.id, input.institutionId as number));
      if (!inst)
        throw new InputError(`字段 institutionId：第三方机构 ${input.institutionId} 不存在`, [
          { path: 'institutionId', message: '机构不存在' },
        ]);
      if (inst.libraryStatus !== 'active' || !inst.active) {
        throw new InputError(`字段 institutionId：第三方机构“${inst.name}”已暂停使用或清退出库，不能委托`, [
          { path: 'institutionId', message: '机构不在库' },
        ]);
      }
      const party = await evaluatedParty(tx, orgUnitId);
      const reasons = await conflictsFor(platform, tx, { institutionId: inst.id }, party);
      if (reasons.length) refuseConflict(`第三方机构“${inst.name}”`, reasons, 'institutionId');
    }
    const [row] = await tx
      .insert(keyEvaluations)
      .values({
        kind: input.kind,
        title: input.title,
        itemId: input.kind === 'department' ? null : (input.itemId as number),
        orgUnitId,
        fiscalYear: input.fiscalYear,
        regionId,
        carrier: input.carrier,
        institutionId: input.carrier === 'third_party' ? (input.institutionId as number) : null,
        aggregation: input.aggregation ?? platform.config.evaluation.experts.aggregation,
        lines,
        templateName,
        dueOn: input.dueOn ?? null,
        plannedBy: actor.userId,
      })
      .returning({ id: keyEvaluations.id });
    const newId = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'key_evaluation.create',
          entityType: 'key_evaluation',
          entityId: newId,
          itemId: input.kind === 'department' ? null : (input.itemId ?? null),
          after: { ...input, templateName },
        },
      ],
      platform.now(),
    );
    return newId;
  });
  return getKeyEvaluation(platform.db, actor, id);
}

/**
 * 指派评价专家: an expert in the library, active, without a conflict of interest with the
 * evaluated unit (core `conflictsOfInterest`); told of the assignment through the outbox.
 */
export async function assignExpert(
  platform: Platform,
  actor: Actor,
  id: number,
  expertId: number,
): Promise<KeyEvaluationRow> {
  await platform.db.transaction(async (tx) => {
    const { e } = await decide(tx, actor, id, 'assign');
    const expert = await getExpert(tx, actor, expertId).catch(() => {
      throw new InputError(`字段 expertId：评价专家 ${expertId} 不存在`, [
        { path: 'expertId', message: '专家不存在' },
      ]);
    });
    if (expert.status !== 'active') {
      throw new InputError(`字段 expertId：专家“${expert.name}”已暂停使用或清退出库，不能指派`, [
        { path: 'expertId', message: '专家不在库' },
      ]);
    }
    if (e.panel.some((p) => p.expertId === expertId)) {
      throw new ConflictError(`专家“${expert.name}”已在评价组中`, {
        issues: [{ path: 'expertId', message: '已在评价组' }],
      });
    }
    const reasons = await conflictsFor(platform, tx, { expertId }, await evaluatedParty(tx, e.orgUnit.id));
    if (reasons.length) refuseConflict(`专家“${expert.name}”`, reasons, 'expertId');
    await tx.insert(evaluationPanel).values({ evaluationId: id, expertId, assignedBy: actor.userId });
    if (expert.userId !== null) {
      await tx
        .insert(outbox)
        .values({
          kind: 'evaluation_assignment',
          dedupeKey: `evaluation_assignment:${id}:${expertId}`,
          recipientUserId: expert.userId,
          payload: { evaluationId: id, expertId },
        })
        .onConflictDoNothing();
    }
    await audit(platform, tx, actor, e, 'assign', { expertId, name: expert.name });
  });
  return getKeyEvaluation(platform.db, actor, id);
}

/** 调整评价组: an expert who has not scored yet leaves the panel (declined, or unavailable). */
export async function removeExpert(
  platform: Platform,
  actor: Actor,
  id: number,
  expertId: number,
  reason: string,
): Promise<KeyEvaluationRow> {
  await platform.db.transaction(async (tx) => {
    const { e } = await decide(tx, actor, id, 'assign');
    const member = e.panel.find((p) => p.expertId === expertId);
    if (!member) throw notFound('评价组专家', expertId, 'expertId');
    const [scored] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(evaluationScores)
      .where(and(eq(evaluationScores.evaluationId, id), eq(evaluationScores.expertId, expertId)));
    if ((scored?.n ?? 0) > 0) {
      throw new TransitionRefusedError(`专家“${member.name}”已开始评分，不能调出评价组`, {
        evaluationId: id,
        expertId,
      });
    }
    await tx
      .delete(evaluationPanel)
      .where(and(eq(evaluationPanel.evaluationId, id), eq(evaluationPanel.expertId, expertId)));
    await audit(platform, tx, actor, e, 'remove_expert', { expertId, name: member.name, reason });
  });
  return getKeyEvaluation(platform.db, actor, id);
}

/** 修改评价指标体系 before anyone has scored: lines numbered uniquely, weights adding up to 100. */
export async function setEvaluationLines(
  platform: Platform,
  actor: Actor,
  id: number,
  lines: EvaluationIndicatorLine[],
): Promise<KeyEvaluationRow> {
  const issues = indicatorSystemProblems(lines);
  if (issues.length) {
    const first = issues[0] as { path: string; message: string };
    throw new InputError(`字段 ${first.path}：${first.message}`, issues);
  }
  await platform.db.transaction(async (tx) => {
    const { e } = await decide(tx, actor, id, 'edit_indicators');
    await tx
      .update(keyEvaluations)
      .set({ lines, updatedAt: platform.now() })
      .where(eq(keyEvaluations.id, id));
    await audit(platform, tx, actor, e, 'edit_indicators', { lines }, { lines: e.lines });
  });
  return getKeyEvaluation(platform.db, actor, id);
}

async function simpleTransition(
  platform: Platform,
  actor: Actor,
  id: number,
  action: 'start' | 'return' | 'cancel',
  comment: string | null,
): Promise<KeyEvaluationRow> {
  await platform.db.transaction(async (tx) => {
    const { e, to } = await decide(tx, actor, id, action, { comment });
    await tx
      .update(keyEvaluations)
      .set({ status: to, comment: comment ?? e.comment, updatedAt: platform.now() })
      .where(eq(keyEvaluations.id, id));
    await audit(platform, tx, actor, e, action, { status: to, comment }, { status: e.status });
  });
  return getKeyEvaluation(platform.db, actor, id);
}

export const startKeyEvaluation = (platform: Platform, actor: Actor, id: number) =>
  simpleTransition(platform, actor, id, 'start', null);
export const returnKeyEvaluation = (platform: Platform, actor: Actor, id: number, comment: string) =>
  simpleTransition(platform, actor, id, 'return', comment);
export const cancelKeyEvaluation = (platform: Platform, actor: Actor, id: number, reason: string) =>
  simpleTransition(platform, actor, id, 'cancel', reason);

export interface ExpertScoreRow {
  expertId: number;
  lineKey: string;
  score: number;
  comment: string | null;
}

/**
 * The scores the actor may see: their own always; everyone's once they have submitted (blind
 * scoring), and for the bureau and, once the panel is done, the institution.
 */
export async function visibleScores(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<{ mine: ExpertScoreRow[]; all: ExpertScoreRow[] | null; blindReason: string | null }> {
  const e = await getKeyEvaluation(db, actor, id);
  const rows = (await db.select().from(evaluationScores).where(eq(evaluationScores.evaluationId, id))).map(
    (r) => ({ expertId: r.expertId, lineKey: r.lineKey, score: r.score, comment: r.comment }),
  );
  const me = await expertOfUser(db, actor.userId);
  const mine = me ? rows.filter((r) => r.expertId === me.id) : [];
  const panelDone = e.panel.length > 0 && e.panel.every((p) => p.submitted);
  const myEntry = me ? e.panel.find((p) => p.expertId === me.id) : undefined;
  const manages = permissionsAt(actor, e.orgPath).includes('evaluations.manage');
  if (myEntry && !myEntry.submitted) {
    return { mine, all: null, blindReason: '提交本人评分后才能看到其他专家的评分' };
  }
  if (manages || myEntry?.submitted || (isCarrierStaff(actor, e) && panelDone) || e.status === 'accepted') {
    return { mine, all: rows, blindReason: null };
  }
  return { mine, all: null, blindReason: '评价组专家全部提交评分后才能查看' };
}

/**
 * An expert saves line scores (blind); with `submit` every line must be scored and the scoring
 * is final.
 */
export async function saveLineScores(
  platform: Platform,
  actor: Actor,
  id: number,
  input: LineScoresInput,
): Promise<{ scored: number; remaining: EvaluationIndicatorLine[]; submitted: boolean }> {
  return platform.db.transaction(async (tx) => {
    const { e, expertId } = await decide(tx, actor, id, 'score');
    const [me] = await tx
      .select({ status: experts.status })
      .from(experts)
      .where(eq(experts.id, expertId as number));
    if (me && me.status !== 'active') {
      throw new NotAllowedError('您已被暂停使用或清退出专家库，不能继续评分，请联系财政部门', {
        evaluationId: id,
        expertId,
      });
    }
    const issues = lineScoreProblems(e.lines, input.scores);
    if (issues.length) {
      const first = issues[0] as { path: string; message: string };
      throw new InputError(`字段 ${first.path}：${first.message}`, issues);
    }
    const eid = expertId as number;
    for (const s of input.scores) {
      await tx
        .insert(evaluationScores)
        .values({
          evaluationId: id,
          expertId: eid,
          lineKey: s.lineKey,
          score: s.score,
          comment: s.comment ?? null,
        })
        .onConflictDoUpdate({
          target: [evaluationScores.evaluationId, evaluationScores.expertId, evaluationScores.lineKey],
          set: { score: s.score, comment: s.comment ?? null, updatedAt: platform.now() },
        });
    }
    const mine = await tx
      .select({ lineKey: evaluationScores.lineKey })
      .from(evaluationScores)
      .where(and(eq(evaluationScores.evaluationId, id), eq(evaluationScores.expertId, eid)));
    const remaining = unscoredLines(e.lines, new Set(mine.map((m) => m.lineKey)));
    if (input.submit) {
      if (remaining.length) {
        throw new InputError(
          `字段 scores：还有${remaining.length}项指标未打分（${remaining.map((l) => `${l.key} ${l.name}`).join('、')}），不能提交`,
          [{ path: 'scores', message: '有指标未打分' }],
        );
      }
      await tx
        .update(evaluationPanel)
        .set({ submittedAt: platform.now() })
        .where(and(eq(evaluationPanel.evaluationId, id), eq(evaluationPanel.expertId, eid)));
    }
    await audit(platform, tx, actor, e, input.submit ? 'submit_scores' : 'score', {
      expertId: eid,
      scores: input.scores,
    });
    return { scored: mine.length, remaining, submitted: input.submit };
  });
}

async function allScores(db: DbOrTx, e: KeyEvaluationRow): Promise<Array<Map<string, number>>> {
  const rows = await db.select().from(evaluationScores).where(eq(evaluationScores.evaluationId, e.id));
  return e.panel
    .filter((p) => p.submitted)
    .map((p) => new Map(rows.filter((r) => r.expertId === p.expertId).map((r) => [r.lineKey, r.score])));
}

/** The evaluation's score from its submitted expert scores by its rule. */
async function evaluationResult(
  db: DbOrTx,
  platform: Platform,
  e: KeyEvaluationRow,
): Promise<KeyEvaluationScore> {
  return scoreKeyEvaluation(e.lines, await allScores(db, e), e.aggregation, platform.config);
}

/**
 * 提交评价报告: once every panel expert has submitted, the carrier records findings,
 * recommendations and the evidence list; the score follows the configured rule.
 */
export async function submitEvaluationReport(
  platform: Platform,
  actor: Actor,
  id: number,
  input: FindingsInput,
): Promise<KeyEvaluationRow> {
  await platform.db.transaction(async (tx) => {
    const { e, to } = await decide(tx, actor, id, 'report', { hasFindings: true });
    const files = input.evidence.flatMap((x, i) => (x.attachmentId ? [{ i, id: x.attachmentId }] : []));
    if (files.length) {
      const found = await tx
        .select({ id: attachments.id })
        .from(attachments)
        .where(
          and(
            inArray(
              attachments.id,
              files.map((f) => f.id),
            ),
            e.item ? eq(attachments.itemId, e.item.id) : eq(attachments.orgUnitId, e.orgUnit.id),
            isNull(attachments.removedAt),
          ),
        );
      for (const f of files) {
        if (!found.some((x) => x.id === f.id)) {
          const path = `evidence.${f.i}.attachmentId`;
          throw new InputError(`字段 ${path}：附件 ${f.id} 不存在或不属于被评价${e.item ? '项目' : '部门'}`, [
            { path, message: '附件不属于被评价对象' },
          ]);
        }
      }
    }
    const result = await evaluationResult(tx, platform, e);
    await tx
      .update(keyEvaluations)
      .set({
        status: to,
        findings: input.findings,
        recommendations: input.recommendations,
        summary: input.summary ?? null,
        evidence: input.evidence,
        score: result.total,
        grade: result.grade,
        reportedBy: actor.userId,
        reportedAt: platform.now(),
        updatedAt: platform.now(),
      })
      .where(eq(keyEvaluations.id, id));
    await audit(platform, tx, actor, e, 'report', { status: to, score: result.total, grade: result.grade });
  });
  return getKeyEvaluation(platform.db, actor, id);
}

export interface AcceptOutcome {
  evaluation: KeyEvaluationRow;
  /** The item's lifecycle: moved to 已完成评价, or why it stayed. */
  lifecycle: { moved: boolean; note: string } | null;
}

/**
 * 验收: the bureau accepts the result (score, grade); the panel's and institution's work for the
 * unit is recorded (a conflict for later evaluations of it); the item moves by
 * complete_evaluation where its lifecycle allows.
 */
export async function acceptKeyEvaluation(
  platform: Platform,
  actor: Actor,
  id: number,
  comment: string | null,
): Promise<AcceptOutcome> {
  const lifecycle = await platform.db.transaction(async (tx) => {
    const { e, to } = await decide(tx, actor, id, 'accept', { comment });
    const at = platform.now();
    await tx
      .update(keyEvaluations)
      .set({
        status: to,
        comment: comment ?? e.comment,
        acceptedBy: actor.userId,
        acceptedAt: at,
        updatedAt: at,
      })
      .where(eq(keyEvaluations.id, id));
    const work = { orgUnitId: e.orgUnit.id, description: `重点评价：${e.title}`, endedOn: today(platform) };
    for (const p of e.panel)
      await recordWork(platform, tx, actor, { expertId: p.expertId }, work, { evaluationId: id });
    if (e.institution)
      await recordWork(platform, tx, actor, { institutionId: e.institution.id }, work, { evaluationId: id });
    await audit(platform, tx, actor, e, 'accept', {
      status: to,
      score: e.score,
      grade: e.grade?.code,
      comment,
    });
    await recordKeyEvaluationResult(platform, tx, actor, e);
    if (!e.item) return null;
    const item = await lockItemForWrite(tx, actor, e.item.id, null);
    if (item.state !== 'self_evaluated') {
      return {
        moved: false,
        note: `项目当前为“${ITEM_STATES.labels[item.state]}”，评价结果已记录，项目状态未变更${
          item.state === 'executing' ? '（提交绩效自评后方可转为“已完成评价”）' : ''
        }`,
      };
    }
    await transitionInTx(platform, tx, actor, item, 'complete_evaluation', {
      score: e.score ?? undefined,
      reason: `重点评价“${e.title}”验收通过`,
    });
    return { moved: true, note: '项目已转为“已完成评价”' };
  });
  return { evaluation: await getKeyEvaluation(platform.db, actor, id), lifecycle };
}

/**
 * The accepted evaluation's result in the registry (JX-2): a department's whole evaluation for the
 * department, a key evaluation for its item; its recommendations, when the item is known, are the
 * rectification it requires. A policy evaluated without an item records nothing there.
 */
async function recordKeyEvaluationResult(platform: Platform, tx: Tx, actor: Actor, e: KeyEvaluationRow) {
  if (e.score === null || e.grade === null) return;
  const department = e.kind === 'department';
  if (!department && !e.item) return;
  // Recommendations become a rectification task where the item has someone to assign it to.
  const assignable =
    !department && e.item !== null && (await listRectificationAssignees(tx, actor, e.item.id)).length > 0;
  const findings = !e.findings
    ? []
    : [{ finding: e.findings, requiredAction: assignable ? e.recommendations || null : null }];
  await recordEvaluationResult(
    tx,
    actor,
    platform,
    {
      source: department ? 'department_evaluation' : 'key_evaluation',
      fiscalYear: e.fiscalYear,
      itemId: department ? null : (e.item?.id ?? null),
      orgUnitId: department ? e.orgUnit.id : null,
      score: e.score,
      grade: e.grade.code as Grade,
      summary: e.summary,
      sourceRef: `key_evaluation:${e.id}`,
      findings,
    },
    { permission: 'evaluations.manage' },
  );
}

export interface MethodRow {
  id: number;
  method: EvaluationMethodInput['method'];
  methodLabel: string;
  inputs: Record<string, unknown>;
  result: unknown;
  note: string | null;
  recordedAt: Date;
}

/** 评价方法 (§十四): run a method on its inputs and record both with the evaluation. */
export async function recordEvaluationMethod(
  platform: Platform,
  actor: Actor,
  id: number,
  input: EvaluationMethodInput,
): Promise<MethodRow> {
  return platform.db.transaction(async (tx) => {
    const { e } = await decide(tx, actor, id, 'edit_indicators').catch(async (err) => {
      // Methods may be recorded while scoring is under way, whatever the indicator lock says.
      if (err instanceof TransitionRefusedError) {
        const ev = await getKeyEvaluation(tx, actor, id);
        if (ev.status === 'planned' || ev.status === 'scoring')
          return { e: ev, expertId: null, to: ev.status };
      }
      throw err;
    });
    const { result } = runEvaluationMethod(input);
    const [row] = await tx
      .insert(evaluationMethods)
      .values({
        evaluationId: id,
        method: input.method,
        inputs: input.inputs as Record<string, unknown>,
        result,
        note: input.note ?? null,
        recordedBy: actor.userId,
      })
      .returning();
    await audit(platform, tx, actor, e, 'method', { method: input.method, inputs: input.inputs, result });
    return toMethod(row as typeof evaluationMethods.$inferSelect);
  });
}

const toMethod = (r: typeof evaluationMethods.$inferSelect): MethodRow => ({
  id: r.id,
  method: r.method,
  methodLabel: EVALUATION_METHODS.labels[r.method],
  inputs: r.inputs,
  result: r.result,
  note: r.note,
  recordedAt: r.recordedAt,
});

export async function listEvaluationMethods(db: DbOrTx, actor: Actor, id: number): Promise<MethodRow[]> {
  await getKeyEvaluation(db, actor, id);
  return (
    await db
      .select()
      .from(evaluationMethods)
      .where(eq(evaluationMethods.evaluationId, id))
      .orderBy(asc(evaluationMethods.id))
  ).map(toMethod);
}

/** Everything the report is written from. */
export async function evaluationReportData(db: DbOrTx, platform: Platform, actor: Actor, id: number) {
  const e = await getKeyEvaluation(db, actor, id);
  if (e.status !== 'reported' && e.status !== 'accepted') {
    throw new TransitionRefusedError(`评价当前为“${e.statusLabel}”，提交评价报告后才能生成报告`, {
      evaluationId: id,
    });
  }
  const result = await evaluationResult(db, platform, e);
  const methods = await listEvaluationMethods(db, actor, id);
  const fileIds = e.evidence.flatMap((x) => (x.attachmentId ? [x.attachmentId] : []));
  const files = fileIds.length
    ? await db
        .select({ id: attachments.id, fileName: attachments.fileName, sha256: attachments.sha256 })
        .from(attachments)
        .where(inArray(attachments.id, fileIds))
    : [];
  return {
    evaluation: e,
    result,
    methods,
    evidence: e.evidence.map((x) => {
      const f = files.find((y) => y.id === x.attachmentId);
      return { title: x.title, fileName: f?.fileName ?? null, sha256: f?.sha256 ?? null };
    }),
    aggregationLabel: aggregationLabel(e.aggregation),
  };
}
/** 2026-08-31 → 2026年8月31日. */
const cnDate = (d: string) =>
  `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * What the 绩效评价报告 document is written from (the input of `@jixiao/forms`'s
 * buildEvaluationReport), with its file name: one mapping for the API download and the signed page.
 */
export async function evaluationReportContent(db: DbOrTx, platform: Platform, actor: Actor, id: number) {
  const d = await evaluationReportData(db, platform, actor, id);
  const e = d.evaluation;
  return {
    fileName: `绩效评价报告-${e.id}-${e.title}.docx`,
    content: {
      title: e.title,
      kindLabel: e.kindLabel,
      subject: e.item ? `${e.item.name}（${e.item.code}）` : e.orgUnit.name,
      orgUnitName: e.orgUnit.name,
      fiscalYear: e.fiscalYear,
      carrierLabel: e.carrierLabel,
      institutionName: e.institution?.name ?? null,
      templateName: e.templateName,
      aggregationLabel: d.aggregationLabel,
      statusLabel: e.statusLabel,
      panel: e.panel,
      lines: d.result.lines,
      dimensions: d.result.dimensions,
      total: d.result.total,
      gradeLabel: GRADES.labels[d.result.grade],
      summary: e.summary,
      findings: e.findings ?? '',
      recommendations: e.recommendations ?? '',
      methods: d.methods.map((m) => ({
        label: m.methodLabel,
        note: m.note,
        result: describeMethodResult(m.method, m.result),
      })),
      evidence: d.evidence,
      reportedOn: e.reportedAt ? cnDate(todayInChina(e.reportedAt)) : null,
      acceptedOn: e.acceptedAt ? cnDate(todayInChina(e.acceptedAt)) : null,
    },
  };
}

/** The latest accepted evaluation of an item, in the actor's scope (评价结果). */
export async function latestEvaluationOfItem(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
): Promise<KeyEvaluationRow | null> {
  const [row] = await select(
    db,
    actor,
    [eq(keyEvaluations.itemId, itemId), eq(keyEvaluations.status, 'accepted')],
    1,
  );
  return row ?? null;
}
