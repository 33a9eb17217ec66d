import { randomInt } from 'node:crypto';
import {
  ConflictError,
  drawSpotCheckSample,
  GRADES,
  type Grade,
  gradeOf,
  InputError,
  judgeDistortion,
  NotAllowedError,
  NotFoundError,
  type SampleCandidate,
  SPOT_CHECK_REASONS,
} from '@jixiao/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission, requirePermissionAt, systemActor } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type Db, type DbOrTx, queryRows, type Tx } from '../client.ts';
import { recordEvaluationResult } from '../evaluation-results/record.ts';
import { conflictsFor, evaluatedParty, expertOfUser, getExpert, recordWork } from '../evaluations/library.ts';
import { type Platform, today } from '../platform.ts';
import { listRectificationAssignees } from '../rectification/assignees.ts';
import { createTask } from '../rectification/tasks.ts';
import { outbox, spotCheckEntries, spotChecks } from '../schema/index.ts';

/** Statuses of self-evaluations a spot check draws from: those the finance bureau has received or is receiving. */
const DRAWN_FROM = `('confirmed', 'accepted')`;

export interface SpotCheckEntryRow {
  id: number;
  spotCheckId: number;
  selfEvaluationId: number;
  item: { id: number; code: string; name: string };
  orgUnit: { id: number; name: string; path: string };
  reason: string;
  reasonLabel: string;
  selfScore: number | null;
  selfGrade: { code: Grade; label: string } | null;
  checkProblems: number;
  reviewScore: number | null;
  reviewGrade: { code: Grade; label: string } | null;
  reviewNote: string | null;
  distorted: boolean | null;
  difference: number | null;
  reasons: string[];
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: Date | null;
  rectificationTaskId: number | null;
  /** The library expert assigned to re-score it, if any. */
  reviewer: { expertId: number; name: string; userId: number | null; assignedAt: Date } | null;
  recipients: number[];
}

export interface SpotCheckRow {
  id: number;
  fiscalYear: number;
  seed: number;
  candidateCount: number;
  drawnBy: number | null;
  createdAt: Date;
  entries: SpotCheckEntryRow[];
}

const graded = (g: string | null) =>
  g === null ? null : { code: g as Grade, label: GRADES.labels[g as Grade] };

interface RawEntry {
  id: number;
  spot_check_id: number;
  self_evaluation_id: number;
  item_id: number;
  item_code: string;
  item_name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  reason: string;
  self_score: number | null;
  self_grade: string | null;
  check_problems: number;
  review_score: number | null;
  review_grade: string | null;
  review_note: string | null;
  distorted: boolean | null;
  difference: number | null;
  reasons: string[] | string;
  reviewed_by: number | null;
  reviewer_name: string | null;
  reviewed_at: Date | string | null;
  rectification_task_id: number | null;
  submitted_by: number | null;
  confirmed_by: number | null;
  reviewer_expert_id: number | null;
  reviewer_expert_name: string | null;
  reviewer_user_id: number | null;
  reviewer_assigned_at: Date | string | null;
}

function toEntry(r: RawEntry): SpotCheckEntryRow {
  const reasonLabel = (SPOT_CHECK_REASONS.labels as Record<string, string>)[r.reason] ?? r.reason;
  return {
    id: r.id,
    spotCheckId: r.spot_check_id,
    selfEvaluationId: r.self_evaluation_id,
    item: { id: r.item_id, code: r.item_code, name: r.item_name },
    orgUnit: { id: r.org_id, name: r.org_name, path: r.org_path },
    reason: r.reason,
    reasonLabel,
    selfScore: r.self_score === null ? null : Number(r.self_score),
    selfGrade: graded(r.self_grade),
    checkProblems: r.check_problems,
    reviewScore: r.review_score === null ? null : Number(r.review_score),
    reviewGrade: graded(r.review_grade),
    reviewNote: r.review_note,
    distorted: r.distorted,
    difference: r.difference === null ? null : Number(r.difference),
    reasons: typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons,
    reviewedBy: r.reviewed_by === null ? null : { id: r.reviewed_by, name: r.reviewer_name ?? '' },
    reviewedAt: r.reviewed_at === null ? null : new Date(r.reviewed_at),
    rectificationTaskId: r.rectification_task_id,
    reviewer:
      r.reviewer_expert_id === null
        ? null
        : {
            expertId: r.reviewer_expert_id,
            name: r.reviewer_expert_name ?? '',
            userId: r.reviewer_user_id,
            assignedAt: new Date(r.reviewer_assigned_at as Date | string),
          },
    recipients: [...new Set([r.submitted_by, r.confirmed_by].filter((u): u is number => u !== null))],
  };
}

/** Entries (in the actor's read scope) of one spot check, or one entry by id. */
async function loadEntries(
  db: DbOrTx,
  actor: Actor,
  where: { spotCheckId?: number; entryId?: number },
): Promise<SpotCheckEntryRow[]> {
  const rows = await queryRows<RawEntry>(
    db,
    sql`select e.id, e.spot_check_id, e.self_evaluation_id, bi.id as item_id, bi.code as item_code, bi.name as item_name,
               o.id as org_id, o.name as org_name, o.path as org_path, e.reason, e.self_score, e.self_grade,
               e.check_problems, e.review_score, e.review_grade, e.review_note, e.distorted, e.difference, e.reasons,
               e.reviewed_by, ru.name as reviewer_name, e.reviewed_at, e.rectification_task_id,
               se.submitted_by, se.confirmed_by, e.reviewer_expert_id, x.name as reviewer_expert_name,
               x.user_id as reviewer_user_id, e.reviewer_assigned_at
        from spot_check_entries e
        join self_evaluations se on se.id = e.self_evaluation_id
        join budget_items bi on bi.id = se.item_id
        join org_units o on o.id = se.org_unit_id
        left join users ru on ru.id = e.reviewed_by
        left join experts x on x.id = e.reviewer_expert_id
        -- in the actor's read scope, or assigned to the actor as the expert reviewer
        where (o.path like ${`${actor.scopePath}%`} or (x.user_id is not null and x.user_id = ${actor.userId ?? null}::int))
          and (${where.spotCheckId ?? null}::int is null or e.spot_check_id = ${where.spotCheckId ?? null}::int)
          and (${where.entryId ?? null}::int is null or e.id = ${where.entryId ?? null}::int)
        order by e.id`,
  );
  return rows.map(toEntry);
}

export async function getSpotCheck(db: DbOrTx, actor: Actor, id: number): Promise<SpotCheckRow> {
  const [c] = await db
    .select()
    .from(spotChecks)
    .where(
      and(
        eq(spotChecks.id, id),
        sql`(${spotChecks.scopePath} like ${`${actor.scopePath}%`} or ${actor.scopePath} like ${spotChecks.scopePath} || '%')`,
      ),
    )
    .limit(1);
  if (!c) throw new NotFoundError(`抽查 ${id} 不存在或不在您的数据范围内`, { spotCheckId: id });
  return {
    id: c.id,
    fiscalYear: c.fiscalYear,
    seed: c.seed,
    candidateCount: c.candidateCount,
    drawnBy: c.drawnBy,
    createdAt: c.createdAt,
    entries: await loadEntries(db, actor, { spotCheckId: id }),
  };
}

export async function listSpotChecks(db: DbOrTx, actor: Actor, fiscalYear?: number) {
  const rows = await db
    .select()
    .from(spotChecks)
    .where(
      and(
        sql`(${spotChecks.scopePath} like ${`${actor.scopePath}%`} or ${actor.scopePath} like ${spotChecks.scopePath} || '%')`,
        fiscalYear === undefined ? undefined : eq(spotChecks.fiscalYear, fiscalYear),
      ),
    )
    .orderBy(asc(spotChecks.id));
  return rows.map((c) => ({
    id: c.id,
    fiscalYear: c.fiscalYear,
    seed: c.seed,
    candidateCount: c.candidateCount,
    createdAt: c.createdAt,
  }));
}

/** The self-evaluations of a year a spot check can draw from, in a scope, as core candidates. */
async function candidates(db: DbOrTx, fiscalYear: number, scope: string): Promise<SampleCandidate[]> {
  const rows = await queryRows<{
    id: number;
    dept: string;
    amount: string;
    special: boolean;
    grade: string | null;
    rate_bp: number;
    problems: number;
  }>(
    db,
    sql`select se.id, substring(o.path from '^(.*?o[0-9]+/)') as dept, bi.approved_amount_fen::text as amount,
               bi.is_special_transfer as special, coalesce(se.final_grade, se.grade) as grade,
               case when se.adjusted_fen > 0 then round(se.executed_fen * 10000.0 / se.adjusted_fen)::int else 0 end as rate_bp,
               jsonb_array_length(se.problems)::int as problems
        from self_evaluations se
        join budget_items bi on bi.id = se.item_id
        join org_units o on o.id = se.org_unit_id
        where se.fiscal_year = ${fiscalYear}::int and se.status in ${sql.raw(DRAWN_FROM)}
          and o.path like ${`${scope}%`}
        order by se.id`,
  );
  const deptIds = new Map<string, number>();
  return rows.map((r) => {
    const dept = r.dept ?? '';
    if (!deptIds.has(dept)) deptIds.set(dept, Number(/o(\d+)\/$/.exec(dept)?.[1] ?? deptIds.size + 1));
    return {
      id: r.id,
      departmentId: deptIds.get(dept) as number,
      amountFen: Number(r.amount),
      isSpecialTransfer: r.special,
      selfGrade: r.grade as SampleCandidate['selfGrade'],
      executionRateBp: Number(r.rate_bp),
      hasCheckProblems: Number(r.problems) > 0,
    };
  });
}

/**
 * 抽查 (EV-13): the finance bureau draws a year's sample from the self-evaluations it has
 * received in its scope — core's stratified draw with the always-drawn categories — and records
 * the seed, the settings and the candidates, so the same draw can be repeated; audited.
 */
export async function drawSpotCheck(
  platform: Platform,
  actor: Actor,
  input: { fiscalYear: number; seed?: number },
): Promise<SpotCheckRow> {
  const scope = requirePermission(actor, 'spot_checks.manage');
  const seed = input.seed ?? randomInt(1, 2_147_483_647);
  const cfg = platform.config.evaluation.spotCheck;
  const id = await platform.db.transaction(async (tx) => {
    const pool = await candidates(tx, input.fiscalYear, scope);
    if (pool.length === 0) {
      throw new InputError(`字段 fiscalYear：${input.fiscalYear}年度没有已报送财政的绩效自评可供抽查`, [
        { path: 'fiscalYear', message: '没有可抽查的绩效自评' },
      ]);
    }
    const drawn = drawSpotCheckSample(pool, seed, cfg);
    const byId = new Map(pool.map((c) => [c.id, c]));
    const [check] = await tx
      .insert(spotChecks)
      .values({
        fiscalYear: input.fiscalYear,
        scopePath: scope,
        seed,
        settings: { ...cfg, candidateIds: pool.map((c) => c.id) },
        candidateCount: pool.length,
        drawnBy: actor.userId,
      })
      .returning({ id: spotChecks.id });
    const checkId = (check as { id: number }).id;
    const selfScores = await queryRows<{
      id: number;
      score: number | null;
      grade: string | null;
      problems: number;
    }>(
      tx,
      sql`select id, coalesce(final_score, score) as score, coalesce(final_grade, grade) as grade,
                 jsonb_array_length(problems)::int as problems
          from self_evaluations where id = any(${`{${drawn.map((d) => d.id).join(',')}}`}::int[])`,
    );
    const scores = new Map(selfScores.map((s) => [s.id, s]));
    if (drawn.length > 0) {
      await tx.insert(spotCheckEntries).values(
        drawn.map((d) => ({
          spotCheckId: checkId,
          selfEvaluationId: d.id,
          reason: d.reason,
          selfScore: scores.get(d.id)?.score ?? null,
          selfGrade: (scores.get(d.id)?.grade ?? null) as Grade | null,
          checkProblems: Number(scores.get(d.id)?.problems ?? (byId.get(d.id)?.hasCheckProblems ? 1 : 0)),
        })),
      );
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'spot_check.draw',
          entityType: 'spot_check',
          entityId: checkId,
          after: { fiscalYear: input.fiscalYear, seed, candidates: pool.length, drawn },
        },
      ],
      platform.now(),
    );
    return checkId;
  });
  return getSpotCheck(platform.db, actor, id);
}

/** The draw repeated from the recorded seed and candidates: equal to the recorded sample when nothing was tampered with. */
export async function redrawSpotCheck(db: DbOrTx, actor: Actor, platform: Platform, id: number) {
  const c = await getSpotCheck(db, actor, id);
  const [row] = await db.select().from(spotChecks).where(eq(spotChecks.id, id));
  const settings = row?.settings as { candidateIds?: number[] } & typeof platform.config.evaluation.spotCheck;
  const pool = (await candidates(db, c.fiscalYear, row?.scopePath ?? '/')).filter((p) =>
    (settings.candidateIds ?? []).includes(p.id),
  );
  const drawn = drawSpotCheckSample(pool, c.seed, settings);
  const recorded = c.entries.map((e) => ({ id: e.selfEvaluationId, reason: e.reason }));
  return { drawn, recorded, same: JSON.stringify(drawn) === JSON.stringify(recorded) };
}

/**
 * 复核: a reviewer (finance or audit staff) re-scores one sampled self-evaluation; core's
 * `judgeDistortion` decides 失真. The department is told (a notice to sign for), and a distortion
 * opens a rectification task through the rectification loop — all in one transaction.
 */
export async function reviewSpotCheckEntry(
  platform: Platform,
  actor: Actor,
  spotCheckId: number,
  entryId: number,
  input: { score: number; note: string },
): Promise<SpotCheckEntryRow> {
  const me = await expertOfUser(platform.db, actor.userId);
  if (me === null) requirePermission(actor, 'spot_checks.review');
  await platform.db.transaction(async (tx) => {
    const [seen] = await loadEntries(tx, actor, { spotCheckId, entryId });
    if (!seen) throw new NotFoundError(`抽查记录 ${entryId} 不存在或不在您的数据范围内`, { entryId });
    // The expert the bureau assigned reviews by that assignment; staff by their permission where the unit lies.
    const asExpert = me !== null && seen.reviewer?.expertId === me.id;
    if (asExpert && me.status !== 'active') {
      throw new NotAllowedError('您已被暂停使用或清退出专家库，不能继续复核，请联系财政部门', { entryId });
    }
    if (!asExpert)
      requirePermissionAt(actor, 'spot_checks.review', seen.orgUnit.path, `项目“${seen.item.name}”`);
    await tx
      .select({ id: spotCheckEntries.id })
      .from(spotCheckEntries)
      .where(eq(spotCheckEntries.id, entryId))
      .for('update');
    const [entry] = await loadEntries(tx, actor, { spotCheckId, entryId });
    if (!entry) throw new NotFoundError(`抽查记录 ${entryId} 不存在`, { entryId });
    if (entry.reviewedAt) {
      throw new ConflictError(
        `该项目已由${entry.reviewedBy?.name ?? ''}复核（${entry.reviewScore}分），不能重复复核`,
        {
          entryId,
        },
      );
    }
    if (entry.selfScore === null || entry.selfGrade === null) {
      throw new ConflictError('该自评尚无得分，无法比较', { entryId });
    }
    const cfg = platform.config.evaluation.spotCheck;
    const reviewGrade = gradeOf(input.score, platform.config);
    const judgement = judgeDistortion(
      { score: entry.selfScore, grade: entry.selfGrade.code },
      { score: input.score, grade: reviewGrade },
      entry.checkProblems,
      cfg,
    );
    const at = platform.now();
    let taskId: number | null = null;
    if (judgement.distorted) {
      taskId = await openRectification(platform, tx, entry, judgement.reasons, cfg.rectificationDays);
    }
    await tx
      .update(spotCheckEntries)
      .set({
        reviewScore: input.score,
        reviewGrade,
        reviewNote: input.note,
        distorted: judgement.distorted,
        difference: judgement.difference,
        reasons: judgement.reasons,
        reviewedBy: actor.userId,
        reviewedAt: at,
        rectificationTaskId: taskId,
        updatedAt: at,
      })
      .where(eq(spotCheckEntries.id, entryId));
    // The re-score is the item's result from now on (it outranks the self-evaluation, JX-2); the
    // department hears of it through the spot check's own notice, and a distortion's task is open.
    const [check] = await tx
      .select({ fiscalYear: spotChecks.fiscalYear })
      .from(spotChecks)
      .where(eq(spotChecks.id, spotCheckId));
    // An expert reviews by the bureau's assignment: the result is recorded under the bureau's spot check.
    await recordEvaluationResult(
      tx,
      asExpert ? systemActor('绩效自评抽查') : actor,
      platform,
      {
        source: 'spot_check',
        fiscalYear: check?.fiscalYear as number,
        itemId: entry.item.id,
        score: input.score,
        grade: reviewGrade,
        distortion: judgement.distorted,
        summary: input.note,
        sourceRef: `spot_check_entry:${entryId}`,
      },
      { permission: 'spot_checks.review', notify: false },
    );
    if (entry.recipients.length > 0) {
      await tx
        .insert(outbox)
        .values(
          entry.recipients.map((userId) => ({
            kind: 'spot_check_result',
            dedupeKey: `spot_check:${entryId}:result:${userId}`,
            recipientUserId: userId,
            payload: { entryId, event: 'result' },
          })),
        )
        .onConflictDoNothing();
    }
    if (asExpert) {
      // The review is the expert's work for the unit (a conflict for later jobs) and awaits its quality rating.
      await recordWork(
        platform,
        tx,
        actor,
        { expertId: me.id },
        {
          orgUnitId: entry.orgUnit.id,
          description: `绩效自评抽查复核：${entry.item.name}`,
          endedOn: today(platform),
        },
        { spotCheckEntryId: entryId },
      );
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'spot_check.review',
          entityType: 'spot_check_entry',
          entityId: entryId,
          itemId: entry.item.id,
          before: { selfScore: entry.selfScore, selfGrade: entry.selfGrade.code },
          after: {
            score: input.score,
            grade: reviewGrade,
            note: input.note,
            ...judgement,
            rectificationTaskId: taskId,
            reviewerExpertId: asExpert ? me.id : null,
          },
        },
      ],
      at,
    );
  });
  const [row] = await loadEntries(platform.db, actor, { spotCheckId, entryId });
  return row as SpotCheckEntryRow;
}

/** 下达整改 for a distorted self-evaluation, by the finance bureau's spot check, to its submitter (or the item's officer). */
async function openRectification(
  platform: Platform,
  tx: Tx,
  entry: SpotCheckEntryRow,
  reasons: readonly string[],
  days: number,
): Promise<number | null> {
  const bureau = systemActor('绩效自评抽查');
  const candidatesFor = await listRectificationAssignees(tx, bureau, entry.item.id);
  const assignee =
    candidatesFor.find((c) => entry.recipients.includes(c.userId))?.userId ??
    candidatesFor[0]?.userId ??
    null;
  if (assignee === null) return null;
  const d = new Date(`${today(platform)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  // The task joins this transaction (a savepoint), so the review and its task stand or fall together.
  const task = await createTask({ ...platform, db: tx as unknown as Db }, bureau, {
    itemId: entry.item.id,
    assigneeUserId: assignee,
    deadline: d.toISOString().slice(0, 10),
    requirement: `绩效自评抽查认定失真：${reasons.join('；')}。请核实自评数据，更正自评结果并说明原因。`,
    source: 'spot_check',
  });
  return task.id;
}

/** One sampled self-evaluation with its re-score, in the actor's scope. */
export async function getSpotCheckEntry(
  db: DbOrTx,
  actor: Actor,
  entryId: number,
): Promise<SpotCheckEntryRow> {
  const [row] = await loadEntries(db, actor, { entryId });
  if (!row) throw new NotFoundError(`抽查记录 ${entryId} 不存在或不在您的数据范围内`, { entryId });
  return row;
}

/**
 * 指派抽查复核专家 (EV-13): the bureau assigns an active library expert to re-score one sampled
 * self-evaluation, under the same conflict-of-interest rule as key evaluations (core
 * `conflictsOfInterest`: same employer or department as the evaluated unit, recent work for it);
 * the expert is told through the outbox and signs for it (收到); audited.
 */
export async function assignSpotCheckReviewer(
  platform: Platform,
  actor: Actor,
  spotCheckId: number,
  entryId: number,
  expertId: number,
): Promise<SpotCheckEntryRow> {
  requirePermission(actor, 'spot_checks.manage');
  await platform.db.transaction(async (tx) => {
    const [seen] = await loadEntries(tx, actor, { spotCheckId, entryId });
    if (!seen) throw new NotFoundError(`抽查记录 ${entryId} 不存在或不在您的数据范围内`, { entryId });
    requirePermissionAt(actor, 'spot_checks.manage', seen.orgUnit.path, `项目“${seen.item.name}”`);
    await tx
      .select({ id: spotCheckEntries.id })
      .from(spotCheckEntries)
      .where(eq(spotCheckEntries.id, entryId))
      .for('update');
    const [entry] = (await loadEntries(tx, actor, { spotCheckId, entryId })) as [SpotCheckEntryRow];
    if (entry.reviewedAt) {
      throw new ConflictError(`该项目已由${entry.reviewedBy?.name ?? ''}复核，不能再指派复核专家`, {
        entryId,
      });
    }
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
    if (expert.userId === null) {
      throw new InputError(`字段 expertId：专家“${expert.name}”没有系统账号，无法通知和复核`, [
        { path: 'expertId', message: '专家没有账号' },
      ]);
    }
    if (entry.reviewer?.expertId === expertId) {
      throw new ConflictError(`专家“${expert.name}”已是该项目的复核专家`, {
        issues: [{ path: 'expertId', message: '已指派' }],
      });
    }
    const reasons = await conflictsFor(
      platform,
      tx,
      { expertId },
      await evaluatedParty(tx, entry.orgUnit.id),
    );
    if (reasons.length) {
      throw new ConflictError(
        `专家“${expert.name}”与被评价单位存在利益冲突，不能复核：${reasons.join('；')}`,
        { issues: [{ path: 'expertId', message: reasons.join('；') }] },
      );
    }
    const at = platform.now();
    await tx
      .update(spotCheckEntries)
      .set({ reviewerExpertId: expertId, reviewerAssignedAt: at, updatedAt: at })
      .where(eq(spotCheckEntries.id, entryId));
    await tx
      .insert(outbox)
      .values({
        kind: 'spot_check_assignment',
        dedupeKey: `spot_check_assignment:${entryId}:${expertId}`,
        recipientUserId: expert.userId,
        payload: { entryId, expertId },
      })
      .onConflictDoNothing();
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'spot_check.assign_reviewer',
          entityType: 'spot_check_entry',
          entityId: entryId,
          itemId: entry.item.id,
          before: { reviewerExpertId: entry.reviewer?.expertId ?? null },
          after: { reviewerExpertId: expertId, expertName: expert.name },
        },
      ],
      at,
    );
  });
  return getSpotCheckEntry(platform.db, actor, entryId);
}
