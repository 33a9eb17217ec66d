import type { DepartmentIndicatorInput } from '@jixiao/core';
import { integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

/** 部门整体绩效目标 of a department for a fiscal year (DW-1); its submissions are target versions. */
export const departmentTargets = pgTable(
  'department_targets',
  {
    id: id(),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    fiscalYear: integer().notNull(),
    overallGoal: text().notNull(),
    indicators: jsonb().$type<DepartmentIndicatorInput[]>().notNull(),
    status: text({ enum: ['draft', 'submitted', 'returned', 'approved'] })
      .notNull()
      .default('draft'),
    approvedAt: timestamp({ withTimezone: true, mode: 'date' }),
    approvedBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('department_targets_org_year_uq').on(t.orgUnitId, t.fiscalYear)],
);
