import { boolean, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
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
  /** 资质 one by one (the library's record; `credentials` is the summary the ex-ante work shows). */
  qualifications: jsonb().$type<string[]>().notNull().default([]),
  /** 从业人员数. */
  staffCount: integer(),
  /** 擅长领域. */
  fields: jsonb().$type<string[]>().notNull().default([]),
  /** Standing in the library (§十三 质量监督): 在库, 暂停使用, 清退出库; `active` follows it. */
  libraryStatus: text({ enum: ['active', 'suspended', 'removed'] })
    .notNull()
    .default('active'),
  statusReason: text(),
  createdBy: integer().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
