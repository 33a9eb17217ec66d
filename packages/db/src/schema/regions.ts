import { type AnyPgColumn, doublePrecision, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, fen, id } from './columns.ts';

/** 行政区划: city → counties. `path` is the chain of codes ("/360200/360222/") used for data scope. */
export const regions = pgTable('regions', {
  id: id(),
  code: text().notNull().unique(),
  name: text().notNull(),
  level: text({ enum: ['province', 'city', 'county'] }).notNull(),
  parentId: integer().references((): AnyPgColumn => regions.id),
  path: text().notNull().unique(),
  createdAt: createdAt(),
});

/** A region's whole-budget figures for a year; portfolio rules (PPP affordability, debt ratio) read them. */
export const regionFiscalFacts = pgTable(
  'region_fiscal_facts',
  {
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    fiscalYear: integer().notNull(),
    generalBudgetRevenueFen: fen(),
    generalBudgetExpenditureFen: fen(),
    comprehensiveFinancialResourcesFen: fen(),
    debtBalanceFen: fen(),
    gdpGrowthBp: integer(),
    revenueGrowthTargetBp: integer(),
    /** DW-2 下级政府财政运行综合绩效评价: what the county scoring reads. */
    taxRevenueFen: fen(),
    basicGuaranteesArrangedFen: fen(),
    basicGuaranteesNeededFen: fen(),
    treasuryCashFen: fen(),
    monthlyExpenditureFen: fen(),
    executionRateBp: integer(),
    managementScore: doublePrecision(),
    /**
     * The county's amount of the general transfer by the transfer's own factor formula (因素法测算数);
     * the counties' amounts make the pool that their fiscal performance then redistributes (§十六).
     */
    transferFormulaFen: fen(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.fiscalYear] })],
);
