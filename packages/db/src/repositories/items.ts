import { type ItemKind, type ItemState, NotFoundError, ratioBp } from '@jixiao/core';
import { and, asc, eq, gt, gte, inArray, like, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { budgetItems, executionRecords, orgUnits } from '../schema/index.ts';
import { orgInScope } from './scope.ts';

export interface ItemListFilter {
  fiscalYear?: number;
  fundTypeId?: string;
  orgUnitId?: number;
  state?: ItemState;
  /** Part of the code or name. */
  q?: string;
  /** Items with id greater than this (keyset pagination). */
  afterId?: number;
  limit: number;
}

export interface ItemRow {
  id: number;
  code: string;
  name: string;
  kind: ItemKind;
  fundTypeId: string;
  orgUnit: { id: number; name: string };
  regionId: number;
  fiscalYearStart: number;
  fiscalYearEnd: number;
  currentFiscalYear: number;
  approvedAmountFen: number;
  responsiblePerson: string;
  isNewMajor: boolean;
  isSpecialTransfer: boolean;
  description: string | null;
  attributes: Record<string, unknown>;
  state: ItemState;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Paid in the current fiscal year. */
  paidFen: number;
  executionRateBp: number;
}

const paidThisYear = sql<string>`(select coalesce(sum(${executionRecords.amountFen}), 0)::text from ${executionRecords}
  where ${executionRecords.itemId} = ${budgetItems.id} and ${executionRecords.fiscalYear} = ${budgetItems.currentFiscalYear})`;

const itemColumns = {
  id: budgetItems.id,
  code: budgetItems.code,
  name: budgetItems.name,
  kind: budgetItems.kind,
  fundTypeId: budgetItems.fundTypeId,
  orgUnitId: orgUnits.id,
  orgUnitName: orgUnits.name,
  regionId: orgUnits.regionId,
  fiscalYearStart: budgetItems.fiscalYearStart,
  fiscalYearEnd: budgetItems.fiscalYearEnd,
  currentFiscalYear: budgetItems.currentFiscalYear,
  approvedAmountFen: budgetItems.approvedAmountFen,
  responsiblePerson: budgetItems.responsiblePerson,
  isNewMajor: budgetItems.isNewMajor,
  isSpecialTransfer: budgetItems.isSpecialTransfer,
  description: budgetItems.description,
  attributes: budgetItems.attributes,
  state: budgetItems.state,
  version: budgetItems.version,
  createdAt: budgetItems.createdAt,
  updatedAt: budgetItems.updatedAt,
  paid: paidThisYear,
};

type RawItem = {
  [K in keyof typeof itemColumns]: K extends 'paid' ? string : unknown;
} & Record<string, unknown>;

function toItemRow(r: RawItem): ItemRow {
  const approved = Number(r.approvedAmountFen);
  const paid = Number(r.paid);
  return {
    id: r.id as number,
    code: r.code as string,
    name: r.name as string,
    kind: r.kind as ItemKind,
    fundTypeId: r.fundTypeId as string,
    orgUnit: { id: r.orgUnitId as number, name: r.orgUnitName as string },
    regionId: r.regionId as number,
    fiscalYearStart: r.fiscalYearStart as number,
    fiscalYearEnd: r.fiscalYearEnd as number,
    currentFiscalYear: r.currentFiscalYear as number,
    approvedAmountFen: approved,
    responsiblePerson: r.responsiblePerson as string,
    isNewMajor: r.isNewMajor as boolean,
    isSpecialTransfer: r.isSpecialTransfer as boolean,
    description: (r.description as string | null) ?? null,
    attributes: (r.attributes as Record<string, unknown>) ?? {},
    state: r.state as ItemState,
    version: r.version as number,
    createdAt: r.createdAt as Date,
    updatedAt: r.updatedAt as Date,
    paidFen: paid,
    executionRateBp: ratioBp(paid, approved),
  };
}

/** Escapes LIKE wildcards in user text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Lists items in the actor's scope, filtered, in id order, one page at a time. */
export async function listItems(db: DbOrTx, actor: Actor, filter: ItemListFilter): Promise<ItemRow[]> {
  const conditions: SQL[] = [orgInScope(actor)];
  if (filter.fiscalYear !== undefined) {
    conditions.push(
      lte(budgetItems.fiscalYearStart, filter.fiscalYear),
      gte(budgetItems.fiscalYearEnd, filter.fiscalYear),
    );
  }
  if (filter.fundTypeId) conditions.push(eq(budgetItems.fundTypeId, filter.fundTypeId));
  if (filter.state) conditions.push(eq(budgetItems.state, filter.state));
  if (filter.orgUnitId !== undefined) {
    conditions.push(
      sql`${orgUnits.path} like (select o2.path from ${orgUnits} o2 where o2.id = ${filter.orgUnitId}) || '%'`,
    );
  }
  if (filter.q) {
    const pattern = likePattern(filter.q);
    const cond = or(like(budgetItems.name, pattern), like(budgetItems.code, pattern));
    if (cond) conditions.push(cond);
  }
  if (filter.afterId !== undefined) conditions.push(gt(budgetItems.id, filter.afterId));
  const rows = await db
    .select(itemColumns)
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(and(...conditions))
    .orderBy(asc(budgetItems.id))
    .limit(filter.limit);
  return rows.map((r) => toItemRow(r as RawItem));
}

/** One item in the actor's scope; NotFoundError when missing or outside it (existence is not revealed). */
export async function getItem(db: DbOrTx, actor: Actor, itemId: number): Promise<ItemRow> {
  const rows = await db
    .select(itemColumns)
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(and(eq(budgetItems.id, itemId), orgInScope(actor)))
    .limit(1);
  const row = rows[0];
  if (!row) throw new NotFoundError(`项目 ${itemId} 不存在或不在您的数据范围内`, { itemId });
  return toItemRow(row as RawItem);
}

/** Same, by business code. */
export async function getItemByCode(db: DbOrTx, actor: Actor, code: string): Promise<ItemRow | null> {
  const rows = await db
    .select(itemColumns)
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(and(eq(budgetItems.code, code), orgInScope(actor)))
    .limit(1);
  return rows[0] ? toItemRow(rows[0] as RawItem) : null;
}

/** Locks the item row for a state change; the caller is inside a transaction and already checked scope. */
export async function lockItem(db: DbOrTx, itemId: number): Promise<void> {
  await db.select({ id: budgetItems.id }).from(budgetItems).where(eq(budgetItems.id, itemId)).for('update');
}

/** Items by id within the actor's scope (missing or out-of-scope ids are skipped), in id order. */
export async function listItemsByIds(db: DbOrTx, actor: Actor, ids: readonly number[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(itemColumns)
    .from(budgetItems)
    .innerJoin(orgUnits, eq(orgUnits.id, budgetItems.orgUnitId))
    .where(and(inArray(budgetItems.id, [...ids]), orgInScope(actor)))
    .orderBy(asc(budgetItems.id));
  return rows.map((r) => toItemRow(r as RawItem));
}
