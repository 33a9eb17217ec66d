import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, parseIsoDate } from '@jixiao/core';
import { requirePermission, today } from '@jixiao/db';
import { listRuns, monitoringSummary, runSweep } from '@jixiao/db/monitoring';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, requiredText } from '../schemas.ts';

const RunSchema = z
  .object({
    runId: z.number(),
    asOf: z.string(),
    itemsScanned: z.number(),
    findings: z.number(),
    created: z.number(),
    updated: z.number(),
    closed: z.number(),
    escalated: z.number(),
    errors: z.array(z.object({ ruleId: z.string(), itemId: z.number().nullable(), message: z.string() })),
    durationMs: z.number(),
  })
  .openapi('MonitoringRun');

const SummaryRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  items: z.number(),
  approvedFen: z.number(),
  paidFen: z.number(),
  executionRateBp: z.number(),
  timeProgressBp: z.number(),
  lagBp: z.number(),
  laggingItems: z.number(),
  warnings: z.object({ yellow: z.number(), orange: z.number(), red: z.number() }),
});

const routes = {
  run: createRoute({
    method: 'post',
    path: '/monitoring/runs',
    tags: ['双监控'],
    summary:
      '立即运行一次监控扫描（同一时间只运行一个）：只判断调用者所在区划（含下级）的项目；日期限本预算年度内、不晚于今天，补做上年度须注明原因并记入审计',
    request: {
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.strictObject({
              asOf: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, '日期必须是 YYYY-MM-DD 格式')
                .optional(),
              backdate: z
                .strictObject({ reason: requiredText('补做原因', 500) })
                .optional()
                .openapi({ description: '补做上一预算年度的监控（asOf 在上年度内）时必填' }),
            }),
          },
        },
      },
    },
    responses: {
      200: { description: '扫描结果', content: { 'application/json': { schema: RunSchema } } },
      ...errorResponses,
    },
  }),
  runs: createRoute({
    method: 'get',
    path: '/monitoring/runs',
    tags: ['双监控'],
    summary: '监控扫描运行记录',
    responses: {
      200: {
        description: '运行记录',
        content: {
          'application/json': { schema: z.object({ runs: z.array(z.record(z.string(), z.unknown())) }) },
        },
      },
      ...errorResponses,
    },
  }),
  summary: createRoute({
    method: 'get',
    path: '/monitoring/summary',
    tags: ['双监控'],
    summary: '按部门、资金类型或区划汇总：执行率、序时进度、滞后项目、预警数',
    request: {
      query: z.object({
        by: z.enum(['department', 'fund_type', 'region']).default('department'),
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
      }),
    },
    responses: {
      200: {
        description: '汇总',
        content: {
          'application/json': {
            schema: z.object({
              fiscalYear: z.number(),
              asOf: z.string(),
              timeProgressBp: z.number(),
              rows: z.array(SummaryRowSchema),
              total: SummaryRowSchema,
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

/** The monitoring sweep (POST and GET /monitoring/runs) and its figures (GET /monitoring/summary). */
export function registerMonitoringRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.run, async (c) => {
    const actor = c.get('actor');
    const body = c.req.valid('json') ?? {};
    const result = await runSweep(platform, {
      trigger: 'api',
      actor,
      asOf: body.asOf,
      backdate: body.backdate,
    });
    return c.json(result, 200);
  });

  app.openapi(routes.runs, async (c) => {
    requirePermission(c.get('actor'), 'monitoring.run');
    const runs = await listRuns(platform.db);
    return c.json({ runs }, 200);
  });

  app.openapi(routes.summary, async (c) => {
    const q = c.req.valid('query');
    const asOf = today(platform);
    const fiscalYear = q.fiscalYear ?? parseIsoDate(asOf).year;
    const summary = await monitoringSummary(platform.db, c.get('actor'), {
      by: q.by,
      fiscalYear,
      asOf,
      config: platform.config,
    });
    return c.json(summary, 200);
  });
}
