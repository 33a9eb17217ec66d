import { createRoute, z } from '@hono/zod-openapi';
import { institutionInputSchema, institutionUpdateSchema } from '@jixiao/core';
import {
  createInstitution,
  getInstitution,
  type InstitutionRow,
  listInstitutions,
  updateInstitution,
} from '@jixiao/db/institutions';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, jsonBody } from '../schemas.ts';

const InstitutionSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    credentials: z.string(),
    creditCode: z.string().nullable(),
    contact: z.string().nullable(),
    orgUnitId: z.number().nullable().openapi({ description: '机构人员登录所在的第三方机构单位' }),
    region: z.object({ id: z.number(), name: z.string() }),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Institution');

const json = (r: InstitutionRow) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const TAG = '第三方机构';
const one = (description: string) => ({
  200: { description, content: { 'application/json': { schema: InstitutionSchema } } },
  ...errorResponses,
});
const created = (description: string) => ({
  201: { description, content: { 'application/json': { schema: InstitutionSchema } } },
  ...errorResponses,
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/institutions',
    tags: [TAG],
    summary: '第三方机构（本地区及上级登记的）',
    request: {
      query: z.object({
        active: z.enum(['true', 'false']).optional().openapi({ description: 'true：只看在用的' }),
      }),
    },
    responses: {
      200: {
        description: '机构',
        content: { 'application/json': { schema: z.object({ institutions: z.array(InstitutionSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/institutions',
    tags: [TAG],
    summary: '登记第三方机构（名称、资质；财政部门）',
    request: { body: jsonBody(institutionInputSchema) },
    responses: created('已登记'),
  }),
  get: createRoute({
    method: 'get',
    path: '/institutions/{id}',
    tags: [TAG],
    summary: '机构详情',
    request: { params: IdParam },
    responses: one('机构'),
  }),
  update: createRoute({
    method: 'patch',
    path: '/institutions/{id}',
    tags: [TAG],
    summary: '修改机构信息或停用',
    request: { params: IdParam, body: jsonBody(institutionUpdateSchema) },
    responses: one('修改后的机构'),
  }),
};

export function registerInstitutionRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const rows = await listInstitutions(platform.db, c.get('actor'), {
      activeOnly: c.req.valid('query').active === 'true',
      limit: 500,
    });
    return c.json({ institutions: rows.map(json) }, 200);
  });
  app.openapi(routes.create, async (c) =>
    c.json(json(await createInstitution(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(json(await getInstitution(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.update, async (c) =>
    c.json(
      json(await updateInstitution(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
}
