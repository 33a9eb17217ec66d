import {
  COMPLETION_LIKELIHOOD,
  DEVIATION_REASONS,
  PAYMENT_SOURCES,
  QUALITATIVE_STATUSES,
} from '@jixiao/core';
import { date, doublePrecision, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { bigId, createdAt, fen } from './columns.ts';
import { indicators } from './targets.ts';
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

/** 指标完成情况: a progress report on one indicator. */
export const indicatorReports = pgTable(
  'indicator_reports',
  {
    id: bigId(),
    indicatorId: integer()
      .notNull()
      .references(() => indicators.id),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    fiscalYear: integer().notNull(),
    reportedOn: date({ mode: 'string' }).notNull(),
    actualValue: doublePrecision(),
    qualitativeStatus: text({ enum: QUALITATIVE_STATUSES.values }),
    forecastValue: doublePrecision(),
    likelihood: text({ enum: COMPLETION_LIKELIHOOD.values }),
    deviationReason: text({ enum: DEVIATION_REASONS.values }),
    deviationNote: text(),
    correctiveMeasure: text(),
    reportedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('indicator_reports_indicator_idx').on(t.indicatorId, t.reportedOn),
    index('indicator_reports_item_idx').on(t.itemId),
  ],
);
