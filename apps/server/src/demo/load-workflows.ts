import { schema, type Tx } from '@jixiao/db';
import { eq, inArray } from 'drizzle-orm';
import type { DemoCity, DemoIndicator, DemoItem } from './generate.ts';
import type { DemoTargetVersion } from './workflows.ts';

const {
  budgetApprovalItems,
  budgetApprovals,
  departmentTargets,
  exAnteAssessments,
  indicatorLibrary,
  indicators,
  institutions,
  performanceTargets,
  targetVersions,
} = schema;

type Ids = ReadonlyMap<string, number>;

/** Noon in China on a date: when the demo's reviews happened. */
const at = (date: string) => new Date(`${date}T04:00:00Z`);

export interface DemoRefs {
  userIds: Ids;
  orgIds: Ids;
  institutionIds: Ids;
  /** Library entries by demo key, and plugin entries by `<fund type>|<name>`. */
  libraryIds: Ids;
  pluginLibraryIds: Ids;
  /** Target versions issued by each 批复 (by approval key). */
  issued: Map<string, number[]>;
}

const user = (refs: DemoRefs, key: string | null) => (key ? (refs.userIds.get(key) ?? null) : null);

/** The institutions and the library, before the items that refer to them. */
export async function insertReferenceData(
  tx: Tx,
  city: DemoCity,
  orgIds: Ids,
  userIds: Ids,
  regionId: number,
): Promise<DemoRefs> {
  const w = city.workflows;
  const institutionIds = new Map<string, number>();
  for (const inst of w.institutions) {
    const [row] = await tx
      .insert(institutions)
      .values({
        name: inst.name,
        credentials: inst.credentials,
        creditCode: inst.creditCode,
        orgUnitId: orgIds.get(inst.orgKey) ?? null,
        regionId,
      })
      .returning({ id: institutions.id });
    institutionIds.set(inst.key, (row as { id: number }).id);
  }
  const libraryIds = new Map<string, number>();
  const rows = await tx
    .insert(indicatorLibrary)
    .values(w.library.map(({ key: _key, ...e }) => ({ ...e, origin: 'bureau' as const, regionId })))
    .returning({ id: indicatorLibrary.id });
  for (const [i, e] of w.library.entries()) libraryIds.set(e.key, (rows[i] as { id: number }).id);
  const plugin = await tx
    .select({ id: indicatorLibrary.id, fundTypeId: indicatorLibrary.fundTypeId, name: indicatorLibrary.name })
    .from(indicatorLibrary)
    .where(eq(indicatorLibrary.origin, 'plugin'));
  const pluginLibraryIds = new Map(plugin.map((r) => [`${r.fundTypeId}|${r.name}`, r.id]));
  return { userIds, orgIds, institutionIds, libraryIds, pluginLibraryIds, issued: new Map() };
}

/** The library entry an indicator of an item was taken from, if any. */
function libraryIdOf(refs: DemoRefs, item: DemoItem, ind: DemoIndicator): number | null {
  if (ind.libraryKey) return refs.libraryIds.get(ind.libraryKey) ?? null;
  return refs.pluginLibraryIds.get(`${item.fundTypeId}|${ind.name}`) ?? null;
}

/** The item's assessment as a row to insert (the loader inserts them together). */
export function assessmentRow(
  refs: DemoRefs,
  item: DemoItem,
  itemId: number,
): typeof exAnteAssessments.$inferInsert | null {
  const a = item.assessment;
  if (!a) return null;
  return {
    itemId,
    status: a.status,
    assessor: a.assessor,
    institutionId: a.institutionKey ? (refs.institutionIds.get(a.institutionKey) ?? null) : null,
    conclusion: a.conclusion,
    computedConclusion: a.computedConclusion,
    overrideReason: a.overrideReason,
    scores: a.scores,
    totalScore: a.totalScore,
    summary: a.findings,
    requiredChanges: a.requiredChanges.map((c, i) => ({
      id: i + 1,
      text: c.text,
      response: c.response,
      attachmentIds: [],
      respondedBy: c.response ? user(refs, a.submittedByKey) : null,
      respondedAt: c.response && a.reviewedOn ? at(a.reviewedOn).toISOString() : null,
    })),
    assessedBy: user(refs, a.createdByKey),
    submittedBy: user(refs, a.submittedByKey),
    submittedAt: a.submittedOn ? at(a.submittedOn) : null,
    reviewedBy: user(refs, a.reviewedByKey),
    reviewedAt: a.reviewedOn ? at(a.reviewedOn) : null,
    reviewComment: a.reviewComment,
    round: a.round,
  };
}

function indicatorRow(refs: DemoRefs, item: DemoItem, ind: DemoIndicator) {
  const { libraryKey: _key, ...line } = ind;
  return { ...line, libraryIndicatorId: libraryIdOf(refs, item, ind) };
}

/** A target's content as versions keep it, with the ids of the live rows where they are the same lines. */
function versionContent(
  refs: DemoRefs,
  item: DemoItem,
  v: DemoTargetVersion,
  liveIds: ReadonlyMap<string, number>,
) {
  return {
    overallGoal: v.content.overallGoal,
    indicators: v.content.indicators.map((ind, position) => ({
      position,
      ...indicatorRow(refs, item, ind),
      indicatorId: liveIds.get(ind.name) ?? null,
    })),
  };
}

/** A target version waiting to be inserted with the others, and the 批复 that issued it. */
export interface PendingVersion {
  approvalKey: string | null;
  row: typeof targetVersions.$inferInsert;
}

/** A target to load: an item's annual one or its whole-cycle one (`fiscalYear` null), with its versions. */
export interface TargetSpec {
  item: DemoItem;
  itemId: number;
  orgUnitId: number;
  fiscalYear: number | null;
  target: NonNullable<DemoItem['target']>;
  versions: readonly DemoTargetVersion[];
}

function targetRow(spec: TargetSpec, approvedBy: number | null): typeof performanceTargets.$inferInsert {
  const { item, target, fiscalYear, versions } = spec;
  const approvedVersion = versions.filter((v) => v.status === 'approved').at(-1);
  const approvedAt =
    target.status === 'approved'
      ? at(approvedVersion?.reviewedOn ?? `${(fiscalYear ?? item.fiscalYearStart) - 1}-12-15`)
      : null;
  return {
    itemId: spec.itemId,
    fiscalYear,
    overallGoal: target.overallGoal,
    status: target.status,
    approvedAt,
    approvedBy: approvedAt ? approvedBy : null,
  };
}

function versionRow(
  refs: DemoRefs,
  spec: TargetSpec,
  targetId: number,
  v: DemoTargetVersion,
  liveIds: ReadonlyMap<string, number>,
) {
  return {
    subject: 'item' as const,
    targetId,
    itemId: spec.itemId,
    orgUnitId: spec.orgUnitId,
    fiscalYear: spec.fiscalYear,
    version: v.version,
    kind: v.kind,
    status: v.status,
    content: versionContent(refs, spec.item, v, liveIds),
    changes: v.changes as unknown as Record<string, unknown> | null,
    quality: v.quality,
    reason: v.reason,
    submittedBy: user(refs, v.submittedByKey),
    submittedAt: at(v.submittedOn),
    reviewedBy: user(refs, v.reviewedByKey),
    reviewedAt: v.reviewedOn ? at(v.reviewedOn) : null,
    criteria: v.criteria as Record<string, { met: boolean; note?: string }> | null,
    comments: v.comments,
    opinion: v.opinion,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
  };
}

/** Inserts rows in chunks; the ids come back in the order of the rows. */
async function insertIds<T>(
  rows: readonly T[],
  size: number,
  insert: (chunk: T[]) => Promise<Array<{ id: number }>>,
) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size)
    ids.push(...(await insert(rows.slice(i, i + size))).map((r) => r.id));
  return ids;
}

/**
 * The targets and their indicators, a few statements for the whole city; their versions go to
 * `pending` (inserted once the 批复 they belong to are known). Returns each target's indicator
 * ids by position, in the order of `specs`.
 */
export async function insertTargets(
  tx: Tx,
  refs: DemoRefs,
  specs: readonly TargetSpec[],
  approvedBy: number | null,
  pending: PendingVersion[],
): Promise<number[][]> {
  const targetIds = await insertIds(specs, 500, (chunk) =>
    tx
      .insert(performanceTargets)
      .values(chunk.map((s) => targetRow(s, approvedBy)))
      .returning({ id: performanceTargets.id }),
  );
  const lines = specs.flatMap((s, i) =>
    s.target.indicators.map((ind, position) => ({
      ...indicatorRow(refs, s.item, ind),
      targetId: targetIds[i] as number,
      itemId: s.itemId,
      position,
    })),
  );
  const lineIds = await insertIds(lines, 2000, (chunk) =>
    tx.insert(indicators).values(chunk).returning({ id: indicators.id }),
  );
  let next = 0;
  return specs.map((s, i) => {
    const ids = lineIds.slice(next, next + s.target.indicators.length);
    next += s.target.indicators.length;
    const liveIds = new Map(s.target.indicators.map((ind, j) => [ind.name, ids[j] as number]));
    for (const v of s.versions) {
      pending.push({
        approvalKey: v.approvalKey,
        row: versionRow(refs, s, targetIds[i] as number, v, liveIds),
      });
    }
    return ids;
  });
}

/** Department-wide targets with their versions; returns the issued version per 批复 key. */
async function insertDepartmentTargets(tx: Tx, city: DemoCity, refs: DemoRefs): Promise<Map<string, number>> {
  const issued = new Map<string, number>();
  for (const dt of city.workflows.departmentTargets) {
    const orgUnitId = refs.orgIds.get(dt.orgKey) as number;
    const approved = dt.versions.find((v) => v.status === 'approved');
    const [row] = await tx
      .insert(departmentTargets)
      .values({
        orgUnitId,
        fiscalYear: dt.fiscalYear,
        overallGoal: dt.overallGoal,
        indicators: dt.indicators,
        status: dt.status,
        approvedAt: approved?.reviewedOn ? at(approved.reviewedOn) : null,
        approvedBy: approved ? user(refs, approved.reviewedByKey) : null,
      })
      .returning({ id: departmentTargets.id });
    for (const v of dt.versions) {
      const [vr] = await tx
        .insert(targetVersions)
        .values({
          subject: 'department',
          departmentTargetId: (row as { id: number }).id,
          orgUnitId,
          fiscalYear: dt.fiscalYear,
          version: v.version,
          kind: v.kind,
          status: v.status,
          content: v.content,
          changes: null,
          reason: v.reason,
          submittedBy: user(refs, v.submittedByKey),
          submittedAt: at(v.submittedOn),
          reviewedBy: user(refs, v.reviewedByKey),
          reviewedAt: v.reviewedOn ? at(v.reviewedOn) : null,
          criteria: v.criteria as Record<string, { met: boolean; note?: string }> | null,
          comments: v.comments,
          opinion: v.opinion,
          effectiveFrom: v.effectiveFrom,
          effectiveTo: v.effectiveTo,
        })
        .returning({ id: targetVersions.id });
      if (v.approvalKey) issued.set(v.approvalKey, (vr as { id: number }).id);
    }
  }
  return issued;
}

/** The 批复 that issued the budgets with their targets, after every item and target is in. */
export async function insertApprovals(
  tx: Tx,
  city: DemoCity,
  refs: DemoRefs,
  items: ReadonlyMap<string, { id: number; amountFen: number }>,
  pending: readonly PendingVersion[],
): Promise<void> {
  for (let i = 0; i < pending.length; i += 500) {
    const chunk = pending.slice(i, i + 500);
    const ids = await tx
      .insert(targetVersions)
      .values(chunk.map((p) => p.row))
      .returning({ id: targetVersions.id });
    chunk.forEach((p, j) => {
      if (p.approvalKey)
        refs.issued.set(p.approvalKey, [
          ...(refs.issued.get(p.approvalKey) ?? []),
          (ids[j] as { id: number }).id,
        ]);
    });
  }
  const dtIssued = await insertDepartmentTargets(tx, city, refs);
  for (const a of city.workflows.approvals) {
    const lines = a.itemCodes.map((code) => items.get(code) as { id: number; amountFen: number });
    const versionIds = refs.issued.get(a.key) ?? [];
    const [row] = await tx
      .insert(budgetApprovals)
      .values({
        number: a.number,
        orgUnitId: refs.orgIds.get(a.orgKey) as number,
        fiscalYear: a.fiscalYear,
        approvedOn: a.approvedOn,
        approvedBy: user(refs, a.approvedByKey),
        totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
        departmentTargetVersionId: dtIssued.get(a.key) ?? null,
      })
      .returning({ id: budgetApprovals.id });
    const approvalId = (row as { id: number }).id;
    const byItem = new Map<number, number>();
    if (versionIds.length > 0) {
      const vs = await tx
        .select({
          id: targetVersions.id,
          itemId: targetVersions.itemId,
          fiscalYear: targetVersions.fiscalYear,
        })
        .from(targetVersions)
        .where(inArray(targetVersions.id, versionIds));
      for (const v of vs) if (v.fiscalYear !== null && v.itemId !== null) byItem.set(v.itemId, v.id);
      await tx.update(targetVersions).set({ approvalId }).where(inArray(targetVersions.id, versionIds));
    }
    const dtVersion = dtIssued.get(a.key);
    if (dtVersion)
      await tx.update(targetVersions).set({ approvalId }).where(eq(targetVersions.id, dtVersion));
    const approved = lines.filter((l) => byItem.has(l.id));
    if (approved.length > 0) {
      await tx.insert(budgetApprovalItems).values(
        approved.map((l) => ({
          approvalId,
          itemId: l.id,
          amountFen: l.amountFen,
          targetVersionId: byItem.get(l.id) as number,
        })),
      );
    }
  }
}
