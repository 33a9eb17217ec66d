import { createRoute, z } from '@hono/zod-openapi';
import { ATTACHMENT_PURPOSES, InputError } from '@jixiao/core';
import { requirePermissionAt } from '@jixiao/db';
import {
  type AttachmentRow,
  attachFile,
  DEFAULT_ATTACHMENT_LIMITS,
  getAttachment,
  listAttachments,
  readAttachment,
} from '@jixiao/db/attachments';
import { getItem } from '@jixiao/db/items';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, App } from '../env.ts';
import { errorResponse } from '../errors.ts';
import { decimalId, errorResponses, IdParam } from '../schemas.ts';

const AttachmentSchema = z
  .object({
    id: z.number(),
    itemId: z.number().nullable(),
    orgUnitId: z.number(),
    purpose: z.enum(ATTACHMENT_PURPOSES.values),
    purposeLabel: z.string(),
    fileName: z.string(),
    mimeType: z.string(),
    size: z.number(),
    sha256: z.string(),
    uploadedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
    uploadedAt: z.string(),
  })
  .openapi('Attachment');

const json = (a: AttachmentRow) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() });

const optionalId = decimalId().optional();

const uploadRoute = createRoute({
  method: 'post',
  path: '/attachments',
  tags: ['附件'],
  summary: '上传附件（按内容判断文件类型；同一内容只存一份，记录 SHA-256）',
  request: {
    query: z.object({
      itemId: optionalId.openapi({ description: '所属项目' }),
      orgUnitId: optionalId.openapi({ description: '所属单位（部门整体工作的材料，无项目时）' }),
      purpose: z.enum(ATTACHMENT_PURPOSES.values).openapi({ description: '用途' }),
    }),
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
        },
      },
    },
  },
  responses: {
    201: { description: '已保存', content: { 'application/json': { schema: AttachmentSchema } } },
    ...errorResponses,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/attachments',
  tags: ['附件'],
  summary: '附件列表（按数据范围）',
  request: {
    query: z.object({
      itemId: optionalId,
      orgUnitId: optionalId,
      purpose: z.enum(ATTACHMENT_PURPOSES.values).optional(),
    }),
  },
  responses: {
    200: {
      description: '附件',
      content: { 'application/json': { schema: z.object({ data: z.array(AttachmentSchema) }) } },
    },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/attachments/{id}',
  tags: ['附件'],
  summary: '附件信息',
  request: { params: IdParam },
  responses: {
    200: { description: '附件', content: { 'application/json': { schema: AttachmentSchema } } },
    ...errorResponses,
  },
});

const contentRoute = createRoute({
  method: 'get',
  path: '/attachments/{id}/content',
  tags: ['附件'],
  summary: '下载附件',
  request: { params: IdParam },
  responses: {
    200: { description: '文件内容', content: { 'application/octet-stream': { schema: z.any() } } },
    ...errorResponses,
  },
});

/** `Content-Disposition` that keeps a Chinese file name (RFC 6266 / 5987) and an ASCII fallback. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerAttachmentRoutes(app: App, { platform, attachmentLimits }: ApiDeps) {
  const limits = attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS;
  // Where the upload goes is checked before the body is read (whether the caller may upload at
  // all, by the route permissions).
  app.use('/attachments', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const actor = c.get('actor');
    const itemId = Number(c.req.query('itemId'));
    if (Number.isSafeInteger(itemId) && itemId > 0) {
      const item = await getItem(platform.db, actor, itemId);
      requirePermissionAt(actor, 'attachments.write', item.orgPath, `项目“${item.name}”`);
    }
    return next();
  });
  app.use(
    '/attachments',
    bodyLimit({
      maxSize: limits.maxBytes + 64 * 1024,
      onError: (c) =>
        errorResponse(
          c,
          'payload_too_large',
          `附件过大，不能超过${Math.round(limits.maxBytes / 1024 / 1024)}MB`,
        ),
    }),
  );
  app.openapi(uploadRoute, async (c) => {
    const q = c.req.valid('query');
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) {
      throw new InputError('字段 file：请以 multipart/form-data 上传文件', [
        { path: 'file', message: '缺少文件' },
      ]);
    }
    const row = await attachFile(
      platform,
      c.get('actor'),
      {
        ...(q.itemId !== undefined ? { itemId: q.itemId } : {}),
        ...(q.orgUnitId !== undefined ? { orgUnitId: q.orgUnitId } : {}),
        purpose: q.purpose,
        fileName: file.name,
        bytes: new Uint8Array(await file.arrayBuffer()),
      },
      limits,
    );
    return c.json(json(row), 201);
  });
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const rows = await listAttachments(platform.db, c.get('actor'), q);
    return c.json({ data: rows.map(json) }, 200);
  });
  app.openapi(getRoute, async (c) => {
    const row = await getAttachment(platform.db, c.get('actor'), c.req.valid('param').id);
    return c.json(json(row), 200);
  });
  app.openapi(contentRoute, async (c) => {
    const { attachment, bytes } = await readAttachment(platform.db, c.get('actor'), c.req.valid('param').id);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': attachment.mimeType,
      'content-length': String(bytes.length),
      'content-disposition': contentDisposition(attachment.fileName),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
  });
}
