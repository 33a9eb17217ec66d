import { SEVERITIES, SUGGESTED_ACTIONS, WARNING_STATUSES } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/**
 * 预警: one problem on one item in one fiscal year. `findingKey` identifies the problem across
 * sweeps, so the same finding updates its warning instead of adding another; only one warning
 * per key is not closed at any time.
 */
export const warnings = pgTable(
  'warnings',
  {
    id: id(),
    itemId: integer().notNull(),
    fiscalYear: integer().notNull(),
    ruleId: text().notNull(),
    findingKey: text().notNull(),
    /** Denormalised from the item for filtering and scope; the foreign key keeps it the item's. */
    orgUnitId: integer().notNull(),
    fundTypeId: text().notNull(),
    severity: text({ enum: SEVERITIES.values }).notNull(),
    message: text().notNull(),
    suggestedAction: text({ enum: SUGGESTED_ACTIONS.values }).notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text({ enum: WARNING_STATUSES }).notNull().default('open'),
    firstSeenAt: createdAt(),
    changedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastRunId: integer(),
    acknowledgedBy: integer().references(() => users.id),
    acknowledgedAt: timestamp({ withTimezone: true, mode: 'date' }),
    acknowledgement: text(),
    escalationLevel: integer().notNull().default(0),
    escalatedAt: timestamp({ withTimezone: true, mode: 'date' }),
    resolvedBy: integer().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true, mode: 'date' }),
    resolution: text(),
    closedAt: timestamp({ withTimezone: true, mode: 'date' }),
    closeReason: text(),
  },
  (t) => [
    // One check per row instead of two (item, unit): a province's first sweep inserts 400,000.
    foreignKey({
      name: 'warnings_item_org_unit_fk',
      columns: [t.orgUnitId, t.itemId],
      foreignColumns: [budgetItems.orgUnitId, budgetItems.id],
    }).onUpdate('cascade'),
    uniqueIndex('warnings_active_key_uq')
      .on(t.itemId, t.fiscalYear, t.findingKey)
      .where(sql`${t.status} <> 'closed'`),
    index('warnings_org_status_idx').on(t.orgUnitId, t.status),
    index('warnings_item_idx').on(t.itemId),
    index('warnings_status_severity_idx').on(t.status, t.severity),
  ],
);
