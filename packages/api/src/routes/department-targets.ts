import { createRoute, z } from '@hono/zod-openapi';
import {
  DEPARTMENT_DIMENSIONS,
  departmentTargetAdjustmentSchema,
  departmentTargetInputSchema,
  fiscalYearSchema,
  idSchema,
  optionalText,
} from '@jixiao/core';
import {
  type DepartmentTargetRow,
  getDepartmentTarget,
  listDepartmentTargets,
  saveDepartmentTarget,
  submitDepartmentTarget,
} from '@jixiao/db/department-targets';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, iso, jsonBody } from '../schemas.ts';
import { versionJson } from './target-reviews.ts';

const DepartmentTargetSchema = z
  .object({
    id: z.number(),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    fiscalYear: z.number(),
    overallGoal: z.string(),
    indicators: z.array(
      z.object({
        name: z.string(),
        dimension: z.enum(DEPARTMENT_DIMENSIONS.values),
        dimensionLabel: z.string(),
        operator: z.string(),
        targetValue: z.number().optional(),
        targetMin: z.number().optional(),
        targetMax: z.number().optional(),
        targetText: z.string().optional(),
        unit: z.string(),
        weight: z.number(),
      }),
    ),
    status: z.enum(['draft', 'submitted', 'returned', 'approved']),
    approvedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('DepartmentTarget');

const json = (t: DepartmentTargetRow) => ({
  ...t,
  indicators: t.indicators.map((i) => ({ ...i, dimensionLabel: DEPARTMENT_DIMENSIONS.labels[i.dimension] })),
  approvedAt: iso(t.approvedAt),
  updatedAt: t.updatedAt.toISOString(),
});

const TAG = '部门整体绩效目标';
const one = (description: string) => ({
  200: { description, content: { 'application/json': { schema: DepartmentTargetSchema } } },
  ...errorResponses,
});

const OrgParam = z.object({
  orgUnitId: z.coerce
    .number()
    .pipe(idSchema)
    .openapi({ param: { name: 'orgUnitId', in: 'path' } }),
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/department-targets',
    tags: [TAG],
    summary: '部门整体绩效目标（履职效能、运行成本、管理效率、社会效应、可持续发展能力、服务对象满意度）',
    request: {
      query: z.object({
        orgUnitId: z.coerce.number().pipe(idSchema).optional(),
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
      }),
    },
    responses: {
      200: {
        description: '部门整体绩效目标',
        content: { 'application/json': { schema: z.object({ targets: z.array(DepartmentTargetSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  save: createRoute({
    method: 'put',
    path: '/org-units/{orgUnitId}/department-target',
    tags: [TAG],
    summary: '填报或修改部门整体绩效目标（编制中或被退回时）',
    request: { params: OrgParam, body: jsonBody(departmentTargetInputSchema) },
    responses: one('保存后的目标'),
  }),
  get: createRoute({
    method: 'get',
    path: '/department-targets/{id}',
    tags: [TAG],
    summary: '部门整体绩效目标详情',
    request: { params: IdParam },
    responses: one('部门整体绩效目标'),
  }),
  submit: createRoute({
    method: 'post',
    path: '/department-targets/{id}/submit',
    tags: [TAG],
    summary: '报送审核（质量检查不通过则拒收）；审核通过后的调整须附 adjustment（调整后的内容与理由）',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({
          note: optionalText('报送说明', 1000),
          adjustment: departmentTargetAdjustmentSchema.optional(),
        }),
      ),
    },
    responses: {
      201: {
        description: '审核记录（经 /target-reviews 审核）',
        content: {
          'application/json': {
            schema: z.object({ reviewId: z.number(), review: z.record(z.string(), z.unknown()) }),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerDepartmentTargetRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listDepartmentTargets(platform.db, c.get('actor'), { ...q, limit: 500 });
    return c.json({ targets: rows.map(json) }, 200);
  });
  app.openapi(routes.save, async (c) =>
    c.json(
      json(
        await saveDepartmentTarget(
          platform,
          c.get('actor'),
          c.req.valid('param').orgUnitId,
          c.req.valid('json'),
        ),
      ),
      200,
    ),
  );
  app.openapi(routes.get, async (c) =>
    c.json(json(await getDepartmentTarget(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.submit, async (c) => {
    const body = c.req.valid('json');
    const v = await submitDepartmentTarget(platform, c.get('actor'), c.req.valid('param').id, {
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.adjustment ? { adjustment: body.adjustment } : {}),
    });
    return c.json({ reviewId: v.id, review: versionJson(v) }, 201);
  });
}
