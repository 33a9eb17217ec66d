import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bigId, createdAt } from './columns.ts';
import { users } from './users.ts';

/**
 * Transactional outbox: a message to deliver, written in the same transaction as the change
 * that causes it. `dedupeKey` makes writing it idempotent; the notify worker delivers it.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigId(),
    kind: text().notNull(),
    dedupeKey: text().notNull().unique(),
    recipientUserId: integer().references(() => users.id),
    /** A group conversation instead of a user. */
    recipientGroupId: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['pending', 'sending', 'sent', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text(),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);
