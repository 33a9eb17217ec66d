import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema } from '@jixiao/core';
import { allocateTransferPool } from '@jixiao/db/transfers';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, jsonBody } from '../schemas.ts';

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const AllocationSchema = z
  .object({
    regionId: z.number(),
    name: z.string(),
    formulaFen: z.number(),
    score: z.number().nullable(),
    scoreSource: z.enum(['county_evaluation', 'fiscal_facts']).nullable(),
    scoreNote: z.string().nullable(),
    factor: z.number(),
    allocatedFen: z.number(),
    explanation: z.string(),
  })
  .openapi('TransferAllocation');

const routes = {
  preview: createRoute({
    method: 'post',
    path: '/transfer-allocations/preview',
    tags: ['结果应用'],
    summary: '转移支付与下级政府财政运行综合绩效挂钩：按综合评价得分计算各县分配额并说明（不写入数据）',
    request: {
      body: jsonBody(
        z.strictObject({
          fiscalYear: fiscalYearSchema,
          poolFen: fen,
          counties: z
            .array(z.strictObject({ regionId: z.number().int().positive(), formulaFen: fen }))
            .min(1)
            .max(500),
        }),
      ),
    },
    responses: {
      200: {
        description: '各县分配',
        content: { 'application/json': { schema: z.object({ data: z.array(AllocationSchema) }) } },
      },
      ...errorResponses,
    },
  }),
};

export function registerTransferRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.preview, async (c) =>
    c.json({ data: await allocateTransferPool(platform, c.get('actor'), c.req.valid('json')) }, 200),
  );
}
