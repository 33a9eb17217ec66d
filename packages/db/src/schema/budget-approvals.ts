import { date, index, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, fen, id } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

/**
 * 预算和绩效目标同步批复 (景党发〔2019〕18号§七): one action of the finance bureau approving a
 * department's budget items and issuing their targets with them.
 */
export const budgetApprovals = pgTable(
  'budget_approvals',
  {
    id: id(),
    /** 批复文号, e.g. 绩批〔2026〕3号. */
    number: text().notNull(),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    fiscalYear: integer().notNull(),
    approvedOn: date({ mode: 'string' }).notNull(),
    approvedBy: integer().references(() => users.id),
    totalFen: fen().notNull(),
    /** The department-wide target version issued with it, if any. */
    departmentTargetVersionId: integer(),
    note: text(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('budget_approvals_number_uq').on(t.number),
    index('budget_approvals_org_idx').on(t.orgUnitId),
  ],
);

/** The items a 批复 approved, with the amount and the target version issued for each. */
export const budgetApprovalItems = pgTable(
  'budget_approval_items',
  {
    approvalId: integer()
      .notNull()
      .references(() => budgetApprovals.id),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    amountFen: fen().notNull(),
    targetVersionId: integer().notNull(),
    cycleTargetVersionId: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.approvalId, t.itemId] }),
    index('budget_approval_items_item_idx').on(t.itemId),
  ],
);
