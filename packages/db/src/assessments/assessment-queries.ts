import {
  ASSESSMENT_STATUSES,
  type AssessmentStatus,
  type Assessor,
  type ExAnteConclusion,
  type ExAnteVerdictDimension,
  type ItemKind,
  NotFoundError,
} from '@jixiao/core';
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, actorRolesAt, inScope } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import type { Platform } from '../platform.ts';
import {
  budgetItems,
  exAnteAssessments,
  institutions,
  orgUnits,
  type RequiredChange,
  type StoredReviewCheck,
  users,
} from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

export interface AssessmentRow {
  id: number;
  item: {
    id: number;
    code: string;
    name: string;
    kind: ItemKind;
    fundTypeId: string;
    approvedAmountFen: number;
    description: string | null;
    attributes: Record<string, unknown>;
    orgUnit: { id: number; name: string; path: string };
  };
  status: AssessmentStatus;
  statusLabel: string;
  assessor: Assessor;
  institution: { id: number; name: string; orgUnitId: number | null } | null;
  scores: Record<string, number>;
  verdicts: Record<string, { passed: boolean; note?: string }>;
  findings: string;
  totalScore: number | null;
  computedConclusion: ExAnteConclusion | null;
  conclusion: ExAnteConclusion | null;
  overrideReason: string | null;
  requiredChanges: RequiredChange[];
  reportAttachmentIds: number[];
  createdBy: number | null;
  submittedBy: { id: number; name: string } | null;
  submittedAt: Date | null;
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  reviewChecks: StoredReviewCheck[];
  round: number;
  createdAt: Date;
  updatedAt: Date;
}

const submitter = alias(users, 'submitter');
const reviewer = alias(users, 'reviewer');

function query(db: DbOrTx) {
  return db
    .select({
      a: exAnteAssessments,
      item: {
        code: budgetItems.code,
        name: budgetItems.name,
        kind: budgetItems.kind,
        fundTypeId: budgetItems.fundTypeId,
        approvedAmountFen: budgetItems.approvedAmountFen,
        description: budgetItems.description,
        attributes: budgetItems.attributes,
        orgUnitId: budgetItems.orgUnitId,
      },
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
      institutionName: institutions.name,
      institutionOrg: institutions.orgUnitId,
      submitterName: submitter.name,
      reviewerName: reviewer.name,
    })
    .from(exAnteAssessments)
    .innerJoin(budgetItems, eq(budgetItems.id, exAnteAssessments.itemId))
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .leftJoin(institutions, eq(institutions.id, exAnteAssessments.institutionId))
    .leftJoin(submitter, eq(submitter.id, exAnteAssessments.submittedBy))
    .leftJoin(reviewer, eq(reviewer.id, exAnteAssessments.reviewedBy));
}

type Raw = Awaited<ReturnType<ReturnType<typeof query>['limit']>>[number];

function toRow(r: Raw): AssessmentRow {
  const a = r.a;
  const ref = (id: number | null, name: string | null) =>
    id !== null && name !== null ? { id, name } : null;
  return {
    id: a.id,
    item: {
      id: a.itemId,
      code: r.item.code,
      name: r.item.name,
      kind: r.item.kind,
      fundTypeId: r.item.fundTypeId,
      approvedAmountFen: r.item.approvedAmountFen,
      description: r.item.description,
      attributes: r.item.attributes,
      orgUnit: { id: r.item.orgUnitId, name: r.orgName, path: r.orgPath },
    },
    status: a.status,
    statusLabel: ASSESSMENT_STATUSES.labels[a.status],
    assessor: a.assessor,
    institution:
      a.institutionId !== null && r.institutionName !== null
        ? { id: a.institutionId, name: r.institutionName, orgUnitId: r.institutionOrg }
        : null,
    scores: a.scores ?? {},
    verdicts: a.verdicts,
    findings: a.summary,
    totalScore: a.totalScore,
    computedConclusion: a.computedConclusion,
    conclusion: a.conclusion,
    overrideReason: a.overrideReason,
    requiredChanges: a.requiredChanges,
    reportAttachmentIds: a.reportAttachmentIds,
    createdBy: a.assessedBy,
    submittedBy: ref(a.submittedBy, r.submitterName),
    submittedAt: a.submittedAt,
    reviewedBy: ref(a.reviewedBy, r.reviewerName),
    reviewedAt: a.reviewedAt,
    reviewComment: a.reviewComment,
    reviewChecks: a.reviewChecks,
    round: a.round,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/**
 * Assessments the actor may see: those of items in their scope, and those commissioned to the
 * institution they work for (a third party sees the assessments it carries out, nothing else).
 */
function visible(actor: Actor): SQL {
  const scoped = orgInScope(actor);
  if (actor.orgUnitId === null) return scoped;
  return or(scoped, eq(institutions.orgUnitId, actor.orgUnitId)) as SQL;
}

export interface AssessmentFilter {
  itemId?: number;
  status?: AssessmentStatus;
  afterId?: number;
  limit: number;
}

export async function listAssessments(
  db: DbOrTx,
  actor: Actor,
  f: AssessmentFilter,
): Promise<AssessmentRow[]> {
  const conds: SQL[] = [visible(actor)];
  if (f.itemId !== undefined) conds.push(eq(exAnteAssessments.itemId, f.itemId));
  if (f.status) conds.push(eq(exAnteAssessments.status, f.status));
  if (f.afterId !== undefined) conds.push(gt(exAnteAssessments.id, f.afterId));
  const rows = await query(db)
    .where(and(...conds))
    .orderBy(asc(exAnteAssessments.id))
    .limit(f.limit);
  return rows.map(toRow);
}

export async function getAssessment(db: DbOrTx, actor: Actor, id: number): Promise<AssessmentRow> {
  const [row] = await query(db)
    .where(and(eq(exAnteAssessments.id, id), visible(actor)))
    .limit(1);
  if (!row) throw new NotFoundError(`事前评估 ${id} 不存在或不在您的数据范围内`, { assessmentId: id });
  return toRow(row);
}

/** Locks the assessment row for a change; the caller checked visibility. */
export async function lockAssessment(db: DbOrTx, id: number): Promise<void> {
  await db
    .select({ id: exAnteAssessments.id })
    .from(exAnteAssessments)
    .where(eq(exAnteAssessments.id, id))
    .for('update');
}

/**
 * Whether the actor carries out this assessment: for the department's own, an officer whose
 * scope holds the item; for a commissioned one, a member of the institution, or the finance
 * bureau entering the institution's results on its behalf.
 */
export function isAssessor(actor: Actor, a: AssessmentRow): boolean {
  if (a.assessor === 'department') return inScope(actor, a.item.orgUnit.path);
  if (isInstitutionMember(actor, a)) return true;
  return actorRolesAt(actor, a.item.orgUnit.path).includes('finance_admin');
}

/** The actor works at the institution commissioned to carry out this assessment. */
export function isInstitutionMember(actor: Actor, a: AssessmentRow): boolean {
  return actor.orgUnitId !== null && a.institution?.orgUnitId === actor.orgUnitId;
}

/** The pass/fail dimensions the item's fund type adds (EA-5), keyed `<plugin>:<id>`. */
export function verdictDimensionsFor(
  platform: Platform,
  item: { fundTypeId: string; attributes: Record<string, unknown> },
): ExAnteVerdictDimension[] {
  const plugin = platform.registry.get(item.fundTypeId);
  if (!plugin) return [];
  const attributes = platform.registry.parseAttributes(item.fundTypeId, item.attributes);
  return plugin.exAnteDimensions
    .filter((d) => !d.appliesTo || d.appliesTo(attributes))
    .map((d) => ({ key: `${plugin.id}:${d.id}`, name: d.name, guidance: d.guidance, source: d.source }));
}
