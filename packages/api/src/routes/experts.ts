import { createRoute, z } from '@hono/zod-openapi';
import {
  EVALUATOR_STATUSES,
  evaluatorStatusInputSchema,
  expertInputSchema,
  expertUpdateSchema,
  institutionProfileSchema,
  pastWorkInputSchema,
  qualityRatingInputSchema,
} from '@jixiao/core';
import {
  addPastWork,
  createExpert,
  type ExpertRow,
  expertRecord,
  institutionLibrary,
  listExperts,
  rateEvaluator,
  setEvaluatorStatus,
  updateExpert,
  updateInstitutionProfile,
} from '@jixiao/db/evaluations';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, IdParam, jsonBody } from '../schemas.ts';

const TAG = '专家和第三方机构库';

const ExpertSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    fields: z.array(z.string()),
    title: z.string(),
    employer: z.string(),
    employerOrgUnitId: z.number().nullable(),
    institutionId: z.number().nullable(),
    userId: z.number().nullable().openapi({ description: '专家登录用的用户（接收指派通知、在聊天中评分）' }),
    phone: z.string().nullable(),
    region: z.object({ id: z.number(), name: z.string() }),
    status: EVALUATOR_STATUSES.schema,
    statusReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Expert');

const WorkSchema = z.object({
  id: z.number(),
  orgUnit: z.object({ id: z.number(), name: z.string() }),
  description: z.string(),
  endedOn: z.string(),
  evaluationId: z.number().nullable(),
  spotCheckEntryId: z.number().nullable().openapi({ description: '抽查复核的记录编号（复核工作）' }),
});
const RatingSchema = z
  .object({
    id: z.number(),
    evaluationId: z.number().nullable(),
    spotCheckEntryId: z.number().nullable(),
    marks: z.record(z.string(), z.number()),
    total: z.number(),
    misconduct: z.boolean(),
    outcome: z
      .enum(['keep', 'suspend', 'remove'])
      .openapi({ description: 'keep 保留；suspend 暂停使用；remove 清退' }),
    note: z.string().nullable(),
    ratedAt: z.string(),
  })
  .openapi('EvaluatorRating');

const expertJson = (e: ExpertRow) => ({
  ...e,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});
const ratingJson = <T extends { ratedAt: Date }>(r: T) => ({ ...r, ratedAt: r.ratedAt.toISOString() });

const body200 = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/experts',
    tags: [TAG],
    summary: '评价专家库（本地区及上级登记的）',
    request: {
      query: z.object({
        field: z.string().max(40).optional().openapi({ description: '按专业领域筛选' }),
        status: EVALUATOR_STATUSES.schema.optional(),
      }),
    },
    responses: body200('专家', z.object({ experts: z.array(ExpertSchema) })),
  }),
  create: createRoute({
    method: 'post',
    path: '/experts',
    tags: [TAG],
    summary: '专家入库（财政部门）',
    request: { body: jsonBody(expertInputSchema) },
    responses: {
      201: { description: '已入库', content: { 'application/json': { schema: ExpertSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/experts/{id}',
    tags: [TAG],
    summary: '专家详情、执业记录和质量评价',
    request: { params: IdParam },
    responses: body200(
      '专家',
      z.object({
        expert: ExpertSchema,
        work: z.array(WorkSchema),
        ratings: z.array(RatingSchema),
        ratingDue: z.array(z.number()).openapi({ description: '已验收但尚未评定执业质量的评价' }),
        reviewRatingDue: z
          .array(z.number())
          .openapi({ description: '已完成但尚未评定执业质量的抽查复核（抽查记录编号）' }),
      }),
    ),
  }),
  update: createRoute({
    method: 'patch',
    path: '/experts/{id}',
    tags: [TAG],
    summary: '修改专家信息',
    request: { params: IdParam, body: jsonBody(expertUpdateSchema) },
    responses: body200('修改后的专家', ExpertSchema),
  }),
  work: createRoute({
    method: 'post',
    path: '/experts/{id}/work',
    tags: [TAG],
    summary: '登记专家的执业记录（为某单位提供过的服务，回避审查依据）',
    request: { params: IdParam, body: jsonBody(pastWorkInputSchema) },
    responses: body200(
      '专家',
      z.object({ expert: ExpertSchema, work: z.array(WorkSchema), ratings: z.array(RatingSchema) }),
    ),
  }),
  rate: createRoute({
    method: 'post',
    path: '/experts/{id}/ratings',
    tags: [TAG],
    summary: '执业质量评价（按清单评分；低分暂停使用，违规清退）',
    request: { params: IdParam, body: jsonBody(qualityRatingInputSchema) },
    responses: {
      201: {
        description: '评价结果及专家状态',
        content: {
          'application/json': { schema: RatingSchema.extend({ status: EVALUATOR_STATUSES.schema }) },
        },
      },
      ...errorResponses,
    },
  }),
  status: createRoute({
    method: 'post',
    path: '/experts/{id}/status',
    tags: [TAG],
    summary: '暂停、恢复或清退专家（写明原因）',
    request: { params: IdParam, body: jsonBody(evaluatorStatusInputSchema) },
    responses: body200('专家', ExpertSchema),
  }),
  institution: createRoute({
    method: 'get',
    path: '/institutions/{id}/library',
    tags: [TAG],
    summary: '第三方机构的库内记录：资质、人员、执业记录、质量评价',
    request: { params: IdParam },
    responses: body200(
      '机构库内记录',
      z
        .object({
          qualifications: z.array(z.string()),
          staffCount: z.number().nullable(),
          fields: z.array(z.string()),
          status: EVALUATOR_STATUSES.schema,
          statusReason: z.string().nullable(),
          staff: z.array(
            z.object({
              id: z.number(),
              name: z.string(),
              title: z.string(),
              status: EVALUATOR_STATUSES.schema,
            }),
          ),
          work: z.array(WorkSchema),
          ratings: z.array(RatingSchema),
          ratingDue: z.array(z.number()).openapi({ description: '已验收但尚未评定执业质量的评价' }),
        })
        .openapi('InstitutionLibrary'),
    ),
  }),
  institutionProfile: createRoute({
    method: 'patch',
    path: '/institutions/{id}/library',
    tags: [TAG],
    summary: '维护机构的资质、从业人员数、擅长领域',
    request: { params: IdParam, body: jsonBody(institutionProfileSchema) },
    responses: body200('机构库内记录', z.any()),
  }),
  institutionWork: createRoute({
    method: 'post',
    path: '/institutions/{id}/work',
    tags: [TAG],
    summary: '登记机构的执业记录',
    request: { params: IdParam, body: jsonBody(pastWorkInputSchema) },
    responses: body200('机构库内记录', z.any()),
  }),
  institutionRate: createRoute({
    method: 'post',
    path: '/institutions/{id}/ratings',
    tags: [TAG],
    summary: '机构执业质量评价（按清单评分；低分暂停使用，违规清退）',
    request: { params: IdParam, body: jsonBody(qualityRatingInputSchema) },
    responses: {
      201: {
        description: '评价结果及机构状态',
        content: {
          'application/json': { schema: RatingSchema.extend({ status: EVALUATOR_STATUSES.schema }) },
        },
      },
      ...errorResponses,
    },
  }),
  institutionStatus: createRoute({
    method: 'post',
    path: '/institutions/{id}/status',
    tags: [TAG],
    summary: '暂停、恢复或清退第三方机构（写明原因）',
    request: { params: IdParam, body: jsonBody(evaluatorStatusInputSchema) },
    responses: body200('机构库内记录', z.any()),
  }),
};

export function registerExpertRoutes(app: App, { platform }: ApiDeps) {
  const record = async (actor: Parameters<typeof expertRecord>[1], id: number) => {
    const r = await expertRecord(platform.db, actor, id);
    return { ...r, expert: expertJson(r.expert), ratings: r.ratings.map(ratingJson) };
  };
  const library = async (actor: Parameters<typeof institutionLibrary>[1], id: number) => {
    const r = await institutionLibrary(platform.db, actor, id);
    return { ...r, ratings: r.ratings.map(ratingJson) };
  };
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listExperts(platform.db, c.get('actor'), { ...q, limit: 1000 });
    return c.json({ experts: rows.map(expertJson) }, 200);
  });
  app.openapi(routes.create, async (c) =>
    c.json(expertJson(await createExpert(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.get, async (c) => c.json(await record(c.get('actor'), c.req.valid('param').id), 200));
  app.openapi(routes.update, async (c) =>
    c.json(
      expertJson(await updateExpert(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
  app.openapi(routes.work, async (c) => {
    const id = c.req.valid('param').id;
    await addPastWork(platform, c.get('actor'), { expertId: id }, c.req.valid('json'));
    return c.json(await record(c.get('actor'), id), 200);
  });
  app.openapi(routes.rate, async (c) =>
    c.json(
      ratingJson(
        await rateEvaluator(
          platform,
          c.get('actor'),
          { expertId: c.req.valid('param').id },
          c.req.valid('json'),
        ),
      ),
      201,
    ),
  );
  app.openapi(routes.status, async (c) => {
    const id = c.req.valid('param').id;
    await setEvaluatorStatus(platform, c.get('actor'), { expertId: id }, c.req.valid('json'));
    return c.json((await record(c.get('actor'), id)).expert, 200);
  });
  app.openapi(routes.institution, async (c) =>
    c.json(await library(c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(routes.institutionProfile, async (c) => {
    const id = c.req.valid('param').id;
    await updateInstitutionProfile(platform, c.get('actor'), id, c.req.valid('json'));
    return c.json(await library(c.get('actor'), id), 200);
  });
  app.openapi(routes.institutionWork, async (c) => {
    const id = c.req.valid('param').id;
    await addPastWork(platform, c.get('actor'), { institutionId: id }, c.req.valid('json'));
    return c.json(await library(c.get('actor'), id), 200);
  });
  app.openapi(routes.institutionRate, async (c) =>
    c.json(
      ratingJson(
        await rateEvaluator(
          platform,
          c.get('actor'),
          { institutionId: c.req.valid('param').id },
          c.req.valid('json'),
        ),
      ),
      201,
    ),
  );
  app.openapi(routes.institutionStatus, async (c) => {
    const id = c.req.valid('param').id;
    await setEvaluatorStatus(platform, c.get('actor'), { institutionId: id }, c.req.valid('json'));
    return c.json(await library(c.get('actor'), id), 200);
  });
}
