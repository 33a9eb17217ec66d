import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

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
