import { bigint, index, integer, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 审计日志, hash-chained: `hash` = SHA-256 over every column of the entry, `prevHash` included,
 * so editing, inserting or deleting any row breaks the chain from there on (`audit/verify.ts`).
 * Ids are given by the writer under the chain-head lock: 1, 2, 3… without gaps.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: bigint({ mode: 'number' }).primaryKey(),
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
    /**
     * How `hash` was computed: 2 for every entry written now; 1 for entries written before the
     * upgrade (the default fills them in), accepted only before the first version-2 entry.
     */
    hashVersion: smallint().notNull().default(1),
  },
  (t) => [index('audit_entries_item_idx').on(t.itemId)],
);

/** One row: the id and hash of the newest audit entry, locked by every append. */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer().primaryKey(),
  lastEntryId: bigint({ mode: 'number' }),
  lastHash: text().notNull(),
});
