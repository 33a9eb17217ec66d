import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, InputError, parseIsoDate, severitySchema } from '@jixiao/core';
import { requirePermission, today } from '@jixiao/db';
import {
  acknowledgeWarning,
  applyWarningSanction,
  escalateWarning,
  getWarning,
  listRuns,
  listWarnings,
  monitoringSummary,
  resolveWarning,
  runSweep,
  type WarningRow,
} from '@jixiao/db/monitoring';
import { WARNING_STATUSES } from '@jixiao/db/schema';
import type { ApiDeps, App } from '../env.ts';
import { itemJson } from '../mappers.ts';
import {
  decimalId,
  decodeCursor,
  encodeCursor,
  errorResponses,
  IdParam,
  ItemSchema,
  iso,
  PageQuery,
} from '../schemas.ts';

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const WarningSchema = z
  .object({
    id: z.number(),
    item: z.object({ id: z.number(), code: z.string(), name: z.string(), state: z.string() }),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    fundTypeId: z.string(),
    fiscalYear: z.number(),
    ruleId: z.string(),
    severity: z.enum(['yellow', 'orange', 'red']),
    severityLabel: z.string(),
    message: z.string(),
    suggestedAction: z.string(),
    suggestedActionLabel: z.string(),
    details: z.record(z.string(), z.unknown()),
    status: z.enum(WARNING_STATUSES),
    firstSeenAt: z.string(),
    changedAt: z.string(),
    acknowledgedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgement: z.string().nullable(),
    escalationLevel: z.number(),
    resolvedAt: z.string().nullable(),
    resolution: z.string().nullable(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
  })
  .openapi('Warning');

export function warningJson(w: WarningRow) {
  return {
    ...w,
    firstSeenAt: w.firstSeenAt.toISOString(),
    changedAt: w.changedAt.toISOString(),
    acknowledgedAt: iso(w.acknowledgedAt),
    resolvedAt: iso(w.resolvedAt),
    closedAt: iso(w.closedAt),
  };
}

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

const text = (label: string, max: number) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}个字符`);

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
                .strictObject({ reason: text('补做原因', 500) })
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
  list: createRoute({
    method: 'get',
    path: '/warnings',
    tags: ['预警'],
    summary: '预警列表（默认只列未办结的）',
    request: {
      query: z.object({
        severity: severitySchema.optional(),
        status: z
          .enum([...WARNING_STATUSES, 'active'])
          .optional()
          .openapi({ description: 'active = 未处理/已签收/已升级' }),
        orgUnitId: decimalId().optional().openapi({ description: '部门（含下属单位）' }),
        fundTypeId: z.string().max(60).optional(),
        ruleId: z.string().max(120).optional(),
        itemId: decimalId().optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '预警',
        content: {
          'application/json': {
            schema: z.object({ warnings: z.array(WarningSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/warnings/{id}',
    tags: ['预警'],
    summary: '预警详情',
    request: { params: IdParam },
    responses: {
      200: { description: '预警', content: { 'application/json': { schema: WarningSchema } } },
      ...errorResponses,
    },
  }),
  acknowledge: createRoute({
    method: 'post',
    path: '/warnings/{id}/acknowledge',
    tags: ['预警'],
    summary: '签收预警并说明情况',
    request: { params: IdParam, body: json(z.strictObject({ explanation: text('情况说明', 2000) })) },
    responses: {
      200: { description: '已签收', content: { 'application/json': { schema: WarningSchema } } },
      ...errorResponses,
    },
  }),
  escalate: createRoute({
    method: 'post',
    path: '/warnings/{id}/escalate',
    tags: ['预警'],
    summary: '升级预警（财政部门）',
    request: { params: IdParam, body: json(z.strictObject({ reason: text('升级原因', 1000) })) },
    responses: {
      200: { description: '已升级', content: { 'application/json': { schema: WarningSchema } } },
      ...errorResponses,
    },
  }),
  resolve: createRoute({
    method: 'post',
    path: '/warnings/{id}/resolve',
    tags: ['预警'],
    summary: '办结预警（财政部门）',
    request: { params: IdParam, body: json(z.strictObject({ resolution: text('办结意见', 2000) })) },
    responses: {
      200: { description: '已办结', content: { 'application/json': { schema: WarningSchema } } },
      ...errorResponses,
    },
  }),
  sanction: createRoute({
    method: 'post',
    path: '/warnings/{id}/sanctions',
    tags: ['预警'],
    summary: '采纳建议措施：暂缓拨款（项目转为暂缓拨款）或停止拨款（清理退出），支付随即被拒绝',
    request: {
      params: IdParam,
      body: json(
        z.strictObject({ sanction: z.enum(['suspend_payment', 'stop_payment']), reason: text('原因', 1000) }),
      ),
    },
    responses: {
      200: {
        description: '已执行',
        content: { 'application/json': { schema: z.object({ warning: WarningSchema, item: ItemSchema }) } },
      },
      ...errorResponses,
    },
  }),
};

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

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const afterId = decodeCursor(q.cursor);
    if (Number.isNaN(afterId))
      throw new InputError('查询参数字段 cursor：游标无效', [{ path: 'cursor', message: '游标无效' }]);
    const rows = await listWarnings(platform.db, c.get('actor'), { ...q, afterId, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        warnings: page.map(warningJson),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
      },
      200,
    );
  });

  app.openapi(routes.get, async (c) =>
    c.json(warningJson(await getWarning(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );

  app.openapi(routes.acknowledge, async (c) => {
    const w = await acknowledgeWarning(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      c.req.valid('json').explanation,
    );
    return c.json(warningJson(w), 200);
  });

  app.openapi(routes.escalate, async (c) => {
    const w = await escalateWarning(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      c.req.valid('json').reason,
    );
    return c.json(warningJson(w), 200);
  });

  app.openapi(routes.resolve, async (c) => {
    const w = await resolveWarning(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      c.req.valid('json').resolution,
    );
    return c.json(warningJson(w), 200);
  });

  app.openapi(routes.sanction, async (c) => {
    const body = c.req.valid('json');
    const r = await applyWarningSanction(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      body.sanction,
      body.reason,
    );
    return c.json({ warning: warningJson(r.warning), item: itemJson(r.item) }, 200);
  });
}
