import { createRoute, z } from '@hono/zod-openapi';
import { BUDGET_ADJUSTMENT_KINDS, budgetAdjustmentInputSchema, fiscalYearSchema } from '@jixiao/core';
import { type ItemYearBudget, itemYearBudget, recordBudgetAdjustment } from '@jixiao/db/budget-adjustments';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, jsonBody, UserRefSchema } from '../schemas.ts';

const TAG = '预算调整';

const ItemYearBudgetSchema = z
  .object({
    item: z.object({ id: z.number(), code: z.string(), name: z.string() }),
    fiscalYear: z.number(),
    initialFen: z.number().openapi({ description: '年初预算数（分）' }),
    adjustedFen: z.number().openapi({ description: '全年预算数 = 年初预算数 + 本年度各次调整（分）' }),
    adjustments: z.array(
      z.object({
        id: z.number(),
        kind: z.enum(BUDGET_ADJUSTMENT_KINDS.values),
        kindLabel: z.string(),
        amountFen: z.number().openapi({ description: '调整金额（分），追加为正、调减为负' }),
        adjustedOn: z.string(),
        reason: z.string(),
        documentNo: z.string().nullable(),
        recordedBy: UserRefSchema.nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('ItemYearBudget');

const json = (b: ItemYearBudget) => ({
  ...b,
  adjustments: b.adjustments.map(({ itemId: _i, fiscalYear: _y, ...a }) => ({
    ...a,
    createdAt: a.createdAt.toISOString(),
  })),
});

const routes = {
  record: createRoute({
    method: 'post',
    path: '/budget-adjustments',
    tags: [TAG],
    summary: '财政部门记录项目年度预算调整（追加、调减、调整），全年预算数随之变化；记入审计',
    request: {
      body: jsonBody(budgetAdjustmentInputSchema),
    },
    responses: {
      201: {
        description: '调整后的项目年度预算',
        content: { 'application/json': { schema: ItemYearBudgetSchema } },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/items/{id}/budget',
    tags: [TAG],
    summary: '项目某年度的年初预算数、各次调整与全年预算数',
    request: { params: IdParam, query: z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema) }) },
    responses: {
      200: { description: '项目年度预算', content: { 'application/json': { schema: ItemYearBudgetSchema } } },
      ...errorResponses,
    },
  }),
};

export function registerBudgetAdjustmentRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.record, async (c) =>
    c.json(json(await recordBudgetAdjustment(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(
      json(
        await itemYearBudget(
          platform.db,
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('query').fiscalYear,
        ),
      ),
      200,
    ),
  );
}
