import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

/** A group chat bound to a department: answers there are limited to that department's data. */
export const groupBindings = pgTable('group_bindings', {
  conversationId: text().primaryKey(),
  title: text(),
  orgUnitId: integer()
    .notNull()
    .references(() => orgUnits.id),
  boundBy: integer().references(() => users.id),
  boundAt: createdAt(),
});
