import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { orgUnits } from './org-units.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    name: text().notNull(),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    roles: text().array().notNull(),
    title: text(),
    mobile: text(),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('users_org_unit_idx').on(t.orgUnitId)],
);

/** A user's identity in an IM channel (DingTalk userId = staff id, unionId for to-dos). */
export const imIdentities = pgTable(
  'im_identities',
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    channel: text({ enum: ['dingtalk'] }).notNull(),
    externalUserId: text().notNull(),
    unionId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('im_identities_channel_external_idx').on(t.channel, t.externalUserId),
    index('im_identities_user_idx').on(t.userId),
  ],
);

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
