import { createHash } from 'node:crypto';
import { ATTACHMENT_PURPOSES, type AttachmentPurpose, InputError, NotFoundError } from '@jixiao/core';
import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { type Actor, inScope, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { getItem } from '../items/item-queries.ts';
import type { Platform } from '../platform.ts';
import { attachmentBlobs, attachments, orgUnits, users } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';
import { ATTACHMENT_TYPE_LABELS, type AttachmentLimits, detectFileType } from './file-types.ts';

export interface AttachmentRow {
  id: number;
  itemId: number | null;
  orgUnitId: number;
  purpose: AttachmentPurpose;
  purposeLabel: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedBy: { id: number; name: string } | null;
  uploadedAt: Date;
}

const refuse = (field: string, message: string) =>
  new InputError(`字段 ${field}：${message}`, [{ path: field, message }]);
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10}MB`;

/** A file name as shown and downloaded: no folders, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return (
    base
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .trim()
      .slice(0, 200)
  );
}

export interface AttachInput {
  /** The item the file belongs to; or `orgUnitId` for a department's own work. */
  itemId?: number;
  orgUnitId?: number;
  purpose: AttachmentPurpose;
  fileName: string;
  bytes: Uint8Array;
}

/**
 * Stores a file for an item (or an org unit) in the actor's scope: its type is decided by its
 * content and must be allowed, its SHA-256 recorded (the same content is stored once), and the
 * upload audited.
 */
export async function attachFile(
  platform: Platform,
  actor: Actor,
  input: AttachInput,
  limits: AttachmentLimits,
): Promise<AttachmentRow> {
  requirePermission(actor, 'attachments.write');
  if (!ATTACHMENT_PURPOSES.values.includes(input.purpose)) throw refuse('purpose', '用途不正确');
  const fileName = cleanFileName(input.fileName);
  if (!fileName) throw refuse('fileName', '文件名不能为空');
  if (input.bytes.length === 0) throw refuse('file', '文件为空');
  if (input.bytes.length > limits.maxBytes) {
    throw refuse('file', `文件过大（${mb(input.bytes.length)}），附件不能超过${mb(limits.maxBytes)}`);
  }
  let orgUnitId: number;
  let itemId: number | null = null;
  if (input.itemId !== undefined) {
    const item = await getItem(platform.db, actor, input.itemId);
    requirePermissionAt(actor, 'attachments.write', item.orgPath, `项目“${item.name}”`);
    itemId = item.id;
    orgUnitId = item.orgUnit.id;
  } else if (input.orgUnitId !== undefined) {
    const [org] = await platform.db.select().from(orgUnits).where(eq(orgUnits.id, input.orgUnitId)).limit(1);
    if (!org || !inScope(actor, org.path))
      throw refuse('orgUnitId', `单位 ${input.orgUnitId} 不存在或不在您的数据范围内`);
    requirePermissionAt(actor, 'attachments.write', org.path, `单位“${org.name}”`);
    orgUnitId = org.id;
  } else {
    throw refuse('itemId', '须指定附件所属的项目或单位');
  }
  const mimeType = await detectFileType(input.bytes);
  if (!mimeType || !limits.allowedTypes.includes(mimeType)) {
    const allowed = limits.allowedTypes.map((t) => ATTACHMENT_TYPE_LABELS[t] ?? t).join('、');
    throw refuse('file', `文件类型不允许或无法识别（按文件内容判断，不看扩展名）；可上传：${allowed}`);
  }
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const id = await platform.db.transaction(async (tx) => {
    await tx
      .insert(attachmentBlobs)
      .values({ sha256, bytes: input.bytes, size: input.bytes.length })
      .onConflictDoNothing();
    const [row] = await tx
      .insert(attachments)
      .values({
        itemId,
        orgUnitId,
        purpose: input.purpose,
        fileName,
        mimeType,
        size: input.bytes.length,
        sha256,
        uploadedBy: actor.userId,
      })
      .returning({ id: attachments.id });
    const attachmentId = (row as { id: number }).id;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'attachment.add',
          entityType: 'attachment',
          entityId: attachmentId,
          itemId,
          after: { fileName, purpose: input.purpose, mimeType, size: input.bytes.length, sha256, orgUnitId },
        },
      ],
      platform.now(),
    );
    return attachmentId;
  });
  return getAttachment(platform.db, actor, id);
}

function query(db: DbOrTx, actor: Actor, conds: SQL[]) {
  return db
    .select({ a: attachments, uploaderName: users.name })
    .from(attachments)
    .innerJoin(orgUnits, eq(orgUnits.id, attachments.orgUnitId))
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(and(orgInScope(actor), isNull(attachments.removedAt), ...conds))
    .orderBy(asc(attachments.id));
}

function toRow(r: { a: typeof attachments.$inferSelect; uploaderName: string | null }): AttachmentRow {
  const a = r.a;
  return {
    id: a.id,
    itemId: a.itemId,
    orgUnitId: a.orgUnitId,
    purpose: a.purpose,
    purposeLabel: ATTACHMENT_PURPOSES.labels[a.purpose],
    fileName: a.fileName,
    mimeType: a.mimeType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy:
      a.uploadedBy !== null && r.uploaderName !== null ? { id: a.uploadedBy, name: r.uploaderName } : null,
    uploadedAt: a.uploadedAt,
  };
}

export interface AttachmentFilter {
  itemId?: number;
  orgUnitId?: number;
  purpose?: AttachmentPurpose;
  ids?: readonly number[];
  limit?: number;
}

/** Attachments in the actor's scope. */
export async function listAttachments(
  db: DbOrTx,
  actor: Actor,
  f: AttachmentFilter,
): Promise<AttachmentRow[]> {
  const conds: SQL[] = [];
  if (f.itemId !== undefined) conds.push(eq(attachments.itemId, f.itemId));
  if (f.orgUnitId !== undefined) conds.push(eq(attachments.orgUnitId, f.orgUnitId));
  if (f.purpose !== undefined) conds.push(eq(attachments.purpose, f.purpose));
  if (f.ids !== undefined) {
    if (f.ids.length === 0) return [];
    conds.push(inArray(attachments.id, [...f.ids]));
  }
  const rows = await query(db, actor, conds).limit(f.limit ?? 500);
  return rows.map(toRow);
}

export async function getAttachment(db: DbOrTx, actor: Actor, id: number): Promise<AttachmentRow> {
  const [row] = await query(db, actor, [eq(attachments.id, id)]).limit(1);
  if (!row) throw new NotFoundError(`附件 ${id} 不存在或不在您的数据范围内`, { attachmentId: id });
  return toRow(row);
}

/** An attachment with its bytes, for download. */
export async function readAttachment(
  db: DbOrTx,
  actor: Actor,
  id: number,
): Promise<{ attachment: AttachmentRow; bytes: Uint8Array }> {
  const attachment = await getAttachment(db, actor, id);
  const [blob] = await db
    .select({ bytes: attachmentBlobs.bytes })
    .from(attachmentBlobs)
    .where(eq(attachmentBlobs.sha256, attachment.sha256))
    .limit(1);
  if (!blob) throw new NotFoundError(`附件 ${id} 的文件内容缺失`, { attachmentId: id });
  return { attachment, bytes: blob.bytes };
}
