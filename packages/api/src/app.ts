import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type Platform, today } from '@jixiao/db';
import { createScopedReader } from '@jixiao/db/items';
import type { PluginRouteEnv } from '@jixiao/plugin-kit';
import { requestId } from 'hono/request-id';
import { bearerAuth } from './auth.ts';
import { registerDocsPage } from './docs-page.ts';
import type { ApiDeps, App, AppEnv } from './env.ts';
import { errorResponse, handleError, validationHook } from './errors.ts';
import { bodyGuard } from './guards/body-guard.ts';
import { addressRateLimit, socketAddress, tokenRateLimit } from './guards/rate-limit.ts';
import { registerRoutePermissions } from './guards/route-permissions.ts';
import { DEFAULT_API_LIMITS } from './limits.ts';
import { registerAccountabilityRoutes } from './routes/accountability.ts';
import { registerAssessmentRoutes } from './routes/assessments.ts';
import { registerAttachmentRoutes } from './routes/attachments.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuditVerifyRoutes } from './routes/audit-verify.ts';
import { registerBudgetAdjustmentRoutes } from './routes/budget-adjustments.ts';
import { registerBudgetApprovalRoutes } from './routes/budget-approvals.ts';
import { registerBudgetProposalRoutes } from './routes/budget-proposals.ts';
import { registerDepartmentSelfEvaluationRoutes } from './routes/department-self-evaluations.ts';
import { registerDepartmentTargetRoutes } from './routes/department-targets.ts';
import { registerEvaluationResultRoutes } from './routes/evaluation-results.ts';
import { registerEvaluationRoutes } from './routes/evaluations.ts';
import { registerExpertRoutes } from './routes/experts.ts';
import { registerFiscalFactRoutes } from './routes/fiscal-facts.ts';
import { registerFundTypeRoutes } from './routes/fund-types.ts';
import { registerImportRoutes } from './routes/import.ts';
import { registerIndicatorLibraryRoutes } from './routes/indicator-library.ts';
import { registerIndicatorReportRoutes } from './routes/indicator-reports.ts';
import { registerInstitutionRoutes } from './routes/institutions.ts';
import { registerItemActionRoutes } from './routes/item-actions.ts';
import { registerItemRoutes } from './routes/items.ts';
import { registerManagementAssessmentRoutes } from './routes/management-assessments.ts';
import { registerMonitoringRoutes } from './routes/monitoring.ts';
import { registerNoticeRoutes } from './routes/notices.ts';
import { registerOrgUnitRoutes } from './routes/org-units.ts';
import { registerPaymentRoutes } from './routes/payments.ts';
import { registerPolicyExitRoutes } from './routes/policy-exit.ts';
import { registerPublicFeedbackRoutes } from './routes/public-feedback.ts';
import { registerPublicationRoutes } from './routes/publications.ts';
import { registerRectificationRoutes } from './routes/rectifications.ts';
import { registerRegionRoutes } from './routes/regions.ts';
import { registerSelfEvaluationRoutes } from './routes/self-evaluations.ts';
import { registerSpotCheckRoutes } from './routes/spot-checks.ts';
import { registerTargetFormRoutes } from './routes/target-forms.ts';
import { registerTargetReviewRoutes } from './routes/target-reviews.ts';
import { registerTargetRoutes } from './routes/targets.ts';
import { registerTokenRoutes } from './routes/tokens.ts';
import { registerTransferRoutes } from './routes/transfers.ts';
import { registerUserRoutes } from './routes/users.ts';
import { registerWarningRoutes } from './routes/warnings.ts';

export const API_PREFIX = '/api/v1';
const UPLOAD_PATH = new RegExp(
  `^${API_PREFIX}/(attachments|assessments/\\d+/report|self-evaluations/\\d+/xlsx|department-self-evaluations/\\d+/xlsx|targets/import|items/\\d+/targets/import|org-units/\\d+/department-target/import)$`,
);
const isUploadPath = (path: string) => UPLOAD_PATH.test(path);

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

/** One registrar per resource, each in `routes/<resource>.ts`. */
const CORE_ROUTES: readonly RouteRegistrar[] = [
  registerRegionRoutes,
  registerOrgUnitRoutes,
  registerUserRoutes,
  registerAuditRoutes,
  registerItemRoutes,
  registerTargetRoutes,
  registerPaymentRoutes,
  registerIndicatorReportRoutes,
  registerItemActionRoutes,
  registerAuditVerifyRoutes,
  registerImportRoutes,
  registerFundTypeRoutes,
  registerMonitoringRoutes,
  registerWarningRoutes,
  registerRectificationRoutes,
  registerNoticeRoutes,
  registerSelfEvaluationRoutes,
  registerDepartmentSelfEvaluationRoutes,
  registerBudgetAdjustmentRoutes,
  registerSpotCheckRoutes,
  registerAttachmentRoutes,
  registerAccountabilityRoutes,
  registerTokenRoutes,
  registerAssessmentRoutes,
  registerInstitutionRoutes,
  registerIndicatorLibraryRoutes,
  registerTargetReviewRoutes,
  registerTargetFormRoutes,
  registerDepartmentTargetRoutes,
  registerBudgetApprovalRoutes,
  registerExpertRoutes,
  registerEvaluationRoutes,
  registerFiscalFactRoutes,
  registerPublicationRoutes,
  registerPublicFeedbackRoutes,
  registerManagementAssessmentRoutes,
  registerEvaluationResultRoutes,
  registerBudgetProposalRoutes,
  registerPolicyExitRoutes,
  registerTransferRoutes,
];

/** Mounts each plugin's routes under /api/v1/plugins/{id}, with a reader scoped to the caller. */
function mountPluginRoutes(api: App, platform: Platform) {
  for (const plugin of platform.registry.list()) {
    if (!plugin.routes) continue;
    const sub = new OpenAPIHono<PluginRouteEnv & AppEnv>({ defaultHook: validationHook });
    const { config, settings } = platform.registry.ruleContext(plugin.id, platform.config);
    sub.use('*', async (c, next) => {
      const actor = c.get('actor');
      c.set('asker', { userId: actor.userId ?? 0, name: actor.name, roles: actor.roles });
      c.set('reader', createScopedReader(platform, actor, plugin.id));
      c.set('config', config);
      c.set('today', today(platform));
      await next();
    });
    plugin.routes(sub as unknown as OpenAPIHono<PluginRouteEnv>, { settings });
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

  const limits = { ...DEFAULT_API_LIMITS, ...deps.limits };
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // In this order: who may knock, who is knocking, how often, may they do this at all — and only
  // then is the body read (bounded), parsed and validated by the route.
  api.use('*', addressRateLimit(limits.perAddressPerMinute, deps.clientAddress ?? socketAddress));
  api.use('*', bearerAuth({ platform: deps.platform }));
  api.use('*', tokenRateLimit(limits.perTokenPerMinute));
  registerRoutePermissions(api);
  // A write that committed may have marked items for monitoring: have them judged now, after the
  // response is on its way (the marks were written in the write's own transaction). A POST that
  // writes nothing (the stateless check) says so: under load each kick is a judging transaction.
  api.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400 && !c.get('wroteNothing')) deps.platform.onWritten?.();
  });
  // File uploads are bounded by the attachment limit instead (their routes read the body themselves).
  const guard = bodyGuard({ maxBytes: limits.maxBodyBytes, maxDepth: limits.maxJsonDepth });
  api.use('*', (c, next) => (c.req.method === 'POST' && isUploadPath(c.req.path) ? next() : guard(c, next)));
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
