import { boolean, integer, pgTable } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';
import { users } from './users.ts';

/** Weekly digest subscriptions. */
export const digestSubscriptions = pgTable('digest_subscriptions', {
  userId: integer()
    .primaryKey()
    .references(() => users.id),
  subscribed: boolean().notNull().default(true),
  updatedAt: updatedAt(),
});
