import { createRoute, z } from '@hono/zod-openapi';
import {
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  INDICATOR_STANDARDS,
  idSchema,
  libraryIndicatorInputSchema,
  libraryIndicatorPatchSchema,
  OPERATORS,
  SECTORS,
} from '@jixiao/core';
import {
  createLibraryIndicator,
  getLibraryIndicator,
  type LibraryIndicatorRow,
  listLibraryIndicators,
  retireLibraryIndicator,
  updateLibraryIndicator,
} from '@jixiao/db/indicator-library';
import { getItem } from '@jixiao/db/items';
import type { ApiDeps, App } from '../env.ts';
import { afterIdOf, errorResponses, IdParam, jsonBody, PageQuery, pageOf } from '../schemas.ts';

const LibraryIndicatorSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    scope: z
      .enum(['common', 'fund_type', 'sector'])
      .openapi({ description: '共性指标、资金类型核心指标或行业核心指标' }),
    level1: z.enum(INDICATOR_LEVEL1.values),
    level2: z.enum(INDICATOR_LEVEL2.values),
    operator: z.enum(OPERATORS.values),
    unit: z.string(),
    standard: z.enum(INDICATOR_STANDARDS.values),
    standardLabel: z.string(),
    fundTypeId: z.string().nullable(),
    sector: z.enum(SECTORS.values).nullable(),
    referenceValue: z.number().nullable(),
    referenceMin: z.number().nullable(),
    referenceMax: z.number().nullable(),
    guidance: z.string().nullable(),
    source: z.string(),
    origin: z.enum(['bureau', 'plugin']),
    regionId: z.number().nullable().openapi({ description: '所属区划（插件提供的指标为 null，全省通用）' }),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi('LibraryIndicator');

function json(r: LibraryIndicatorRow) {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    level1: r.level1,
    level2: r.level2,
    operator: r.operator,
    unit: r.unit,
    standard: r.standard,
    standardLabel: INDICATOR_STANDARDS.labels[r.standard],
    fundTypeId: r.fundTypeId,
    sector: r.sector,
    referenceValue: r.referenceValue,
    referenceMin: r.referenceMin,
    referenceMax: r.referenceMax,
    guidance: r.guidance,
    source: r.source,
    origin: r.origin,
    regionId: r.regionId,
    active: r.active,
    updatedAt: r.updatedAt.toISOString(),
  };
}

const TAG = '绩效指标库';
const one = (description: string) => ({
  200: { description, content: { 'application/json': { schema: LibraryIndicatorSchema } } },
  ...errorResponses,
});
const created = (description: string) => ({
  201: { description, content: { 'application/json': { schema: LibraryIndicatorSchema } } },
  ...errorResponses,
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/indicator-library',
    tags: [TAG],
    summary: '指标库：共性指标框架、各资金类型和各行业的核心指标（标准与参考值）',
    request: {
      query: z.object({
        fundTypeId: z.string().max(60).optional(),
        sector: z.enum(SECTORS.values).optional(),
        level1: z.enum(INDICATOR_LEVEL1.values).optional(),
        itemId: z.coerce
          .number()
          .pipe(idSchema)
          .optional()
          .openapi({ description: '适用于该项目的（其资金类型、行业与共性指标）' }),
        q: z.string().trim().max(100).optional(),
        includeRetired: z.enum(['true', 'false']).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '指标',
        content: {
          'application/json': {
            schema: z.object({
              indicators: z.array(LibraryIndicatorSchema),
              nextCursor: z.string().nullable(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/indicator-library',
    tags: [TAG],
    summary: '新增指标（财政部门）',
    request: { body: jsonBody(libraryIndicatorInputSchema) },
    responses: created('已新增'),
  }),
  get: createRoute({
    method: 'get',
    path: '/indicator-library/{id}',
    tags: [TAG],
    summary: '指标详情',
    request: { params: IdParam },
    responses: one('指标'),
  }),
  update: createRoute({
    method: 'patch',
    path: '/indicator-library/{id}',
    tags: [TAG],
    summary: '修改指标（插件提供的指标随插件维护，不能修改）',
    request: { params: IdParam, body: jsonBody(libraryIndicatorPatchSchema) },
    responses: one('修改后的指标'),
  }),
  retire: createRoute({
    method: 'delete',
    path: '/indicator-library/{id}',
    tags: [TAG],
    summary: '停用指标（已使用它的目标不受影响）',
    request: { params: IdParam },
    responses: one('已停用'),
  }),
};

export function registerIndicatorLibraryRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const item = q.itemId !== undefined ? await getItem(platform.db, c.get('actor'), q.itemId) : null;
    const rows = await listLibraryIndicators(platform.db, c.get('actor'), {
      fundTypeId: q.fundTypeId,
      sector: q.sector,
      level1: q.level1,
      forItem: item ? { fundTypeId: item.fundTypeId, sector: item.sector } : undefined,
      q: q.q,
      includeRetired: q.includeRetired === 'true',
      afterId: afterIdOf(q.cursor),
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ indicators: page.map(json), nextCursor }, 200);
  });
  app.openapi(routes.create, async (c) =>
    c.json(json(await createLibraryIndicator(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(json(await getLibraryIndicator(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.update, async (c) =>
    c.json(
      json(
        await updateLibraryIndicator(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
      ),
      200,
    ),
  );
  app.openapi(routes.retire, async (c) =>
    c.json(json(await retireLibraryIndicator(platform, c.get('actor'), c.req.valid('param').id)), 200),
  );
}
