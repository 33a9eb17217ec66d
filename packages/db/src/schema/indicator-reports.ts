import { COMPLETION_LIKELIHOOD, DEVIATION_REASONS, QUALITATIVE_STATUSES } from '@jixiao/core';
import { date, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { bigId, createdAt } from './columns.ts';
import { indicators } from './performance-targets.ts';
import { users } from './users.ts';

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
