import { createRoute, z } from '@hono/zod-openapi';
import {
  EVALUATION_RESULT_SOURCES,
  fiscalYearSchema,
  GRADES,
  isoDateSchema,
  RESULT_SUBJECT_KINDS,
} from '@jixiao/core';
import {
  type EvaluationResultView,
  getEvaluationResult,
  listEvaluationResults,
  recordResult,
} from '@jixiao/db/evaluation-results';
import type { ApiDeps, App } from '../env.ts';
import {
  afterIdOf,
  decimalId,
  errorResponses,
  IdParam,
  jsonBody,
  PageQuery,
  pageOf,
  requiredText,
} from '../schemas.ts';

const Ref = z.object({ id: z.number(), name: z.string() });

const FindingSchema = z.object({
  id: z.number(),
  finding: z.string(),
  requiredAction: z.string().nullable(),
  itemId: z.number().nullable(),
  deadline: z.string().nullable(),
  task: z
    .object({ id: z.number(), status: z.string(), statusLabel: z.string(), assignee: z.string() })
    .nullable(),
});

const EvaluationResultSchema = z
  .object({
    id: z.number(),
    subjectKind: z.enum(RESULT_SUBJECT_KINDS.values),
    subject: Ref,
    item: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
    orgUnit: Ref.nullable(),
    region: Ref,
    fiscalYear: z.number(),
    source: z.enum(EVALUATION_RESULT_SOURCES.values),
    sourceLabel: z.string(),
    score: z.number(),
    grade: z.enum(GRADES.values),
    gradeLabel: z.string(),
    distortion: z.boolean(),
    summary: z.string().nullable(),
    sourceRef: z.string().nullable(),
    findings: z.array(FindingSchema),
    rectificationComplete: z.boolean().openapi({ description: '每条须整改的问题均已验收' }),
    createdAt: z.string(),
  })
  .openapi('EvaluationResult');

const RecordBody = z.strictObject({
  source: z.enum(EVALUATION_RESULT_SOURCES.values),
  fiscalYear: fiscalYearSchema,
  itemId: z.number().int().positive().nullable().optional(),
  orgUnitId: z.number().int().positive().nullable().optional(),
  regionId: z.number().int().positive().nullable().optional(),
  score: z.number().min(0).max(100),
  grade: z.enum(GRADES.values),
  distortion: z.boolean().optional(),
  summary: z.string().trim().max(2000).nullable().optional(),
  sourceRef: z.string().trim().max(100).nullable().optional(),
  findings: z
    .array(
      z.strictObject({
        finding: requiredText('问题', 1000),
        requiredAction: z.string().trim().max(1000).nullable().optional(),
        itemId: z.number().int().positive().nullable().optional(),
        assigneeUserId: z.number().int().positive().nullable().optional(),
        deadline: isoDateSchema.nullable().optional(),
      }),
    )
    .max(50)
    .optional(),
});

const resultJson = (r: EvaluationResultView) => ({ ...r, createdAt: r.createdAt.toISOString() });

const routes = {
  record: createRoute({
    method: 'post',
    path: '/evaluation-results',
    tags: ['结果应用'],
    summary: '登记评价结果（如外部评价）：通知部门签收，须整改的问题逐条下达整改任务',
    request: { body: jsonBody(RecordBody) },
    responses: {
      201: { description: '已登记', content: { 'application/json': { schema: EvaluationResultSchema } } },
      ...errorResponses,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/evaluation-results',
    tags: ['结果应用'],
    summary: '评价结果（按数据范围），含问题、整改任务及整改是否完成',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        itemId: decimalId().optional(),
        orgUnitId: decimalId().optional(),
        source: z.enum(EVALUATION_RESULT_SOURCES.values).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '评价结果',
        content: {
          'application/json': {
            schema: z.object({ data: z.array(EvaluationResultSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/evaluation-results/{id}',
    tags: ['结果应用'],
    summary: '评价结果',
    request: { params: IdParam },
    responses: {
      200: { description: '评价结果', content: { 'application/json': { schema: EvaluationResultSchema } } },
      ...errorResponses,
    },
  }),
};

export function registerEvaluationResultRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.record, async (c) => {
    const actor = c.get('actor');
    const id = await recordResult(platform, actor, c.req.valid('json'));
    return c.json(resultJson(await getEvaluationResult(platform.db, actor, id)), 201);
  });
  app.openapi(routes.list, async (c) => {
    const { cursor, limit, ...q } = c.req.valid('query');
    const rows = await listEvaluationResults(platform.db, c.get('actor'), {
      ...q,
      afterId: afterIdOf(cursor),
      limit: limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, limit);
    return c.json({ data: page.map(resultJson), nextCursor }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json(resultJson(await getEvaluationResult(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
}
