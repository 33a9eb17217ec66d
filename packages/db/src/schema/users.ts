import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { orgUnits } from './org-units.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    name: text().notNull(),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    roles: text().array().notNull(),
    title: text(),
    mobile: text(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('users_org_unit_idx').on(t.orgUnitId)],
);
