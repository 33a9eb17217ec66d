import { GRADES, SELF_EVALUATION_STATUSES, type SelfEvaluationLine } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, fen, id, updatedAt } from './columns.ts';
import { experts } from './evaluations.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

/** A problem the check found, as stored with the self-evaluation. */
export interface StoredCheckProblem {
  code: string;
  row: number | null;
  message: string;
}

/**
 * 绩效自评 of an item's fiscal year (EV-12): prepared from the budget row and the target in force,
 * completed by the officer, confirmed by the department, received by the finance bureau. Scored
 * by the scheme on every save; the final score and grade are recorded when it is received.
 */
export const selfEvaluations = pgTable(
  'self_evaluations',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    /** The item's org unit, for data scope. */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    fiscalYear: integer().notNull(),
    status: text({ enum: SELF_EVALUATION_STATUSES.values }).notNull().default('draft'),
    scheme: text().notNull(),
    initialFen: fen().notNull(),
    adjustedFen: fen().notNull(),
    executedFen: fen().notNull(),
    lines: jsonb().$type<SelfEvaluationLine[]>().notNull(),
    /** 改进措施. */
    measures: text().notNull().default(''),
    evidenceAttachmentIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    /** As scored at the last save (null until every part can be scored). */
    score: doublePrecision(),
    grade: text({ enum: GRADES.values }),
    problems: jsonb().$type<StoredCheckProblem[]>().notNull().default([]),
    /** When score, grade and problems were last computed (null: prepared in bulk, not yet scored). */
    scoredAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** Recorded when the finance bureau receives it. */
    finalScore: doublePrecision(),
    finalGrade: text({ enum: GRADES.values }),
    preparedBy: integer().references(() => users.id),
    submittedBy: integer().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    confirmedBy: integer().references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    returnComment: text(),
    /** Rounds of submission (+1 after each return). */
    round: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('self_evaluations_item_year_uq').on(t.itemId, t.fiscalYear),
    index('self_evaluations_year_org_idx').on(t.fiscalYear, t.orgUnitId),
    index('self_evaluations_unscored_idx').on(t.fiscalYear, t.id).where(sql`${t.scoredAt} is null`),
  ],
);

/** 抽查: the finance bureau's draw of a year's self-evaluations (EV-13), reproducible from its seed. */
export const spotChecks = pgTable(
  'spot_checks',
  {
    id: id(),
    fiscalYear: integer().notNull(),
    /** The org unit (region's finance bureau) whose scope was drawn from; its path bounds the draw. */
    scopePath: text().notNull(),
    seed: integer().notNull(),
    /** The configuration the draw used. */
    settings: jsonb().$type<Record<string, unknown>>().notNull(),
    candidateCount: integer().notNull(),
    drawnBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('spot_checks_year_idx').on(t.fiscalYear)],
);

/** One sampled self-evaluation and its re-score. */
export const spotCheckEntries = pgTable(
  'spot_check_entries',
  {
    id: id(),
    spotCheckId: integer()
      .notNull()
      .references(() => spotChecks.id),
    selfEvaluationId: integer()
      .notNull()
      .references(() => selfEvaluations.id),
    reason: text().notNull(),
    /** The self-evaluation's score and grade as drawn. */
    selfScore: doublePrecision(),
    selfGrade: text({ enum: GRADES.values }),
    checkProblems: integer().notNull().default(0),
    reviewScore: doublePrecision(),
    reviewGrade: text({ enum: GRADES.values }),
    reviewNote: text(),
    distorted: boolean(),
    difference: doublePrecision(),
    reasons: jsonb().$type<string[]>().notNull().default([]),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    rectificationTaskId: integer(),
    /** An expert from the library the bureau assigned to re-score this entry (EV-13). */
    reviewerExpertId: integer().references(() => experts.id),
    reviewerAssignedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('spot_check_entries_uq').on(t.spotCheckId, t.selfEvaluationId),
    index('spot_check_entries_se_idx').on(t.selfEvaluationId),
  ],
);
