import { createRoute, z } from '@hono/zod-openapi';
import {
  InputError,
  orgKindSchema,
  orgUnitInputSchema,
  ROLES,
  regionInputSchema,
  userInputSchema,
} from '@jixiao/core';
import { requirePermission } from '@jixiao/db';
import { verifyAuditChain } from '@jixiao/db/audit';
import {
  createOrgUnit,
  createRegion,
  createUser,
  listOrgUnits,
  listRegions,
  listUsers,
} from '@jixiao/db/master-data';
import type { ApiDeps, App } from '../env.ts';

function cursorOrThrow(afterId: number | undefined): number | undefined {
  if (Number.isNaN(afterId))
    throw new InputError('查询参数字段 cursor：游标无效', [{ path: 'cursor', message: '游标无效' }]);
  return afterId;
}

import { decimalId, decodeCursor, encodeCursor, errorResponses, PageQuery } from '../schemas.ts';

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

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
const UserSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    roles: z.array(z.string()),
    roleLabels: z.array(z.string()),
    title: z.string().nullable(),
    active: z.boolean(),
    dingtalkUserId: z.string().nullable(),
  })
  .openapi('User');

const region = ({
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
const orgUnit = ({
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

const routes = {
  listRegions: createRoute({
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
  }),
  createRegion: createRoute({
    method: 'post',
    path: '/regions',
    tags: ['基础数据'],
    summary: '新增行政区划',
    request: { body: json(regionInputSchema) },
    responses: {
      201: { description: '已创建', content: { 'application/json': { schema: RegionSchema } } },
      ...errorResponses,
    },
  }),
  listOrgUnits: createRoute({
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
  }),
  createOrgUnit: createRoute({
    method: 'post',
    path: '/org-units',
    tags: ['基础数据'],
    summary: '新增单位',
    request: { body: json(orgUnitInputSchema) },
    responses: {
      201: { description: '已创建', content: { 'application/json': { schema: OrgUnitSchema } } },
      ...errorResponses,
    },
  }),
  listUsers: createRoute({
    method: 'get',
    path: '/users',
    tags: ['基础数据'],
    summary: '用户（数据范围内）',
    request: { query: z.object(PageQuery) },
    responses: {
      200: {
        description: '用户',
        content: {
          'application/json': {
            schema: z.object({ users: z.array(UserSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  createUser: createRoute({
    method: 'post',
    path: '/users',
    tags: ['基础数据'],
    summary: '新增用户',
    request: { body: json(userInputSchema) },
    responses: {
      201: {
        description: '已创建',
        content: { 'application/json': { schema: z.object({ id: z.number(), name: z.string() }) } },
      },
      ...errorResponses,
    },
  }),
  me: createRoute({
    method: 'get',
    path: '/me',
    tags: ['基础数据'],
    summary: '当前调用者及其数据范围',
    responses: {
      200: {
        description: '调用者',
        content: {
          'application/json': {
            schema: z.object({
              userId: z.number().nullable(),
              name: z.string(),
              roles: z.array(z.string()),
              orgUnitId: z.number().nullable(),
              scopePath: z.string(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  verifyAudit: createRoute({
    method: 'get',
    path: '/audit/verify',
    tags: ['审计'],
    summary: '校验审计日志哈希链，报告第一处断裂',
    responses: {
      200: {
        description: '校验结果',
        content: {
          'application/json': {
            schema: z.object({
              ok: z.boolean(),
              entries: z.number(),
              brokenAtId: z.number().nullable().optional(),
              reason: z.string().optional(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerMasterDataRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.listRegions, async (c) => {
    const rows = await listRegions(platform.db, c.get('actor'));
    return c.json({ regions: rows.map(region) }, 200);
  });
  app.openapi(routes.createRegion, async (c) => {
    const row = await createRegion(platform, c.get('actor'), c.req.valid('json'));
    return c.json(region(row), 201);
  });
  app.openapi(routes.listOrgUnits, async (c) => {
    const rows = await listOrgUnits(platform.db, c.get('actor'), c.req.valid('query'));
    return c.json({ orgUnits: rows.map(orgUnit) }, 200);
  });
  app.openapi(routes.createOrgUnit, async (c) => {
    const row = await createOrgUnit(platform, c.get('actor'), c.req.valid('json'));
    return c.json(orgUnit(row), 201);
  });
  app.openapi(routes.listUsers, async (c) => {
    const q = c.req.valid('query');
    const afterId = decodeCursor(q.cursor);
    const rows = await listUsers(platform.db, c.get('actor'), {
      afterId: cursorOrThrow(afterId),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        users: page.map((u) => ({ ...u, roleLabels: u.roles.map((r) => ROLES.labels[r]) })),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
      },
      200,
    );
  });
  app.openapi(routes.createUser, async (c) => {
    const user = await createUser(platform, c.get('actor'), c.req.valid('json'));
    return c.json({ id: user.id, name: user.name }, 201);
  });
  app.openapi(routes.me, (c) => {
    const a = c.get('actor');
    return c.json(
      { userId: a.userId, name: a.name, roles: [...a.roles], orgUnitId: a.orgUnitId, scopePath: a.scopePath },
      200,
    );
  });
  app.openapi(routes.verifyAudit, async (c) => {
    requirePermission(c.get('actor'), 'audit.read');
    const result = await verifyAuditChain(platform.db);
    return c.json(result, 200);
  });
}
