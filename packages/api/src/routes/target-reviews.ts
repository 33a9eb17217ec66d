import { createRoute, z } from '@hono/zod-openapi';
import {
  fiscalYearSchema,
  idSchema,
  isoDateSchema,
  REVIEW_CRITERIA,
  TARGET_QUALITY_RULES,
  TARGET_VERSION_KINDS,
  TARGET_VERSION_STATUSES,
  targetAdjustmentInputSchema,
  targetReviewInputSchema,
  targetSubmissionInputSchema,
} from '@jixiao/core';
import { today } from '@jixiao/db';
import { getItem } from '@jixiao/db/items';
import {
  answerTargetComment,
  checkTarget,
  getVersion,
  listVersions,
  proposeTargetAdjustment,
  reviewTarget,
  runQualityChecks,
  submitTarget,
  type TargetVersionRow,
  targetHistory,
  targetInForce,
} from '@jixiao/db/target-reviews';
import type { ApiDeps, App } from '../env.ts';
import { contentJson } from '../mappers.ts';
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

const FindingSchema = z.object({
  rule: z.string().openapi({ description: TARGET_QUALITY_RULES.join('、') }),
  severity: z.enum(['block', 'flag']),
  position: z.number().nullable(),
  message: z.string(),
});

const TargetVersionSchema = z
  .object({
    id: z.number(),
    subject: z.enum(['item', 'department']),
    item: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    fiscalYear: z.number().nullable().openapi({ description: 'null：多年度项目的全周期目标' }),
    version: z.number(),
    kind: z.enum(TARGET_VERSION_KINDS.values),
    kindLabel: z.string(),
    status: z.enum(TARGET_VERSION_STATUSES.values),
    statusLabel: z.string(),
    content: z.object({ overallGoal: z.string(), indicators: z.array(z.record(z.string(), z.unknown())) }),
    changes: z.record(z.string(), z.unknown()).nullable().openapi({
      description:
        '与上次审核的版本相比的变化：总体目标、新增/删除/修改的指标（逐项字段）；since 为对比的版本号',
    }),
    quality: z.array(FindingSchema).openapi({ description: '报送时质量检查提示（供审核参考）' }),
    reason: z.string().nullable(),
    submittedBy: UserRefSchema.nullable(),
    submittedAt: z.string(),
    reviewedBy: UserRefSchema.nullable(),
    reviewedAt: z.string().nullable(),
    criteria: z.record(z.string(), z.object({ met: z.boolean(), note: z.string().optional() })).nullable(),
    comments: z.array(
      z.object({
        indicator: z.string(),
        comment: z.string(),
        answer: z.string().optional().openapi({ description: '报送单位对该意见的答复' }),
        answeredBy: UserRefSchema.optional(),
        answeredAt: z.string().optional(),
      }),
    ),
    opinion: z.string().nullable(),
    effectiveFrom: z.string().nullable(),
    effectiveTo: z.string().nullable(),
    approvalId: z.number().nullable(),
  })
  .openapi('TargetVersion');

export function versionJson(v: TargetVersionRow) {
  const { path: _path, ...orgUnit } = v.orgUnit;
  return {
    id: v.id,
    subject: v.subject,
    item: v.item,
    orgUnit,
    fiscalYear: v.fiscalYear,
    version: v.version,
    kind: v.kind,
    kindLabel: TARGET_VERSION_KINDS.labels[v.kind],
    status: v.status,
    statusLabel: TARGET_VERSION_STATUSES.labels[v.status],
    content: contentJson(v.content),
    changes: v.changes,
    quality: v.quality,
    reason: v.reason,
    submittedBy: v.submittedBy,
    submittedAt: v.submittedAt.toISOString(),
    reviewedBy: v.reviewedBy,
    reviewedAt: iso(v.reviewedAt),
    criteria: v.criteria,
    comments: v.comments,
    opinion: v.opinion,
    effectiveFrom: v.effectiveFrom,
    effectiveTo: v.effectiveTo,
    approvalId: v.approvalId,
  };
}

/** `fiscalYear` of a target: a year, or `cycle` for the whole-cycle target of a multi-year item. */
const TargetYear = z
  .string()
  .regex(/^(\d{4}|cycle)$/, '年度须为四位数字，全周期目标填 cycle')
  .transform((v) => (v === 'cycle' ? null : Number(v)))
  .pipe(fiscalYearSchema.nullable())
  .openapi({ description: '年度，或 cycle 表示全周期目标', example: '2026' });

const TAG = '绩效目标审核';
const version = (description: string) => ({
  200: { description, content: { 'application/json': { schema: TargetVersionSchema } } },
  ...errorResponses,
});
const newVersion = (description: string) => ({
  201: { description, content: { 'application/json': { schema: TargetVersionSchema } } },
  ...errorResponses,
});

const reviewBody = targetReviewInputSchema.describe(
  `审核要点：${REVIEW_CRITERIA.values.map((c) => `${c}（${REVIEW_CRITERIA.labels[c]}）`).join('、')}`,
);

const routes = {
  submit: createRoute({
    method: 'post',
    path: '/items/{id}/targets/submit',
    tags: [TAG],
    summary: '报送绩效目标（质量检查不通过则拒收并指明须修改之处；可同时提交目标内容）',
    request: { params: IdParam, body: jsonBody(targetSubmissionInputSchema) },
    responses: newVersion('已报送，待财政审核'),
  }),
  adjust: createRoute({
    method: 'post',
    path: '/items/{id}/targets/adjustments',
    tags: [TAG],
    summary: '年中调整已审核通过的绩效目标（须说明理由，重新审核；通过前原目标继续有效）',
    request: { params: IdParam, body: jsonBody(targetAdjustmentInputSchema) },
    responses: newVersion('已提交调整，待财政审核'),
  }),
  check: createRoute({
    method: 'get',
    path: '/items/{id}/targets/check',
    tags: [TAG],
    summary: '检查绩效目标质量（不报送）：须修改的（block）与审核时会提示的（flag）',
    request: { params: IdParam, query: z.object({ fiscalYear: TargetYear }) },
    responses: {
      200: {
        description: '检查结果',
        content: {
          'application/json': {
            schema: z.object({
              fiscalYear: z.number().nullable(),
              status: z.string(),
              findings: z.array(FindingSchema.extend({ path: z.string() })),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  history: createRoute({
    method: 'get',
    path: '/items/{id}/targets/history',
    tags: [TAG],
    summary: '绩效目标的各版本（报送、退回、调整）及某日有效的版本',
    request: {
      params: IdParam,
      query: z.object({
        fiscalYear: TargetYear,
        date: isoDateSchema.optional().openapi({ description: '默认今天' }),
      }),
    },
    responses: {
      200: {
        description: '版本历史',
        content: {
          'application/json': {
            schema: z.object({
              versions: z.array(TargetVersionSchema),
              inForceVersion: z.number().nullable(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  inForce: createRoute({
    method: 'get',
    path: '/items/{id}/targets/in-force',
    tags: [TAG],
    summary: '某日有效的绩效目标（监控、评价按此口径）',
    request: {
      params: IdParam,
      query: z.object({
        fiscalYear: TargetYear,
        date: isoDateSchema.optional().openapi({ description: '默认今天' }),
      }),
    },
    responses: {
      200: {
        description: '有效的目标；该日尚无有效目标时为 null',
        content: {
          'application/json': {
            schema: z.object({
              target: z
                .object({
                  fiscalYear: z.number().nullable(),
                  version: z.number().nullable(),
                  effectiveFrom: z.string().nullable(),
                  effectiveTo: z.string().nullable(),
                  content: z.object({
                    overallGoal: z.string(),
                    indicators: z.array(z.record(z.string(), z.unknown())),
                  }),
                })
                .nullable(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/target-reviews',
    tags: [TAG],
    summary: '绩效目标审核记录（待审核队列、历史；项目目标与部门整体目标）',
    request: {
      query: z.object({
        status: z.enum(TARGET_VERSION_STATUSES.values).optional(),
        subject: z.enum(['item', 'department']).optional(),
        itemId: z.coerce.number().pipe(idSchema).optional(),
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '审核记录',
        content: {
          'application/json': {
            schema: z.object({ reviews: z.array(TargetVersionSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/target-reviews/{id}',
    tags: [TAG],
    summary: '审核记录详情：报送内容、与上次审核相比的变化、质量提示、审核意见',
    request: { params: IdParam },
    responses: version('审核记录'),
  }),
  approve: createRoute({
    method: 'post',
    path: '/target-reviews/{id}/approve',
    tags: [TAG],
    summary: '审核通过（四项审核要点均须标注为符合；可附逐项意见；不能审核本部门的目标）',
    request: {
      params: IdParam,
      body: { required: true, content: { 'application/json': { schema: reviewBody } } },
    },
    responses: version('已审核通过'),
  }),
  return: createRoute({
    method: 'post',
    path: '/target-reviews/{id}/return',
    tags: [TAG],
    summary: '退回（须写明理由，可逐项提出指标意见；报送人收到通知）',
    request: {
      params: IdParam,
      body: { required: true, content: { 'application/json': { schema: reviewBody } } },
    },
    responses: version('已退回'),
  }),
  answer: createRoute({
    method: 'post',
    path: '/target-reviews/{id}/answers',
    tags: [TAG],
    summary: '答复审核意见：报送单位对被退回目标中某个指标的意见作出答复（重新报送前，可修改）',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({
          indicator: z.string().trim().min(1, '指标名称不能为空').max(100),
          answer: z.string().trim().min(2, '答复至少2个字').max(1000, '答复不能超过1000个字'),
        }),
      ),
    },
    responses: version('已记录答复'),
  }),
  qualityRun: createRoute({
    method: 'post',
    path: '/target-reviews/quality-run',
    tags: [TAG],
    summary: '批量质量检查：对数据范围内全部待审核（或指定状态）的绩效目标一次性检查',
    request: {
      body: jsonBody(
        z.strictObject({
          fiscalYear: fiscalYearSchema.optional(),
          statuses: z
            .array(z.enum(['draft', 'submitted', 'returned', 'approved']))
            .min(1)
            .max(4)
            .optional(),
          limit: z
            .int()
            .min(0)
            .max(1000)
            .default(200)
            .openapi({ description: '返回的明细条数（统计覆盖全部）' }),
        }),
      ),
    },
    responses: {
      200: {
        description: '检查结果：目标数、有须修改问题/有提示的目标数、按规则统计，以及前若干条明细',
        content: {
          'application/json': {
            schema: z.object({
              targets: z.number(),
              targetsWithBlocking: z.number(),
              targetsWithFlags: z.number(),
              byRule: z.record(z.string(), z.object({ block: z.number(), flag: z.number() })),
              findings: z.array(
                z.object({
                  targetId: z.number(),
                  itemId: z.number(),
                  fiscalYear: z.number().nullable(),
                  rule: z.string(),
                  severity: z.string(),
                  position: z.number().nullable(),
                  params: z.record(z.string(), z.unknown()),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
};

export function registerTargetReviewRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.submit, async (c) =>
    c.json(
      versionJson(await submitTarget(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))),
      201,
    ),
  );
  app.openapi(routes.adjust, async (c) =>
    c.json(
      versionJson(
        await proposeTargetAdjustment(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
      ),
      201,
    ),
  );
  app.openapi(routes.check, async (c) =>
    c.json(
      await checkTarget(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('query').fiscalYear),
      200,
    ),
  );
  app.openapi(routes.history, async (c) => {
    const q = c.req.valid('query');
    const h = await targetHistory(
      platform,
      c.get('actor'),
      c.req.valid('param').id,
      q.fiscalYear,
      q.date ?? today(platform),
    );
    return c.json({ versions: h.versions.map(versionJson), inForceVersion: h.inForce }, 200);
  });
  app.openapi(routes.inForce, async (c) => {
    const q = c.req.valid('query');
    const id = c.req.valid('param').id;
    await getItem(platform.db, c.get('actor'), id);
    const t = await targetInForce(platform.db, id, q.fiscalYear, q.date ?? today(platform));
    return c.json(
      {
        target: t
          ? {
              fiscalYear: t.fiscalYear,
              version: t.version,
              effectiveFrom: t.effectiveFrom,
              effectiveTo: t.effectiveTo,
              content: contentJson(t.content),
            }
          : null,
      },
      200,
    );
  });
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await listVersions(platform.db, c.get('actor'), {
      status: q.status,
      subject: q.subject,
      itemId: q.itemId,
      fiscalYear: q.fiscalYear,
      afterId: afterIdOf(q.cursor),
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ reviews: page.map(versionJson), nextCursor }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json(versionJson(await getVersion(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.approve, async (c) =>
    c.json(
      versionJson(
        await reviewTarget(platform, c.get('actor'), c.req.valid('param').id, 'approve', c.req.valid('json')),
      ),
      200,
    ),
  );
  app.openapi(routes.return, async (c) =>
    c.json(
      versionJson(
        await reviewTarget(platform, c.get('actor'), c.req.valid('param').id, 'return', c.req.valid('json')),
      ),
      200,
    ),
  );
  app.openapi(routes.answer, async (c) =>
    c.json(
      versionJson(
        await answerTargetComment(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
      ),
      200,
    ),
  );
  app.openapi(routes.qualityRun, async (c) => {
    const body = c.req.valid('json');
    return c.json(await runQualityChecks(platform, c.get('actor'), body), 200);
  });
}
