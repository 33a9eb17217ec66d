import { createRoute, z } from '@hono/zod-openapi';
import { targetInputSchema } from '@jixiao/core';
import { getItem } from '@jixiao/db/items';
import { loadTargets, setTarget } from '@jixiao/db/targets';
import type { ApiDeps, App } from '../env.ts';
import { targetJson } from '../mappers.ts';
import { errorResponses, IdParam, jsonBody, TargetSchema } from '../schemas.ts';

const getTargets = createRoute({
  method: 'get',
  path: '/items/{id}/targets',
  tags: ['绩效目标'],
  summary: '项目的绩效目标（各年度及全周期）',
  request: { params: IdParam },
  responses: {
    200: {
      description: '绩效目标',
      content: { 'application/json': { schema: z.object({ targets: z.array(TargetSchema) }) } },
    },
    ...errorResponses,
  },
});

const putTarget = createRoute({
  method: 'put',
  path: '/items/{id}/targets',
  tags: ['绩效目标'],
  summary:
    '填报或替换某年度的绩效目标与指标（仅编制中或被退回的目标可改；报送见 /items/{id}/targets/submit）',
  request: { params: IdParam, body: jsonBody(targetInputSchema) },
  responses: {
    200: {
      description: '保存后的目标，以及尚待完善之处（权重合计等）',
      content: {
        'application/json': {
          schema: z.object({
            target: TargetSchema,
            problems: z.array(z.string()).openapi({ description: '报送前须修改之处（质量检查）' }),
            flags: z
              .array(z.string())
              .openapi({ description: '审核时会提示之处（超出指标库参考区间、与以往差异大）' }),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

/** An item's performance targets and indicators: GET and PUT /items/{id}/targets. */
export function registerTargetRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(getTargets, async (c) => {
    const { id } = c.req.valid('param');
    await getItem(platform.db, c.get('actor'), id);
    return c.json({ targets: (await loadTargets(platform.db, id)).map(targetJson) }, 200);
  });

  app.openapi(putTarget, async (c) => {
    const result = await setTarget(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ target: targetJson(result.target), problems: result.problems, flags: result.flags }, 200);
  });
}
