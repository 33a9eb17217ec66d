import { createRoute, z } from '@hono/zod-openapi';
import { severitySchema, WARNING_STATUSES } from '@jixiao/core';
import {
  acknowledgeWarning,
  applyWarningSanction,
  escalateWarning,
  getWarning,
  listWarnings,
  resolveWarning,
  type WarningRow,
} from '@jixiao/db/monitoring';
import type { ApiDeps, App } from '../env.ts';
import { itemJson } from '../mappers.ts';
import {
  afterIdOf,
  decimalId,
  errorResponses,
  IdParam,
  ItemSchema,
  iso,
  jsonBody,
  PageQuery,
  pageOf,
  requiredText,
} from '../schemas.ts';

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

function warningJson(w: WarningRow) {
  return {
    ...w,
    firstSeenAt: w.firstSeenAt.toISOString(),
    changedAt: w.changedAt.toISOString(),
    acknowledgedAt: iso(w.acknowledgedAt),
    resolvedAt: iso(w.resolvedAt),
    closedAt: iso(w.closedAt),
  };
}

const routes = {
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
    request: {
      params: IdParam,
      body: jsonBody(z.strictObject({ explanation: requiredText('情况说明', 2000) })),
    },
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
    request: { params: IdParam, body: jsonBody(z.strictObject({ reason: requiredText('升级原因', 1000) })) },
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
    request: {
      params: IdParam,
      body: jsonBody(z.strictObject({ resolution: requiredText('办结意见', 2000) })),
    },
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
      body: jsonBody(
        z.strictObject({
          sanction: z.enum(['suspend_payment', 'stop_payment']),
          reason: requiredText('原因', 1000),
        }),
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

/** Warnings the sweep raised and what officials do with them: GET /warnings, /warnings/{id} and its actions. */
export function registerWarningRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const afterId = afterIdOf(q.cursor);
    const rows = await listWarnings(platform.db, c.get('actor'), { ...q, afterId, limit: q.limit + 1 });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ warnings: page.map(warningJson), nextCursor }, 200);
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
