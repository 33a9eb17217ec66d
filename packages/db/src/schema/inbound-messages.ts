import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bigId, createdAt } from './columns.ts';

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
