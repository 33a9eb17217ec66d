import { CASE_OUTCOMES, CASE_SOURCES, CASE_STATUSES } from '@jixiao/core';
import { date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

/**
 * 责任人交接: a change of who answers for an item (its 项目责任人) or a department (its 主要负责人),
 * with both names, the first day of the new holder and why. Exactly one of item/org unit is set.
 */
export const responsibilityHandovers = pgTable(
  'responsibility_handovers',
  {
    id: id(),
    role: text({ enum: ['project_owner', 'department_head'] }).notNull(),
    itemId: integer().references(() => budgetItems.id),
    orgUnitId: integer().references(() => orgUnits.id),
    fromName: text().notNull(),
    toName: text().notNull(),
    toUserId: integer().references(() => users.id),
    effectiveOn: date({ mode: 'string' }).notNull(),
    reason: text().notNull(),
    recordedBy: integer().references(() => users.id),
    recordedAt: createdAt(),
  },
  (t) => [
    index('responsibility_handovers_item_idx').on(t.itemId),
    index('responsibility_handovers_org_idx').on(t.orgUnitId),
  ],
);

/** 问责事项: opened from a finding, naming who answered at the time. */
export const accountabilityCases = pgTable(
  'accountability_cases',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    /** The item's unit, for data scope. */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    source: text({ enum: CASE_SOURCES }).notNull(),
    /** What the case came from: `task:12`, `spot_check_item:5`, free text for a loss. */
    sourceRef: text(),
    finding: text().notNull(),
    /** The day the failure happened: the people are those who answered then. */
    failureOn: date({ mode: 'string' }).notNull(),
    people: jsonb()
      .$type<
        Array<{ role: string; name: string; from: string | null; to: string | null; lifetime: boolean }>
      >()
      .notNull(),
    status: text({ enum: CASE_STATUSES }).notNull().default('open'),
    outcome: text({ enum: CASE_OUTCOMES }),
    decisionReason: text(),
    openedBy: integer().references(() => users.id),
    openedAt: createdAt(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('accountability_cases_item_idx').on(t.itemId),
    index('accountability_cases_org_idx').on(t.orgUnitId),
  ],
);
