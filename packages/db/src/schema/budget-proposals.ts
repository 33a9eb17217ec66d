import { GRADES, POLICY_EXIT_DECISIONS } from '@jixiao/core';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, fen, id } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

/**
 * 预算安排建议: next year's control number proposed for one department from this year's results
 * (JX-2, EV-11). Computed as a draft, reviewed line by line by the finance bureau, then issued.
 */
export const budgetProposals = pgTable(
  'budget_proposals',
  {
    id: id(),
    /** The department (top-level org unit). */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    /** The year the proposal is for. */
    fiscalYear: integer().notNull(),
    /** The year whose results it was computed from. */
    basisYear: integer().notNull(),
    status: text({ enum: ['draft', 'issued'] })
      .notNull()
      .default('draft'),
    /** The cut shares it was computed with (basis points): 中, 差, further cut while unrectified. */
    cutFairBp: integer().notNull(),
    cutPoorBp: integer().notNull(),
    extraCutBp: integer().notNull(),
    departmentGrade: text({ enum: GRADES.values }),
    departmentAdjustmentBp: integer().notNull().default(0),
    baseFen: fen().notNull(),
    itemsCutFen: fen().notNull(),
    departmentAdjustmentFen: fen().notNull(),
    proposedFen: fen().notNull(),
    computedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    issuedAt: timestamp({ withTimezone: true, mode: 'date' }),
    issuedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [unique('budget_proposals_org_year_uq').on(t.orgUnitId, t.fiscalYear)],
);

/** One item's line of a proposal; an override by the finance bureau keeps the computed figure beside it. */
export const budgetProposalLines = pgTable(
  'budget_proposal_lines',
  {
    proposalId: integer()
      .notNull()
      .references(() => budgetProposals.id, { onDelete: 'cascade' }),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    baseFen: fen().notNull(),
    grade: text({ enum: GRADES.values }),
    gradeCutBp: integer().notNull(),
    extraCutBp: integer().notNull(),
    cutBp: integer().notNull(),
    cutFen: fen().notNull(),
    proposedFen: fen().notNull(),
    priority: boolean().notNull(),
    unrectified: boolean().notNull(),
    distortion: boolean().notNull(),
    overrideFen: fen(),
    overrideReason: text(),
    overriddenBy: integer().references(() => users.id),
    overriddenAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.itemId] }),
    index('budget_proposal_lines_item_idx').on(t.itemId),
  ],
);

/** 清理退出 decisions: keep, merge, cut or exit an item, with the reason (and the pair it overlapped). */
export const policyExitDecisions = pgTable(
  'policy_exit_decisions',
  {
    id: id(),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    fiscalYear: integer().notNull(),
    decision: text({ enum: POLICY_EXIT_DECISIONS.values }).notNull(),
    reason: text().notNull(),
    /** For an overlapping pair: the other item. */
    otherItemId: integer().references(() => budgetItems.id),
    grounds: jsonb().$type<string[]>().notNull().default([]),
    decidedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('policy_exit_decisions_item_idx').on(t.itemId)],
);
