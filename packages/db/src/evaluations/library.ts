import {
  conflictsOfInterest,
  type EvaluatedParty,
  type EvaluatorStatus,
  type EvaluatorStatusInput,
  type ExpertInput,
  type ExpertUpdate,
  InputError,
  type InstitutionProfile,
  type PastWorkInput,
  permissionScope,
  type QualityRatingInput,
  rateQuality,
} from '@jixiao/core';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import { type Platform, today } from '../platform.ts';
import { evaluatorRatings, evaluatorWork, experts, institutions, regions, users } from '../schema/index.ts';
import { departmentIdOf, loadOrg, notFound, requireKeeper, visibleFromRegion } from './shared.ts';

export interface ExpertRow {
  id: number;
  name: string;
  fields: string[];
  title: string;
  employer: string;
  employerOrgUnitId: number | null;
  institutionId: number | null;
  userId: number | null;
  phone: string | null;
  region: { id: number; name: string };
  status: EvaluatorStatus;
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The library (with contacts and ratings) is the finance bureau's; anyone else sees only their own record. */
const keepsLibrary = (actor: Actor) => permissionScope(actor.roleScopes, 'evaluations.manage') !== null;

function expertQuery(db: DbOrTx, actor: Actor, conds: SQL[]) {
  const own = actor.userId === null ? sql`false` : eq(experts.userId, actor.userId);
  return db
    .select({ e: experts, regionName: regions.name })
    .from(experts)
    .innerJoin(regions, eq(regions.id, experts.regionId))
    .where(and(keepsLibrary(actor) ? visibleFromRegion(actor) : own, ...conds))
    .orderBy(asc(experts.id));
}

const toExpert = (r: { e: typeof experts.$inferSelect; regionName: string }): ExpertRow => ({
  id: r.e.id,
  name: r.e.name,
  fields: r.e.fields,
  title: r.e.title,
  employer: r.e.employer,
  employerOrgUnitId: r.e.employerOrgUnitId,
  institutionId: r.e.institutionId,
  userId: r.e.userId,
  phone: r.e.phone,
  region: { id: r.e.regionId, name: r.regionName },
  status: r.e.status,
  statusReason: r.e.statusReason,
  createdAt: r.e.createdAt,
  updatedAt: r.e.updatedAt,
});

export async function listExperts(
  db: DbOrTx,
  actor: Actor,
  f: { field?: string; status?: EvaluatorStatus; limit: number },
): Promise<ExpertRow[]> {
  const conds: SQL[] = f.status ? [eq(experts.status, f.status)] : [];
  const rows = (await expertQuery(db, actor, conds).limit(f.limit)).map(toExpert);
  return f.field ? rows.filter((e) => e.fields.some((x) => x.includes(f.field as string))) : rows;
}

export async function getExpert(db: DbOrTx, actor: Actor, id: number): Promise<ExpertRow> {
  const [row] = await expertQuery(db, actor, [eq(experts.id, id)]).limit(1);
  if (!row) throw notFound('评价专家', id, 'expertId');
  return toExpert(row);
}

/** The expert a user signs in as (null if none). */
export async function expertOfUser(db: DbOrTx, userId: number | null): Promise<ExpertRow | null> {
  if (userId === null) return null;
  const [row] = await db
    .select({ e: experts, regionName: regions.name })
    .from(experts)
    .innerJoin(regions, eq(regions.id, experts.regionId))
    .where(eq(experts.userId, userId))
    .limit(1);
  return row ? toExpert(row) : null;
}

async function checkLinks(tx: Tx, actor: Actor, input: Partial<ExpertInput>): Promise<void> {
  if (input.employerOrgUnitId !== undefined) await loadOrg(tx, input.employerOrgUnitId, 'employerOrgUnitId');
  if (input.institutionId !== undefined) {
    const [i] = await tx
      .select({ id: institutions.id })
      .from(institutions)
      .innerJoin(regions, eq(regions.id, institutions.regionId))
      .where(and(eq(institutions.id, input.institutionId), visibleFromRegion(actor)));
    if (!i)
      throw new InputError(`字段 institutionId：第三方机构 ${input.institutionId} 不存在`, [
        { path: 'institutionId', message: '机构不存在' },
      ]);
  }
  if (input.userId !== undefined) {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!u)
      throw new InputError(`字段 userId：用户 ${input.userId} 不存在`, [
        { path: 'userId', message: '用户不存在' },
      ]);
  }
}

const userTaken = () =>
  new InputError('字段 userId：该用户已关联其他专家', [{ path: 'userId', message: '已关联其他专家' }]);

/** 专家入库 by the finance bureau of the actor's region. */
export async function createExpert(platform: Platform, actor: Actor, input: ExpertInput): Promise<ExpertRow> {
  requirePermission(actor, 'evaluations.manage');
  if (actor.regionId === null) throw new InputError('系统身份不能登记评价专家');
  const regionId = actor.regionId;
  try {
    const id = await platform.db.transaction(async (tx) => {
      await checkLinks(tx, actor, input);
      const [row] = await tx
        .insert(experts)
        .values({ ...input, regionId, createdBy: actor.userId })
        .returning({ id: experts.id });
      const expertId = (row as { id: number }).id;
      await appendAudit(
        tx,
        [{ actor, action: 'expert.create', entityType: 'expert', entityId: expertId, after: input }],
        platform.now(),
      );
      return expertId;
    });
    return getExpert(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw userTaken();
    throw err;
  }
}

async function lockExpert(tx: Tx, actor: Actor, id: number, scope: string): Promise<ExpertRow> {
  const before = await getExpert(tx, actor, id);
  await requireKeeper(tx, scope, before.region.id, `评价专家“${before.name}”`);
  await tx.select({ id: experts.id }).from(experts).where(eq(experts.id, id)).for('update');
  return getExpert(tx, actor, id);
}

export async function updateExpert(
  platform: Platform,
  actor: Actor,
  id: number,
  patch: ExpertUpdate,
): Promise<ExpertRow> {
  const scope = requirePermission(actor, 'evaluations.manage');
  try {
    await platform.db.transaction(async (tx) => {
      const before = await lockExpert(tx, actor, id, scope);
      await checkLinks(tx, actor, patch);
      await tx
        .update(experts)
        .set({ ...patch, updatedAt: platform.now() })
        .where(eq(experts.id, id));
      await appendAudit(
        tx,
        [{ actor, action: 'expert.update', entityType: 'expert', entityId: id, before, after: patch }],
        platform.now(),
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw userTaken();
    throw err;
  }
  return getExpert(platform.db, actor, id);
}

export type EvaluatorRef = { expertId: number } | { institutionId: number };

const refLabel = (ref: EvaluatorRef) => ('expertId' in ref ? 'expert' : 'institution');

async function lockInstitution(tx: Tx, actor: Actor, id: number, scope: string) {
  const [row] = await tx
    .select({ i: institutions })
    .from(institutions)
    .innerJoin(regions, eq(regions.id, institutions.regionId))
    .where(and(eq(institutions.id, id), visibleFromRegion(actor)));
  if (!row) throw notFound('第三方机构', id, 'institutionId');
  await requireKeeper(tx, scope, row.i.regionId, `第三方机构“${row.i.name}”`);
  await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id)).for('update');
  return row.i;
}

/** Library details of an institution: qualifications, staff, fields (§十三). */
export async function updateInstitutionProfile(
  platform: Platform,
  actor: Actor,
  id: number,
  patch: InstitutionProfile,
): Promise<void> {
  const scope = requirePermission(actor, 'evaluations.manage');
  await platform.db.transaction(async (tx) => {
    const before = await lockInstitution(tx, actor, id, scope);
    await tx
      .update(institutions)
      .set({ ...patch, updatedAt: platform.now() })
      .where(eq(institutions.id, id));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'institution.profile',
          entityType: 'institution',
          entityId: id,
          before: {
            qualifications: before.qualifications,
            staffCount: before.staffCount,
            fields: before.fields,
          },
          after: patch,
        },
      ],
      platform.now(),
    );
  });
}

export interface InstitutionLibraryRow {
  qualifications: string[];
  staffCount: number | null;
  fields: string[];
  status: EvaluatorStatus;
  statusReason: string | null;
  staff: Array<{ id: number; name: string; title: string; status: EvaluatorStatus }>;
  work: WorkRow[];
  ratings: RatingRow[];
  /** Accepted evaluations whose quality is still to be rated. */
  ratingDue: number[];
}

export interface WorkRow {
  id: number;
  orgUnit: { id: number; name: string };
  description: string;
  endedOn: string;
  evaluationId: number | null;
  spotCheckEntryId: number | null;
}

export interface RatingRow {
  id: number;
  evaluationId: number | null;
  spotCheckEntryId: number | null;
  marks: Record<string, number>;
  total: number;
  misconduct: boolean;
  outcome: 'keep' | 'suspend' | 'remove';
  note: string | null;
  ratedAt: Date;
}

async function workOf(db: DbOrTx, ref: EvaluatorRef): Promise<WorkRow[]> {
  const rows = await db
    .select({ w: evaluatorWork })
    .from(evaluatorWork)
    .where(
      'expertId' in ref
        ? eq(evaluatorWork.expertId, ref.expertId)
        : eq(evaluatorWork.institutionId, ref.institutionId),
    )
    .orderBy(desc(evaluatorWork.endedOn), desc(evaluatorWork.id));
  const orgIds = [...new Set(rows.map((r) => r.w.orgUnitId))];
  const names = new Map<number, string>();
  for (const oid of orgIds) names.set(oid, (await loadOrg(db, oid, 'orgUnitId')).name);
  return rows.map(({ w }) => ({
    id: w.id,
    orgUnit: { id: w.orgUnitId, name: names.get(w.orgUnitId) ?? '' },
    description: w.description,
    endedOn: w.endedOn,
    evaluationId: w.evaluationId,
    spotCheckEntryId: w.spotCheckEntryId,
  }));
}

async function ratingsOf(db: DbOrTx, ref: EvaluatorRef): Promise<RatingRow[]> {
  const rows = await db
    .select()
    .from(evaluatorRatings)
    .where(
      'expertId' in ref
        ? eq(evaluatorRatings.expertId, ref.expertId)
        : eq(evaluatorRatings.institutionId, ref.institutionId),
    )
    .orderBy(desc(evaluatorRatings.id));
  return rows.map((r) => ({
    id: r.id,
    evaluationId: r.evaluationId,
    spotCheckEntryId: r.spotCheckEntryId,
    marks: r.marks,
    total: r.total,
    misconduct: r.misconduct === 'yes',
    outcome: r.outcome,
    note: r.note,
    ratedAt: r.ratedAt,
  }));
}

/** An expert's record: past work and quality ratings. */
export async function expertRecord(db: DbOrTx, actor: Actor, id: number) {
  const expert = await getExpert(db, actor, id);
  const work = await workOf(db, { expertId: id });
  const ratings = await ratingsOf(db, { expertId: id });
  return {
    expert,
    work,
    ratings,
    ratingDue: ratingDue(work, ratings),
    reviewRatingDue: reviewRatingDue(work, ratings),
  };
}

/** Jobs done through the system (accepted evaluations) whose quality the bureau has not yet rated (§十三). */
function ratingDue(work: readonly WorkRow[], ratings: readonly RatingRow[]): number[] {
  const rated = new Set(ratings.map((r) => r.evaluationId));
  return [
    ...new Set(
      work.flatMap((w) => (w.evaluationId !== null && !rated.has(w.evaluationId) ? [w.evaluationId] : [])),
    ),
  ];
}

/** Spot-check reviews an expert did through the system whose quality the bureau has not yet rated. */
function reviewRatingDue(work: readonly WorkRow[], ratings: readonly RatingRow[]): number[] {
  const rated = new Set(ratings.map((r) => r.spotCheckEntryId));
  return [
    ...new Set(
      work.flatMap((w) =>
        w.spotCheckEntryId !== null && !rated.has(w.spotCheckEntryId) ? [w.spotCheckEntryId] : [],
      ),
    ),
  ];
}

/** An institution's library record: qualifications, staff (its experts), past jobs, ratings. */
export async function institutionLibrary(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<InstitutionLibraryRow> {
  const staffOf = actor.orgUnitId === null ? sql`false` : eq(institutions.orgUnitId, actor.orgUnitId);
  const [row] = await db
    .select({ i: institutions })
    .from(institutions)
    .innerJoin(regions, eq(regions.id, institutions.regionId))
    .where(and(eq(institutions.id, id), keepsLibrary(actor) ? visibleFromRegion(actor) : staffOf));
  if (!row) throw notFound('第三方机构', id, 'institutionId');
  const work = await workOf(db, { institutionId: id });
  const ratings = await ratingsOf(db, { institutionId: id });
  const staff = await db
    .select({ id: experts.id, name: experts.name, title: experts.title, status: experts.status })
    .from(experts)
    .where(eq(experts.institutionId, id))
    .orderBy(asc(experts.id));
  return {
    qualifications: row.i.qualifications,
    staffCount: row.i.staffCount,
    fields: row.i.fields,
    status: row.i.libraryStatus,
    statusReason: row.i.statusReason,
    staff,
    work,
    ratings,
    ratingDue: ratingDue(work, ratings),
  };
}

/** 执业记录: work done for an org unit, recorded by the bureau (counts for conflicts of interest). */
export async function addPastWork(
  platform: Platform,
  actor: Actor,
  ref: EvaluatorRef,
  input: PastWorkInput,
  evaluationId: number | null = null,
): Promise<void> {
  const scope = requirePermission(actor, 'evaluations.manage');
  await platform.db.transaction(async (tx) => {
    if ('expertId' in ref) await lockExpert(tx, actor, ref.expertId, scope);
    else await lockInstitution(tx, actor, ref.institutionId, scope);
    await recordWork(platform, tx, actor, ref, input, { evaluationId });
  });
}

export async function recordWork(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  ref: EvaluatorRef,
  input: PastWorkInput,
  job: { evaluationId?: number | null; spotCheckEntryId?: number | null },
): Promise<void> {
  await loadOrg(tx, input.orgUnitId, 'orgUnitId');
  const evaluationId = job.evaluationId ?? null;
  const spotCheckEntryId = job.spotCheckEntryId ?? null;
  const [row] = await tx
    .insert(evaluatorWork)
    .values({ ...ref, ...input, evaluationId, spotCheckEntryId })
    .returning({ id: evaluatorWork.id });
  await appendAudit(
    tx,
    [
      {
        actor,
        action: `${refLabel(ref)}.work`,
        entityType: refLabel(ref),
        entityId: 'expertId' in ref ? ref.expertId : ref.institutionId,
        after: { workId: row?.id, ...input, evaluationId, spotCheckEntryId },
      },
    ],
    platform.now(),
  );
}

async function setStatus(
  tx: Tx,
  ref: EvaluatorRef,
  status: EvaluatorStatus,
  reason: string | null,
  now: Date,
): Promise<void> {
  if ('expertId' in ref) {
    await tx
      .update(experts)
      .set({ status, statusReason: reason, updatedAt: now })
      .where(eq(experts.id, ref.expertId));
  } else {
    await tx
      .update(institutions)
      .set({ libraryStatus: status, active: status === 'active', statusReason: reason, updatedAt: now })
      .where(eq(institutions.id, ref.institutionId));
  }
}

async function lockRef(tx: Tx, actor: Actor, ref: EvaluatorRef, scope: string) {
  if ('expertId' in ref) {
    const e = await lockExpert(tx, actor, ref.expertId, scope);
    return { name: e.name, status: e.status };
  }
  const i = await lockInstitution(tx, actor, ref.institutionId, scope);
  return { name: i.name, status: i.libraryStatus };
}

/**
 * 执业质量评价 after a job (§十三, DI-3): the bureau scores the checklist; a low rating suspends,
 * misconduct removes; the rating and any change of standing are audited together.
 */
export async function rateEvaluator(
  platform: Platform,
  actor: Actor,
  ref: EvaluatorRef,
  input: QualityRatingInput,
): Promise<RatingRow & { status: EvaluatorStatus }> {
  const scope = requirePermission(actor, 'evaluations.manage');
  const rated = rateQuality(input.marks, input.misconduct, {
    keyEvaluation: platform.config.keyEvaluation,
    experts: platform.config.evaluation.experts,
  });
  if ('issues' in rated) {
    const first = rated.issues[0] as { path: string; message: string };
    throw new InputError(`字段 ${first.path}：${first.message}`, rated.issues);
  }
  return platform.db.transaction(async (tx) => {
    const before = await lockRef(tx, actor, ref, scope);
    if (input.spotCheckEntryId !== undefined) {
      // Only a review this expert actually did can be rated as theirs.
      const [job] = await tx
        .select({ id: evaluatorWork.id })
        .from(evaluatorWork)
        .where(
          and(
            'expertId' in ref
              ? eq(evaluatorWork.expertId, ref.expertId)
              : eq(evaluatorWork.institutionId, ref.institutionId),
            eq(evaluatorWork.spotCheckEntryId, input.spotCheckEntryId),
          ),
        )
        .limit(1);
      if (!job) {
        throw new InputError(
          `字段 spotCheckEntryId：“${before.name}”没有复核过抽查记录 ${input.spotCheckEntryId}`,
          [{ path: 'spotCheckEntryId', message: '不是其复核的抽查记录' }],
        );
      }
    }
    const [row] = await tx
      .insert(evaluatorRatings)
      .values({
        ...ref,
        evaluationId: input.evaluationId ?? null,
        spotCheckEntryId: input.spotCheckEntryId ?? null,
        marks: input.marks,
        total: rated.total,
        misconduct: input.misconduct ? 'yes' : 'no',
        outcome: rated.outcome,
        note: input.note ?? null,
        ratedBy: actor.userId,
      })
      .returning();
    let status = before.status;
    // A rating never restores a removed evaluator, and only worsens the standing.
    if (rated.outcome === 'remove' && status !== 'removed') status = 'removed';
    else if (rated.outcome === 'suspend' && status === 'active') status = 'suspended';
    if (status !== before.status) await setStatus(tx, ref, status, rated.reasons.join('；'), platform.now());
    const r = row as typeof evaluatorRatings.$inferSelect;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `${refLabel(ref)}.rate`,
          entityType: refLabel(ref),
          entityId: 'expertId' in ref ? ref.expertId : ref.institutionId,
          before: { status: before.status },
          after: {
            ratingId: r.id,
            total: rated.total,
            outcome: rated.outcome,
            status,
            reasons: rated.reasons,
          },
        },
      ],
      platform.now(),
    );
    return {
      id: r.id,
      evaluationId: r.evaluationId,
      spotCheckEntryId: r.spotCheckEntryId,
      marks: r.marks,
      total: r.total,
      misconduct: input.misconduct,
      outcome: r.outcome,
      note: r.note,
      ratedAt: r.ratedAt,
      status,
    };
  });
}

/** 暂停、恢复或清退 by the bureau's decision; a removed evaluator does not come back. */
export async function setEvaluatorStatus(
  platform: Platform,
  actor: Actor,
  ref: EvaluatorRef,
  input: EvaluatorStatusInput,
): Promise<void> {
  const scope = requirePermission(actor, 'evaluations.manage');
  await platform.db.transaction(async (tx) => {
    const before = await lockRef(tx, actor, ref, scope);
    if (before.status === 'removed' && input.status !== 'removed') {
      throw new InputError(`字段 status：“${before.name}”已清退出库，不能恢复`, [
        { path: 'status', message: '已清退出库' },
      ]);
    }
    await setStatus(tx, ref, input.status, input.reason, platform.now());
    await appendAudit(
      tx,
      [
        {
          actor,
          action: `${refLabel(ref)}.status`,
          entityType: refLabel(ref),
          entityId: 'expertId' in ref ? ref.expertId : ref.institutionId,
          before: { status: before.status },
          after: input,
        },
      ],
      platform.now(),
    );
  });
}

/** The party an evaluation judges, with its department, from the evaluated org unit. */
export async function evaluatedParty(
  db: DbOrTx,
  orgUnitId: number,
): Promise<EvaluatedParty & { path: string }> {
  const org = await loadOrg(db, orgUnitId, 'orgUnitId');
  return { orgUnitId, departmentId: departmentIdOf(org.path) ?? orgUnitId, name: org.name, path: org.path };
}

/** Why an expert or institution may not evaluate this party (core `conflictsOfInterest`), on today's date. */
export async function conflictsFor(
  platform: Platform,
  db: DbOrTx,
  ref: EvaluatorRef,
  party: EvaluatedParty,
): Promise<string[]> {
  let employerOrgUnitId: number | null = null;
  if ('expertId' in ref) {
    const [e] = await db.select().from(experts).where(eq(experts.id, ref.expertId));
    if (e?.employerOrgUnitId) employerOrgUnitId = e.employerOrgUnitId;
    if (e?.userId) {
      const [u] = await db.select({ org: users.orgUnitId }).from(users).where(eq(users.id, e.userId));
      if (employerOrgUnitId === null && u) employerOrgUnitId = u.org;
    }
  } else {
    const [i] = await db.select().from(institutions).where(eq(institutions.id, ref.institutionId));
    employerOrgUnitId = i?.orgUnitId ?? null;
  }
  const work = await workOf(db, ref);
  // Ties to any unit of the evaluated department count as ties to the department.
  const deptOf = async (orgId: number) =>
    departmentIdOf((await loadOrg(db, orgId, 'orgUnitId')).path) ?? orgId;
  const ties = {
    employerOrgUnitId: employerOrgUnitId === null ? null : await deptOf(employerOrgUnitId),
    pastWork: await Promise.all(
      work.map(async (w) => ({ orgUnitId: await deptOf(w.orgUnit.id), endedOn: w.endedOn })),
    ),
  };
  return conflictsOfInterest(ties, party, today(platform), platform.config.evaluation.experts);
}
