import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

/** API tokens, stored as SHA-256 hashes; the clear token is shown once. */
export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: integer()
    .notNull()
    .references(() => users.id),
  name: text().notNull(),
  tokenHash: text().notNull().unique(),
  prefix: text().notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp({ withTimezone: true, mode: 'date' }),
  revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
});
