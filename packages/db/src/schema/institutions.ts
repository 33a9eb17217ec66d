import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { regions } from './regions.ts';
import { users } from './users.ts';

/**
 * 第三方机构: an institution the finance bureau may commission (事前评估, later evaluations).
 * Its staff sign in as users of its org unit (kind `third_party`).
 */
export const institutions = pgTable('institutions', {
  id: id(),
  name: text().notNull(),
  /** 资质 (qualifications, certificates) as the bureau records them. */
  credentials: text().notNull(),
  /** 统一社会信用代码. */
  creditCode: text().unique(),
  contact: text(),
  orgUnitId: integer()
    .unique()
    .references(() => orgUnits.id),
  /** The region whose finance bureau keeps the record. */
  regionId: integer()
    .notNull()
    .references(() => regions.id),
  active: boolean().notNull().default(true),
  createdBy: integer().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
