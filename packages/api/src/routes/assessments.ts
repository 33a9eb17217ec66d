import { createRoute, z } from '@hono/zod-openapi';
import {
  ASSESSMENT_STATUSES,
  ASSESSORS,
  assessmentContentSchema,
  assessmentCreateSchema,
  assessmentRequirementSchema,
  assessmentReviewSchema,
  changeResponsesSchema,
  dimensionName,
  EX_ANTE_CONCLUSIONS,
  type ExAnteConclusion,
  exAnteBudgetRefusal,
  InputError,
  idSchema,
} from '@jixiao/core';
import { requirePermission } from '@jixiao/db';
import {
  type AssessmentRow,
  acceptAssessment,
  createAssessment,
  getAssessment,
  isAssessor,
  listAssessments,
  loadExAnteStatus,
  recordAssessment,
  requireAssessment,
  respondToChanges,
  returnAssessment,
  submitAssessment,
  uploadAssessmentReport,
  verdictDimensionsFor,
} from '@jixiao/db/assessments';
import { DEFAULT_ATTACHMENT_LIMITS } from '@jixiao/db/attachments';
import { getItem } from '@jixiao/db/items';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, App } from '../env.ts';
import { errorResponse } from '../errors.ts';
import {
  afterIdOf,
  errorResponses,
  IdParam,
  iso,
  jsonBody,
  PageQuery,
  pageOf,
  UserRefSchema,
} from '../schemas.ts';

const Conclusion = z.enum(EX_ANTE_CONCLUSIONS.values);

const DimensionSchema = z.object({
  id: z.string(),
  name: z.string(),
  weight: z.number(),
  guidance: z.string(),
  score: z.number().nullable(),
});

const VerdictSchema = z.object({
  key: z.string(),
  name: z.string(),
  guidance: z.string(),
  source: z.string(),
  passed: z.boolean().nullable(),
  note: z.string().nullable(),
});

const AssessmentSchema = z
  .object({
    id: z.number(),
    item: z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      fundTypeId: z.string(),
      approvedAmountFen: z.number(),
      orgUnit: z.object({ id: z.number(), name: z.string() }),
    }),
    status: z.enum(ASSESSMENT_STATUSES.values),
    statusLabel: z.string(),
    assessor: z.enum(ASSESSORS.values),
    assessorLabel: z.string(),
    institution: z.object({ id: z.number(), name: z.string() }).nullable(),
    dimensions: z.array(DimensionSchema).openapi({ description: '评估维度、分值与评分要点，及本次得分' }),
    verdicts: z.array(VerdictSchema).openapi({ description: '资金类型要求的专项论证（通过/不通过）' }),
    findings: z.string(),
    totalScore: z.number().nullable(),
    computedConclusion: Conclusion.nullable().openapi({ description: '按分数段计算的结论' }),
    conclusion: Conclusion.nullable(),
    conclusionLabel: z.string().nullable(),
    overrideReason: z.string().nullable(),
    requiredChanges: z.array(
      z.object({
        id: z.number(),
        text: z.string(),
        response: z.string().nullable(),
        attachmentIds: z.array(z.number()),
        respondedAt: z.string().nullable(),
      }),
    ),
    reportAttachmentIds: z.array(z.number()),
    submittedBy: UserRefSchema.nullable(),
    submittedAt: z.string().nullable(),
    reviewedBy: UserRefSchema.nullable(),
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    reviewChecks: z.array(
      z.object({ checkId: z.string(), name: z.string(), outcome: z.string(), reasons: z.array(z.string()) }),
    ),
    round: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ExAnteAssessment');

const conclusionLabel = (c: ExAnteConclusion | null) => (c ? EX_ANTE_CONCLUSIONS.labels[c] : null);

function assessmentJson(deps: ApiDeps, a: AssessmentRow) {
  const config = deps.platform.config;
  const { path: _path, ...orgUnit } = a.item.orgUnit;
  return {
    id: a.id,
    item: {
      id: a.item.id,
      code: a.item.code,
      name: a.item.name,
      kind: a.item.kind,
      fundTypeId: a.item.fundTypeId,
      approvedAmountFen: a.item.approvedAmountFen,
      orgUnit,
    },
    status: a.status,
    statusLabel: a.statusLabel,
    assessor: a.assessor,
    assessorLabel: ASSESSORS.labels[a.assessor],
    institution: a.institution ? { id: a.institution.id, name: a.institution.name } : null,
    dimensions: config.exAnte.dimensions.map((d) => ({
      id: d.id,
      name: dimensionName(d, a.item.kind),
      weight: d.weight,
      guidance: d.guidance,
      score: a.scores[d.id] ?? null,
    })),
    verdicts: verdictDimensionsFor(deps.platform, a.item).map((v) => ({
      ...v,
      passed: a.verdicts[v.key]?.passed ?? null,
      note: a.verdicts[v.key]?.note ?? null,
    })),
    findings: a.findings,
    totalScore: a.totalScore,
    computedConclusion: a.computedConclusion,
    conclusion: a.conclusion,
    conclusionLabel: conclusionLabel(a.conclusion),
    overrideReason: a.overrideReason,
    requiredChanges: a.requiredChanges.map((c) => ({
      id: c.id,
      text: c.text,
      response: c.response,
      attachmentIds: c.attachmentIds,
      respondedAt: c.respondedAt,
    })),
    reportAttachmentIds: a.reportAttachmentIds,
    submittedBy: a.submittedBy,
    submittedAt: iso(a.submittedAt),
    reviewedBy: a.reviewedBy,
    reviewedAt: iso(a.reviewedAt),
    reviewComment: a.reviewComment,
    reviewChecks: a.reviewChecks,
    round: a.round,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

const TAG = '事前绩效评估';
const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: AssessmentSchema } } },
  ...errorResponses,
});

const ExAnteStatusSchema = z
  .object({
    itemId: z.number(),
    required: z.boolean(),
    reasons: z
      .array(z.string())
      .openapi({ description: '须评估的依据（新出台重大项目、金额、基建、财政要求）' }),
    requiredByFinance: z.object({ reason: z.string(), requiredAt: z.string() }).nullable(),
    acceptedConclusion: Conclusion.nullable(),
    acceptedConclusionLabel: z.string().nullable(),
    openChanges: z.number(),
    budgetRefusal: z
      .string()
      .nullable()
      .openapi({ description: '不能安排预算的原因（必备要件），可以时为 null' }),
    assessments: z.array(z.object({ id: z.number(), status: z.string(), conclusion: Conclusion.nullable() })),
  })
  .openapi('ExAnteStatus');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/assessments',
    tags: [TAG],
    summary: '事前评估列表（数据范围内；受托机构只看到委托给自己的）',
    request: {
      query: z.object({
        itemId: z.coerce.number().pipe(idSchema).optional(),
        status: z.enum(ASSESSMENT_STATUSES.values).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '事前评估',
        content: {
          'application/json': {
            schema: z.object({ assessments: z.array(AssessmentSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/assessments',
    tags: [TAG],
    summary: '开展事前评估：部门自行评估，或财政部门委托第三方机构评估',
    request: { body: jsonBody(assessmentCreateSchema) },
    responses: {
      201: { description: '已创建（评估中）', content: { 'application/json': { schema: AssessmentSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/assessments/{id}',
    tags: [TAG],
    summary: '事前评估详情：维度、分值与评分要点、得分、结论、调整完善事项、审核情况',
    request: { params: IdParam },
    responses: ok('事前评估'),
  }),
  record: createRoute({
    method: 'put',
    path: '/assessments/{id}',
    tags: [TAG],
    summary: '填写评估内容（评估中或被退回时）：各维度得分、专项论证、评估发现、结论、调整完善事项、评估报告',
    request: { params: IdParam, body: jsonBody(assessmentContentSchema) },
    responses: ok('保存后的事前评估（结论按分数段计算，可说明理由后调整）'),
  }),
  report: createRoute({
    method: 'post',
    path: '/assessments/{id}/report',
    tags: [TAG],
    summary: '上传事前绩效评估报告（评估方，含受托第三方机构）；返回附件，再在评估内容中引用',
    request: {
      params: IdParam,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
          },
        },
      },
    },
    responses: {
      201: {
        description: '已保存的附件',
        content: {
          'application/json': {
            schema: z.object({
              id: z.number(),
              fileName: z.string(),
              mimeType: z.string(),
              size: z.number(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  submit: createRoute({
    method: 'post',
    path: '/assessments/{id}/submit',
    tags: [TAG],
    summary: '提交财政审核（各维度已打分、专项论证已填、评估发现与报告齐全）',
    request: { params: IdParam },
    responses: ok('已提交'),
  }),
  accept: createRoute({
    method: 'post',
    path: '/assessments/{id}/accept',
    tags: [TAG],
    summary: '审核通过（财政部门预算审核；不能审核本部门项目或本人提交的评估）',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: assessmentReviewSchema } } },
    },
    responses: ok('已审核通过，结论生效'),
  }),
  return: createRoute({
    method: 'post',
    path: '/assessments/{id}/return',
    tags: [TAG],
    summary: '退回修改（须写审核意见）',
    request: { params: IdParam, body: jsonBody(assessmentReviewSchema) },
    responses: ok('已退回'),
  }),
  respond: createRoute({
    method: 'post',
    path: '/assessments/{id}/responses',
    tags: [TAG],
    summary: '答复调整完善意见（结论为“调整完善后予以支持”时；全部答复后方可批复预算）',
    request: { params: IdParam, body: jsonBody(changeResponsesSchema) },
    responses: ok('已答复'),
  }),
  status: createRoute({
    method: 'get',
    path: '/items/{id}/ex-ante',
    tags: [TAG],
    summary: '项目是否须事前评估、依据，已审核的结论与预算必备要件是否满足',
    request: { params: IdParam },
    responses: {
      200: {
        description: '事前评估要求与状态',
        content: { 'application/json': { schema: ExAnteStatusSchema } },
      },
      ...errorResponses,
    },
  }),
  require: createRoute({
    method: 'post',
    path: '/items/{id}/ex-ante/requirement',
    tags: [TAG],
    summary: '财政部门要求对该项目开展事前评估（范围以外的项目）',
    request: { params: IdParam, body: jsonBody(assessmentRequirementSchema) },
    responses: {
      200: {
        description: '事前评估要求与状态',
        content: { 'application/json': { schema: ExAnteStatusSchema } },
      },
      ...errorResponses,
    },
  }),
};

export function registerAssessmentRoutes(app: App, deps: ApiDeps) {
  const { platform } = deps;
  const limits = deps.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS;
  const json = (a: AssessmentRow) => assessmentJson(deps, a);

  async function exAnteStatus(actor: Parameters<typeof getItem>[1], itemId: number) {
    const item = await getItem(platform.db, actor, itemId);
    const s = await loadExAnteStatus(platform.db, item, platform.config);
    const list = await listAssessments(platform.db, actor, { itemId, limit: 50 });
    return {
      itemId,
      required: s.requirement.required,
      reasons: s.requirement.reasons,
      requiredByFinance: s.requiredByFinance
        ? { reason: s.requiredByFinance.reason, requiredAt: s.requiredByFinance.requiredAt.toISOString() }
        : null,
      acceptedConclusion: s.gate.acceptedConclusion,
      acceptedConclusionLabel: conclusionLabel(s.gate.acceptedConclusion),
      openChanges: s.gate.openChanges,
      budgetRefusal: exAnteBudgetRefusal(s.gate),
      assessments: list.map((a) => ({ id: a.id, status: a.status, conclusion: a.conclusion })),
    };
  }

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listAssessments(platform.db, c.get('actor'), {
      itemId: q.itemId,
      status: q.status,
      afterId: afterIdOf(q.cursor),
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ assessments: page.map(json), nextCursor }, 200);
  });
  app.openapi(routes.create, async (c) =>
    c.json(json(await createAssessment(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(json(await getAssessment(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.record, async (c) =>
    c.json(
      json(await recordAssessment(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );

  // Who may upload is decided before the body is read.
  app.use('/assessments/:id/report', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const actor = c.get('actor');
    requirePermission(actor, 'attachments.write');
    const id = Number(c.req.param('id'));
    if (Number.isSafeInteger(id) && id > 0) {
      const a = await getAssessment(platform.db, actor, id);
      if (!isAssessor(actor, a))
        return errorResponse(c, 'not_allowed', '只有承担本次评估的部门或受托第三方机构可以上传评估报告');
    }
    return next();
  });
  app.use(
    '/assessments/:id/report',
    bodyLimit({
      maxSize: limits.maxBytes + 64 * 1024,
      onError: (c) =>
        errorResponse(
          c,
          'payload_too_large',
          `附件过大，不能超过${Math.round(limits.maxBytes / 1024 / 1024)}MB`,
        ),
    }),
  );
  app.openapi(routes.report, async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) {
      throw new InputError('字段 file：请以 multipart/form-data 上传文件', [
        { path: 'file', message: '缺少文件' },
      ]);
    }
    const row = await uploadAssessmentReport(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      limits,
    );
    return c.json({ id: row.id, fileName: row.fileName, mimeType: row.mimeType, size: row.size }, 201);
  });
  app.openapi(routes.submit, async (c) =>
    c.json(json(await submitAssessment(platform, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.accept, async (c) => {
    const body = c.req.valid('json') ?? {};
    return c.json(
      json(await acceptAssessment(platform, c.get('actor'), c.req.valid('param').id, body.comment ?? null)),
      200,
    );
  });
  app.openapi(routes.return, async (c) =>
    c.json(
      json(
        await returnAssessment(
          platform,
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('json').comment ?? null,
        ),
      ),
      200,
    ),
  );
  app.openapi(routes.respond, async (c) =>
    c.json(
      json(await respondToChanges(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
  app.openapi(routes.status, async (c) =>
    c.json(await exAnteStatus(c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(routes.require, async (c) => {
    const actor = c.get('actor');
    const id = c.req.valid('param').id;
    await requireAssessment(platform, actor, id, c.req.valid('json').reason);
    return c.json(await exAnteStatus(actor, id), 200);
  });
}
