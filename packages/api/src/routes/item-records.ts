import { createRoute, z } from '@hono/zod-openapi';
import {
  indicatorReportInputSchema,
  indicatorTreeProblems,
  paymentInputSchema,
  targetInputSchema,
} from '@jixiao/core';
import { listPayments, recordPayment, reportIndicator } from '@jixiao/db/execution';
import { getItem } from '@jixiao/db/items';
import { indicatorReports } from '@jixiao/db/schema';
import { loadTargets, setTarget, toReportRow } from '@jixiao/db/targets';
import { desc, eq } from 'drizzle-orm';
import type { ApiDeps, App } from '../env.ts';
import { paymentJson, reportJson, targetJson } from '../mappers.ts';
import { errorResponses, IdParam, PaymentSchema, ReportSchema, TargetSchema, YearQuery } from '../schemas.ts';

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const getTargets = createRoute({
  method: 'get',
  path: '/items/{id}/targets',
  tags: ['绩效目标'],
  summary: '项目的绩效目标（各年度及全周期）',
  request: { params: IdParam },
  responses: {
    200: {
      description: '绩效目标',
      content: { 'application/json': { schema: z.object({ targets: z.array(TargetSchema) }) } },
    },
    ...errorResponses,
  },
});

const putTarget = createRoute({
  method: 'put',
  path: '/items/{id}/targets',
  tags: ['绩效目标'],
  summary: '填报或替换某年度的绩效目标与指标（仅编制中或被退回的目标可改）',
  request: { params: IdParam, body: json(targetInputSchema) },
  responses: {
    200: {
      description: '保存后的目标，以及尚待完善之处（权重合计等）',
      content: {
        'application/json': { schema: z.object({ target: TargetSchema, problems: z.array(z.string()) }) },
      },
    },
    ...errorResponses,
  },
});

const getPayments = createRoute({
  method: 'get',
  path: '/items/{id}/payments',
  tags: ['预算执行'],
  summary: '支付记录',
  request: { params: IdParam, query: YearQuery },
  responses: {
    200: {
      description: '支付记录',
      content: { 'application/json': { schema: z.object({ payments: z.array(PaymentSchema) }) } },
    },
    ...errorResponses,
  },
});

const postPayment = createRoute({
  method: 'post',
  path: '/items/{id}/payments',
  tags: ['预算执行'],
  summary: '登记支付（执行中项目；暂缓拨款的项目被拒绝）',
  request: { params: IdParam, body: json(paymentInputSchema) },
  responses: {
    201: { description: '已登记', content: { 'application/json': { schema: PaymentSchema } } },
    ...errorResponses,
  },
});

const getReports = createRoute({
  method: 'get',
  path: '/items/{id}/indicator-reports',
  tags: ['指标完成情况'],
  summary: '指标完成情况填报记录',
  request: { params: IdParam },
  responses: {
    200: {
      description: '填报记录，新的在前',
      content: { 'application/json': { schema: z.object({ reports: z.array(ReportSchema) }) } },
    },
    ...errorResponses,
  },
});

const postReport = createRoute({
  method: 'post',
  path: '/items/{id}/indicator-reports',
  tags: ['指标完成情况'],
  summary: '填报指标完成情况（完不成风险须附偏差原因与纠偏措施）',
  request: { params: IdParam, body: json(indicatorReportInputSchema) },
  responses: {
    201: { description: '已填报', content: { 'application/json': { schema: ReportSchema } } },
    ...errorResponses,
  },
});

export function registerItemRecordRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(getTargets, async (c) => {
    const { id } = c.req.valid('param');
    await getItem(platform.db, c.get('actor'), id);
    return c.json({ targets: (await loadTargets(platform.db, id)).map(targetJson) }, 200);
  });

  app.openapi(putTarget, async (c) => {
    const result = await setTarget(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(
      {
        target: targetJson(result.target),
        problems: indicatorTreeProblems(result.target.indicators, platform.config),
      },
      200,
    );
  });

  app.openapi(getPayments, async (c) => {
    const { id } = c.req.valid('param');
    await getItem(platform.db, c.get('actor'), id);
    const rows = await listPayments(platform.db, id, c.req.valid('query').fiscalYear);
    return c.json({ payments: rows.map(paymentJson) }, 200);
  });

  app.openapi(postPayment, async (c) => {
    const row = await recordPayment(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(paymentJson(row), 201);
  });

  app.openapi(getReports, async (c) => {
    const { id } = c.req.valid('param');
    await getItem(platform.db, c.get('actor'), id);
    const rows = await platform.db
      .select()
      .from(indicatorReports)
      .where(eq(indicatorReports.itemId, id))
      .orderBy(desc(indicatorReports.reportedOn), desc(indicatorReports.id))
      .limit(500);
    return c.json({ reports: rows.map((r) => reportJson(toReportRow(r))) }, 200);
  });

  app.openapi(postReport, async (c) => {
    const row = await reportIndicator(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(reportJson(row), 201);
  });
}
