import { createRoute, z } from '@hono/zod-openapi';
import {
  apiTokenInputSchema,
  InputError,
  idSchema,
  ROLES,
  TOKEN_STATUS_LABELS,
  TOKEN_STATUSES,
} from '@jixiao/core';
import {
  type ApiTokenRow,
  issueApiToken,
  listApiTokens,
  listOwnApiTokens,
  revokeApiToken,
} from '@jixiao/db/auth';
import type { ApiDeps, App } from '../env.ts';
import { decodeCursor, encodeCursor, errorResponses, IdParam, iso, PageQuery } from '../schemas.ts';

const Person = z.object({ id: z.number(), name: z.string() });

const ApiTokenSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    prefix: z.string().openapi({ description: '令牌开头几位，便于辨认；完整令牌只在签发时显示一次' }),
    user: z.object({
      id: z.number(),
      name: z.string(),
      orgUnitName: z.string(),
      systemAccount: z.boolean(),
    }),
    roles: z
      .array(z.string())
      .nullable()
      .openapi({ description: '令牌限定的角色；null 表示随用户的全部角色' }),
    roleLabels: z.array(z.string()).nullable(),
    status: z.enum(TOKEN_STATUSES),
    statusLabel: z.string(),
    createdAt: z.string(),
    createdBy: Person.nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    revokedBy: Person.nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

const tokenJson = (t: ApiTokenRow) => ({
  ...t,
  roleLabels: t.roles?.map((r) => ROLES.labels[r]) ?? null,
  statusLabel: TOKEN_STATUS_LABELS[t.status],
  createdAt: t.createdAt.toISOString(),
  expiresAt: iso(t.expiresAt),
  revokedAt: iso(t.revokedAt),
  lastUsedAt: iso(t.lastUsedAt),
});

const tokenList = z.object({ tokens: z.array(ApiTokenSchema) });

const routes = {
  issue: createRoute({
    method: 'post',
    path: '/tokens',
    tags: ['API 令牌'],
    summary: '签发 API 令牌（个人或系统对接账号；可限定角色，必有有效期）',
    description: '完整令牌只在本次响应中出现一次，系统只保存其哈希。签发写入审计日志。',
    request: { body: { required: true, content: { 'application/json': { schema: apiTokenInputSchema() } } } },
    responses: {
      201: {
        description: '已签发',
        content: {
          'application/json': {
            schema: z.object({
              token: z.string().openapi({ description: '完整令牌，只显示这一次' }),
              apiToken: ApiTokenSchema,
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/tokens',
    tags: ['API 令牌'],
    summary: '数据范围内用户的 API 令牌（新签发的在前）',
    request: {
      query: z.object({
        userId: z.coerce.number().pipe(idSchema).optional(),
        status: z.enum(TOKEN_STATUSES).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '令牌',
        content: {
          'application/json': {
            schema: tokenList.extend({ nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/tokens/{id}',
    tags: ['API 令牌'],
    summary: '吊销 API 令牌（本人的，或财政部门吊销数据范围内的）',
    request: { params: IdParam },
    responses: {
      200: { description: '已吊销', content: { 'application/json': { schema: ApiTokenSchema } } },
      ...errorResponses,
    },
  }),
  mine: createRoute({
    method: 'get',
    path: '/me/tokens',
    tags: ['API 令牌'],
    summary: '我的 API 令牌',
    responses: {
      200: { description: '令牌', content: { 'application/json': { schema: tokenList } } },
      ...errorResponses,
    },
  }),
};

export function registerTokenRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.issue, async (c) => {
    const issued = await issueApiToken(platform, c.get('actor'), c.req.valid('json'));
    return c.json({ token: issued.token, apiToken: tokenJson(issued.apiToken) }, 201);
  });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const beforeId = decodeCursor(q.cursor);
    if (Number.isNaN(beforeId)) {
      throw new InputError('查询参数字段 cursor：游标无效', [{ path: 'cursor', message: '游标无效' }]);
    }
    const rows = await listApiTokens(platform.db, c.get('actor'), {
      userId: q.userId,
      status: q.status,
      beforeId,
      limit: q.limit + 1,
      now: platform.now(),
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        tokens: page.map(tokenJson),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
      },
      200,
    );
  });
  app.openapi(routes.revoke, async (c) => {
    const { id } = c.req.valid('param');
    const row = await revokeApiToken(platform, c.get('actor'), id);
    c.get('forgetToken')(id);
    return c.json(tokenJson(row), 200);
  });
  app.openapi(routes.mine, async (c) => {
    const rows = await listOwnApiTokens(platform.db, c.get('actor'), platform.now());
    return c.json({ tokens: rows.map(tokenJson) }, 200);
  });
}
