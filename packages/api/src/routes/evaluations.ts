import { createRoute, z } from '@hono/zod-openapi';
import {
  describeMethodResult,
  EVALUATION_CARRIERS,
  EVALUATION_KINDS,
  EVALUATION_METHODS,
  evaluationIndicatorsInputSchema,
  evaluationMethodInputSchema,
  findingsInputSchema,
  KEY_EVALUATION_STATUSES,
  keyEvaluationCreateSchema,
  lineScoresInputSchema,
} from '@jixiao/core';
import {
  acceptKeyEvaluation,
  assignExpert,
  cancelKeyEvaluation,
  createKeyEvaluation,
  evaluationReportContent,
  getKeyEvaluation,
  type KeyEvaluationRow,
  listEvaluationMethods,
  listKeyEvaluations,
  type MethodRow,
  recordEvaluationMethod,
  removeExpert,
  returnKeyEvaluation,
  saveLineScores,
  setEvaluationLines,
  startKeyEvaluation,
  submitEvaluationReport,
  visibleScores,
} from '@jixiao/db/evaluations';
import { buildEvaluationReport } from '@jixiao/forms';
import type { ApiDeps, App } from '../env.ts';
import { decimalId, errorResponses, IdParam, jsonBody, requiredText } from '../schemas.ts';
import { contentDisposition } from './attachments.ts';

const TAG = '重点绩效评价';

const LineSchema = z.object({
  key: z.string(),
  dimension: z.string(),
  name: z.string(),
  weight: z.number(),
  scoring: z.string(),
});

const EvaluationSchema = z
  .object({
    id: z.number(),
    kind: EVALUATION_KINDS.schema,
    kindLabel: z.string(),
    title: z.string(),
    item: z.object({ id: z.number(), code: z.string(), name: z.string(), state: z.string() }).nullable(),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    fiscalYear: z.number(),
    carrier: EVALUATION_CARRIERS.schema,
    carrierLabel: z.string(),
    institution: z.object({ id: z.number(), name: z.string() }).nullable(),
    aggregation: z.enum(['mean', 'trimmed_mean', 'median']),
    status: KEY_EVALUATION_STATUSES.schema,
    statusLabel: z.string(),
    templateName: z.string(),
    lines: z.array(LineSchema),
    panel: z.array(
      z.object({
        expertId: z.number(),
        name: z.string(),
        title: z.string(),
        employer: z.string(),
        submitted: z.boolean(),
      }),
    ),
    dueOn: z.string().nullable(),
    findings: z.string().nullable(),
    recommendations: z.string().nullable(),
    summary: z.string().nullable(),
    evidence: z.array(z.object({ title: z.string(), attachmentId: z.number().optional() })),
    score: z.number().nullable(),
    grade: z.object({ code: z.string(), label: z.string() }).nullable(),
    comment: z.string().nullable(),
    reportedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('KeyEvaluation');

const json = ({ orgPath: _path, institution, ...e }: KeyEvaluationRow) => ({
  ...e,
  institution: institution ? { id: institution.id, name: institution.name } : null,
  reportedAt: e.reportedAt?.toISOString() ?? null,
  acceptedAt: e.acceptedAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
});
const methodJson = (m: MethodRow) => ({
  ...m,
  summary: describeMethodResult(m.method, m.result),
  recordedAt: m.recordedAt.toISOString(),
});

const MethodSchema = z
  .object({
    id: z.number(),
    method: EVALUATION_METHODS.schema,
    methodLabel: z.string(),
    inputs: z.record(z.string(), z.unknown()),
    result: z.unknown(),
    summary: z.string(),
    note: z.string().nullable(),
    recordedAt: z.string(),
  })
  .openapi('EvaluationMethodRecord');

const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: EvaluationSchema } } },
  ...errorResponses,
});
const action = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags: [TAG],
    summary,
    request: { params: IdParam },
    responses: ok('办理后的评价'),
  });
const actionWith = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({
    method: 'post',
    path,
    tags: [TAG],
    summary,
    request: { params: IdParam, body: jsonBody(body) },
    responses: ok('办理后的评价'),
  });

const CommentBody = z.strictObject({ comment: requiredText('意见', 1000) });
const ReasonBody = z.strictObject({ reason: requiredText('原因', 1000) });
const AcceptBody = z.strictObject({ comment: requiredText('验收意见', 1000).optional() });

const routes = {
  list: createRoute({
    method: 'get',
    path: '/evaluations',
    tags: [TAG],
    summary: '重点评价（财政：本地区；部门：本部门的；专家和受托机构：承担的）',
    request: {
      query: z.object({
        status: KEY_EVALUATION_STATUSES.schema.optional(),
        itemId: decimalId().optional(),
        fiscalYear: z.coerce.number().int().min(2000).max(2100).optional(),
      }),
    },
    responses: {
      200: {
        description: '评价',
        content: { 'application/json': { schema: z.object({ evaluations: z.array(EvaluationSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/evaluations',
    tags: [TAG],
    summary: '重点评价立项（财政部门）：指标体系取自资金类型的评价模板，部门整体评价取六个维度',
    request: { body: jsonBody(keyEvaluationCreateSchema) },
    responses: {
      201: { description: '已立项', content: { 'application/json': { schema: EvaluationSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/evaluations/{id}',
    tags: [TAG],
    summary: '评价详情',
    request: { params: IdParam },
    responses: ok('评价'),
  }),
  assign: actionWith(
    '/evaluations/{id}/experts',
    '指派评价专家（回避审查：同单位、同部门、近年为其服务的不得指派）',
    z.strictObject({ expertId: z.int('专家编号须为整数').positive() }),
  ),
  unassign: createRoute({
    method: 'delete',
    path: '/evaluations/{id}/experts/{expertId}',
    tags: [TAG],
    summary: '调出评价组专家（尚未评分的；写明原因）',
    request: {
      params: z.object({
        id: decimalId().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
        expertId: decimalId().openapi({ param: { name: 'expertId', in: 'path' }, example: 1 }),
      }),
      body: jsonBody(ReasonBody),
    },
    responses: ok('调整后的评价'),
  }),
  indicators: createRoute({
    method: 'put',
    path: '/evaluations/{id}/indicators',
    tags: [TAG],
    summary: '修改本次评价的指标体系（专家开始评分前；分值合计100）',
    request: { params: IdParam, body: jsonBody(evaluationIndicatorsInputSchema) },
    responses: ok('修改后的评价'),
  }),
  start: action('/evaluations/{id}/start', '启动评价打分'),
  scores: createRoute({
    method: 'put',
    path: '/evaluations/{id}/scores',
    tags: [TAG],
    summary: '专家逐项评分（背靠背；submit=true 提交后不可修改）',
    request: { params: IdParam, body: jsonBody(lineScoresInputSchema) },
    responses: {
      200: {
        description: '已保存',
        content: {
          'application/json': {
            schema: z.object({ scored: z.number(), remaining: z.array(LineSchema), submitted: z.boolean() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  readScores: createRoute({
    method: 'get',
    path: '/evaluations/{id}/scores',
    tags: [TAG],
    summary: '评分（本人的；提交后或全部提交后可见他人的）',
    request: { params: IdParam },
    responses: {
      200: {
        description: '评分',
        content: {
          'application/json': {
            schema: z.object({
              mine: z.array(
                z.object({ lineKey: z.string(), score: z.number(), comment: z.string().nullable() }),
              ),
              all: z
                .array(
                  z.object({
                    expertId: z.number(),
                    lineKey: z.string(),
                    score: z.number(),
                    comment: z.string().nullable(),
                  }),
                )
                .nullable(),
              blindReason: z.string().nullable(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  report: actionWith(
    '/evaluations/{id}/report',
    '提交评价报告（问题、建议、证据清单；得分按汇总规则计算）',
    findingsInputSchema,
  ),
  return: actionWith('/evaluations/{id}/return', '退回评价报告（写明意见）', CommentBody),
  accept: createRoute({
    method: 'post',
    path: '/evaluations/{id}/accept',
    tags: [TAG],
    summary: '验收评价结果：记录得分和等级，项目在生命周期允许时转为“已完成评价”',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: AcceptBody } } },
    },
    responses: {
      200: {
        description: '验收后的评价和项目状态',
        content: {
          'application/json': {
            schema: z.object({
              evaluation: EvaluationSchema,
              lifecycle: z.object({ moved: z.boolean(), note: z.string() }).nullable(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  cancel: actionWith('/evaluations/{id}/cancel', '撤销评价（写明原因）', ReasonBody),
  addMethod: createRoute({
    method: 'post',
    path: '/evaluations/{id}/methods',
    tags: [TAG],
    summary: '记录所用评价方法及其输入和结果（成本效益、比较、因素分析、公众评判、标杆管理）',
    request: { params: IdParam, body: jsonBody(evaluationMethodInputSchema) },
    responses: {
      201: { description: '已记录', content: { 'application/json': { schema: MethodSchema } } },
      ...errorResponses,
    },
  }),
  methods: createRoute({
    method: 'get',
    path: '/evaluations/{id}/methods',
    tags: [TAG],
    summary: '本次评价记录的方法',
    request: { params: IdParam },
    responses: {
      200: {
        description: '方法',
        content: { 'application/json': { schema: z.object({ methods: z.array(MethodSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  document: createRoute({
    method: 'get',
    path: '/evaluations/{id}/report-document',
    tags: [TAG],
    summary: '绩效评价报告（DOCX，由评价数据生成，含证据清单）',
    request: { params: IdParam },
    responses: {
      200: {
        description: '报告',
        content: {
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.any() },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerEvaluationRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listKeyEvaluations(platform.db, c.get('actor'), { ...q, limit: 500 });
    return c.json({ evaluations: rows.map(json) }, 200);
  });
  app.openapi(routes.create, async (c) =>
    c.json(json(await createKeyEvaluation(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(json(await getKeyEvaluation(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.assign, async (c) =>
    c.json(
      json(
        await assignExpert(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json').expertId),
      ),
      200,
    ),
  );
  app.openapi(routes.unassign, async (c) => {
    const p = c.req.valid('param');
    return c.json(
      json(await removeExpert(platform, c.get('actor'), p.id, p.expertId, c.req.valid('json').reason)),
      200,
    );
  });
  app.openapi(routes.indicators, async (c) =>
    c.json(
      json(
        await setEvaluationLines(
          platform,
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('json').lines,
        ),
      ),
      200,
    ),
  );
  app.openapi(routes.start, async (c) =>
    c.json(json(await startKeyEvaluation(platform, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.scores, async (c) =>
    c.json(await saveLineScores(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(routes.readScores, async (c) => {
    const s = await visibleScores(platform.db, c.get('actor'), c.req.valid('param').id);
    return c.json(
      { mine: s.mine.map(({ expertId: _e, ...r }) => r), all: s.all, blindReason: s.blindReason },
      200,
    );
  });
  app.openapi(routes.report, async (c) =>
    c.json(
      json(
        await submitEvaluationReport(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
      ),
      200,
    ),
  );
  app.openapi(routes.return, async (c) =>
    c.json(
      json(
        await returnKeyEvaluation(
          platform,
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('json').comment,
        ),
      ),
      200,
    ),
  );
  app.openapi(routes.accept, async (c) => {
    const body = (c.req.valid('json') as { comment?: string } | undefined) ?? {};
    const r = await acceptKeyEvaluation(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      body.comment ?? null,
    );
    return c.json({ evaluation: json(r.evaluation), lifecycle: r.lifecycle }, 200);
  });
  app.openapi(routes.cancel, async (c) =>
    c.json(
      json(
        await cancelKeyEvaluation(
          platform,
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('json').reason,
        ),
      ),
      200,
    ),
  );
  app.openapi(routes.addMethod, async (c) =>
    c.json(
      methodJson(
        await recordEvaluationMethod(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
      ),
      201,
    ),
  );
  app.openapi(routes.methods, async (c) =>
    c.json(
      {
        methods: (await listEvaluationMethods(platform.db, c.get('actor'), c.req.valid('param').id)).map(
          methodJson,
        ),
      },
      200,
    ),
  );
  app.openapi(routes.document, async (c) => {
    const r = await evaluationReportContent(platform.db, platform, c.get('actor'), c.req.valid('param').id);
    const file = await buildEvaluationReport(r.content);
    return c.body(new Uint8Array(file), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': contentDisposition(r.fileName),
    });
  });
}
