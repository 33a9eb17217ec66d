import { GRADES, SELF_EVALUATION_STATUSES, type SelfEvaluationLine } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { doublePrecision, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, updatedAt } from './columns.ts';
import { departmentTargets } from './department-targets.ts';
import { orgUnits } from './org-units.ts';
import type { StoredCheckProblem } from './self-evaluations.ts';
import { users } from './users.ts';

/**
 * 部门整体支出绩效自评 of a department's fiscal year (DW-4): prepared from the department-wide
 * target in force and the department's budget totals, completed by the officer, confirmed by the
 * department, accepted by the finance bureau. Same content, scoring and flow as an item's
 * self-evaluation (`self_evaluations`), one per department and year.
 */
export const departmentSelfEvaluations = pgTable(
  'department_self_evaluations',
  {
    id: id(),
    /** The department (top-level org unit). */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    fiscalYear: integer().notNull(),
    departmentTargetId: integer()
      .notNull()
      .references(() => departmentTargets.id),
    /** The target version the lines were prepared from (null: the approved target without versions). */
    targetVersionId: integer(),
    status: text({ enum: SELF_EVALUATION_STATUSES.values }).notNull().default('draft'),
    scheme: text().notNull(),
    /** Sums over the department's items of the year: 年初预算数, 全年预算数, 全年执行数. */
    initialFen: fen().notNull(),
    adjustedFen: fen().notNull(),
    executedFen: fen().notNull(),
    lines: jsonb().$type<SelfEvaluationLine[]>().notNull(),
    measures: text().notNull().default(''),
    evidenceAttachmentIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    score: doublePrecision(),
    grade: text({ enum: GRADES.values }),
    problems: jsonb().$type<StoredCheckProblem[]>().notNull().default([]),
    scoredAt: timestamp({ withTimezone: true, mode: 'date' }),
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
    round: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('department_self_evaluations_org_year_uq').on(t.orgUnitId, t.fiscalYear)],
);
