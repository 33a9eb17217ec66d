import { createRoute, z } from '@hono/zod-openapi';
import { ACTION_LABELS, LIFECYCLE_ACTIONS, lifecycleActionBodySchema } from '@jixiao/core';
import { requirePermission, requirePermissionAt } from '@jixiao/db';
import { applyAction, getItem } from '@jixiao/db/items';
import { auditEntries } from '@jixiao/db/schema';
import { asc, eq } from 'drizzle-orm';
import type { ApiDeps, App } from '../env.ts';
import { itemJson } from '../mappers.ts';
import { decimalId, errorResponses, IdParam, ItemSchema } from '../schemas.ts';

const ActionParams = z.object({
  id: decimalId().openapi({ param: { name: 'id', in: 'path' } }),
  action: z.enum(LIFECYCLE_ACTIONS).openapi({
    param: { name: 'action', in: 'path' },
    description: Object.entries(ACTION_LABELS)
      .map(([k, v]) => `${k}：${v}`)
      .join('；'),
  }),
});

const actionRoute = createRoute({
  method: 'post',
  path: '/items/{id}/actions/{action}',
  tags: ['生命周期'],
  summary: '执行生命周期操作（每个操作都有前置条件与角色限制，拒绝时说明原因）',
  request: {
    params: ActionParams,
    body: { required: false, content: { 'application/json': { schema: lifecycleActionBodySchema } } },
  },
  responses: {
    200: {
      description: '操作后的项目、生成的生命周期记录与插件审核结果',
      content: {
        'application/json': {
          schema: z.object({
            item: ItemSchema,
            event: z.object({
              id: z.number(),
              action: z.string(),
              from: z.string(),
              to: z.string(),
              at: z.string(),
              reason: z.string().nullable(),
            }),
            review: z.array(
              z.object({
                checkId: z.string(),
                name: z.string(),
                outcome: z.enum(['pass', 'warn', 'fail']),
                reasons: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

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

const auditRoute = createRoute({
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

export function registerActionRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(actionRoute, async (c) => {
    const { id, action } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const result = await applyAction(platform, c.get('actor'), id, action, body);
    return c.json(
      {
        item: itemJson(result.item),
        event: { ...result.event, at: result.event.at.toISOString() },
        review: result.review.map((r) => ({
          checkId: r.checkId,
          name: r.name,
          outcome: r.outcome,
          reasons: r.reasons,
        })),
      },
      200,
    );
  });

  app.openapi(auditRoute, async (c) => {
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
