import { ITEM_STATES } from '@jixiao/core';
import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/** Every lifecycle transition of an item, with who, why and what was attached. */
export const lifecycleEvents = pgTable(
  'lifecycle_events',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    action: text().notNull(),
    fromState: text({ enum: ITEM_STATES.values }).notNull(),
    toState: text({ enum: ITEM_STATES.values }).notNull(),
    actorUserId: integer().references(() => users.id),
    reason: text(),
    payload: jsonb().$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [index('lifecycle_events_item_idx').on(t.itemId)],
);
