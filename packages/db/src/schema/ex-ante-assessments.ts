import { EX_ANTE_CONCLUSIONS } from '@jixiao/core';
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/** 事前绩效评估. */
export const exAnteAssessments = pgTable(
  'ex_ante_assessments',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    conclusion: text({ enum: EX_ANTE_CONCLUSIONS.values }).notNull(),
    scores: jsonb().$type<Record<string, number>>(),
    summary: text().notNull(),
    thirdParty: text(),
    assessedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('ex_ante_item_idx').on(t.itemId)],
);
