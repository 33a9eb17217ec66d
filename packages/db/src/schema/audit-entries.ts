import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bigId } from './columns.ts';

/**
 * 审计日志, hash-chained: `hash` = SHA-256 over the entry and `prevHash`, so editing or deleting
 * any row breaks the chain from there on.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: bigId(),
    at: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    actorUserId: integer(),
    actorName: text().notNull(),
    /** The API token the write was made with (null: not through a token). */
    actorTokenId: integer(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    itemId: integer(),
    before: jsonb().$type<unknown>(),
    after: jsonb().$type<unknown>(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index('audit_entries_item_idx').on(t.itemId)],
);

/** One row: the id and hash of the newest audit entry, locked by every append. */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer().primaryKey(),
  lastEntryId: bigint({ mode: 'number' }),
  lastHash: text().notNull(),
});
