import { TARGET_VERSION_KINDS, TARGET_VERSION_STATUSES } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { budgetApprovals } from './budget-approvals.ts';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { departmentTargets } from './department-targets.ts';
import { orgUnits } from './org-units.ts';
import { performanceTargets } from './performance-targets.ts';
import { users } from './users.ts';

/**
 * A target's content as a version keeps it: an item target's indicator lines (with positions and
 * the ids of the live rows) or a department-wide target's.
 */
export interface VersionContent {
  overallGoal: string;
  indicators: ReadonlyArray<{ readonly name: string }>;
}

/** A finding of the quality checks, kept with the submission for the reviewer. */
export interface StoredQualityFinding {
  rule: string;
  severity: 'block' | 'flag';
  position: number | null;
  message: string;
}

/**
 * Every submission of a performance target (an item's, or a department-wide one) with its review:
 * the content as submitted, what changed since the last review, the quality flags, the reviewer's
 * criteria marks and per-indicator comments, and, once approved, the days it was in force.
 */
export const targetVersions = pgTable(
  'target_versions',
  {
    id: id(),
    subject: text({ enum: ['item', 'department'] }).notNull(),
    targetId: integer().references(() => performanceTargets.id, { onDelete: 'cascade' }),
    departmentTargetId: integer().references(() => departmentTargets.id),
    itemId: integer().references(() => budgetItems.id),
    /** The item's (or department's) org unit, for data scope. */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    /** null: the whole-cycle target of a multi-year item. */
    fiscalYear: integer(),
    version: integer().notNull(),
    kind: text({ enum: TARGET_VERSION_KINDS.values }).notNull(),
    status: text({ enum: TARGET_VERSION_STATUSES.values }).notNull(),
    content: jsonb().$type<VersionContent>().notNull(),
    /** Against the version last reviewed (null for the first). */
    changes: jsonb().$type<Record<string, unknown>>(),
    quality: jsonb().$type<StoredQualityFinding[]>().notNull().default([]),
    /** Why an adjustment is needed, or a note with a submission. */
    reason: text(),
    submittedBy: integer().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    criteria: jsonb().$type<Record<string, { met: boolean; note?: string }>>(),
    comments: jsonb().$type<TargetReviewComment[]>().notNull().default([]),
    opinion: text(),
    effectiveFrom: date({ mode: 'string' }),
    effectiveTo: date({ mode: 'string' }),
    /** The 批复 that issued it with the budget. */
    approvalId: integer().references(() => budgetApprovals.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('target_versions_target_version_uq').on(t.targetId, t.version),
    unique('target_versions_department_version_uq').on(t.departmentTargetId, t.version),
    index('target_versions_org_idx').on(t.orgUnitId, t.status),
    index('target_versions_item_idx').on(t.itemId),
    // One version waiting for review per target at a time.
    uniqueIndex('target_versions_pending_uq')
      .on(t.targetId)
      .where(sql`${t.status} = 'submitted' and ${t.targetId} is not null`),
    uniqueIndex('target_versions_department_pending_uq')
      .on(t.departmentTargetId)
      .where(sql`${t.status} = 'submitted' and ${t.departmentTargetId} is not null`),
  ],
);

/** A reviewer's comment on one indicator, and the submitter's answer to it (given before resubmitting). */
export interface TargetReviewComment {
  indicator: string;
  comment: string;
  answer?: string;
  answeredBy?: { id: number; name: string };
  answeredAt?: string;
}
