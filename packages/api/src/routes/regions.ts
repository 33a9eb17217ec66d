import { createRoute, z } from '@hono/zod-openapi';
import { regionInputSchema } from '@jixiao/core';
import { createRegion, listRegions } from '@jixiao/db/master-data';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, jsonBody } from '../schemas.ts';

const RegionSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    parentId: z.number().nullable(),
    path: z.string(),
  })
  .openapi('Region');

const regionJson = ({
  id,
  code,
  name,
  level,
  parentId,
  path,
}: z.infer<typeof RegionSchema> & Record<string, unknown>) => ({
  id,
  code,
  name,
  level,
  parentId,
  path,
});

const listRoute = createRoute({
  method: 'get',
  path: '/regions',
  tags: ['基础数据'],
  summary: '行政区划（本级及下级）',
  responses: {
    200: {
      description: '区划',
      content: { 'application/json': { schema: z.object({ regions: z.array(RegionSchema) }) } },
    },
    ...errorResponses,
  },
});

const createRegionRoute = createRoute({
  method: 'post',
  path: '/regions',
  tags: ['基础数据'],
  summary: '新增行政区划',
  request: { body: jsonBody(regionInputSchema) },
  responses: {
    201: { description: '已创建', content: { 'application/json': { schema: RegionSchema } } },
    ...errorResponses,
  },
});

/** Administrative regions: GET and POST /regions. */
export function registerRegionRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(listRoute, async (c) => {
    const rows = await listRegions(platform.db, c.get('actor'));
    return c.json({ regions: rows.map(regionJson) }, 200);
  });
  app.openapi(createRegionRoute, async (c) => {
    const row = await createRegion(platform, c.get('actor'), c.req.valid('json'));
    return c.json(regionJson(row), 201);
  });
}
