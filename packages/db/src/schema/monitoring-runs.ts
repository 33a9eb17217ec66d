import { date, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

/** The run log of the monitoring sweep. */
export const monitoringRuns = pgTable('monitoring_runs', {
  id: id(),
  trigger: text({ enum: ['schedule', 'api', 'cli', 'test', 'startup', 'change'] }).notNull(),
  /**
   * full: every rule over every item in scope; nightly: the date rules over every item, the others
   * over the items changed since (marked in `monitoring_dirty_items`); changed: every rule over the
   * changed items only (judging right after a write).
   */
  mode: text({ enum: ['full', 'nightly', 'changed'] })
    .notNull()
    .default('full'),
  /** Fingerprint of the policy configuration and the rules a run judged with; a nightly run needs the same as the last. */
  rulesFingerprint: text(),
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
