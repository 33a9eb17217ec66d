import { createRoute, z } from '@hono/zod-openapi';
import { orgKindSchema, orgUnitInputSchema } from '@jixiao/core';
import { createOrgUnit, listOrgUnits } from '@jixiao/db/master-data';
import type { ApiDeps, App } from '../env.ts';
import { decimalId, errorResponses, jsonBody } from '../schemas.ts';

const OrgUnitSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    regionId: z.number(),
    parentId: z.number().nullable(),
    path: z.string(),
  })
  .openapi('OrgUnit');

const orgUnitJson = ({
  id,
  code,
  name,
  kind,
  regionId,
  parentId,
  path,
}: z.infer<typeof OrgUnitSchema> & Record<string, unknown>) => ({
  id,
  code,
  name,
  kind,
  regionId,
  parentId,
  path,
});

const listRoute = createRoute({
  method: 'get',
  path: '/org-units',
  tags: ['基础数据'],
  summary: '单位（数据范围内）',
  request: {
    query: z.object({
      regionId: decimalId().optional(),
      kind: orgKindSchema.optional(),
    }),
  },
  responses: {
    200: {
      description: '单位',
      content: { 'application/json': { schema: z.object({ orgUnits: z.array(OrgUnitSchema) }) } },
    },
    ...errorResponses,
  },
});

const createOrgUnitRoute = createRoute({
  method: 'post',
  path: '/org-units',
  tags: ['基础数据'],
  summary: '新增单位',
  request: { body: jsonBody(orgUnitInputSchema) },
  responses: {
    201: { description: '已创建', content: { 'application/json': { schema: OrgUnitSchema } } },
    ...errorResponses,
  },
});

/** Departments and units (the tree that decides scope): GET and POST /org-units. */
export function registerOrgUnitRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(listRoute, async (c) => {
    const rows = await listOrgUnits(platform.db, c.get('actor'), c.req.valid('query'));
    return c.json({ orgUnits: rows.map(orgUnitJson) }, 200);
  });
  app.openapi(createOrgUnitRoute, async (c) => {
    const row = await createOrgUnit(platform, c.get('actor'), c.req.valid('json'));
    return c.json(orgUnitJson(row), 201);
  });
}
