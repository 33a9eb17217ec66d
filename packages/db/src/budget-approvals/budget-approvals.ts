import {
  DomainError,
  decideTransition,
  InputError,
  ITEM_STATES,
  type ItemState,
  NotFoundError,
  TransitionRefusedError,
  versionInForce,
} from '@jixiao/core';
import { and, asc, desc, eq, inArray, isNull, like, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { type ItemRow, listItemsByIds, lockItemForWrite } from '../items/item-queries.ts';
import { orgUnitForWrite } from '../items/item-writes.ts';
import { transitionFacts, transitionInTx } from '../items/transition.ts';
import { type Platform, today } from '../platform.ts';
import {
  budgetApprovalItems,
  budgetApprovals,
  budgetItems,
  departmentTargets,
  orgUnits,
  performanceTargets,
  targetVersions,
  users,
  type VersionContent,
} from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { ensureBaselineVersion, versionsOf } from '../target-reviews/versions.ts';

/** Item states before the budget is approved: what a department's approval looks over. */
const BEFORE_BUDGET: readonly ItemState[] = ['draft', 'assessed', 'targets_submitted', 'targets_approved'];

async function approvingOrg(db: DbOrTx, actor: Actor, orgUnitId: number) {
  const org = await orgUnitForWrite(db, actor, orgUnitId, 'budgets.approve');
  if (org.kind !== 'department' && org.kind !== 'finance_bureau') {
    throw new InputError('字段 orgUnitId：预算按主管部门批复，请选择主管部门', [
      { path: 'orgUnitId', message: '须为主管部门' },
    ]);
  }
  return org;
}

async function departmentItemIds(
  db: DbOrTx,
  orgPath: string,
  fiscalYear: number,
  states: readonly ItemState[],
) {
  const rows = await db
    .select({ id: budgetItems.id })
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(
      and(
        like(orgUnits.path, `${orgPath}%`),
        eq(budgetItems.currentFiscalYear, fiscalYear),
        inArray(budgetItems.state, [...states]),
      ),
    )
    .orderBy(asc(budgetItems.id));
  return rows.map((r) => r.id);
}

async function approvedDepartmentTarget(db: DbOrTx, orgUnitId: number, fiscalYear: number) {
  const [t] = await db
    .select()
    .from(departmentTargets)
    .where(and(eq(departmentTargets.orgUnitId, orgUnitId), eq(departmentTargets.fiscalYear, fiscalYear)))
    .limit(1);
  return t ?? null;
}

export interface ApprovalCandidate {
  item: {
    id: number;
    code: string;
    name: string;
    approvedAmountFen: number;
    state: ItemState;
    stateLabel: string;
  };
  ready: boolean;
  /** Why it cannot be approved yet (empty when ready). */
  reasons: string[];
}

export interface ApprovalPreview {
  orgUnit: { id: number; name: string };
  fiscalYear: number;
  candidates: ApprovalCandidate[];
  departmentTarget: { id: number; status: string } | null;
  departmentTargetRequired: boolean;
}

/** What a department's 同步批复 would take in: its items of the year before budget approval, each ready or why not. */
export async function previewBudgetApproval(
  platform: Platform,
  actor: Actor,
  input: { orgUnitId: number; fiscalYear: number },
): Promise<ApprovalPreview> {
  requirePermission(actor, 'budgets.approve');
  const org = await approvingOrg(platform.db, actor, input.orgUnitId);
  const ids = await departmentItemIds(platform.db, org.path, input.fiscalYear, BEFORE_BUDGET);
  const items = await listItemsByIds(platform.db, actor, ids);
  const candidates: ApprovalCandidate[] = [];
  for (const item of items) {
    const decision = decideTransition(
      'approve_budget',
      await transitionFacts(platform, platform.db, actor, item, 'approve_budget', {}),
    );
    candidates.push({
      item: {
        id: item.id,
        code: item.code,
        name: item.name,
        approvedAmountFen: item.approvedAmountFen,
        state: item.state,
        stateLabel: ITEM_STATES.labels[item.state],
      },
      ready: decision.ok,
      reasons: decision.ok ? [] : [decision.message],
    });
  }
  const dt = await approvedDepartmentTarget(platform.db, org.id, input.fiscalYear);
  return {
    orgUnit: { id: org.id, name: org.name },
    fiscalYear: input.fiscalYear,
    candidates,
    departmentTarget: dt ? { id: dt.id, status: dt.status } : null,
    departmentTargetRequired: platform.config.departmentTargets.requiredForBudget,
  };
}

export interface IssueApprovalInput {
  orgUnitId: number;
  fiscalYear: number;
  /** The items to approve (default: every item of the department ready for it). */
  itemIds?: readonly number[];
  note?: string;
}

/** The version of a target in force today, recording a baseline first for targets approved before versions. */
async function issuedVersionId(tx: Tx, platform: Platform, itemId: number, fiscalYear: number | null) {
  const [t] = await tx
    .select({ id: performanceTargets.id, status: performanceTargets.status })
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
  if (t?.status !== 'approved') return null;
  await ensureBaselineVersion(tx, t.id);
  const versions = await versionsOf(tx, { targetId: t.id });
  return (
    (versionInForce(versions, today(platform)) ?? versions.filter((v) => v.status === 'approved').at(-1))
      ?.id ?? null
  );
}

async function nextNumber(tx: Tx, fiscalYear: number): Promise<string> {
  // Numbers run per year; the lock keeps two approvals at once from taking the same one.
  await tx.execute(sql`select pg_advisory_xact_lock(7231, ${fiscalYear}::int)`);
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(budgetApprovals)
    .where(eq(budgetApprovals.fiscalYear, fiscalYear));
  return `绩效批复〔${fiscalYear}〕${(row?.n ?? 0) + 1}号`;
}

/** Names the item a refusal is about, so an all-or-nothing approval says which one stopped it. */
function aboutItem(err: unknown, item: ItemRow): never {
  if (err instanceof DomainError) {
    throw new TransitionRefusedError(`项目“${item.name}”（${item.code}）：${err.message}`, {
      ...err.details,
      itemId: item.id,
    });
  }
  throw err;
}

/**
 * 预算和绩效目标同步批复下达 (景党发〔2019〕18号§七; IN-5): the finance bureau approves a
 * department's budget items and issues their targets (the versions in force) with them in one
 * action, all or nothing, producing the 绩效目标批复表. Each item's approval is a lifecycle
 * transition with its own audit entry; the 批复 itself is audited too.
 */
export async function issueBudgetApproval(
  platform: Platform,
  actor: Actor,
  input: IssueApprovalInput,
): Promise<BudgetApprovalSheet> {
  requirePermission(actor, 'budgets.approve');
  const id = await platform.db.transaction(async (tx) => {
    const org = await approvingOrg(tx, actor, input.orgUnitId);
    const ready = await departmentItemIds(tx, org.path, input.fiscalYear, ['targets_approved']);
    let ids: number[];
    if (input.itemIds) {
      const all = new Set(await departmentItemIds(tx, org.path, input.fiscalYear, BEFORE_BUDGET));
      input.itemIds.forEach((itemId, i) => {
        if (!all.has(itemId)) {
          throw new InputError(
            `字段 itemIds.${i}：项目 ${itemId} 不属于${org.name}${input.fiscalYear}年度待批复的项目`,
            [{ path: `itemIds.${i}`, message: '不是该部门该年度待批复的项目' }],
          );
        }
      });
      ids = [...new Set(input.itemIds)].sort((a, b) => a - b);
    } else ids = ready;
    if (ids.length === 0) {
      throw new InputError(
        `字段 itemIds：${org.name}${input.fiscalYear}年度没有绩效目标已审核、可批复的项目`,
        [{ path: 'itemIds', message: '没有可批复的项目' }],
      );
    }
    const dt = await approvedDepartmentTarget(tx, org.id, input.fiscalYear);
    let dtVersionId: number | null = null;
    if (dt?.status === 'approved') {
      const versions = await versionsOf(tx, { departmentTargetId: dt.id });
      dtVersionId =
        (versionInForce(versions, today(platform)) ?? versions.filter((v) => v.status === 'approved').at(-1))
          ?.id ?? null;
    } else if (platform.config.departmentTargets.requiredForBudget) {
      throw new TransitionRefusedError(
        `${org.name}${input.fiscalYear}年度部门整体绩效目标尚未审核通过，不能批复预算`,
      );
    }
    const lines: Array<{ item: ItemRow; versionId: number; cycleVersionId: number | null }> = [];
    for (const itemId of ids) {
      const item = await lockItemForWrite(tx, actor, itemId, 'budgets.approve');
      try {
        await transitionInTx(platform, tx, actor, item, 'approve_budget', {});
      } catch (err) {
        aboutItem(err, item);
      }
      const versionId = (await issuedVersionId(tx, platform, item.id, item.currentFiscalYear)) as number;
      const cycleVersionId =
        item.fiscalYearStart < item.fiscalYearEnd ? await issuedVersionId(tx, platform, item.id, null) : null;
      lines.push({ item, versionId, cycleVersionId });
    }
    const totalFen = lines.reduce((s, l) => s + l.item.approvedAmountFen, 0);
    const number = await nextNumber(tx, input.fiscalYear);
    const approvedOn = today(platform);
    const [row] = await tx
      .insert(budgetApprovals)
      .values({
        number,
        orgUnitId: org.id,
        fiscalYear: input.fiscalYear,
        approvedOn,
        approvedBy: actor.userId,
        totalFen,
        departmentTargetVersionId: dtVersionId,
        note: input.note ?? null,
      })
      .returning({ id: budgetApprovals.id });
    const approvalId = (row as { id: number }).id;
    await tx.insert(budgetApprovalItems).values(
      lines.map((l) => ({
        approvalId,
        itemId: l.item.id,
        amountFen: l.item.approvedAmountFen,
        targetVersionId: l.versionId,
        cycleTargetVersionId: l.cycleVersionId,
      })),
    );
    const versionIds = lines.flatMap((l) => [l.versionId, ...(l.cycleVersionId ? [l.cycleVersionId] : [])]);
    if (dtVersionId) versionIds.push(dtVersionId);
    await tx.update(targetVersions).set({ approvalId }).where(inArray(targetVersions.id, versionIds));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'budget_approval.issue',
          entityType: 'budget_approval',
          entityId: approvalId,
          after: {
            number,
            orgUnitId: org.id,
            fiscalYear: input.fiscalYear,
            approvedOn,
            totalFen,
            items: lines.map((l) => ({
              itemId: l.item.id,
              amountFen: l.item.approvedAmountFen,
              targetVersionId: l.versionId,
            })),
            departmentTargetVersionId: dtVersionId,
          },
        },
      ],
      platform.now(),
    );
    return approvalId;
  });
  return getBudgetApproval(platform.db, actor, id);
}

export interface IssuedTarget {
  versionId: number;
  version: number;
  fiscalYear: number | null;
  content: VersionContent;
}

/** 绩效目标批复表: a department's approved budget lines with the targets issued with them. */
export interface BudgetApprovalSheet {
  id: number;
  number: string;
  orgUnit: { id: number; name: string };
  fiscalYear: number;
  approvedOn: string;
  approvedBy: { id: number; name: string } | null;
  totalFen: number;
  note: string | null;
  items: Array<{
    item: { id: number; code: string; name: string; fundTypeId: string };
    amountFen: number;
    target: IssuedTarget;
    cycleTarget: IssuedTarget | null;
  }>;
  departmentTarget: IssuedTarget | null;
}

async function issuedTargets(db: DbOrTx, ids: readonly number[]): Promise<Map<number, IssuedTarget>> {
  const out = new Map<number, IssuedTarget>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: targetVersions.id,
      version: targetVersions.version,
      fiscalYear: targetVersions.fiscalYear,
      content: targetVersions.content,
    })
    .from(targetVersions)
    .where(inArray(targetVersions.id, [...ids]));
  for (const r of rows)
    out.set(r.id, { versionId: r.id, version: r.version, fiscalYear: r.fiscalYear, content: r.content });
  return out;
}

function approvalQuery(db: DbOrTx, actor: Actor, conds: SQL[]) {
  return db
    .select({ a: budgetApprovals, orgName: orgUnits.name, approverName: users.name })
    .from(budgetApprovals)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetApprovals.orgUnitId))
    .leftJoin(users, eq(users.id, budgetApprovals.approvedBy))
    .where(and(orgInScope(actor), ...conds));
}

export interface BudgetApprovalSummary {
  id: number;
  number: string;
  orgUnit: { id: number; name: string };
  fiscalYear: number;
  approvedOn: string;
  approvedBy: { id: number; name: string } | null;
  totalFen: number;
}

type ApprovalRaw = Awaited<ReturnType<ReturnType<typeof approvalQuery>['limit']>>[number];

const summary = (r: ApprovalRaw): BudgetApprovalSummary => ({
  id: r.a.id,
  number: r.a.number,
  orgUnit: { id: r.a.orgUnitId, name: r.orgName },
  fiscalYear: r.a.fiscalYear,
  approvedOn: r.a.approvedOn,
  approvedBy:
    r.a.approvedBy !== null && r.approverName !== null ? { id: r.a.approvedBy, name: r.approverName } : null,
  totalFen: r.a.totalFen,
});

/** 批复 in the actor's scope, newest first. */
export async function listBudgetApprovals(
  db: DbOrTx,
  actor: Actor,
  f: { orgUnitId?: number; fiscalYear?: number; limit: number },
): Promise<BudgetApprovalSummary[]> {
  const conds: SQL[] = [];
  if (f.orgUnitId !== undefined) conds.push(eq(budgetApprovals.orgUnitId, f.orgUnitId));
  if (f.fiscalYear !== undefined) conds.push(eq(budgetApprovals.fiscalYear, f.fiscalYear));
  const rows = await approvalQuery(db, actor, conds).orderBy(desc(budgetApprovals.id)).limit(f.limit);
  return rows.map(summary);
}

/** One 批复 as its 绩效目标批复表, in the actor's scope. */
export async function getBudgetApproval(db: DbOrTx, actor: Actor, id: number): Promise<BudgetApprovalSheet> {
  const [row] = await approvalQuery(db, actor, [eq(budgetApprovals.id, id)]).limit(1);
  if (!row) throw new NotFoundError(`批复 ${id} 不存在或不在您的数据范围内`, { approvalId: id });
  const lines = await db
    .select({
      l: budgetApprovalItems,
      code: budgetItems.code,
      name: budgetItems.name,
      fundTypeId: budgetItems.fundTypeId,
    })
    .from(budgetApprovalItems)
    .innerJoin(budgetItems, eq(budgetItems.id, budgetApprovalItems.itemId))
    .where(eq(budgetApprovalItems.approvalId, id))
    .orderBy(asc(budgetItems.code));
  const versionIds = lines.flatMap((l) => [
    l.l.targetVersionId,
    ...(l.l.cycleTargetVersionId ? [l.l.cycleTargetVersionId] : []),
  ]);
  if (row.a.departmentTargetVersionId) versionIds.push(row.a.departmentTargetVersionId);
  const targets = await issuedTargets(db, versionIds);
  return {
    ...summary(row),
    note: row.a.note,
    items: lines.map((l) => ({
      item: { id: l.l.itemId, code: l.code, name: l.name, fundTypeId: l.fundTypeId },
      amountFen: l.l.amountFen,
      target: targets.get(l.l.targetVersionId) as IssuedTarget,
      cycleTarget: l.l.cycleTargetVersionId ? (targets.get(l.l.cycleTargetVersionId) ?? null) : null,
    })),
    departmentTarget: row.a.departmentTargetVersionId
      ? (targets.get(row.a.departmentTargetVersionId) ?? null)
      : null,
  };
}
