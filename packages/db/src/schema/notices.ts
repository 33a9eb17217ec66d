import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/**
 * A notice that asks its recipient to acknowledge (警示、整改通知、提醒). Unacknowledged notices are
 * re-sent on a schedule and then escalated to the head of the recipient's department.
 */
export const notices = pgTable(
  'notices',
  {
    id: id(),
    /** What it is about: `warning:12`, `task:5`. */
    subject: text().notNull(),
    /** Which event of the subject (new, escalated, assigned, returned…): each asks for its own acknowledgement. */
    event: text().notNull(),
    recipientUserId: integer()
      .notNull()
      .references(() => users.id),
    firstSentAt: timestamp({ withTimezone: true, mode: 'date' }),
    lastSentAt: timestamp({ withTimezone: true, mode: 'date' }),
    resendCount: integer().notNull().default(0),
    nextResendAt: timestamp({ withTimezone: true, mode: 'date' }),
    acknowledgedAt: timestamp({ withTimezone: true, mode: 'date' }),
    acknowledgedVia: text({ enum: ['button', 'reply', 'api'] }),
    escalatedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notices_subject_event_recipient_uq').on(t.subject, t.event, t.recipientUserId),
    index('notices_due_idx').on(t.nextResendAt).where(sql`${t.acknowledgedAt} is null`),
    index('notices_recipient_idx').on(t.recipientUserId),
  ],
);
