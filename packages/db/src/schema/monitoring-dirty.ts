import { bigint, integer, pgSequence, pgTable } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** Numbers each mark, so a judging removes only the marks it has seen (a later write marks again). */
export const monitoringDirtySeq = pgSequence('monitoring_dirty_seq');

/**
 * Items whose payments, reports, indicators, target, attributes or state changed and that are
 * not yet judged again (判断待办). Written by triggers in the same transaction as the change
 * (migration 0008), whoever makes it (API, import, bot, plugin, demo); the monitoring worker
 * drains it right after the write, and the next sweep finishes whatever a crash left here.
 */
export const monitoringDirtyItems = pgTable('monitoring_dirty_items', {
  itemId: integer().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
  markedAt: createdAt(),
});
