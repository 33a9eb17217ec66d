import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Jobs that run on a schedule; an instance claims a due run by moving `nextRunAt` (compare-and-swap). */
export const schedules = pgTable('schedules', {
  name: text().primaryKey(),
  nextRunAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  lastRunAt: timestamp({ withTimezone: true, mode: 'date' }),
  lastRunner: text(),
});
