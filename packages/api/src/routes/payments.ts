import { createRoute, z } from '@hono/zod-openapi';
import { paymentInputSchema } from '@jixiao/core';
import { listPayments, recordPayment } from '@jixiao/db/execution';
import { getItem } from '@jixiao/db/items';
import type { ApiDeps, App } from '../env.ts';
import { paymentJson } from '../mappers.ts';
import { errorResponses, IdParam, jsonBody, PaymentSchema, YearQuery } from '../schemas.ts';

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
  request: { params: IdParam, body: jsonBody(paymentInputSchema) },
  responses: {
    201: { description: '已登记', content: { 'application/json': { schema: PaymentSchema } } },
    ...errorResponses,
  },
});

/** An item's budget execution: GET and POST /items/{id}/payments. */
export function registerPaymentRoutes(app: App, { platform }: ApiDeps) {
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
}
