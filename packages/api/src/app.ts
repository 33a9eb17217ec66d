import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type Platform, today } from '@jixiao/db';
import { createScopedReader } from '@jixiao/db/items';
import type { PluginRouteEnv } from '@jixiao/plugin-kit';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { bearerAuth } from './auth.ts';
import { registerDocsPage } from './docs-page.ts';
import type { ApiDeps, App, AppEnv } from './env.ts';
import { errorResponse, handleError, validationHook } from './errors.ts';
import { registerActionRoutes } from './routes/actions.ts';
import { registerFundTypeRoutes } from './routes/fund-types.ts';
import { registerImportRoutes } from './routes/import.ts';
import { registerItemRecordRoutes } from './routes/item-records.ts';
import { registerItemRoutes } from './routes/items.ts';
import { registerMasterDataRoutes } from './routes/master-data.ts';
import { registerMonitoringRoutes } from './routes/monitoring.ts';
import { registerRectificationRoutes } from './routes/rectifications.ts';
import { registerTokenRoutes } from './routes/tokens.ts';

export const API_PREFIX = '/api/v1';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['系统'],
  summary: '健康检查：数据库类型与迁移状态',
  responses: {
    200: {
      description: '正常',
      content: {
        'application/json': {
          schema: z.object({
            status: z.enum(['ok', 'degraded']),
            database: z.object({
              kind: z.enum(['pglite', 'postgres']),
              location: z.string(),
              migrations: z.object({
                applied: z.number(),
                available: z.number(),
                upToDate: z.boolean(),
                latest: z.string().nullable(),
              }),
            }),
            plugins: z.number(),
            uptimeSeconds: z.number(),
          }),
        },
      },
    },
  },
});

/** Registers route groups on an /api/v1 sub-app; the host adds its own (monitoring, bot) the same way. */
export type RouteRegistrar = (app: App, deps: ApiDeps) => void;

const CORE_ROUTES: readonly RouteRegistrar[] = [
  registerMasterDataRoutes,
  registerItemRoutes,
  registerItemRecordRoutes,
  registerActionRoutes,
  registerImportRoutes,
  registerFundTypeRoutes,
  registerMonitoringRoutes,
  registerRectificationRoutes,
  registerTokenRoutes,
];

/** Mounts each plugin's routes under /api/v1/plugins/{id}, with a reader scoped to the caller. */
function mountPluginRoutes(api: App, platform: Platform) {
  for (const plugin of platform.registry.list()) {
    if (!plugin.routes) continue;
    const sub = new OpenAPIHono<PluginRouteEnv & AppEnv>({ defaultHook: validationHook });
    sub.use('*', async (c, next) => {
      const actor = c.get('actor');
      c.set('asker', { userId: actor.userId ?? 0, name: actor.name, roles: actor.roles });
      c.set('reader', createScopedReader(platform, actor, plugin.id));
      c.set('config', platform.config);
      c.set('today', today(platform));
      await next();
    });
    plugin.routes(sub as unknown as OpenAPIHono<PluginRouteEnv>);
    api.route(`/plugins/${plugin.id}`, sub as unknown as App);
  }
}

/**
 * Builds the whole HTTP app (no socket): /health, /openapi.json, /docs and the authenticated
 * /api/v1. Tests call `app.request()` on it directly.
 */
export function createApiApp(
  deps: ApiDeps,
  extraRoutes: readonly RouteRegistrar[] = [],
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requestId());
  app.onError(handleError);
  app.notFound((c) => errorResponse(c, 'route_not_found', `接口不存在：${c.req.method} ${c.req.path}`));

  app.openapi(healthRoute, async (c) => c.json(await deps.health(), 200));

  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.use(
    '*',
    bodyLimit({
      maxSize: 20 * 1024 * 1024,
      onError: (c) => errorResponse(c, 'payload_too_large', '请求体过大（上限 20MB）'),
    }),
  );
  api.use('*', bearerAuth({ platform: deps.platform }));
  for (const register of [...CORE_ROUTES, ...extraRoutes]) register(api, deps);
  mountPluginRoutes(api, deps.platform);
  app.route(API_PREFIX, api);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '绩效通 Jixiao API',
      version: '1.0.0',
      description:
        '预算绩效管理（事前评估 → 绩效目标 → 双监控 → 评价 → 结果应用）的接口。金额一律以“分”为单位的整数；日期为 YYYY-MM-DD。' +
        '所有 /api/v1 接口须带 Authorization: Bearer <令牌>，结果按调用者的数据范围过滤。错误统一为 {code, message, details}。',
    },
    security: [{ bearer: [] }],
  });
  registerDocsPage(app);
  return app;
}
