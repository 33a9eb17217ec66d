import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, idSchema, SELF_EVALUATION_STATUSES } from '@jixiao/core';
import {
  actOnDepartmentSelfEvaluation,
  type DepartmentSelfEvaluationRow,
  departmentBudgetLines,
  getDepartmentSelfEvaluation,
  listDepartmentSelfEvaluations,
  prepareDepartmentSelfEvaluationFor,
  recordDepartmentSelfEvaluation,
  schemeOf,
} from '@jixiao/db/department-self-evaluations';
import { scoredColumns } from '@jixiao/db/self-evaluations';
import { DEPARTMENT_SELF_EVALUATION_SHEET, departmentSelfEvaluationWorkbook } from '@jixiao/forms';
import type { ApiDeps, App } from '../env.ts';
import { afterIdOf, errorResponses, IdParam, jsonBody, PageQuery, pageOf } from '../schemas.ts';
import { entryFromWorkbook, limitWorkbookUpload, uploadedFile } from '../self-evaluation-import.ts';
import {
  CommentBody,
  EntryBody,
  ReturnBody,
  SelfEvaluationContentSchema,
  selfEvaluationContentJson,
  XLSX,
} from './self-evaluations.ts';

const TAG = '部门整体支出绩效自评';

const DepartmentSelfEvaluationSchema = SelfEvaluationContentSchema.extend({
  department: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  departmentTargetId: z.number(),
  targetVersionId: z.number().nullable().openapi({ description: '预填所依据的部门整体绩效目标版本' }),
  budget: z
    .object({ initialFen: z.number(), adjustedFen: z.number(), executedFen: z.number() })
    .openapi({ description: '部门各项目合计的年初预算数、全年预算数（含预算调整）、全年执行数（分）' }),
}).openapi('DepartmentSelfEvaluation');

function json(s: DepartmentSelfEvaluationRow) {
  const { path: _path, ...department } = s.department;
  return {
    ...selfEvaluationContentJson(s),
    department,
    departmentTargetId: s.departmentTargetId,
    targetVersionId: s.targetVersionId,
  };
}

const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: DepartmentSelfEvaluationSchema } } },
  ...errorResponses,
});

const BASE = '/department-self-evaluations';

const routes = {
  list: createRoute({
    method: 'get',
    path: BASE,
    tags: [TAG],
    summary: '部门整体支出绩效自评列表（数据范围内）',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        status: z.enum(SELF_EVALUATION_STATUSES.values).optional(),
        orgUnitId: z.coerce.number().pipe(idSchema).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '部门整体支出绩效自评',
        content: {
          'application/json': {
            schema: z.object({
              departmentSelfEvaluations: z.array(DepartmentSelfEvaluationSchema),
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
    path: BASE,
    tags: [TAG],
    summary:
      '准备部门某年度的部门整体支出绩效自评：按生效的部门整体绩效目标和部门各项目的预算执行（含预算调整）预填，并立即计分',
    request: {
      body: jsonBody(
        z
          .strictObject({ orgUnitId: idSchema, fiscalYear: fiscalYearSchema })
          .openapi('DepartmentSelfEvaluationPrepare'),
      ),
    },
    responses: {
      201: {
        description: '已准备（填报中）',
        content: { 'application/json': { schema: DepartmentSelfEvaluationSchema } },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: `${BASE}/{id}`,
    tags: [TAG],
    summary: '部门整体支出绩效自评详情',
    request: { params: IdParam },
    responses: ok('部门整体支出绩效自评'),
  }),
  record: createRoute({
    method: 'put',
    path: `${BASE}/{id}`,
    tags: [TAG],
    summary: '填写部门整体自评（填报中或被退回时）：实际完成值、偏差原因、改进措施、佐证材料；保存即重新计分',
    request: { params: IdParam, body: jsonBody(EntryBody) },
    responses: ok('保存后的部门整体自评'),
  }),
  submit: createRoute({
    method: 'post',
    path: `${BASE}/{id}/submit`,
    tags: [TAG],
    summary: '提交部门整体自评（各项实际完成值已填，未达标的已写偏差原因）',
    request: { params: IdParam },
    responses: ok('已提交，待部门确认'),
  }),
  confirm: createRoute({
    method: 'post',
    path: `${BASE}/{id}/confirm`,
    tags: [TAG],
    summary: '部门负责人或绩效管理人员确认部门整体自评，报送财政部门',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: CommentBody } } },
    },
    responses: ok('已确认，待财政接收'),
  }),
  accept: createRoute({
    method: 'post',
    path: `${BASE}/{id}/accept`,
    tags: [TAG],
    summary: '财政部门接收部门整体自评：记录最终得分和等级，登记为部门的评价结果',
    request: {
      params: IdParam,
      body: { required: false, content: { 'application/json': { schema: CommentBody } } },
    },
    responses: ok('已接收'),
  }),
  return: createRoute({
    method: 'post',
    path: `${BASE}/{id}/return`,
    tags: [TAG],
    summary: '退回部门整体自评（部门退回待确认的，财政退回已确认的；须写退回意见）',
    request: { params: IdParam, body: jsonBody(ReturnBody) },
    responses: ok('已退回'),
  }),
  export: createRoute({
    method: 'get',
    path: `${BASE}/{id}/xlsx`,
    tags: [TAG],
    summary: '导出部门整体支出绩效自评表（Excel）',
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
    path: `${BASE}/{id}/xlsx`,
    tags: [TAG],
    summary:
      '导入填好的部门整体支出绩效自评表：先按评分方案核算，有问题逐行列出并拒绝，无误才写入实际完成值和偏差原因',
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
    responses: ok('导入后的部门整体自评'),
  }),
};

export function registerDepartmentSelfEvaluationRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.export, async (c) => {
    const se = await getDepartmentSelfEvaluation(platform.db, c.get('actor'), c.req.valid('param').id);
    const scheme = schemeOf(platform, se);
    const { check } = scoredColumns(
      platform,
      { budget: se.budget, lines: se.lines, measures: se.measures },
      scheme,
    );
    const tasks = await departmentBudgetLines(platform.db, se.department.path, se.fiscalYear);
    const file = await departmentSelfEvaluationWorkbook({
      fiscalYear: se.fiscalYear,
      department: se.department.name,
      departmentCode: se.department.code,
      budget: { ...se.budget, weight: scheme.budgetWeight, score: check.budget.score },
      tasks,
      lines: se.lines.map((l, i) => ({ ...l, score: check.indicators[i]?.score ?? null })),
      measures: se.measures,
      total: check.total,
    });
    return new Response(new Uint8Array(file), {
      status: 200,
      headers: {
        'content-type': XLSX,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${se.department.code}-${se.fiscalYear}-部门整体支出绩效自评表.xlsx`)}`,
      },
    }) as never;
  });
  limitWorkbookUpload(app, `${BASE}/:id/xlsx`);
  app.openapi(routes.import, async (c) => {
    const actor = c.get('actor');
    const id = c.req.valid('param').id;
    const file = await uploadedFile(await c.req.parseBody());
    const se = await getDepartmentSelfEvaluation(platform.db, actor, id);
    const entry = await entryFromWorkbook(
      platform,
      file,
      se,
      schemeOf(platform, se),
      DEPARTMENT_SELF_EVALUATION_SHEET,
      '部门整体绩效目标',
    );
    return c.json(json(await recordDepartmentSelfEvaluation(platform, actor, id, entry)), 200);
  });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listDepartmentSelfEvaluations(platform.db, c.get('actor'), {
      fiscalYear: q.fiscalYear,
      status: q.status,
      orgUnitId: q.orgUnitId,
      afterId: afterIdOf(q.cursor),
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ departmentSelfEvaluations: page.map(json), nextCursor }, 200);
  });
  app.openapi(routes.prepare, async (c) => {
    const b = c.req.valid('json');
    return c.json(
      json(await prepareDepartmentSelfEvaluationFor(platform, c.get('actor'), b.orgUnitId, b.fiscalYear)),
      201,
    );
  });
  app.openapi(routes.get, async (c) =>
    c.json(
      json(await getDepartmentSelfEvaluation(platform.db, c.get('actor'), c.req.valid('param').id)),
      200,
    ),
  );
  app.openapi(routes.record, async (c) =>
    c.json(
      json(
        await recordDepartmentSelfEvaluation(
          platform,
          c.get('actor'),
          c.req.valid('param').id,
          c.req.valid('json'),
        ),
      ),
      200,
    ),
  );
  for (const action of ['submit', 'confirm', 'accept'] as const) {
    app.openapi(routes[action], async (c) =>
      c.json(
        json(await actOnDepartmentSelfEvaluation(platform, c.get('actor'), c.req.valid('param').id, action)),
        200,
      ),
    );
  }
  app.openapi(routes.return, async (c) =>
    c.json(
      json(
        await actOnDepartmentSelfEvaluation(
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
}
