import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';

/** Fund types contributed by plugins; synced from the plugin registry at start-up. */
export const fundTypes = pgTable('fund_types', {
  id: text().primaryKey(),
  name: text().notNull(),
  budgetBook: text({ enum: ['general', 'gov_fund', 'soe_capital', 'social_insurance'] }).notNull(),
  enabled: boolean().notNull().default(true),
  updatedAt: updatedAt(),
});
