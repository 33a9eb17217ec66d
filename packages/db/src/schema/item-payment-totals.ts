import { bigint, date, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';

/**
 * Running payment totals per item and fiscal year (执行累计): paid to date, how many payments, the
 * last payment date and the 12 calendar-month sums. Kept by triggers on `execution_records` in the
 * writer's own transaction (migration 0013, next to the marking triggers of 0011), so a sweep or a
 * judging reads 200,000 rows instead of aggregating millions of payments. Equal to a fresh
 * aggregate: `packages/db/test/item-payment-totals.test.ts`.
 */
export const itemPaymentTotals = pgTable(
  'item_payment_totals',
  {
    itemId: integer().notNull(),
    fiscalYear: integer().notNull(),
    paidFen: bigint({ mode: 'number' }).notNull(),
    payments: integer().notNull(),
    lastPaidOn: date({ mode: 'string' }),
    /** Sums by calendar month of the payment date, January first (12 elements). */
    byMonthFen: bigint({ mode: 'number' }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.fiscalYear] })],
);
