import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id, updatedAt } from './columns.ts';
import { institutions } from './institutions.ts';
import { orgUnits } from './org-units.ts';
import { regions } from './regions.ts';
import { users } from './users.ts';

/** 评价专家库 (seed §十三): experts the finance bureau may put on an evaluation panel. */
export const experts = pgTable('experts', {
  id: id(),
  name: text().notNull(),
  fields: jsonb().$type<string[]>().notNull(),
  title: text().notNull(),
  employer: text().notNull(),
  /** The employer when it is one of our org units (conflicts of interest). */
  employerOrgUnitId: integer().references(() => orgUnits.id),
  institutionId: integer().references(() => institutions.id),
  userId: integer()
    .unique()
    .references(() => users.id),
  phone: text(),
  /** The region whose finance bureau keeps the record. */
  regionId: integer()
    .notNull()
    .references(() => regions.id),
  status: text({ enum: ['active', 'suspended', 'removed'] })
    .notNull()
    .default('active'),
  statusReason: text(),
  createdBy: integer().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** 执业记录: work an expert or institution did for an org unit; recent work is a conflict of interest. */
export const evaluatorWork = pgTable(
  'evaluator_work',
  {
    id: id(),
    expertId: integer().references(() => experts.id),
    institutionId: integer().references(() => institutions.id),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    description: text().notNull(),
    endedOn: date({ mode: 'string' }).notNull(),
    /** Set when the work was a key evaluation in the system. */
    evaluationId: integer(),
    /** Set when the work was a spot-check review (抽查复核) in the system. */
    spotCheckEntryId: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluator_work_expert_idx').on(t.expertId),
    index('evaluator_work_inst_idx').on(t.institutionId),
  ],
);

/** 执业质量评价 after a job, on the configured checklist. */
export const evaluatorRatings = pgTable('evaluator_ratings', {
  id: id(),
  expertId: integer().references(() => experts.id),
  institutionId: integer().references(() => institutions.id),
  evaluationId: integer(),
  /** The spot-check review (抽查复核) rated, for an expert reviewer. */
  spotCheckEntryId: integer(),
  marks: jsonb().$type<Record<string, number>>().notNull(),
  total: doublePrecision().notNull(),
  misconduct: text({ enum: ['no', 'yes'] })
    .notNull()
    .default('no'),
  outcome: text({ enum: ['keep', 'suspend', 'remove'] }).notNull(),
  note: text(),
  ratedBy: integer().references(() => users.id),
  ratedAt: createdAt(),
});

export interface StoredIndicatorLine {
  key: string;
  dimension: string;
  name: string;
  weight: number;
  scoring: string;
}

/** 重点评价 (seed §九): of a major project, policy or special transfer, or of a whole department. */
export const keyEvaluations = pgTable(
  'key_evaluations',
  {
    id: id(),
    kind: text({ enum: ['project', 'policy', 'special_transfer', 'department'] }).notNull(),
    title: text().notNull(),
    itemId: integer().references(() => budgetItems.id),
    /** The evaluated unit: the item's unit, or the department evaluated as a whole. */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    fiscalYear: integer().notNull(),
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    carrier: text({ enum: ['third_party', 'expert_panel'] }).notNull(),
    institutionId: integer().references(() => institutions.id),
    aggregation: text({ enum: ['mean', 'trimmed_mean', 'median'] }).notNull(),
    status: text({ enum: ['planned', 'scoring', 'reported', 'accepted', 'cancelled'] })
      .notNull()
      .default('planned'),
    lines: jsonb().$type<StoredIndicatorLine[]>().notNull(),
    templateName: text().notNull(),
    dueOn: date({ mode: 'string' }),
    findings: text(),
    recommendations: text(),
    summary: text(),
    evidence: jsonb().$type<Array<{ title: string; attachmentId?: number }>>().notNull().default([]),
    score: doublePrecision(),
    grade: text({ enum: ['excellent', 'good', 'fair', 'poor'] }),
    comment: text(),
    plannedBy: integer().references(() => users.id),
    reportedBy: integer().references(() => users.id),
    reportedAt: timestamp({ withTimezone: true, mode: 'date' }),
    acceptedBy: integer().references(() => users.id),
    acceptedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('key_evaluations_item_idx').on(t.itemId), index('key_evaluations_org_idx').on(t.orgUnitId)],
);

/** 评价组: the experts on an evaluation's panel. */
export const evaluationPanel = pgTable(
  'evaluation_panel',
  {
    evaluationId: integer()
      .notNull()
      .references(() => keyEvaluations.id),
    expertId: integer()
      .notNull()
      .references(() => experts.id),
    assignedBy: integer().references(() => users.id),
    assignedAt: createdAt(),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.expertId] })],
);

/** One expert's score of one line (blind: others see it only once they have submitted their own). */
export const evaluationScores = pgTable(
  'evaluation_scores',
  {
    evaluationId: integer()
      .notNull()
      .references(() => keyEvaluations.id),
    expertId: integer()
      .notNull()
      .references(() => experts.id),
    lineKey: text().notNull(),
    score: doublePrecision().notNull(),
    comment: text(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.expertId, t.lineKey] })],
);

/** A method of §十四 used by an evaluation, with its inputs and its result. */
export const evaluationMethods = pgTable('evaluation_methods', {
  id: id(),
  evaluationId: integer()
    .notNull()
    .references(() => keyEvaluations.id),
  method: text({
    enum: ['cost_benefit', 'comparison', 'factor_analysis', 'public_judgement', 'benchmarking'],
  }).notNull(),
  inputs: jsonb().$type<Record<string, unknown>>().notNull(),
  result: jsonb().$type<unknown>().notNull(),
  note: text(),
  recordedBy: integer().references(() => users.id),
  recordedAt: createdAt(),
});
