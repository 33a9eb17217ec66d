import { ITEM_KINDS, ITEM_STATES, SECTORS } from '@jixiao/core';
import { boolean, index, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, updatedAt } from './columns.ts';
import { fundTypes } from './fund-types.ts';
import { orgUnits } from './org-units.ts';

/** 预算项目 / 政策 / 部门整体 / 转移支付. */
export const budgetItems = pgTable(
  'budget_items',
  {
    id: id(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: text({ enum: ITEM_KINDS.values }).notNull(),
    fundTypeId: text()
      .notNull()
      .references(() => fundTypes.id),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    fiscalYearStart: integer().notNull(),
    fiscalYearEnd: integer().notNull(),
    /** The year the item is being tracked in (multi-year items advance it each year). */
    currentFiscalYear: integer().notNull(),
    approvedAmountFen: fen().notNull(),
    responsiblePerson: text().notNull(),
    isNewMajor: boolean().notNull().default(false),
    isSpecialTransfer: boolean().notNull().default(false),
    /** 新增 (not continued from earlier years). */
    isNew: boolean().notNull().default(false),
    /** 基本建设投资项目. */
    isCapitalConstruction: boolean().notNull().default(false),
    sector: text({ enum: SECTORS.values }),
    description: text(),
    /** 支出功能分类科目 (e.g. 2050201), when known: compared when looking for overlapping items. */
    functionalSubject: text(),
    attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    state: text({ enum: ITEM_STATES.values }).notNull().default('draft'),
    /** Incremented on every change; updates carry the version they read. */
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Serves lookups by unit and is the key that rows copying an item's unit (warnings) reference.
    unique('budget_items_org_unit_id_uq').on(t.orgUnitId, t.id),
    index('budget_items_year_fund_idx').on(t.currentFiscalYear, t.fundTypeId),
    index('budget_items_state_idx').on(t.state),
  ],
);
