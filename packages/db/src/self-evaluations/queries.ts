import {
  GRADES,
  type Grade,
  NotFoundError,
  SELF_EVALUATION_STATUSES,
  type SelfEvaluationIndicatorSource,
  type SelfEvaluationLine,
  type SelfEvaluationSource,
  type SelfEvaluationStatus,
} from '@jixiao/core';
import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../actor.ts';
import { adjustmentsSumFen } from '../budget-adjustments/budget-adjustments.ts';
import type { DbOrTx, Tx } from '../client.ts';
import {
  budgetItems,
  executionRecords,
  indicatorReports,
  indicators,
  orgUnits,
  performanceTargets,
  type StoredCheckProblem,
  selfEvaluations,
  users,
} from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

/** What a project's and a department's self-evaluation share: the evaluation and where its workflow stands. */
export interface SelfEvaluationContent {
  id: number;
  fiscalYear: number;
  status: SelfEvaluationStatus;
  statusLabel: string;
  scheme: string;
  budget: { initialFen: number; adjustedFen: number; executedFen: number };
  lines: SelfEvaluationLine[];
  measures: string;
  evidenceAttachmentIds: number[];
  score: number | null;
  grade: { code: Grade; label: string } | null;
  problems: StoredCheckProblem[];
  finalScore: number | null;
  finalGrade: { code: Grade; label: string } | null;
  submittedBy: { id: number; name: string } | null;
  submittedAt: Date | null;
  confirmedBy: { id: number; name: string } | null;
  confirmedAt: Date | null;
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: Date | null;
  returnComment: string | null;
  round: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SelfEvaluationRow extends SelfEvaluationContent {
  item: { id: number; code: string; name: string; isSpecialTransfer: boolean; approvedAmountFen: number };
  orgUnit: { id: number; name: string; path: string };
}

/** The stored columns both self-evaluation tables have. */
type ContentColumns = Omit<
  typeof selfEvaluations.$inferSelect,
  'itemId' | 'orgUnitId' | 'preparedBy' | 'scoredAt'
>;

const person = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });
const graded = (g: Grade | null) => (g === null ? null : { code: g, label: GRADES.labels[g] });

/** The shared part of a self-evaluation row, with the names of the people who moved it. */
export function selfEvaluationContent(
  s: ContentColumns,
  names: { submitterName: string | null; confirmerName: string | null; reviewerName: string | null },
): SelfEvaluationContent {
  return {
    id: s.id,
    fiscalYear: s.fiscalYear,
    status: s.status,
    statusLabel: SELF_EVALUATION_STATUSES.labels[s.status],
    scheme: s.scheme,
    budget: { initialFen: s.initialFen, adjustedFen: s.adjustedFen, executedFen: s.executedFen },
    lines: s.lines,
    measures: s.measures,
    evidenceAttachmentIds: s.evidenceAttachmentIds,
    score: s.score,
    grade: graded(s.grade),
    problems: s.problems,
    finalScore: s.finalScore,
    finalGrade: graded(s.finalGrade),
    submittedBy: person(s.submittedBy, names.submitterName),
    submittedAt: s.submittedAt,
    confirmedBy: person(s.confirmedBy, names.confirmerName),
    confirmedAt: s.confirmedAt,
    reviewedBy: person(s.reviewedBy, names.reviewerName),
    reviewedAt: s.reviewedAt,
    returnComment: s.returnComment,
    round: s.round,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

const submitter = alias(users, 'se_submitter');
const confirmer = alias(users, 'se_confirmer');
const reviewer = alias(users, 'se_reviewer');

function query(db: DbOrTx) {
  return db
    .select({
      s: selfEvaluations,
      itemCode: budgetItems.code,
      itemName: budgetItems.name,
      special: budgetItems.isSpecialTransfer,
      approved: budgetItems.approvedAmountFen,
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
      submitterName: submitter.name,
      confirmerName: confirmer.name,
      reviewerName: reviewer.name,
    })
    .from(selfEvaluations)
    .innerJoin(budgetItems, eq(budgetItems.id, selfEvaluations.itemId))
    .innerJoin(orgUnits, eq(orgUnits.id, selfEvaluations.orgUnitId))
    .leftJoin(submitter, eq(submitter.id, selfEvaluations.submittedBy))
    .leftJoin(confirmer, eq(confirmer.id, selfEvaluations.confirmedBy))
    .leftJoin(reviewer, eq(reviewer.id, selfEvaluations.reviewedBy));
}

type Raw = Awaited<ReturnType<ReturnType<typeof query>['limit']>>[number];

function toRow(r: Raw): SelfEvaluationRow {
  const s = r.s;
  return {
    ...selfEvaluationContent(s, r),
    item: {
      id: s.itemId,
      code: r.itemCode,
      name: r.itemName,
      isSpecialTransfer: r.special,
      approvedAmountFen: r.approved,
    },
    orgUnit: { id: s.orgUnitId, name: r.orgName, path: r.orgPath },
  };
}

export interface SelfEvaluationFilter {
  fiscalYear?: number;
  status?: SelfEvaluationStatus;
  itemId?: number;
  afterId?: number;
  limit: number;
}

/** Self-evaluations in the actor's read scope. */
export async function listSelfEvaluations(
  db: DbOrTx,
  actor: Actor,
  f: SelfEvaluationFilter,
): Promise<SelfEvaluationRow[]> {
  const conds: SQL[] = [orgInScope(actor)];
  if (f.fiscalYear !== undefined) conds.push(eq(selfEvaluations.fiscalYear, f.fiscalYear));
  if (f.status) conds.push(eq(selfEvaluations.status, f.status));
  if (f.itemId !== undefined) conds.push(eq(selfEvaluations.itemId, f.itemId));
  if (f.afterId !== undefined) conds.push(gt(selfEvaluations.id, f.afterId));
  const rows = await query(db)
    .where(and(...conds))
    .orderBy(asc(selfEvaluations.id))
    .limit(f.limit);
  return rows.map(toRow);
}

/** In the actor's read scope, or sampled by a spot check that assigned the actor as its expert reviewer (EV-13). */
function readableBy(actor: Actor): SQL {
  if (actor.userId === null) return orgInScope(actor);
  return sql`(${orgInScope(actor)} or exists (select 1 from spot_check_entries sce
    join experts x on x.id = sce.reviewer_expert_id
    where sce.self_evaluation_id = ${selfEvaluations.id} and x.user_id = ${actor.userId}))`;
}

export async function getSelfEvaluation(db: DbOrTx, actor: Actor, id: number): Promise<SelfEvaluationRow> {
  const [row] = await query(db)
    .where(and(eq(selfEvaluations.id, id), readableBy(actor)))
    .limit(1);
  if (!row) throw new NotFoundError(`绩效自评 ${id} 不存在或不在您的数据范围内`, { selfEvaluationId: id });
  return toRow(row);
}

/** The self-evaluation of an item's year in the actor's scope, or null. */
export async function findSelfEvaluation(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
  fiscalYear: number,
): Promise<SelfEvaluationRow | null> {
  const [row] = await query(db)
    .where(
      and(eq(selfEvaluations.itemId, itemId), eq(selfEvaluations.fiscalYear, fiscalYear), orgInScope(actor)),
    )
    .limit(1);
  return row ? toRow(row) : null;
}

/** Takes the row lock of a self-evaluation (callers check scope first and re-read after). */
export async function lockSelfEvaluation(tx: Tx, id: number): Promise<void> {
  await tx
    .select({ id: selfEvaluations.id })
    .from(selfEvaluations)
    .where(eq(selfEvaluations.id, id))
    .for('update');
}

/**
 * The target a year's self-evaluation measures against: the year's own approved target, or the
 * approved whole-cycle target when the year has none (EV-12). Null when neither is approved.
 */
async function evaluatedTargetId(db: DbOrTx, itemId: number, fiscalYear: number): Promise<number | null> {
  const rows = await db
    .select({ id: performanceTargets.id, fiscalYear: performanceTargets.fiscalYear })
    .from(performanceTargets)
    .where(
      and(
        eq(performanceTargets.itemId, itemId),
        eq(performanceTargets.status, 'approved'),
        sql`(${performanceTargets.fiscalYear} = ${fiscalYear} or ${performanceTargets.fiscalYear} is null)`,
      ),
    );
  const year = rows.find((r) => r.fiscalYear === fiscalYear) ?? rows.find((r) => r.fiscalYear === null);
  return year?.id ?? null;
}

/**
 * What the system knows of an item's year for its self-evaluation (EV-12): the approved amount
 * (年初预算数), with the year's budget adjustments (全年预算数, EV-14), the year's payments, and
 * every indicator of the evaluated target with its newest report of that year.
 */
export async function selfEvaluationSource(
  db: DbOrTx,
  item: { id: number; approvedAmountFen: number },
  fiscalYear: number,
): Promise<SelfEvaluationSource | null> {
  const targetId = await evaluatedTargetId(db, item.id, fiscalYear);
  if (targetId === null) return null;
  const [paid] = await db
    .select({ fen: sql<string>`coalesce(sum(${executionRecords.amountFen}), 0)::text` })
    .from(executionRecords)
    .where(and(eq(executionRecords.itemId, item.id), eq(executionRecords.fiscalYear, fiscalYear)));
  const inds = await db.select().from(indicators).where(eq(indicators.targetId, targetId));
  const ids = inds.map((i) => i.id);
  const reports =
    ids.length === 0
      ? []
      : await db
          .selectDistinctOn([indicatorReports.indicatorId])
          .from(indicatorReports)
          .where(and(inArray(indicatorReports.indicatorId, ids), eq(indicatorReports.fiscalYear, fiscalYear)))
          .orderBy(
            indicatorReports.indicatorId,
            sql`${indicatorReports.reportedOn} desc`,
            sql`${indicatorReports.id} desc`,
          );
  const latest = new Map(reports.map((r) => [r.indicatorId, r]));
  const sources: SelfEvaluationIndicatorSource[] = inds.map((i) => {
    const r = latest.get(i.id);
    return {
      indicatorId: i.id,
      position: i.position,
      level1: i.level1,
      level2: i.level2,
      name: i.name,
      operator: i.operator,
      targetValue: i.targetValue,
      targetMin: i.targetMin,
      targetMax: i.targetMax,
      targetText: i.targetText,
      unit: i.unit,
      weight: i.weight,
      latest: r
        ? { actualValue: r.actualValue, qualitativeStatus: r.qualitativeStatus, reportedOn: r.reportedOn }
        : null,
    };
  });
  return {
    budget: {
      initialFen: item.approvedAmountFen,
      adjustedFen: item.approvedAmountFen + (await adjustmentsSumFen(db, item.id, fiscalYear)),
      executedFen: Number(paid?.fen ?? 0),
    },
    indicators: sources,
  };
}

/** The name of the department (top-level org unit) an org path lies under. */
export async function departmentNameOf(db: DbOrTx, path: string): Promise<string> {
  const dept = /^.*?o\d+\//.exec(path)?.[0] ?? path;
  const [row] = await db
    .select({ name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.path, dept))
    .limit(1);
  return row?.name ?? '';
}
