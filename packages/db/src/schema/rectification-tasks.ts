import { RECTIFICATION_STATUSES } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id, updatedAt } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';
import { warnings } from './warnings.ts';

/** 整改任务: a finding turned into work for a named person with a deadline. */
export const rectificationTasks = pgTable(
  'rectification_tasks',
  {
    id: id(),
    source: text({
      enum: ['warning', 'evaluation', 'spot_check', 'audit', 'management_assessment'],
    }).notNull(),
    warningId: integer().references(() => warnings.id),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    /** The item's org unit, for data scope. */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    assigneeUserId: integer()
      .notNull()
      .references(() => users.id),
    createdBy: integer().references(() => users.id),
    requirement: text().notNull(),
    deadline: date({ mode: 'string' }).notNull(),
    status: text({ enum: RECTIFICATION_STATUSES }).notNull().default('assigned'),
    /** Submission round: 1 for the first submission, +1 after each return. */
    round: integer().notNull().default(1),
    submission: text(),
    evidence: jsonb().$type<string[]>().notNull().default([]),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewComment: text(),
    escalatedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** The DingTalk to-do mirroring this task, once created. */
    todoId: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('rectification_tasks_assignee_idx').on(t.assigneeUserId, t.status),
    index('rectification_tasks_org_idx').on(t.orgUnitId),
    // One live task per warning.
    uniqueIndex('rectification_tasks_warning_uq')
      .on(t.warningId)
      .where(sql`${t.warningId} is not null and ${t.status} <> 'cancelled'`),
  ],
);
