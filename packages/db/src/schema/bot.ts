import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { bigId, createdAt, id, updatedAt } from './columns.ts';
import { warnings } from './monitoring.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

export const RECTIFICATION_STATUSES = ['assigned', 'submitted', 'returned', 'accepted', 'cancelled'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** 整改任务: a finding turned into work for a named person with a deadline. */
export const rectificationTasks = pgTable(
  'rectification_tasks',
  {
    id: id(),
    source: text({ enum: ['warning', 'evaluation', 'spot_check', 'audit'] }).notNull(),
    warningId: integer().references(() => warnings.id),
    itemId: integer()
      .notNull()
      .references(() => budgetItems.id),
    /** The item's org unit, for data scope. */
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    assigneeUserId: integer()
      .notNull()
      .references(() => users.id),
    createdBy: integer().references(() => users.id),
    requirement: text().notNull(),
    deadline: date({ mode: 'string' }).notNull(),
    status: text({ enum: RECTIFICATION_STATUSES }).notNull().default('assigned'),
    /** Submission round: 1 for the first submission, +1 after each return. */
    round: integer().notNull().default(1),
    submission: text(),
    evidence: jsonb().$type<string[]>().notNull().default([]),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedBy: integer().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewComment: text(),
    escalatedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** The DingTalk to-do mirroring this task, once created. */
    todoId: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('rectification_tasks_assignee_idx').on(t.assigneeUserId, t.status),
    index('rectification_tasks_org_idx').on(t.orgUnitId),
    // One live task per warning.
    uniqueIndex('rectification_tasks_warning_uq')
      .on(t.warningId)
      .where(sql`${t.warningId} is not null and ${t.status} <> 'cancelled'`),
  ],
);

/**
 * A notice that asks its recipient to acknowledge (警示、整改通知、提醒). Unacknowledged notices are
 * re-sent on a schedule and then escalated to the head of the recipient's department.
 */
export const notices = pgTable(
  'notices',
  {
    id: id(),
    /** What it is about: `warning:12`, `task:5`. */
    subject: text().notNull(),
    /** Which event of the subject (new, escalated, assigned, returned…): each asks for its own acknowledgement. */
    event: text().notNull(),
    recipientUserId: integer()
      .notNull()
      .references(() => users.id),
    firstSentAt: timestamp({ withTimezone: true, mode: 'date' }),
    lastSentAt: timestamp({ withTimezone: true, mode: 'date' }),
    resendCount: integer().notNull().default(0),
    nextResendAt: timestamp({ withTimezone: true, mode: 'date' }),
    acknowledgedAt: timestamp({ withTimezone: true, mode: 'date' }),
    acknowledgedVia: text({ enum: ['button', 'reply', 'api'] }),
    escalatedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notices_subject_event_recipient_uq').on(t.subject, t.event, t.recipientUserId),
    index('notices_due_idx').on(t.nextResendAt).where(sql`${t.acknowledgedAt} is null`),
    index('notices_recipient_idx').on(t.recipientUserId),
  ],
);

/** Every message received from an IM channel, persisted before it is acknowledged; `msgId` makes redelivery harmless. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: bigId(),
    channel: text({ enum: ['dingtalk'] }).notNull(),
    msgId: text().notNull(),
    externalUserId: text().notNull(),
    conversationId: text().notNull(),
    conversationType: text({ enum: ['single', 'group'] }).notNull(),
    conversationTitle: text(),
    text: text().notNull(),
    sessionWebhook: text(),
    sessionWebhookExpiresAt: timestamp({ withTimezone: true, mode: 'date' }),
    raw: jsonb().$type<Record<string, unknown>>(),
    status: text({ enum: ['received', 'processing', 'answered', 'failed'] })
      .notNull()
      .default('received'),
    claimedAt: timestamp({ withTimezone: true, mode: 'date' }),
    answeredAt: timestamp({ withTimezone: true, mode: 'date' }),
    error: text(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('inbound_messages_channel_msg_uq').on(t.channel, t.msgId),
    index('inbound_messages_status_idx').on(t.status),
  ],
);

/** Short per-conversation memory of the bot (last item discussed, a write awaiting "确认"). */
export const conversationStates = pgTable('conversation_states', {
  /** channel:conversationId:externalUserId */
  key: text().primaryKey(),
  state: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: updatedAt(),
});

/** A group chat bound to a department: answers there are limited to that department's data. */
export const groupBindings = pgTable('group_bindings', {
  conversationId: text().primaryKey(),
  title: text(),
  orgUnitId: integer()
    .notNull()
    .references(() => orgUnits.id),
  boundBy: integer().references(() => users.id),
  boundAt: createdAt(),
});

/** Weekly digest subscriptions. */
export const digestSubscriptions = pgTable('digest_subscriptions', {
  userId: integer()
    .primaryKey()
    .references(() => users.id),
  subscribed: boolean().notNull().default(true),
  updatedAt: updatedAt(),
});
