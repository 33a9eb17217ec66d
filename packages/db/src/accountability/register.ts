import { holderOn, InputError, NotFoundError } from '@jixiao/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, inScope, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { type DbOrTx, queryRows, type Tx } from '../client.ts';
import { getItem, lockItemForWrite } from '../items/item-queries.ts';
import { type Platform, today } from '../platform.ts';
import { budgetItems, orgUnits, responsibilityHandovers } from '../schema/index.ts';

export interface HandoverRow {
  id: number;
  role: 'project_owner' | 'department_head';
  fromName: string;
  toName: string;
  effectiveOn: string;
  reason: string;
  recordedAt: Date;
}

export interface Answerable {
  name: string;
  from: string | null;
  to: string | null;
}

export interface ResponsibilityOnDate {
  date: string;
  item: { id: number; code: string; name: string; isNewMajor: boolean };
  department: { id: number; name: string };
  /** 项目责任人 on the date; `lifetime` for a major project (终身责任追究). */
  projectOwner: Answerable & { lifetime: boolean };
  /** 部门主要负责人 on the date, when recorded. */
  departmentHead: Answerable | null;
}

const refuse = (field: string, message: string) =>
  new InputError(`字段 ${field}：${message}`, [{ path: field, message }]);

async function handovers(
  db: DbOrTx,
  where: { itemId: number } | { orgUnitId: number },
): Promise<HandoverRow[]> {
  const cond =
    'itemId' in where
      ? and(
          eq(responsibilityHandovers.itemId, where.itemId),
          eq(responsibilityHandovers.role, 'project_owner'),
        )
      : and(
          eq(responsibilityHandovers.orgUnitId, where.orgUnitId),
          eq(responsibilityHandovers.role, 'department_head'),
        );
  return db
    .select({
      id: responsibilityHandovers.id,
      role: responsibilityHandovers.role,
      fromName: responsibilityHandovers.fromName,
      toName: responsibilityHandovers.toName,
      effectiveOn: responsibilityHandovers.effectiveOn,
      reason: responsibilityHandovers.reason,
      recordedAt: responsibilityHandovers.recordedAt,
    })
    .from(responsibilityHandovers)
    .where(cond)
    .orderBy(asc(responsibilityHandovers.effectiveOn), asc(responsibilityHandovers.id));
}

/** The department an org unit answers to: itself when it is a department, else its parent. */
async function departmentOf(
  db: DbOrTx,
  orgUnitId: number,
): Promise<{ id: number; name: string; path: string }> {
  const [row] = await queryRows<{ id: number; name: string; path: string }>(
    db,
    sql`select d.id, d.name, d.path from org_units o join org_units d on d.id = case when o.kind = 'unit' then o.parent_id else o.id end
        where o.id = ${orgUnitId}::int`,
  );
  if (!row) throw new NotFoundError(`单位 ${orgUnitId} 不存在`);
  return { id: Number(row.id), name: row.name, path: row.path };
}

/** The department's head as recorded: the last handover's holder, else its leader in the directory. */
async function currentHead(
  db: DbOrTx,
  departmentId: number,
  history: readonly HandoverRow[],
): Promise<string | null> {
  const last = history.at(-1);
  if (last) return last.toName;
  const [leader] = await queryRows<{ name: string }>(
    db,
    sql`select name from users where org_unit_id = ${departmentId}::int and active and 'leader' = any(roles) order by id limit 1`,
  );
  return leader?.name ?? null;
}

/** 项目责任人 handovers of an item, oldest first (the item must be in the actor's scope). */
export async function listItemHandovers(db: DbOrTx, actor: Actor, itemId: number): Promise<HandoverRow[]> {
  await getItem(db, actor, itemId);
  return handovers(db, { itemId });
}

/**
 * Who answered for an item on a date (YYYY-MM-DD): its project owner then (for life, when the item
 * is a major one) and its department's head then. Earlier holders keep the earlier periods.
 */
export async function responsibilityOn(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
  date: string,
): Promise<ResponsibilityOnDate> {
  const item = await getItem(db, actor, itemId);
  const owners = await handovers(db, { itemId });
  const owner = holderOn(item.responsiblePerson, owners, date);
  const department = await departmentOf(db, item.orgUnit.id);
  const heads = await handovers(db, { orgUnitId: department.id });
  const head = await currentHead(db, department.id, heads);
  return {
    date,
    item: { id: item.id, code: item.code, name: item.name, isNewMajor: item.isNewMajor },
    department: { id: department.id, name: department.name },
    projectOwner: { ...owner, lifetime: item.isNewMajor },
    departmentHead: head === null ? null : holderOn(head, heads, date),
  };
}

export interface HandoverInput {
  toName: string;
  toUserId?: number | null;
  /** YYYY-MM-DD, not in the future, not before the last handover. */
  effectiveOn: string;
  reason: string;
}

function checkHandover(
  input: HandoverInput,
  current: string,
  history: readonly HandoverRow[],
  day: string,
): void {
  if (!input.toName.trim()) throw refuse('toName', '须填写接任人姓名');
  if (input.toName.trim() === current) throw refuse('toName', `接任人与现任责任人（${current}）相同`);
  if (!input.reason.trim()) throw refuse('reason', '须写明交接原因');
  if (input.effectiveOn > day) throw refuse('effectiveOn', '交接日期不能晚于今天');
  const last = history.at(-1);
  if (last && input.effectiveOn <= last.effectiveOn) {
    throw refuse('effectiveOn', `交接日期须晚于上一次交接（${last.effectiveOn}）`);
  }
}

async function writeHandover(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  row: typeof responsibilityHandovers.$inferInsert,
  auditItemId: number | null,
): Promise<void> {
  const [inserted] = await tx
    .insert(responsibilityHandovers)
    .values(row)
    .returning({ id: responsibilityHandovers.id });
  await appendAudit(
    tx,
    [
      {
        actor,
        action: 'responsibility.handover',
        entityType: row.role === 'project_owner' ? 'budget_item' : 'org_unit',
        entityId: row.role === 'project_owner' ? (row.itemId as number) : (row.orgUnitId as number),
        itemId: auditItemId,
        before: { holder: row.fromName },
        after: {
          holder: row.toName,
          effectiveOn: row.effectiveOn,
          reason: row.reason,
          handoverId: inserted?.id,
        },
      },
    ],
    platform.now(),
  );
}

/** 项目责任人交接: the item's owner changes from the given day; the earlier owner stays answerable for before. */
export async function handOverProject(
  platform: Platform,
  actor: Actor,
  itemId: number,
  input: HandoverInput,
): Promise<ResponsibilityOnDate> {
  requirePermission(actor, 'items.write');
  await platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, itemId, 'items.write');
    const history = await handovers(tx, { itemId });
    checkHandover(input, item.responsiblePerson, history, today(platform));
    await tx
      .update(budgetItems)
      .set({
        responsiblePerson: input.toName.trim(),
        version: sql`${budgetItems.version} + 1`,
        updatedAt: platform.now(),
      })
      .where(eq(budgetItems.id, itemId));
    await writeHandover(
      platform,
      tx,
      actor,
      {
        role: 'project_owner',
        itemId,
        fromName: item.responsiblePerson,
        toName: input.toName.trim(),
        toUserId: input.toUserId ?? null,
        effectiveOn: input.effectiveOn,
        reason: input.reason.trim(),
        recordedBy: actor.userId,
      },
      itemId,
    );
  });
  return responsibilityOn(platform.db, actor, itemId, today(platform));
}

/** 部门主要负责人交接, recorded by the finance bureau. */
export async function handOverDepartment(
  platform: Platform,
  actor: Actor,
  orgUnitId: number,
  input: HandoverInput & { fromName?: string },
): Promise<HandoverRow[]> {
  requirePermission(actor, 'accountability.manage');
  await platform.db.transaction(async (tx) => {
    const [org] = await tx.select().from(orgUnits).where(eq(orgUnits.id, orgUnitId)).for('update');
    if (!org || !inScope(actor, org.path) || org.kind !== 'department') {
      throw refuse('orgUnitId', `单位 ${orgUnitId} 不是您数据范围内的主管部门`);
    }
    requirePermissionAt(actor, 'accountability.manage', org.path, `部门“${org.name}”`);
    const history = await handovers(tx, { orgUnitId });
    const current = (await currentHead(tx, orgUnitId, history)) ?? input.fromName?.trim() ?? '';
    if (!current) throw refuse('fromName', '尚未登记该部门的主要负责人，须填写原负责人姓名');
    checkHandover(input, current, history, today(platform));
    await writeHandover(
      platform,
      tx,
      actor,
      {
        role: 'department_head',
        orgUnitId,
        fromName: current,
        toName: input.toName.trim(),
        toUserId: input.toUserId ?? null,
        effectiveOn: input.effectiveOn,
        reason: input.reason.trim(),
        recordedBy: actor.userId,
      },
      null,
    );
  });
  return handovers(platform.db, { orgUnitId });
}
