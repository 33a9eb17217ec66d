import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission, requirePermissionAt } from '@jixiao/db';
import { verifyAuditTrail } from '@jixiao/db/audit';
import { getItem } from '@jixiao/db/items';
import { auditEntries } from '@jixiao/db/schema';
import { asc, eq } from 'drizzle-orm';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam } from '../schemas.ts';
import { AuditVerificationSchema, auditVerificationJson } from './audit-verify.ts';

const AuditEntrySchema = z
  .object({
    id: z.number(),
    at: z.string(),
    actorUserId: z.number().nullable(),
    actorName: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const itemAuditRoute = createRoute({
  method: 'get',
  path: '/items/{id}/audit',
  tags: ['审计'],
  summary: '项目的审计记录（哈希链）',
  request: { params: IdParam },
  responses: {
    200: {
      description: '审计记录，按时间顺序',
      content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntrySchema) }) } },
    },
    ...errorResponses,
  },
});

const verifyRoute = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['审计'],
  summary: '校验整条审计日志哈希链及其签名检查点，报告发现的问题',
  responses: {
    200: {
      description: '校验结果',
      content: { 'application/json': { schema: AuditVerificationSchema } },
    },
    ...errorResponses,
  },
});

/** The audit trail: the chain check (GET /audit/verify) and an item's entries (GET /items/{id}/audit). */
export function registerAuditRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(verifyRoute, async (c) => {
    requirePermission(c.get('actor'), 'audit.read');
    const result = await verifyAuditTrail(platform.db, platform.auditAnchor);
    return c.json(auditVerificationJson(result), 200);
  });

  app.openapi(itemAuditRoute, async (c) => {
    const actor = c.get('actor');
    requirePermission(actor, 'audit.read');
    const { id } = c.req.valid('param');
    const item = await getItem(platform.db, actor, id);
    requirePermissionAt(actor, 'audit.read', item.orgPath, `项目“${item.name}”`);
    const rows = await platform.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.itemId, id))
      .orderBy(asc(auditEntries.id));
    return c.json(
      {
        entries: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          actorName: r.actorName,
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          before: r.before ?? null,
          after: r.after ?? null,
          hash: r.hash,
        })),
      },
      200,
    );
  });
}
