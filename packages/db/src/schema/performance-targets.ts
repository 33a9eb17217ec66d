import { INDICATOR_LEVEL1, INDICATOR_LEVEL2, OPERATORS } from '@jixiao/core';
import { doublePrecision, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id, updatedAt } from './columns.ts';
import { indicatorLibrary } from './indicator-library.ts';
import { users } from './users.ts';

/** 绩效目标 of one fiscal year (fiscalYear null: the whole-cycle target of a multi-year item). */
export const performanceTargets = pgTable(
  'performance_targets',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    fiscalYear: integer(),
    overallGoal: text().notNull(),
    status: text({ enum: ['draft', 'submitted', 'approved', 'returned'] })
      .notNull()
      .default('draft'),
    approvedAt: timestamp({ withTimezone: true, mode: 'date' }),
    approvedBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('performance_targets_item_year_uq').on(t.itemId, t.fiscalYear).nullsNotDistinct()],
);

/** 绩效指标: one line of a target's indicator tree. */
export const indicators = pgTable(
  'indicators',
  {
    id: id(),
    targetId: integer()
      .notNull()
      .references(() => performanceTargets.id, { onDelete: 'cascade' }),
    /** Denormalised so a report can be checked against its item without a join. */
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    position: integer().notNull(),
    name: text().notNull(),
    level1: text({ enum: INDICATOR_LEVEL1.values }).notNull(),
    level2: text({ enum: INDICATOR_LEVEL2.values }).notNull(),
    operator: text({ enum: OPERATORS.values }).notNull(),
    targetValue: doublePrecision(),
    targetMin: doublePrecision(),
    targetMax: doublePrecision(),
    targetText: text(),
    unit: text().notNull().default(''),
    weight: doublePrecision().notNull(),
    basis: text({ enum: ['plan', 'industry', 'historical', 'other'] })
      .notNull()
      .default('plan'),
    /** The library entry the indicator was taken from. */
    libraryIndicatorId: integer().references(() => indicatorLibrary.id),
  },
  (t) => [index('indicators_target_idx').on(t.targetId), index('indicators_item_idx').on(t.itemId)],
);
