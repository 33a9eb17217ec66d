import {
  type ItemKind,
  type ItemState,
  NotFoundError,
  type Permission,
  ratioBp,
  type Sector,
} from '@jixiao/core';
import { and, eq, gt, gte, inArray, like, lte, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, requirePermissionAt } from '../actor.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { budgetItems, executionRecords, orgUnits } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

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
  /** The org unit's path: where the item lies, for scope checks (not shown to users). */
  orgPath: string;
  regionId: number;
  fiscalYearStart: number;
  fiscalYearEnd: number;
  currentFiscalYear: number;
  approvedAmountFen: number;
  responsiblePerson: string;
  isNewMajor: boolean;
  isSpecialTransfer: boolean;
  isNew: boolean;
  isCapitalConstruction: boolean;
  sector: Sector | null;
  description: string | null;
  /** 支出功能分类科目编码. */
  functionalSubject: string | null;
  attributes: Record<string, unknown>;
  state: ItemState;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Paid in the current fiscal year. */
  paidFen: number;
  executionRateBp: number;
}

/**
 * The item columns with the unit, and what was paid in the current fiscal year. Raw SQL over the
 * unaliased tables (so drizzle's column conditions apply) read without the query builder's
 * per-cell mapping, which cost more than the query itself on the list endpoints.
 */
const ITEM_SELECT = sql`select ${budgetItems}.id, ${budgetItems}.code, ${budgetItems}.name, ${budgetItems}.kind,
    ${budgetItems}.fund_type_id, ${orgUnits}.id as org_unit_id, ${orgUnits}.name as org_unit_name, ${orgUnits}.path as org_path,
    ${orgUnits}.region_id,
    ${budgetItems}.fiscal_year_start, ${budgetItems}.fiscal_year_end, ${budgetItems}.current_fiscal_year,
    ${budgetItems}.approved_amount_fen::text as approved_amount_fen, ${budgetItems}.responsible_person,
    ${budgetItems}.is_new_major, ${budgetItems}.is_special_transfer, ${budgetItems}.is_new,
    ${budgetItems}.is_capital_construction, ${budgetItems}.sector, ${budgetItems}.description,
    ${budgetItems}.functional_subject, ${budgetItems}.attributes,
    ${budgetItems}.state, ${budgetItems}.version,
    (extract(epoch from ${budgetItems}.created_at) * 1000)::float8 as created_ms,
    (extract(epoch from ${budgetItems}.updated_at) * 1000)::float8 as updated_ms,
    (select coalesce(sum(e.amount_fen), 0)::text from ${executionRecords} e
      where e.item_id = ${budgetItems}.id and e.fiscal_year = ${budgetItems}.current_fiscal_year) as paid
  from ${budgetItems} inner join ${orgUnits} on ${orgUnits}.id = ${budgetItems}.org_unit_id`;

interface RawItem {
  id: number;
  code: string;
  name: string;
  kind: ItemKind;
  fund_type_id: string;
  org_unit_id: number;
  org_unit_name: string;
  org_path: string;
  region_id: number;
  fiscal_year_start: number;
  fiscal_year_end: number;
  current_fiscal_year: number;
  approved_amount_fen: string;
  responsible_person: string;
  is_new_major: boolean;
  is_special_transfer: boolean;
  is_new: boolean;
  is_capital_construction: boolean;
  sector: Sector | null;
  description: string | null;
  functional_subject: string | null;
  attributes: Record<string, unknown> | null;
  state: ItemState;
  version: number;
  created_ms: number | string;
  updated_ms: number | string;
  paid: string;
}

function toItemRow(r: RawItem): ItemRow {
  const approved = Number(r.approved_amount_fen);
  const paid = Number(r.paid);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    fundTypeId: r.fund_type_id,
    orgUnit: { id: r.org_unit_id, name: r.org_unit_name },
    orgPath: r.org_path,
    regionId: r.region_id,
    fiscalYearStart: r.fiscal_year_start,
    fiscalYearEnd: r.fiscal_year_end,
    currentFiscalYear: r.current_fiscal_year,
    approvedAmountFen: approved,
    responsiblePerson: r.responsible_person,
    isNewMajor: r.is_new_major,
    isSpecialTransfer: r.is_special_transfer,
    isNew: r.is_new,
    isCapitalConstruction: r.is_capital_construction,
    sector: r.sector ?? null,
    description: r.description ?? null,
    functionalSubject: r.functional_subject ?? null,
    attributes: r.attributes ?? {},
    state: r.state,
    version: r.version,
    createdAt: new Date(Math.floor(Number(r.created_ms))),
    updatedAt: new Date(Math.floor(Number(r.updated_ms))),
    paidFen: paid,
    executionRateBp: ratioBp(paid, approved),
  };
}

async function selectItems(db: DbOrTx, where: SQL | undefined, tail: SQL = sql``): Promise<ItemRow[]> {
  const rows = await queryRows<RawItem>(db, sql`${ITEM_SELECT} where ${where ?? sql`true`} ${tail}`);
  return rows.map(toItemRow);
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
  return selectItems(db, and(...conditions), sql`order by ${budgetItems.id} limit ${filter.limit}`);
}

/** One item in the actor's scope; NotFoundError when missing or outside it (existence is not revealed). */
export async function getItem(db: DbOrTx, actor: Actor, itemId: number): Promise<ItemRow> {
  const [row] = await selectItems(db, and(eq(budgetItems.id, itemId), orgInScope(actor)));
  if (!row) throw new NotFoundError(`项目 ${itemId} 不存在或不在您的数据范围内`, { itemId });
  return row;
}

/** Items in the actor's scope among `ids`, by id (those outside it are left out). */
export async function listItemsByIds(db: DbOrTx, actor: Actor, ids: readonly number[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  return selectItems(
    db,
    and(inArray(budgetItems.id, [...ids]), orgInScope(actor)),
    sql`order by ${budgetItems.id}`,
  );
}

/** Same, by business code. */
export async function getItemByCode(db: DbOrTx, actor: Actor, code: string): Promise<ItemRow | null> {
  const [row] = await selectItems(db, and(eq(budgetItems.code, code), orgInScope(actor)));
  return row ?? null;
}

/** Items in the actor's scope among business `codes` (those outside it or unknown are left out). */
export async function listItemsByCodes(
  db: DbOrTx,
  actor: Actor,
  codes: readonly string[],
): Promise<ItemRow[]> {
  if (codes.length === 0) return [];
  return selectItems(
    db,
    and(inArray(budgetItems.code, [...codes]), orgInScope(actor)),
    sql`order by ${budgetItems.id}`,
  );
}

/** Locks the item row for a state change; the caller is inside a transaction and already checked scope. */
export async function lockItem(db: DbOrTx, itemId: number): Promise<void> {
  await db.select({ id: budgetItems.id }).from(budgetItems).where(eq(budgetItems.id, itemId)).for('update');
}

/**
 * An item about to be changed, read under its row lock (so what the change is checked against is
 * what it replaces): NotFoundError outside the actor's read scope, NotAllowedError when `permission`
 * (if given) does not reach the item's unit. The caller is inside a transaction.
 */
export async function lockItemForWrite(
  tx: DbOrTx,
  actor: Actor,
  itemId: number,
  permission: Permission | null,
): Promise<ItemRow> {
  const seen = await getItem(tx, actor, itemId);
  if (permission) requirePermissionAt(actor, permission, seen.orgPath, `项目“${seen.name}”`);
  await lockItem(tx, itemId);
  return getItem(tx, actor, itemId);
}
