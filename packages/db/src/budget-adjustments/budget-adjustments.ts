import {
  adjustedBudgetFen,
  adjustmentRefusal,
  BUDGET_ADJUSTMENT_KINDS,
  type BudgetAdjustmentInput,
  type BudgetAdjustmentKind,
  InputError,
  TransitionRefusedError,
} from '@jixiao/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { getItem, lockItemForWrite } from '../items/item-queries.ts';
import type { Platform } from '../platform.ts';
import { budgetAdjustments, users } from '../schema/index.ts';

export interface BudgetAdjustmentRow {
  id: number;
  itemId: number;
  fiscalYear: number;
  kind: BudgetAdjustmentKind;
  kindLabel: string;
  amountFen: number;
  adjustedOn: string;
  reason: string;
  documentNo: string | null;
  recordedBy: { id: number; name: string } | null;
  createdAt: Date;
}

/** An item's year as budgeted: 年初预算数, its adjustments and 全年预算数 (EV-14). */
export interface ItemYearBudget {
  item: { id: number; code: string; name: string };
  fiscalYear: number;
  initialFen: number;
  adjustedFen: number;
  adjustments: BudgetAdjustmentRow[];
}

/** The signed sum of an item's adjustments of a year (0 when none). */
export async function adjustmentsSumFen(db: DbOrTx, itemId: number, fiscalYear: number): Promise<number> {
  const [row] = await db
    .select({ fen: sql<string>`coalesce(sum(${budgetAdjustments.amountFen}), 0)::text` })
    .from(budgetAdjustments)
    .where(and(eq(budgetAdjustments.itemId, itemId), eq(budgetAdjustments.fiscalYear, fiscalYear)));
  return Number(row?.fen ?? 0);
}

async function adjustmentsOf(db: DbOrTx, itemId: number, fiscalYear: number): Promise<BudgetAdjustmentRow[]> {
  const rows = await db
    .select({ a: budgetAdjustments, by: users.name })
    .from(budgetAdjustments)
    .leftJoin(users, eq(users.id, budgetAdjustments.recordedBy))
    .where(and(eq(budgetAdjustments.itemId, itemId), eq(budgetAdjustments.fiscalYear, fiscalYear)))
    .orderBy(asc(budgetAdjustments.adjustedOn), asc(budgetAdjustments.id))
    .limit(1000);
  return rows.map(({ a, by }) => ({
    id: a.id,
    itemId: a.itemId,
    fiscalYear: a.fiscalYear,
    kind: a.kind,
    kindLabel: BUDGET_ADJUSTMENT_KINDS.labels[a.kind],
    amountFen: a.amountFen,
    adjustedOn: a.adjustedOn,
    reason: a.reason,
    documentNo: a.documentNo,
    recordedBy: a.recordedBy === null ? null : { id: a.recordedBy, name: by ?? '' },
    createdAt: a.createdAt,
  }));
}

/** 年初预算数, the year's adjustments and 全年预算数 of an item in the actor's scope. */
export async function itemYearBudget(
  db: DbOrTx,
  actor: Actor,
  itemId: number,
  fiscalYear: number,
): Promise<ItemYearBudget> {
  const item = await getItem(db, actor, itemId);
  const adjustments = await adjustmentsOf(db, itemId, fiscalYear);
  return {
    item: { id: item.id, code: item.code, name: item.name },
    fiscalYear,
    initialFen: item.approvedAmountFen,
    adjustedFen: adjustedBudgetFen(item.approvedAmountFen, adjustments),
    adjustments,
  };
}

/**
 * 记录预算调整 (EV-14): the finance bureau records a 追加, 调减 or 调整 of an item's year. The item
 * is locked so concurrent adjustments cannot together take the year's budget below zero; audited.
 */
export async function recordBudgetAdjustment(
  platform: Platform,
  actor: Actor,
  input: BudgetAdjustmentInput,
): Promise<ItemYearBudget> {
  requirePermission(actor, 'budgets.approve');
  await platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, input.itemId, 'budgets.approve');
    if (input.fiscalYear < item.fiscalYearStart || input.fiscalYear > item.fiscalYearEnd) {
      throw new InputError(
        `字段 fiscalYear：项目“${item.name}”的实施期为${item.fiscalYearStart}–${item.fiscalYearEnd}年，不含${input.fiscalYear}年`,
        [{ path: 'fiscalYear', message: '不在项目实施期内' }],
      );
    }
    if (['draft', 'assessed', 'targets_submitted', 'targets_approved', 'terminated'].includes(item.state)) {
      throw new TransitionRefusedError(`项目“${item.name}”未在预算批复后的执行阶段，不能调整预算`, {
        itemId: item.id,
        state: item.state,
      });
    }
    const prior = await adjustmentsSumFen(tx, item.id, input.fiscalYear);
    const refusal = adjustmentRefusal(item.approvedAmountFen, prior, input.amountFen);
    if (refusal)
      throw new InputError(`字段 amountFen：${refusal}`, [{ path: 'amountFen', message: refusal }]);
    const [row] = await tx
      .insert(budgetAdjustments)
      .values({
        itemId: item.id,
        fiscalYear: input.fiscalYear,
        kind: input.kind,
        amountFen: input.amountFen,
        adjustedOn: input.adjustedOn,
        reason: input.reason,
        documentNo: input.documentNo || null,
        recordedBy: actor.userId,
      })
      .returning({ id: budgetAdjustments.id });
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'budget.adjust',
          entityType: 'budget_adjustment',
          entityId: (row as { id: number }).id,
          itemId: item.id,
          before: { adjustedFen: item.approvedAmountFen + prior },
          after: { ...input, adjustedFen: item.approvedAmountFen + prior + input.amountFen },
        },
      ],
      platform.now(),
    );
  });
  return itemYearBudget(platform.db, actor, input.itemId, input.fiscalYear);
}
