import { PAYMENT_SOURCES } from '@jixiao/core';
import { date, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { bigId, createdAt, fen } from './columns.ts';
import { users } from './users.ts';

/** 预算执行: a payment against an item. */
export const executionRecords = pgTable(
  'execution_records',
  {
    id: bigId(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    fiscalYear: integer().notNull(),
    paidOn: date({ mode: 'string' }).notNull(),
    amountFen: fen().notNull(),
    source: text({ enum: PAYMENT_SOURCES.values }).notNull(),
    voucherNo: text(),
    note: text(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('execution_records_year_item_idx').on(t.fiscalYear, t.itemId),
    // A treasury voucher is recorded once per item, so a re-sent feed cannot double-count.
    uniqueIndex('execution_records_item_voucher_uq').on(t.itemId, t.voucherNo),
  ],
);
