import { INDICATOR_LEVEL1, INDICATOR_LEVEL2, INDICATOR_STANDARDS, OPERATORS, SECTORS } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { fundTypes } from './fund-types.ts';
import { regions } from './regions.ts';
import { users } from './users.ts';

/**
 * 绩效指标库: core indicators of the common framework, of fund types and of sectors, with their
 * standard and reference value or range. Kept by the finance bureau; fund-type plugins contribute
 * theirs (`origin = 'plugin'`, synced at start-up).
 *
 * A bureau's entries belong to its region (`regionId`): a city's are visible to its counties, a
 * county's to itself and its city, and only the region's own bureau edits them (IN-11). Plugin
 * entries have no region and are everyone's.
 */
export const indicatorLibrary = pgTable(
  'indicator_library',
  {
    id: id(),
    name: text().notNull(),
    level1: text({ enum: INDICATOR_LEVEL1.values }).notNull(),
    level2: text({ enum: INDICATOR_LEVEL2.values }).notNull(),
    operator: text({ enum: OPERATORS.values }).notNull(),
    unit: text().notNull().default(''),
    standard: text({ enum: INDICATOR_STANDARDS.values }).notNull(),
    fundTypeId: text().references(() => fundTypes.id),
    sector: text({ enum: SECTORS.values }),
    referenceValue: doublePrecision(),
    referenceMin: doublePrecision(),
    referenceMax: doublePrecision(),
    guidance: text(),
    source: text().notNull(),
    regionId: integer().references(() => regions.id),
    origin: text({ enum: ['bureau', 'plugin'] })
      .notNull()
      .default('bureau'),
    active: boolean().notNull().default(true),
    createdBy: integer().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('indicator_library_fund_idx').on(t.fundTypeId),
    index('indicator_library_sector_idx').on(t.sector),
    index('indicator_library_region_idx').on(t.regionId),
    // One live entry per name in each part of each region's library.
    uniqueIndex('indicator_library_name_uq')
      .on(
        sql`coalesce(${t.regionId}, 0)`,
        sql`coalesce(${t.fundTypeId}, '')`,
        sql`coalesce(${t.sector}, '')`,
        t.name,
      )
      .where(sql`${t.active}`),
  ],
);
