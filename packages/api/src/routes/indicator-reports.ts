import { createRoute, z } from '@hono/zod-openapi';
import { indicatorReportInputSchema } from '@jixiao/core';
import { reportIndicator } from '@jixiao/db/execution';
import { getItem } from '@jixiao/db/items';
import { indicatorReports } from '@jixiao/db/schema';
import { toReportRow } from '@jixiao/db/targets';
import { desc, eq } from 'drizzle-orm';
import type { ApiDeps, App } from '../env.ts';
import { reportJson } from '../mappers.ts';
import { errorResponses, IdParam, jsonBody, ReportSchema } from '../schemas.ts';

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
  request: { params: IdParam, body: jsonBody(indicatorReportInputSchema) },
  responses: {
    201: { description: '已填报', content: { 'application/json': { schema: ReportSchema } } },
    ...errorResponses,
  },
});

/** Reports on how an item's indicators are being met: GET and POST /items/{id}/indicator-reports. */
export function registerIndicatorReportRoutes(app: App, { platform }: ApiDeps) {
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
