import { createRoute, z } from '@hono/zod-openapi';
import { fiscalFactsInputSchema } from '@jixiao/core';
import { countyFiscalRanking, getFiscalFacts, putFiscalFacts } from '@jixiao/db/evaluations';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, jsonBody, RegionYearParams as Params } from '../schemas.ts';

const TAG = '下级政府财政运行综合绩效评价';

const FactsSchema = z
  .object({
    region: z.object({ id: z.number(), name: z.string() }),
    fiscalYear: z.number(),
    facts: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: '未报送时为 null；金额单位为分' }),
  })
  .openapi('RegionFiscalFacts');

const IndicatorSchema = z.object({
  key: z.string(),
  name: z.string(),
  value: z.string().nullable(),
  points: z.number(),
  score: z.number(),
  note: z.string(),
});

const routes = {
  get: createRoute({
    method: 'get',
    path: '/regions/{id}/fiscal-facts/{year}',
    tags: [TAG],
    summary: '地区年度财政运行数据（县看本县，市看全部）',
    request: { params: Params },
    responses: {
      200: { description: '数据', content: { 'application/json': { schema: FactsSchema } } },
      ...errorResponses,
    },
  }),
  put: createRoute({
    method: 'put',
    path: '/regions/{id}/fiscal-facts/{year}',
    tags: [TAG],
    summary:
      '维护地区年度财政运行数据（税收、“三保”、债务、库款、执行率、绩效管理工作得分、转移支付因素法测算数）',
    request: { params: Params, body: jsonBody(fiscalFactsInputSchema) },
    responses: {
      200: { description: '保存后的数据', content: { 'application/json': { schema: FactsSchema } } },
      ...errorResponses,
    },
  }),
  ranking: createRoute({
    method: 'get',
    path: '/regions/{id}/county-fiscal-evaluation/{year}',
    tags: [TAG],
    summary: '所辖县（区）财政运行综合绩效评价得分和排名（县只看到本县一行及名次）',
    request: { params: Params },
    responses: {
      200: {
        description: '得分和排名',
        content: {
          'application/json': {
            schema: z
              .object({
                region: z.object({ id: z.number(), name: z.string() }),
                fiscalYear: z.number(),
                total: z.number().openapi({ description: '参加排名的县（区）数' }),
                counties: z.array(
                  z.object({
                    regionId: z.number(),
                    name: z.string(),
                    indicators: z.array(IndicatorSchema),
                    total: z.number(),
                    rank: z.number(),
                  }),
                ),
              })
              .openapi('CountyFiscalRanking'),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerFiscalFactRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.get, async (c) => {
    const p = c.req.valid('param');
    return c.json(await getFiscalFacts(platform.db, c.get('actor'), p.id, p.year), 200);
  });
  app.openapi(routes.put, async (c) => {
    const p = c.req.valid('param');
    return c.json(await putFiscalFacts(platform, c.get('actor'), p.id, p.year, c.req.valid('json')), 200);
  });
  app.openapi(routes.ranking, async (c) => {
    const p = c.req.valid('param');
    return c.json(await countyFiscalRanking(platform, c.get('actor'), p.id, p.year), 200);
  });
}
