import type { PublicSnapshot, RawSnapshot } from '@jixiao/core';
import { PUBLICATION_DRAFTS, PUBLICATION_STATUSES } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { createdAt, id, updatedAt } from './columns.ts';
import { regions } from './regions.ts';
import { users } from './users.ts';

/** What the finance bureau chose to publish: items and departments, and which sections. */
export interface PublicationSelection {
  itemIds: number[];
  departmentIds: number[];
  sections: string[];
}

/**
 * 绩效信息公开 (DI-4): one version of what a region publishes with a year's budget or
 * final-accounts draft. `raw` is what the section providers collected (with internal and personal
 * fields, for the reviewer); `public` is its projection, the only thing the public side reads.
 * Once approved a version never changes; a correction is the next version with a note.
 */
export const publications = pgTable(
  'publications',
  {
    id: id(),
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    fiscalYear: integer().notNull(),
    draft: text({ enum: PUBLICATION_DRAFTS }).notNull(),
    version: integer().notNull(),
    status: text({ enum: PUBLICATION_STATUSES }).notNull().default('draft'),
    selection: jsonb().$type<PublicationSelection>().notNull(),
    raw: jsonb().$type<RawSnapshot>().notNull(),
    public: jsonb().$type<PublicSnapshot>().notNull(),
    /** For a correction: what it corrects. */
    note: text(),
    createdBy: integer().references(() => users.id),
    submittedBy: integer().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewComment: text(),
    /** The date it is public from (approved versions). */
    publishOn: date({ mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('publications_set_version_uq').on(t.regionId, t.fiscalYear, t.draft, t.version),
    // One version being prepared per set at a time.
    uniqueIndex('publications_open_uq')
      .on(t.regionId, t.fiscalYear, t.draft)
      .where(sql`${t.status} <> 'approved'`),
    index('publications_public_idx').on(t.status, t.publishOn),
  ],
);

/**
 * 公众参与: a member of the public's answer on a published item: a satisfaction score and/or a
 * comment. Nothing personal is kept unless given (`contact`); the client is kept only as a salted
 * hash for rate limits; each proof-of-work challenge is accepted once.
 */
export const publicFeedback = pgTable(
  'public_feedback',
  {
    id: id(),
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    fiscalYear: integer().notNull(),
    /** The item's code (its public key). */
    itemKey: text().notNull(),
    /** The department's org unit (who answers). */
    orgUnitId: integer().notNull(),
    /** 1 (很不满意) … 5 (很满意). */
    satisfaction: integer(),
    comment: text(),
    /** Only when the person gives it. */
    contact: text(),
    clientHash: text().notNull(),
    challenge: text().notNull().unique(),
    reply: text(),
    repliedBy: integer().references(() => users.id),
    repliedAt: timestamp({ withTimezone: true, mode: 'date' }),
    replyPublished: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('public_feedback_item_idx').on(t.regionId, t.fiscalYear, t.itemKey),
    index('public_feedback_client_idx').on(t.clientHash, t.createdAt),
  ],
);

/** One party's score in a 预算绩效管理工作考核 (core `ManagementScore`, with whose it is). */
export interface StoredManagementScore {
  partyId: number;
  partyKind: 'department' | 'county';
  name: string;
  total: number;
  rank: number;
  outcome: 'commended' | 'interviewed' | null;
  indicators: Array<{ key: string; name: string; points: number; score: number; evidence: string }>;
  /** The rectification task given to an interviewed department. */
  taskId?: number | null;
  /** 约谈记录: when the interview was held, what was said, who recorded it. */
  interview?: { heldOn: string; summary: string; recordedBy: string } | null;
}

/**
 * 预算绩效管理工作考核 (DI-6): a run of the finance bureau's assessment of the departments' and
 * county finance bureaus' performance-management work in a year, with every score's evidence.
 */
export const managementAssessments = pgTable(
  'management_assessments',
  {
    id: id(),
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    fiscalYear: integer().notNull(),
    scores: jsonb().$type<StoredManagementScore[]>().notNull(),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('management_assessments_region_idx').on(t.regionId, t.fiscalYear)],
);

/**
 * 绩效目标报送截止日期 (DI-6): the date by which a region's departments submit the year's
 * performance targets, set by its finance bureau; "targets submitted on time" is counted against it.
 */
export const targetSubmissionDeadlines = pgTable(
  'target_submission_deadlines',
  {
    id: id(),
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    fiscalYear: integer().notNull(),
    deadline: date({ mode: 'string' }).notNull(),
    setBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('target_submission_deadlines_region_year_uq').on(t.regionId, t.fiscalYear)],
);
