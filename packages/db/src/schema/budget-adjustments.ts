import { BUDGET_ADJUSTMENT_KINDS } from '@jixiao/core';
import { date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, fen, id } from './columns.ts';
import { users } from './users.ts';

/**
 * 预算调整 of an item's fiscal year (EV-14): 追加, 调减 or 调整 by a signed amount. 全年预算数 is the
 * item's 年初预算数 (its approved amount) plus the year's adjustments. Recorded by the finance
 * bureau, never edited (a wrong one is corrected by another adjustment), audited.
 */
export const budgetAdjustments = pgTable(
  'budget_adjustments',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    fiscalYear: integer().notNull(),
    kind: text({ enum: BUDGET_ADJUSTMENT_KINDS.values }).notNull(),
    /** Signed: positive raises the year's budget, negative lowers it. */
    amountFen: fen().notNull(),
    adjustedOn: date({ mode: 'string' }).notNull(),
    reason: text().notNull(),
    /** 调整文号. */
    documentNo: text(),
    recordedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('budget_adjustments_year_item_idx').on(t.fiscalYear, t.itemId)],
);
