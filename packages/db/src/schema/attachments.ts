import { ATTACHMENT_PURPOSES } from '@jixiao/core';
import { customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { budgetItems } from './budget-items.ts';
import { createdAt, id } from './columns.ts';
import { orgUnits } from './org-units.ts';
import { users } from './users.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** File contents by SHA-256: a file attached twice is stored once. */
export const attachmentBlobs = pgTable('attachment_blobs', {
  sha256: text().primaryKey(),
  bytes: bytea().notNull(),
  size: integer().notNull(),
  createdAt: createdAt(),
});

/**
 * 附件: a file attached to an item (or, for department-wide work, to an org unit) for a purpose.
 * Its org unit decides who may see it, like the item's.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    itemId: integer().references(() => budgetItems.id),
    orgUnitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    purpose: text({ enum: ATTACHMENT_PURPOSES.values }).notNull(),
    fileName: text().notNull(),
    mimeType: text().notNull(),
    size: integer().notNull(),
    sha256: text()
      .notNull()
      .references(() => attachmentBlobs.sha256),
    uploadedBy: integer().references(() => users.id),
    uploadedAt: createdAt(),
    removedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('attachments_item_idx').on(t.itemId), index('attachments_org_idx').on(t.orgUnitId)],
);
