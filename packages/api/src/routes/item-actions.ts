import { createRoute, z } from '@hono/zod-openapi';
import { ACTION_LABELS, LIFECYCLE_ACTIONS, lifecycleActionBodySchema } from '@jixiao/core';
import { applyAction } from '@jixiao/db/items';
import type { ApiDeps, App } from '../env.ts';
import { itemJson } from '../mappers.ts';
import { decimalId, errorResponses, ItemSchema } from '../schemas.ts';

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

/** Lifecycle actions on an item: POST /items/{id}/actions/{action}. */
export function registerItemActionRoutes(app: App, { platform }: ApiDeps) {
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
}
