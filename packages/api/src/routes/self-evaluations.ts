import { createRoute, z } from '@hono/zod-openapi';
import {
  checkSelfEvaluation,
  fiscalYearSchema,
  GRADES,
  InputError,
  idSchema,
  SELF_EVALUATION_STATUSES,
  selfEvaluationSchemes,
} from '@jixiao/core';
import {
  actOnSelfEvaluation,
  departmentCoverage,
  departmentNameOf,
  getSelfEvaluation,
  listSelfEvaluations,
  prepareItemSelfEvaluation,
  prepareYearSelfEvaluations,
  recordSelfEvaluation,
  type SelfEvaluationContent,
  type SelfEvaluationRow,
  scoredColumns,
  selfEvaluationScheme,
} from '@jixiao/db/self-evaluations';
import { SELF_EVALUATION_SHEET, selfEvaluationWorkbook } from '@jixiao/forms';
import type { ApiDeps, App } from '../env.ts';
import {
  afterIdOf,
  errorResponses,
  IdParam,
  iso,
  jsonBody,
  PageQuery,
  pageOf,
  requiredText,
  UserRefSchema,
} from '../schemas.ts';
import { entryFromWorkbook, limitWorkbookUpload, uploadedFile } from '../self-evaluation-import.ts';

const amount = z.number().finite().nullable().optional();
const printed = z.string().max(200).nullable();

const CheckBody = z
  .strictObject({
    scheme: z
      .string()
      .max(60)
      .optional()
      .openapi({ description: '评分方案（默认 caiyu-2020-10，即财预〔2020〕10号）' }),
    budget: z.strictObject({
      initial: amount.openapi({ description: '年初预算数' }),
      adjusted: amount.openapi({ description: '全年预算数（调整后）' }),
      executed: amount.openapi({ description: '全年执行数' }),
      weight: amount.openapi({ description: '预算执行率分值' }),
      printedScore: amount.openapi({ description: '表上填报的得分' }),
    }),
    indicators: z
      .array(
        z.strictObject({
          level1: z.string().min(1).max(40).openapi({ example: '产出指标' }),
          level2: z.string().max(40).nullable().optional().openapi({ example: '数量指标' }),
          name: z.string().min(1).max(200),
          target: printed.openapi({ description: '年度指标值，如“≥95%”“≤5300万元”“好”', example: '≥200套' }),
          actual: printed.openapi({ description: '实际完成值，如“98%”“192只”“基本达标”', example: '180套' }),
          weight: amount.openapi({ description: '分值（权重）' }),
          printedScore: amount.openapi({ description: '表上填报的得分' }),
        }),
      )
      .max(500),
    printedTotal: amount.openapi({ description: '表上填报的总分' }),
  })
  .openapi('SelfEvaluationTable');

const CheckResult = z
  .object({
    budget: z.object({ rate: z.number().nullable(), score: z.number().nullable() }),
    indicators: z.array(
      z.object({ completion: z.number().nullable(), score: z.number().nullable(), method: z.string() }),
    ),
    total: z.number().nullable(),
    grade: z.object({ code: z.string(), label: z.string() }).nullable(),
    problems: z.array(
      z.object({
        code: z.string(),
        row: z
          .number()
          .nullable()
          .openapi({ description: 'indicators 的下标；-1 为预算执行率行；null 为整表' }),
        message: z.string(),
      }),
    ),
  })
  .openapi('SelfEvaluationCheck');

const checkRoute = createRoute({
  method: 'post',
  path: '/self-evaluations/check',
  tags: ['绩效自评'],
  summary: '按评分方案核算一张自评表并列出问题（不写入任何数据）',
  description:
    '按表上填写的样子提交（“≥95%”“≤5300万元”“好”“达标”），返回预算执行率得分、每项指标的完成程度与得分、总分、等级，' +
    '以及表中的问题：总分与各项得分之和不符、分值合计不符、得分超过分值、达标未得满分、未达标得满分、执行率得分不符、缺分值、无法读取的值等。',
  request: { body: { required: true, content: { 'application/json': { schema: CheckBody } } } },
  responses: {
    200: { description: '核算结果', content: { 'application/json': { schema: CheckResult } } },
    ...errorResponses,
  },
});

const TAG = '绩效自评';
const SelfEvaluationLineSchema = z.object({
  indicatorId: z.number().nullable(),
  level1: z.string(),
  level2: z.string(),
  name: z.string(),
  target: z.string().nullable().openapi({ description: '年度指标值' }),
  latest: z.string().nullable().openapi({ description: '最近一次填报的完成值' }),
  latestOn: z.string().nullable(),
  weight: z.number(),
  actual: z.string().nullable().openapi({ description: '实际完成值' }),
  deviationReason: z.string().nullable().openapi({ description: '偏差原因' }),
});
const GradeSchema = z.object({ code: z.enum(GRADES.values), label: z.string() }).nullable();

/** What a project's and a department's self-evaluation share (`SelfEvaluationContent` in db). */
export const SelfEvaluationContentSchema = z.object({
  id: z.number(),
  fiscalYear: z.number(),
  status: z.enum(SELF_EVALUATION_STATUSES.values),
  statusLabel: z.string(),
  scheme: z.string(),
  budget: z
    .object({ initialFen: z.number(), adjustedFen: z.number(), executedFen: z.number() })
    .openapi({ description: '年初预算数、全年预算数（含预算调整）、全年执行数（分）' }),
  lines: z.array(SelfEvaluationLineSchema),
  measures: z.string().openapi({ description: '改进措施' }),
  evidenceAttachmentIds: z.array(z.number()),
  score: z.number().nullable().openapi({ description: '按评分方案计算的当前得分' }),
  grade: GradeSchema,
  problems: z.array(z.object({ code: z.string(), row: z.number().nullable(), message: z.string() })),
  finalScore: z.number().nullable().openapi({ description: '财政接收时确定的得分' }),
  finalGrade: GradeSchema,
  submittedBy: UserRefSchema.nullable(),
  submittedAt: z.string().nullable(),
  confirmedBy: UserRefSchema.nullable(),
  confirmedAt: z.string().nullable(),
  reviewedBy: UserRefSchema.nullable(),
  reviewedAt: z.string().nullable(),
  returnComment: z.string().nullable(),
  round: z.number(),
});

const SelfEvaluationSchema = SelfEvaluationContentSchema.extend({
  item: z.object({ id: z.number(), code: z.string(), name: z.string(), isSpecialTransfer: z.boolean() }),
  orgUnit: z.object({ id: z.number(), name: z.string() }),
}).openapi('SelfEvaluation');

/** The shared fields as JSON (dates as ISO strings). */
export function selfEvaluationContentJson(s: SelfEvaluationContent) {
  return {
    id: s.id,
    fiscalYear: s.fiscalYear,
    status: s.status,
    statusLabel: s.statusLabel,
    scheme: s.scheme,
    budget: s.budget,
    lines: s.lines,
    measures: s.measures,
    evidenceAttachmentIds: s.evidenceAttachmentIds,
    score: s.score,
    grade: s.grade,
    problems: s.problems,
    finalScore: s.finalScore,
    finalGrade: s.finalGrade,
    submittedBy: s.submittedBy,
    submittedAt: iso(s.submittedAt),
    confirmedBy: s.confirmedBy,
    confirmedAt: iso(s.confirmedAt),
    reviewedBy: s.reviewedBy,
    reviewedAt: iso(s.reviewedAt),
    returnComment: s.returnComment,
    round: s.round,
  };
}

function selfEvaluationJson(s: SelfEvaluationRow) {
  return {
    ...selfEvaluationContentJson(s),
    item: {
      id: s.item.id,
      code: s.item.code,
      name: s.item.name,
      isSpecialTransfer: s.item.isSpecialTransfer,
    },
    orgUnit: { id: s.orgUnit.id, name: s.orgUnit.name },
  };
}

const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: SelfEvaluationSchema } } },
  ...errorResponses,
});

const PrepareBody = z
  .strictObject({ itemId: idSchema, fiscalYear: fiscalYearSchema })
  .openapi('SelfEvaluationPrepare');

export const EntryBody = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          row: z.int().min(0).max(499).openapi({ description: '指标行（从0开始，对应 lines 的下标）' }),
          actual: z
            .string()
            .max(200)
            .nullable()
            .optional()
            .openapi({ description: '实际完成值，如“98%”“180套”“达标”' }),
          deviationReason: z.string().max(1000).nullable().optional().openapi({ description: '偏差原因' }),
        }),
      )
      .max(500)
      .optional(),
    measures: z.string().max(4000).optional().openapi({ description: '改进措施' }),
    evidenceAttachmentIds: z
      .array(idSchema)
      .max(50)
      .optional()
      .openapi({ description: '佐证材料（本项目的附件）' }),
  })
  .openapi('SelfEvaluationEntry');

export const CommentBody = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export const ReturnBody = z.strictObject({ comment: requiredText('退回意见', 2000) });

const CoverageSchema = z
  .object({
    fiscalYear: z.number(),
    departments: z.array(
      z.object({
        department: z.object({ id: z.number(), name: z.string() }),
        projectFen: z.number(),
        projectEvaluatedFen: z.number(),
        projectShare: z.number().nullable(),
        specialTransferFen: z.number(),
        specialTransferEvaluatedFen: z.number(),
        specialTransferShare: z.number().nullable(),
        short: z.boolean(),
        shortfalls: z.array(z.string()),
        distortions: z
          .number()
          .openapi({ description: '抽查认定失真的自评份数（计入部门绩效管理工作考核）' }),
      }),
    ),
  })
  .openapi('SelfEvaluationCoverage');

const workflowRoutes = {
  list: createRoute({
    method: 'get',
    path: '/self-evaluations',
    tags: [TAG],
    summary: '绩效自评列表（数据范围内）',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        status: z.enum(SELF_EVALUATION_STATUSES.values).optional(),
        itemId: z.coerce.number().pipe(idSchema).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '绩效自评',
        content: {
          'application/json': {
            schema: z.object({
              selfEvaluations: z.array(SelfEvaluationSchema),
              nextCursor: z.string().nullable(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  prepare: createRoute({
    method: 'post',
    path: '/self-evaluations',
    tags: [TAG],
    summary: '准备项目某年度的绩效自评：按预算执行和生效的绩效目标（含最近填报值）预填，并立即计分',
    request: { body: jsonBody(PrepareBody) },
    responses: {
      201: {
        description: '已准备（填报中）',
        content: { 'application/json': { schema: SelfEvaluationSchema } },
      },
      ...errorResponses,
    },
  }),
  prepareYear: createRoute({
    method: 'post',
    path: '/self-evaluations/prepare-year',
    tags: [TAG],
    summary: '财政部门为数据范围内某年度所有应自评项目批量准备绩效自评（一次集合运算），并按评分方案计分',
    request: { body: jsonBody(z.strictObject({ fiscalYear: fiscalYearSchema })) },
    responses: {
      200: {
        description: '准备与计分的数量',
        content: {
          'application/json': {
            schema: z.object({ fiscalYear: z.number(), prepared: z.number(), scored: z.number() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  coverage: createRoute({
    method: 'get',
    path: '/self-evaluations/coverage',
    tags: [TAG],
    summary: '各部门绩效自评覆盖率：项目资金（默认不低于60%）与专项转移支付（100%）',
    request: { query: z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema) }) },
    responses: {
      200: { description: '覆盖率', content: { 'application/json': { schema: CoverageSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/self-evaluations/{id}',
    tags: [TAG],
    summary: '绩效自评详情：预算执行、各项指标的目标、最近填报值、实际完成值与得分、问题',
    request: { params: IdParam },
    responses: ok('绩效自评'),
  }),
  record: createRoute({
    method: 'put',
    path: '/self-evaluations/{id}',
    tags: [TAG],
    summary: '填写绩效自评（填报中或被退回时）：实际完成值、偏差原因、改进措施、佐证材料；保存即重新计分',
    request: { params: IdParam, body: jsonBody(EntryBody) },
    responses: ok('保存后的绩效自评'),
  }),
  submit: createRoute({
    method: 'post',
    path: '/self-evaluations/{id}/submit',
    tags: [TAG],
    summary: '提交绩效自评（各项实际完成值已填，未达标的已写偏差原因）',
    request: { params: IdParam },
    responses: ok('已提交，待部门确认'),
  }),
  confirm: createRoute({
    method: 'post',
    path: '/self-evaluations/{id}/confirm',
    tags: [TAG],
    summary: '部门绩效管理人员确认本部门的绩效自评，报送财政部门',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: CommentBody } } },
    },
    responses: ok('已确认，待财政接收'),
  }),
  accept: createRoute({
    method: 'post',
    path: '/self-evaluations/{id}/accept',
    tags: [TAG],
    summary: '财政部门接收绩效自评：记录最终得分和等级，项目进入“已自评”',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: CommentBody } } },
    },
    responses: ok('已接收'),
  }),
  return: createRoute({
    method: 'post',
    path: '/self-evaluations/{id}/return',
    tags: [TAG],
    summary: '退回绩效自评（部门退回待确认的，财政退回已确认的；须写退回意见）',
    request: { params: IdParam, body: jsonBody(ReturnBody) },
    responses: ok('已退回'),
  }),
};

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const xlsxRoutes = {
  export: createRoute({
    method: 'get',
    path: '/self-evaluations/{id}/xlsx',
    tags: [TAG],
    summary: '导出项目支出绩效自评表（Excel，标准格式）',
    request: { params: IdParam },
    responses: {
      200: {
        description: '自评表',
        content: { [XLSX]: { schema: z.any().openapi({ type: 'string', format: 'binary' }) } },
      },
      ...errorResponses,
    },
  }),
  import: createRoute({
    method: 'post',
    path: '/self-evaluations/{id}/xlsx',
    tags: [TAG],
    summary:
      '导入填好的项目支出绩效自评表：先按评分方案核算，有问题逐行列出并拒绝，无误才写入实际完成值和偏差原因',
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
    responses: ok('导入后的绩效自评'),
  }),
};

export function registerSelfEvaluationRoutes(app: App, { platform }: ApiDeps) {
  const json = selfEvaluationJson;
  app.openapi(xlsxRoutes.export, async (c) => {
    const se = await getSelfEvaluation(platform.db, c.get('actor'), c.req.valid('param').id);
    const content = { budget: se.budget, lines: se.lines, measures: se.measures };
    const { check } = scoredColumns(platform, content);
    const file = await selfEvaluationWorkbook({
      fiscalYear: se.fiscalYear,
      itemCode: se.item.code,
      itemName: se.item.name,
      department: await departmentNameOf(platform.db, se.orgUnit.path),
      unit: se.orgUnit.name,
      budget: {
        ...se.budget,
        weight: selfEvaluationScheme(platform).scheme.budgetWeight,
        score: check.budget.score,
      },
      lines: se.lines.map((l, i) => ({ ...l, score: check.indicators[i]?.score ?? null })),
      measures: se.measures,
      total: check.total,
    });
    return new Response(new Uint8Array(file), {
      status: 200,
      headers: {
        'content-type': XLSX,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${se.item.code}-${se.fiscalYear}-绩效自评表.xlsx`)}`,
      },
    }) as never;
  });
  limitWorkbookUpload(app, '/self-evaluations/:id/xlsx');
  app.openapi(xlsxRoutes.import, async (c) => {
    const actor = c.get('actor');
    const id = c.req.valid('param').id;
    const file = await uploadedFile(await c.req.parseBody());
    const se = await getSelfEvaluation(platform.db, actor, id);
    const scheme = selfEvaluationSchemes(platform.config)[se.scheme] ?? selfEvaluationScheme(platform).scheme;
    const entry = await entryFromWorkbook(platform, file, se, scheme, SELF_EVALUATION_SHEET, '项目');
    return c.json(json(await recordSelfEvaluation(platform, actor, id, entry)), 200);
  });
  app.openapi(workflowRoutes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listSelfEvaluations(platform.db, c.get('actor'), {
      fiscalYear: q.fiscalYear,
      status: q.status,
      itemId: q.itemId,
      afterId: afterIdOf(q.cursor),
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ selfEvaluations: page.map(json), nextCursor }, 200);
  });
  app.openapi(workflowRoutes.prepare, async (c) => {
    const b = c.req.valid('json');
    return c.json(
      json(await prepareItemSelfEvaluation(platform, c.get('actor'), b.itemId, b.fiscalYear)),
      201,
    );
  });
  app.openapi(workflowRoutes.prepareYear, async (c) =>
    c.json(await prepareYearSelfEvaluations(platform, c.get('actor'), c.req.valid('json').fiscalYear), 200),
  );
  app.openapi(workflowRoutes.coverage, async (c) => {
    const { fiscalYear } = c.req.valid('query');
    const departments = await departmentCoverage(platform.db, c.get('actor'), fiscalYear, platform.config);
    return c.json({ fiscalYear, departments }, 200);
  });
  app.openapi(workflowRoutes.get, async (c) =>
    c.json(json(await getSelfEvaluation(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(workflowRoutes.record, async (c) =>
    c.json(
      json(
        await recordSelfEvaluation(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
      ),
      200,
    ),
  );
  app.openapi(workflowRoutes.submit, async (c) =>
    c.json(json(await actOnSelfEvaluation(platform, c.get('actor'), c.req.valid('param').id, 'submit')), 200),
  );
  for (const action of ['confirm', 'accept'] as const) {
    app.openapi(workflowRoutes[action], async (c) =>
      c.json(json(await actOnSelfEvaluation(platform, c.get('actor'), c.req.valid('param').id, action)), 200),
    );
  }
  app.openapi(workflowRoutes.return, async (c) =>
    c.json(
      json(
        await actOnSelfEvaluation(
          platform,
          c.get('actor'),
          c.req.valid('param').id,
          'return',
          c.req.valid('json').comment,
        ),
      ),
      200,
    ),
  );

  app.openapi(checkRoute, (c) => {
    const body = c.req.valid('json');
    const schemes = selfEvaluationSchemes(platform.config);
    const id = body.scheme ?? platform.config.selfEvaluation.defaultScheme;
    const scheme = schemes[id];
    if (!scheme) {
      throw new InputError(`字段 scheme：评分方案“${id}”不存在（可选：${Object.keys(schemes).join('、')}）`, [
        { path: 'scheme', message: '评分方案不存在' },
      ]);
    }
    c.set('wroteNothing', true);
    return c.json(checkSelfEvaluation(body, scheme, platform.config), 200);
  });
}
