import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/**
 * API tokens, stored as SHA-256 hashes; the clear token is shown once. A token acts as its user with
 * `roles` (a subset of the user's, null = all of them) until `expiresAt`, unless revoked.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    prefix: text().notNull(),
    roles: text().array(),
    createdAt: createdAt(),
    /** Who issued it; null for the start-up admin token and the `npm run token` command. */
    createdByUserId: integer().references(() => users.id),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
    revokedByUserId: integer().references(() => users.id),
    /** When it was last accepted, to the minute. */
    lastUsedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
