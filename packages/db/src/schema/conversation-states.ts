import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';

/** Short per-conversation memory of the bot (last item discussed, a write awaiting "确认"). */
export const conversationStates = pgTable('conversation_states', {
  /** channel:conversationId:externalUserId */
  key: text().primaryKey(),
  state: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: updatedAt(),
});
