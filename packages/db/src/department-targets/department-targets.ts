import {
  ConflictError,
  type DepartmentIndicatorInput,
  type DepartmentTargetAdjustment,
  type DepartmentTargetInput,
  decideTargetSubmission,
  departmentTargetIssues,
  diffTargetContent,
  InputError,
  isUnchanged,
  NotFoundError,
  versionInForce,
} from '@jixiao/core';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { type Actor, permissionsAt, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { orgUnitForWrite } from '../items/item-writes.ts';
import { type Platform, today } from '../platform.ts';
import { departmentTargets, orgUnits, targetVersions } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { throwRefusal } from '../target-reviews/submit.ts';
import {
  getVersion,
  lastReviewed,
  nextVersionNumber,
  type TargetVersionRow,
  versionsOf,
} from '../target-reviews/versions.ts';

export interface DepartmentTargetRow {
  id: number;
  orgUnit: { id: number; name: string };
  fiscalYear: number;
  overallGoal: string;
  indicators: DepartmentIndicatorInput[];
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  approvedAt: Date | null;
  updatedAt: Date;
}

function query(db: DbOrTx, conds: SQL[]) {
  return db
    .select({ t: departmentTargets, orgName: orgUnits.name })
    .from(departmentTargets)
    .innerJoin(orgUnits, eq(orgUnits.id, departmentTargets.orgUnitId))
    .where(and(...conds))
    .orderBy(asc(departmentTargets.id));
}

const toRow = (r: { t: typeof departmentTargets.$inferSelect; orgName: string }): DepartmentTargetRow => ({
  id: r.t.id,
  orgUnit: { id: r.t.orgUnitId, name: r.orgName },
  fiscalYear: r.t.fiscalYear,
  overallGoal: r.t.overallGoal,
  indicators: r.t.indicators,
  status: r.t.status,
  approvedAt: r.t.approvedAt,
  updatedAt: r.t.updatedAt,
});

/** Department-wide targets in the actor's scope. */
export async function listDepartmentTargets(
  db: DbOrTx,
  actor: Actor,
  f: { orgUnitId?: number; fiscalYear?: number; limit: number },
): Promise<DepartmentTargetRow[]> {
  const conds: SQL[] = [orgInScope(actor)];
  if (f.orgUnitId !== undefined) conds.push(eq(departmentTargets.orgUnitId, f.orgUnitId));
  if (f.fiscalYear !== undefined) conds.push(eq(departmentTargets.fiscalYear, f.fiscalYear));
  return (await query(db, conds).limit(f.limit)).map(toRow);
}

export async function getDepartmentTarget(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<DepartmentTargetRow> {
  const [row] = await query(db, [eq(departmentTargets.id, id), orgInScope(actor)]).limit(1);
  if (!row)
    throw new NotFoundError(`部门整体绩效目标 ${id} 不存在或不在您的数据范围内`, { departmentTargetId: id });
  return toRow(row);
}

/** A department's org unit the actor may set targets for; the target belongs to a department, not a unit. */
async function departmentForWrite(db: DbOrTx, actor: Actor, orgUnitId: number) {
  const org = await orgUnitForWrite(db, actor, orgUnitId, 'targets.write');
  if (org.kind !== 'department') {
    throw new InputError('字段 orgUnitId：部门整体绩效目标须由主管部门设置', [
      { path: 'orgUnitId', message: '须为主管部门' },
    ]);
  }
  return org;
}

function refuseIssues(indicators: readonly DepartmentIndicatorInput[], platform: Platform): void {
  const issues = departmentTargetIssues(indicators, platform.config);
  if (issues.length > 0) {
    throw new InputError(
      `部门整体绩效目标未通过质量检查：${issues.map((i) => i.message).join('；')}`,
      issues,
    );
  }
}

async function lockTarget(tx: Tx, orgUnitId: number, fiscalYear: number) {
  const [row] = await tx
    .select()
    .from(departmentTargets)
    .where(and(eq(departmentTargets.orgUnitId, orgUnitId), eq(departmentTargets.fiscalYear, fiscalYear)))
    .for('update');
  return row ?? null;
}

/** Saves (or replaces) a department's draft or returned department-wide target for a year. */
export async function saveDepartmentTarget(
  platform: Platform,
  actor: Actor,
  orgUnitId: number,
  input: DepartmentTargetInput,
): Promise<DepartmentTargetRow> {
  requirePermission(actor, 'targets.write');
  const id = await platform.db.transaction(async (tx) => {
    await departmentForWrite(tx, actor, orgUnitId);
    const existing = await lockTarget(tx, orgUnitId, input.fiscalYear);
    if (existing && (existing.status === 'submitted' || existing.status === 'approved')) {
      throw new ConflictError(
        existing.status === 'approved'
          ? '部门整体绩效目标已审核通过，不能直接修改；需要调整的，请提交调整'
          : '部门整体绩效目标已报送待审，不能直接修改',
        { departmentTargetId: existing.id },
      );
    }
    const at = platform.now();
    let targetId: number;
    if (existing) {
      targetId = existing.id;
      await tx
        .update(departmentTargets)
        .set({ overallGoal: input.overallGoal, indicators: input.indicators, updatedAt: at })
        .where(eq(departmentTargets.id, targetId));
    } else {
      const [row] = await tx
        .insert(departmentTargets)
        .values({
          orgUnitId,
          fiscalYear: input.fiscalYear,
          overallGoal: input.overallGoal,
          indicators: input.indicators,
        })
        .returning({ id: departmentTargets.id });
      targetId = (row as { id: number }).id;
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: existing ? 'department_target.replace' : 'department_target.create',
          entityType: 'department_target',
          entityId: targetId,
          after: input,
        },
      ],
      at,
    );
    return targetId;
  });
  return getDepartmentTarget(platform.db, actor, id);
}

/**
 * Sends a department-wide target to the finance bureau: first submission or resubmission from
 * draft/returned; for an approved target, `adjustment` is the changed content with its reason.
 * The same quality checks and review as item targets.
 */
export async function submitDepartmentTarget(
  platform: Platform,
  actor: Actor,
  departmentTargetId: number,
  opts: { note?: string; adjustment?: DepartmentTargetAdjustment } = {},
): Promise<TargetVersionRow> {
  requirePermission(actor, 'targets.write');
  const versionId = await platform.db.transaction(async (tx) => {
    const found = await getDepartmentTarget(tx, actor, departmentTargetId);
    const orgPath = (await departmentForWrite(tx, actor, found.orgUnit.id)).path;
    const t = (await lockTarget(
      tx,
      found.orgUnit.id,
      found.fiscalYear,
    )) as typeof departmentTargets.$inferSelect;
    const versions = await versionsOf(tx, { departmentTargetId: t.id });
    const kind = opts.adjustment ? 'adjust' : 'submit';
    const refusal = decideTargetSubmission(kind, {
      targetStatus: t.status,
      permissions: permissionsAt(actor, orgPath),
      pendingAdjustment: versions.some((v) => v.status === 'submitted'),
      reason: opts.adjustment?.reason ?? null,
    });
    if (refusal) throwRefusal(refusal, { departmentTargetId: t.id });
    const content = opts.adjustment
      ? { overallGoal: opts.adjustment.overallGoal, indicators: opts.adjustment.indicators }
      : { overallGoal: t.overallGoal, indicators: t.indicators };
    refuseIssues(content.indicators, platform);
    const base = opts.adjustment
      ? (versionInForce(versions, today(platform)) ?? lastReviewed(versions))
      : lastReviewed(versions);
    const changes = base ? diffTargetContent(base.content, content) : null;
    if (opts.adjustment && changes && isUnchanged(changes)) {
      throw new ConflictError('调整后的部门整体绩效目标与现行目标相同，无需调整');
    }
    const at = platform.now();
    const [row] = await tx
      .insert(targetVersions)
      .values({
        subject: 'department',
        departmentTargetId: t.id,
        orgUnitId: t.orgUnitId,
        fiscalYear: t.fiscalYear,
        version: await nextVersionNumber(tx, { departmentTargetId: t.id }),
        kind: opts.adjustment ? 'adjustment' : 'initial',
        status: 'submitted',
        content,
        changes: changes ? { ...changes, since: base?.version ?? null } : null,
        reason: opts.adjustment?.reason ?? opts.note ?? null,
        submittedBy: actor.userId,
        submittedAt: at,
      })
      .returning({ id: targetVersions.id });
    const id = (row as { id: number }).id;
    if (!opts.adjustment) {
      await tx
        .update(departmentTargets)
        .set({ status: 'submitted', updatedAt: at })
        .where(eq(departmentTargets.id, t.id));
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: opts.adjustment ? 'department_target.adjust' : 'department_target.submit',
          entityType: 'target_version',
          entityId: id,
          after: {
            departmentTargetId: t.id,
            fiscalYear: t.fiscalYear,
            reason: opts.adjustment?.reason ?? null,
          },
        },
      ],
      at,
    );
    return id;
  });
  return getVersion(platform.db, actor, versionId);
}
