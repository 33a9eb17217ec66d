import { type AnyPgColumn, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { regions } from './regions.ts';

/**
 * 财政部门 / 主管部门 / 预算单位, a tree inside a region. `path` = region path + "o<id>/" per
 * ancestor, so a data scope is one prefix match.
 */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: text({ enum: ['finance_bureau', 'department', 'unit', 'third_party'] }).notNull(),
    regionId: integer()
      .notNull()
      .references(() => regions.id),
    parentId: integer().references((): AnyPgColumn => orgUnits.id),
    path: text().notNull(),
    /** The head who receives escalations (no FK: users reference org units). */
    headUserId: integer(),
    createdAt: createdAt(),
  },
  (t) => [index('org_units_path_idx').on(t.path.op('text_pattern_ops'))],
);
