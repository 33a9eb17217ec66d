import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema } from '@jixiao/core';
import {
  type FeedbackRow,
  listFeedback,
  replyToFeedback,
  satisfactionEvidence,
} from '@jixiao/db/publications';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, iso, jsonBody, requiredText } from '../schemas.ts';

const FeedbackSchema = z
  .object({
    id: z.number(),
    fiscalYear: z.number(),
    itemKey: z.string(),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    satisfaction: z.number().nullable(),
    comment: z.string().nullable(),
    contact: z.string().nullable(),
    reply: z.string().nullable(),
    repliedAt: z.string().nullable(),
    replyPublished: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('PublicFeedback');

const json = (f: FeedbackRow) => ({
  ...f,
  orgUnit: { id: f.orgUnit.id, name: f.orgUnit.name },
  repliedAt: iso(f.repliedAt),
  createdAt: f.createdAt.toISOString(),
});

const TAG = '公众参与';

const routes = {
  list: createRoute({
    method: 'get',
    path: '/public-feedback',
    tags: [TAG],
    summary: '公众对本部门公开项目的满意度评价和留言（新的在前）',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        unanswered: z.enum(['true', 'false']).optional(),
      }),
    },
    responses: {
      200: {
        description: '公众评价',
        content: { 'application/json': { schema: z.object({ feedback: z.array(FeedbackSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  reply: createRoute({
    method: 'post',
    path: '/public-feedback/{id}/reply',
    tags: [TAG],
    summary: '部门答复公众留言；publish 为 true 时留言和答复在公开网站该项目页面公开',
    request: {
      params: IdParam,
      body: jsonBody(z.strictObject({ reply: requiredText('答复', 1000), publish: z.boolean() })),
    },
    responses: {
      200: { description: '答复后的留言', content: { 'application/json': { schema: FeedbackSchema } } },
      ...errorResponses,
    },
  }),
  satisfaction: createRoute({
    method: 'get',
    path: '/public-feedback/satisfaction',
    tags: [TAG],
    summary: '一个公开项目的社会公众满意度佐证（公众评判法）：参与人数、平均分、满意率、分布',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema),
        itemCode: z.string().min(1).max(60),
      }),
    },
    responses: {
      200: {
        description: '满意度佐证',
        content: {
          'application/json': {
            schema: z.object({
              itemKey: z.string(),
              fiscalYear: z.number(),
              responses: z.number(),
              average: z.number().nullable(),
              satisfiedShare: z.number().nullable(),
              distribution: z.record(z.string(), z.number()),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerPublicFeedbackRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listFeedback(platform.db, c.get('actor'), {
      ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}),
      unanswered: q.unanswered === 'true',
      limit: 200,
    });
    return c.json({ feedback: rows.map(json) }, 200);
  });
  app.openapi(routes.reply, async (c) =>
    c.json(
      json(await replyToFeedback(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
  app.openapi(routes.satisfaction, async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('actor');
    return c.json(
      await satisfactionEvidence(platform.db, actor.regionId ?? -1, q.fiscalYear, q.itemCode),
      200,
    );
  });
}
