import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, GRADES, NotFoundError } from '@jixiao/core';
import {
  assignSpotCheckReviewer,
  drawSpotCheck,
  getSpotCheck,
  getSpotCheckEntry,
  listSpotChecks,
  redrawSpotCheck,
  reviewSpotCheckEntry,
  type SpotCheckEntryRow,
  type SpotCheckRow,
} from '@jixiao/db/spot-checks';
import type { ApiDeps, App } from '../env.ts';
import {
  decimalId,
  errorResponses,
  IdParam,
  iso,
  jsonBody,
  requiredText,
  UserRefSchema,
} from '../schemas.ts';

const TAG = '绩效自评抽查';
const GradeSchema = z.object({ code: z.enum(GRADES.values), label: z.string() }).nullable();

const EntrySchema = z
  .object({
    id: z.number(),
    selfEvaluationId: z.number(),
    item: z.object({ id: z.number(), code: z.string(), name: z.string() }),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    reason: z.string(),
    reasonLabel: z.string().openapi({ description: '抽中的原因（必抽类别或分层随机）' }),
    selfScore: z.number().nullable(),
    selfGrade: GradeSchema,
    checkProblems: z.number().openapi({ description: '自评表核算发现的问题数' }),
    reviewScore: z.number().nullable(),
    reviewGrade: GradeSchema,
    reviewNote: z.string().nullable(),
    distorted: z.boolean().nullable().openapi({ description: '是否认定失真（未复核时为 null）' }),
    difference: z.number().nullable().openapi({ description: '复核分减自评分' }),
    reasons: z.array(z.string()),
    reviewedBy: UserRefSchema.nullable(),
    reviewedAt: z.string().nullable(),
    rectificationTaskId: z.number().nullable(),
    reviewer: z
      .object({ expertId: z.number(), name: z.string(), assignedAt: z.string() })
      .nullable()
      .openapi({ description: '财政部门指派的复核专家（专家库）' }),
  })
  .openapi('SpotCheckEntry');

const SpotCheckSchema = z
  .object({
    id: z.number(),
    fiscalYear: z.number(),
    seed: z.number().openapi({ description: '随机种子：同样的候选与种子得到同样的样本' }),
    candidateCount: z.number(),
    createdAt: z.string(),
    entries: z.array(EntrySchema),
  })
  .openapi('SpotCheck');

function entryJson(e: SpotCheckEntryRow) {
  const { path: _path, ...orgUnit } = e.orgUnit;
  const { recipients: _r, spotCheckId: _s, reviewer, ...rest } = e;
  return {
    ...rest,
    orgUnit,
    reviewedAt: iso(e.reviewedAt),
    reviewer: reviewer
      ? { expertId: reviewer.expertId, name: reviewer.name, assignedAt: reviewer.assignedAt.toISOString() }
      : null,
  };
}

function checkJson(c: SpotCheckRow) {
  return {
    id: c.id,
    fiscalYear: c.fiscalYear,
    seed: c.seed,
    candidateCount: c.candidateCount,
    createdAt: c.createdAt.toISOString(),
    entries: c.entries.map(entryJson),
  };
}

const EntryParams = z.object({
  id: decimalId().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  entryId: decimalId().openapi({ param: { name: 'entryId', in: 'path' }, example: 1 }),
});

const ReviewBody = z.strictObject({
  score: z.number('复核得分必须是数字').min(0, '复核得分不能小于0').max(100, '复核得分不能超过100'),
  note: requiredText('复核意见', 2000),
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/spot-checks',
    tags: [TAG],
    summary: '抽查列表',
    request: { query: z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional() }) },
    responses: {
      200: {
        description: '抽查',
        content: {
          'application/json': {
            schema: z.object({
              spotChecks: z.array(
                z.object({
                  id: z.number(),
                  fiscalYear: z.number(),
                  seed: z.number(),
                  candidateCount: z.number(),
                  createdAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  draw: createRoute({
    method: 'post',
    path: '/spot-checks',
    tags: [TAG],
    summary: '财政部门抽取某年度的自评抽查样本（按部门和金额分层，必抽类别全部抽取；可指定随机种子以复现）',
    request: {
      body: jsonBody(
        z.strictObject({
          fiscalYear: fiscalYearSchema,
          seed: z
            .int()
            .min(1)
            .max(2_147_483_647)
            .optional()
            .openapi({ description: '随机种子（不填则随机生成并记录）' }),
        }),
      ),
    },
    responses: {
      201: { description: '抽取的样本', content: { 'application/json': { schema: SpotCheckSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/spot-checks/{id}',
    tags: [TAG],
    summary: '抽查详情：样本、抽中原因、复核结果与失真认定',
    request: { params: IdParam },
    responses: {
      200: { description: '抽查', content: { 'application/json': { schema: SpotCheckSchema } } },
      ...errorResponses,
    },
  }),
  verify: createRoute({
    method: 'get',
    path: '/spot-checks/{id}/redraw',
    tags: [TAG],
    summary: '按记录的种子和候选重新抽取，核对样本是否与记录一致',
    request: { params: IdParam },
    responses: {
      200: {
        description: '重抽结果',
        content: {
          'application/json': {
            schema: z.object({
              same: z.boolean(),
              drawn: z.array(z.object({ id: z.number(), reason: z.string() })),
              recorded: z.array(z.object({ id: z.number(), reason: z.string() })),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  entry: createRoute({
    method: 'get',
    path: '/spot-checks/{id}/entries/{entryId}',
    tags: [TAG],
    summary: '一条抽查记录：自评得分、复核结果、复核专家（数据范围内，或指派给本人复核的）',
    request: { params: EntryParams },
    responses: {
      200: { description: '抽查记录', content: { 'application/json': { schema: EntrySchema } } },
      ...errorResponses,
    },
  }),
  reviewer: createRoute({
    method: 'post',
    path: '/spot-checks/{id}/entries/{entryId}/reviewer',
    tags: [TAG],
    summary:
      '指派复核专家：从专家库指派专家复核该抽查自评（与被评价单位同单位、同部门或近年为其服务的回避），专家收到通知并签收',
    request: {
      params: EntryParams,
      body: jsonBody(
        z.strictObject({ expertId: z.int('expertId 须为专家编号').positive('expertId 须为专家编号') }),
      ),
    },
    responses: {
      200: { description: '已指派', content: { 'application/json': { schema: EntrySchema } } },
      ...errorResponses,
    },
  }),
  expertReview: createRoute({
    method: 'post',
    path: '/spot-checks/{id}/entries/{entryId}/expert-review',
    tags: [TAG],
    summary: '复核专家提交复核打分：失真认定、通知部门和下达整改与财政或审计人员复核相同',
    request: { params: EntryParams, body: jsonBody(ReviewBody) },
    responses: {
      200: { description: '复核结果', content: { 'application/json': { schema: EntrySchema } } },
      ...errorResponses,
    },
  }),
  review: createRoute({
    method: 'post',
    path: '/spot-checks/{id}/entries/{entryId}/review',
    tags: [TAG],
    summary:
      '复核打分（财政或审计人员）：与自评相差超过规定分值、等级改变或自评表有问题即认定失真，通知部门签收并下达整改',
    request: {
      params: EntryParams,
      body: jsonBody(ReviewBody),
    },
    responses: {
      200: { description: '复核结果', content: { 'application/json': { schema: EntrySchema } } },
      ...errorResponses,
    },
  }),
};

export function registerSpotCheckRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) =>
    c.json(
      {
        spotChecks: (await listSpotChecks(platform.db, c.get('actor'), c.req.valid('query').fiscalYear)).map(
          (s) => ({ ...s, createdAt: s.createdAt.toISOString() }),
        ),
      },
      200,
    ),
  );
  app.openapi(routes.draw, async (c) =>
    c.json(checkJson(await drawSpotCheck(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(checkJson(await getSpotCheck(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.verify, async (c) =>
    c.json(await redrawSpotCheck(platform.db, c.get('actor'), platform, c.req.valid('param').id), 200),
  );
  app.openapi(routes.entry, async (c) => {
    const p = c.req.valid('param');
    const row = await getSpotCheckEntry(platform.db, c.get('actor'), p.entryId);
    if (row.spotCheckId !== p.id)
      throw new NotFoundError(`抽查记录 ${p.entryId} 不属于抽查 ${p.id}`, { entryId: p.entryId });
    return c.json(entryJson(row), 200);
  });
  app.openapi(routes.reviewer, async (c) => {
    const p = c.req.valid('param');
    const row = await assignSpotCheckReviewer(
      platform,
      c.get('actor'),
      p.id,
      p.entryId,
      c.req.valid('json').expertId,
    );
    return c.json(entryJson(row), 200);
  });
  app.openapi(routes.expertReview, async (c) => {
    const p = c.req.valid('param');
    const row = await reviewSpotCheckEntry(platform, c.get('actor'), p.id, p.entryId, c.req.valid('json'));
    return c.json(entryJson(row), 200);
  });
  app.openapi(routes.review, async (c) => {
    const p = c.req.valid('param');
    const row = await reviewSpotCheckEntry(platform, c.get('actor'), p.id, p.entryId, c.req.valid('json'));
    return c.json(entryJson(row), 200);
  });
}
