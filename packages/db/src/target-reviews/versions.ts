import {
  NotFoundError,
  type TargetVersionKind,
  type TargetVersionStatus,
  todayInChina,
  versionInForce,
} from '@jixiao/core';
import { and, asc, desc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../actor.ts';
import type { DbOrTx, Tx } from '../client.ts';
import {
  budgetItems,
  orgUnits,
  performanceTargets,
  type StoredQualityFinding,
  type TargetReviewComment,
  targetVersions,
  users,
  type VersionContent,
} from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { liveContent } from './quality-context.ts';

export interface TargetVersionRow {
  id: number;
  subject: 'item' | 'department';
  targetId: number | null;
  departmentTargetId: number | null;
  item: { id: number; code: string; name: string } | null;
  orgUnit: { id: number; name: string; path: string };
  fiscalYear: number | null;
  version: number;
  kind: TargetVersionKind;
  status: TargetVersionStatus;
  content: VersionContent;
  changes: Record<string, unknown> | null;
  quality: StoredQualityFinding[];
  reason: string | null;
  submittedBy: { id: number; name: string } | null;
  submittedAt: Date;
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: Date | null;
  criteria: Record<string, { met: boolean; note?: string }> | null;
  comments: TargetReviewComment[];
  opinion: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  approvalId: number | null;
}

const submitter = alias(users, 'submitter');
const reviewer = alias(users, 'reviewer');

function query(db: DbOrTx) {
  return db
    .select({
      v: targetVersions,
      itemCode: budgetItems.code,
      itemName: budgetItems.name,
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
      submitterName: submitter.name,
      reviewerName: reviewer.name,
    })
    .from(targetVersions)
    .innerJoin(orgUnits, eq(orgUnits.id, targetVersions.orgUnitId))
    .leftJoin(budgetItems, eq(budgetItems.id, targetVersions.itemId))
    .leftJoin(submitter, eq(submitter.id, targetVersions.submittedBy))
    .leftJoin(reviewer, eq(reviewer.id, targetVersions.reviewedBy));
}

type Raw = Awaited<ReturnType<ReturnType<typeof query>['limit']>>[number];

function toRow(r: Raw): TargetVersionRow {
  const v = r.v;
  const ref = (id: number | null, name: string | null) =>
    id !== null && name !== null ? { id, name } : null;
  return {
    id: v.id,
    subject: v.subject,
    targetId: v.targetId,
    departmentTargetId: v.departmentTargetId,
    item:
      v.itemId !== null && r.itemCode !== null && r.itemName !== null
        ? { id: v.itemId, code: r.itemCode, name: r.itemName }
        : null,
    orgUnit: { id: v.orgUnitId, name: r.orgName, path: r.orgPath },
    fiscalYear: v.fiscalYear,
    version: v.version,
    kind: v.kind,
    status: v.status,
    content: v.content,
    changes: v.changes,
    quality: v.quality,
    reason: v.reason,
    submittedBy: ref(v.submittedBy, r.submitterName),
    submittedAt: v.submittedAt,
    reviewedBy: ref(v.reviewedBy, r.reviewerName),
    reviewedAt: v.reviewedAt,
    criteria: v.criteria,
    comments: v.comments,
    opinion: v.opinion,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    approvalId: v.approvalId,
  };
}

export interface VersionFilter {
  status?: TargetVersionStatus;
  subject?: 'item' | 'department';
  itemId?: number;
  targetId?: number;
  departmentTargetId?: number;
  fiscalYear?: number;
  afterId?: number;
  limit: number;
}

/** Target versions in the actor's scope (the review queue, a target's history). */
export async function listVersions(db: DbOrTx, actor: Actor, f: VersionFilter): Promise<TargetVersionRow[]> {
  const conds: SQL[] = [orgInScope(actor)];
  if (f.status) conds.push(eq(targetVersions.status, f.status));
  if (f.subject) conds.push(eq(targetVersions.subject, f.subject));
  if (f.itemId !== undefined) conds.push(eq(targetVersions.itemId, f.itemId));
  if (f.targetId !== undefined) conds.push(eq(targetVersions.targetId, f.targetId));
  if (f.departmentTargetId !== undefined)
    conds.push(eq(targetVersions.departmentTargetId, f.departmentTargetId));
  if (f.fiscalYear !== undefined) conds.push(eq(targetVersions.fiscalYear, f.fiscalYear));
  if (f.afterId !== undefined) conds.push(gt(targetVersions.id, f.afterId));
  const rows = await query(db)
    .where(and(...conds))
    .orderBy(asc(targetVersions.id))
    .limit(f.limit);
  return rows.map(toRow);
}

/** One version in the actor's scope; NotFoundError otherwise. */
export async function getVersion(db: DbOrTx, actor: Actor, id: number): Promise<TargetVersionRow> {
  const [row] = await query(db)
    .where(and(eq(targetVersions.id, id), orgInScope(actor)))
    .limit(1);
  if (!row) throw new NotFoundError(`绩效目标审核记录 ${id} 不存在或不在您的数据范围内`, { versionId: id });
  return toRow(row);
}

/** The versions of one target (item or department-wide), oldest first, unscoped (callers checked scope). */
export async function versionsOf(
  db: DbOrTx,
  subject: { targetId: number } | { departmentTargetId: number },
): Promise<TargetVersionRow[]> {
  const cond =
    'targetId' in subject
      ? eq(targetVersions.targetId, subject.targetId)
      : eq(targetVersions.departmentTargetId, subject.departmentTargetId);
  const rows = await query(db).where(cond).orderBy(asc(targetVersions.version)).limit(1000);
  return rows.map(toRow);
}

/** The versions of many item targets, oldest first, by target id (unscoped, like `versionsOf`). */
export async function versionsOfTargets(
  db: DbOrTx,
  targetIds: readonly number[],
): Promise<Map<number, TargetVersionRow[]>> {
  const out = new Map<number, TargetVersionRow[]>();
  if (targetIds.length === 0) return out;
  const rows = await query(db)
    .where(inArray(targetVersions.targetId, [...targetIds]))
    .orderBy(asc(targetVersions.targetId), asc(targetVersions.version));
  for (const r of rows.map(toRow)) {
    const list = out.get(r.targetId as number) ?? [];
    list.push(r);
    out.set(r.targetId as number, list);
  }
  return out;
}

/** The latest version a reviewer decided on (returned or approved), the base of "what changed". */
export function lastReviewed(versions: readonly TargetVersionRow[]): TargetVersionRow | null {
  return [...versions].reverse().find((v) => v.status !== 'submitted') ?? null;
}

export async function nextVersionNumber(
  tx: Tx,
  subject: { targetId: number } | { departmentTargetId: number },
): Promise<number> {
  const cond =
    'targetId' in subject
      ? eq(targetVersions.targetId, subject.targetId)
      : eq(targetVersions.departmentTargetId, subject.departmentTargetId);
  const [row] = await tx
    .select({ version: targetVersions.version })
    .from(targetVersions)
    .where(cond)
    .orderBy(desc(targetVersions.version))
    .limit(1);
  return (row?.version ?? 0) + 1;
}

/**
 * A target approved before versions were kept gets its approved content recorded as version 1,
 * so history and the version in force cover it too.
 */
export async function ensureBaselineVersion(tx: Tx, targetId: number): Promise<void> {
  const [existing] = await tx
    .select({ id: targetVersions.id })
    .from(targetVersions)
    .where(and(eq(targetVersions.targetId, targetId), eq(targetVersions.status, 'approved')))
    .limit(1);
  if (existing) return;
  const [t] = await tx
    .select({ t: performanceTargets, orgUnitId: budgetItems.orgUnitId, start: budgetItems.fiscalYearStart })
    .from(performanceTargets)
    .innerJoin(budgetItems, eq(budgetItems.id, performanceTargets.itemId))
    .where(eq(performanceTargets.id, targetId))
    .limit(1);
  if (t?.t.status !== 'approved') return;
  const approvedAt = t.t.approvedAt ?? t.t.updatedAt;
  await tx.insert(targetVersions).values({
    subject: 'item',
    targetId,
    itemId: t.t.itemId,
    orgUnitId: t.orgUnitId,
    fiscalYear: t.t.fiscalYear,
    version: await nextVersionNumber(tx, { targetId }),
    kind: 'initial',
    status: 'approved',
    content: await liveContent(tx, targetId),
    submittedAt: approvedAt,
    reviewedBy: t.t.approvedBy,
    reviewedAt: approvedAt,
    effectiveFrom: todayInChina(approvedAt),
  });
}

export interface TargetInForce {
  targetId: number;
  fiscalYear: number | null;
  /** null when the target was approved before versions were kept and never changed since. */
  version: number | null;
  versionId: number | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  content: VersionContent;
}

/**
 * The content of an item's target (a year's, or the whole-cycle one with `fiscalYear` null) in
 * force on a date (IN-9): what monitoring and evaluation of that date measure against.
 */
export async function targetInForce(
  db: DbOrTx,
  itemId: number,
  fiscalYear: number | null,
  date: string,
): Promise<TargetInForce | null> {
  const [t] = await db
    .select()
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
  if (!t) return null;
  const versions = await versionsOf(db, { targetId: t.id });
  const v = versionInForce(versions, date);
  if (v) {
    return {
      targetId: t.id,
      fiscalYear,
      version: v.version,
      versionId: v.id,
      effectiveFrom: v.effectiveFrom,
      effectiveTo: v.effectiveTo,
      content: v.content,
    };
  }
  const everApproved = versions.some((x) => x.status === 'approved');
  if (everApproved || t.status !== 'approved' || !t.approvedAt) return null;
  const from = todayInChina(t.approvedAt);
  if (from > date) return null;
  return {
    targetId: t.id,
    fiscalYear,
    version: null,
    versionId: null,
    effectiveFrom: from,
    effectiveTo: null,
    content: await liveContent(db, t.id),
  };
}

/** Versions still waiting for review among the given targets. */
export async function pendingVersionTargets(db: DbOrTx, targetIds: readonly number[]): Promise<Set<number>> {
  if (targetIds.length === 0) return new Set();
  const rows = await db
    .select({ targetId: targetVersions.targetId })
    .from(targetVersions)
    .where(and(inArray(targetVersions.targetId, [...targetIds]), eq(targetVersions.status, 'submitted')));
  return new Set(rows.map((r) => r.targetId as number));
}
