import { SEVERITIES, SUGGESTED_ACTIONS } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import {
  date,
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
import { bigId, createdAt, id } from './columns.ts';
import { users } from './users.ts';

export const WARNING_STATUSES = ['open', 'acknowledged', 'escalated', 'resolved', 'closed'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

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

/** The run log of the monitoring sweep. */
export const monitoringRuns = pgTable('monitoring_runs', {
  id: id(),
  trigger: text({ enum: ['schedule', 'api', 'cli', 'test', 'startup'] }).notNull(),
  triggeredBy: integer(),
  asOf: date({ mode: 'string' }).notNull(),
  status: text({ enum: ['running', 'completed', 'failed', 'interrupted'] })
    .notNull()
    .default('running'),
  startedAt: createdAt(),
  finishedAt: timestamp({ withTimezone: true, mode: 'date' }),
  durationMs: integer(),
  itemsScanned: integer().notNull().default(0),
  findings: integer().notNull().default(0),
  created: integer().notNull().default(0),
  updated: integer().notNull().default(0),
  closed: integer().notNull().default(0),
  errors: jsonb()
    .$type<Array<{ ruleId: string; itemId: number | null; message: string }>>()
    .notNull()
    .default([]),
  /** Process that ran it (host:pid), to recognise runs left 'running' by a killed process. */
  runner: text().notNull(),
});

/**
 * Transactional outbox: a message to deliver, written in the same transaction as the change
 * that causes it. `dedupeKey` makes writing it idempotent; the notify worker delivers it.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigId(),
    kind: text().notNull(),
    dedupeKey: text().notNull().unique(),
    recipientUserId: integer().references(() => users.id),
    /** A group conversation instead of a user. */
    recipientGroupId: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['pending', 'sending', 'sent', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text(),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.nextAttemptAt)],
);

/** Jobs that run on a schedule; an instance claims a due run by moving `nextRunAt` (compare-and-swap). */
export const schedules = pgTable('schedules', {
  name: text().primaryKey(),
  nextRunAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  lastRunAt: timestamp({ withTimezone: true, mode: 'date' }),
  lastRunner: text(),
});
