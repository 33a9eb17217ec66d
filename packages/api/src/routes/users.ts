import { createRoute, z } from '@hono/zod-openapi';
import { ROLES, userInputSchema } from '@jixiao/core';
import { createUser, listUsers } from '@jixiao/db/master-data';
import type { ApiDeps, App } from '../env.ts';
import { afterIdOf, errorResponses, jsonBody, PageQuery, pageOf } from '../schemas.ts';

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

const listRoute = createRoute({
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
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['基础数据'],
  summary: '新增用户',
  request: { body: jsonBody(userInputSchema) },
  responses: {
    201: {
      description: '已创建',
      content: { 'application/json': { schema: z.object({ id: z.number(), name: z.string() }) } },
    },
    ...errorResponses,
  },
});

const meRoute = createRoute({
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
});

/** Users: GET and POST /users, and the caller with its scope, GET /me. */
export function registerUserRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const rows = await listUsers(platform.db, c.get('actor'), {
      afterId: afterIdOf(q.cursor),
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json(
      { users: page.map((u) => ({ ...u, roleLabels: u.roles.map((r) => ROLES.labels[r]) })), nextCursor },
      200,
    );
  });
  app.openapi(createUserRoute, async (c) => {
    const user = await createUser(platform, c.get('actor'), c.req.valid('json'));
    return c.json({ id: user.id, name: user.name }, 201);
  });
  app.openapi(meRoute, (c) => {
    const a = c.get('actor');
    return c.json(
      { userId: a.userId, name: a.name, roles: [...a.roles], orgUnitId: a.orgUnitId, scopePath: a.scopePath },
      200,
    );
  });
}
