import { EVALUATION_RESULT_SOURCES, GRADES, RESULT_SUBJECT_KINDS } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { rectificationTasks } from './rectification-tasks.ts';
import { regions } from './regions.ts';
import { users } from './users.ts';

/**
 * 评价结果: one final result of an item, a department as a whole or a county for a fiscal year,
 * from one source (reviewed self-evaluation, spot check, key evaluation, department-wide or county
 * evaluation). Next year's control numbers, exit candidates and transfer factors read it.
 */
export const evaluationResults = pgTable(
  'evaluation_results',
  {
    id: id(),
    subjectKind: text({ enum: RESULT_SUBJECT_KINDS.values }).notNull(),
    itemId: integer().references(() => budgetItems.id),
    /** The item's org unit, or the department evaluated; null for a county's result. */
    orgUnitId: integer().references(() => orgUnits.id),
    /** The region the subject lies in (the county itself for a county's result). */
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    fiscalYear: integer().notNull(),
    source: text({ enum: EVALUATION_RESULT_SOURCES.values }).notNull(),
    score: numeric({ precision: 5, scale: 1, mode: 'number' }).notNull(),
    grade: text({ enum: GRADES.values }).notNull(),
    /** 自评结果失真 (found by a spot check) or data distorted. */
    distortion: boolean().notNull().default(false),
    summary: text(),
    /** The workflow record the result came from (`self_evaluation:12`), or null when recorded by hand. */
    sourceRef: text(),
    recordedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('evaluation_results_subject_uq').on(
      t.subjectKind,
      sql`coalesce(${t.itemId}, ${t.orgUnitId}, ${t.regionId})`,
      t.fiscalYear,
      t.source,
    ),
    index('evaluation_results_year_idx').on(t.fiscalYear, t.subjectKind),
    index('evaluation_results_item_idx').on(t.itemId),
  ],
);

/** 评价发现的问题: a finding of a result; one with a required action opens a rectification task. */
export const evaluationFindings = pgTable(
  'evaluation_findings',
  {
    id: id(),
    resultId: integer()
      .notNull()
      .references(() => evaluationResults.id),
    finding: text().notNull(),
    requiredAction: text(),
    /** The item the rectification is about (the result's own item for an item's result). */
    itemId: integer().references(() => budgetItems.id),
    deadline: date({ mode: 'string' }),
    rectificationTaskId: integer().references(() => rectificationTasks.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluation_findings_result_idx').on(t.resultId),
    index('evaluation_findings_item_idx').on(t.itemId),
  ],
);
