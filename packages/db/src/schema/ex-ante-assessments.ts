import { ASSESSMENT_STATUSES, ASSESSORS, EX_ANTE_CONCLUSIONS } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id, updatedAt } from './columns.ts';
import { institutions } from './institutions.ts';
import { users } from './users.ts';

/** A 调整完善 change the assessment lists, and the department's answer to it. */
export interface RequiredChange {
  id: number;
  text: string;
  response: string | null;
  attachmentIds: number[];
  respondedBy: number | null;
  respondedAt: string | null;
}

/** Outcome of a plugin's review check at the finance review. */
export interface StoredReviewCheck {
  checkId: string;
  name: string;
  outcome: 'pass' | 'warn' | 'fail';
  reasons: string[];
}

/** 事前绩效评估: carried out by the department or a commissioned institution, reviewed by the finance bureau. */
export const exAnteAssessments = pgTable(
  'ex_ante_assessments',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    status: text({ enum: ASSESSMENT_STATUSES.values }).notNull().default('draft'),
    assessor: text({ enum: ASSESSORS.values }).notNull().default('department'),
    institutionId: integer().references(() => institutions.id),
    /** The conclusion that stands (the assessor's, or the one computed from the score). */
    conclusion: text({ enum: EX_ANTE_CONCLUSIONS.values }),
    computedConclusion: text({ enum: EX_ANTE_CONCLUSIONS.values }),
    overrideReason: text(),
    /** Points per dimension id. */
    scores: jsonb().$type<Record<string, number>>(),
    totalScore: doublePrecision(),
    /** Plugin pass/fail dimensions by key. */
    verdicts: jsonb().$type<Record<string, { passed: boolean; note?: string }>>().notNull().default({}),
    /** Findings and opinion (评估发现和意见). */
    summary: text().notNull().default(''),
    requiredChanges: jsonb().$type<RequiredChange[]>().notNull().default([]),
    reportAttachmentIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    /** Who created it: the department officer, or the finance officer who commissioned it. */
    assessedBy: integer().references(() => users.id),
    submittedBy: integer().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewComment: text(),
    reviewChecks: jsonb().$type<StoredReviewCheck[]>().notNull().default([]),
    /** Rounds of submission (+1 after each return). */
    round: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ex_ante_item_idx').on(t.itemId),
    // One assessment under way per item at a time.
    uniqueIndex('ex_ante_open_uq').on(t.itemId).where(sql`${t.status} <> 'accepted'`),
  ],
);

/** Items the finance bureau requires to be assessed although the scope rules would not. */
export const exAnteRequirements = pgTable(
  'ex_ante_requirements',
  {
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    reason: text().notNull(),
    requiredBy: integer().references(() => users.id),
    requiredAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.itemId] })],
);
