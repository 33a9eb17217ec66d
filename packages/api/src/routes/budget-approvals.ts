import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, ITEM_STATES, idSchema, optionalText } from '@jixiao/core';
import {
  type BudgetApprovalSheet,
  getBudgetApproval,
  type IssuedTarget,
  issueBudgetApproval,
  listBudgetApprovals,
  previewBudgetApproval,
} from '@jixiao/db/budget-approvals';
import type { ApiDeps, App } from '../env.ts';
import { contentJson } from '../mappers.ts';
import { errorResponses, IdParam, jsonBody, UserRefSchema } from '../schemas.ts';

const IssuedTargetSchema = z.object({
  versionId: z.number(),
  version: z.number(),
  fiscalYear: z.number().nullable(),
  content: z.object({ overallGoal: z.string(), indicators: z.array(z.record(z.string(), z.unknown())) }),
});

const SummaryFields = {
  id: z.number(),
  number: z.string().openapi({ description: '批复文号' }),
  orgUnit: z.object({ id: z.number(), name: z.string() }),
  fiscalYear: z.number(),
  approvedOn: z.string(),
  approvedBy: UserRefSchema.nullable(),
  totalFen: z.number().openapi({ description: '批复金额合计（分）' }),
};

const ApprovalSheetSchema = z
  .object({
    ...SummaryFields,
    note: z.string().nullable(),
    items: z.array(
      z.object({
        item: z.object({ id: z.number(), code: z.string(), name: z.string(), fundTypeId: z.string() }),
        amountFen: z.number(),
        target: IssuedTargetSchema,
        cycleTarget: IssuedTargetSchema.nullable(),
      }),
    ),
    departmentTarget: IssuedTargetSchema.nullable(),
  })
  .openapi('BudgetApprovalSheet', { description: '绩效目标批复表：批复的项目、金额与同步下达的绩效目标' });

const issued = (t: IssuedTarget) => ({ ...t, content: contentJson(t.content) });
const sheetJson = (s: BudgetApprovalSheet) => ({
  ...s,
  items: s.items.map((l) => ({
    ...l,
    target: issued(l.target),
    cycleTarget: l.cycleTarget ? issued(l.cycleTarget) : null,
  })),
  departmentTarget: s.departmentTarget ? issued(s.departmentTarget) : null,
});

const TAG = '预算和绩效目标批复';
const OrgYear = {
  orgUnitId: z.coerce.number().pipe(idSchema),
  fiscalYear: z.coerce.number().pipe(fiscalYearSchema),
};

const routes = {
  preview: createRoute({
    method: 'get',
    path: '/budget-approvals/preview',
    tags: [TAG],
    summary: '批复前预览：部门该年度待批复的项目，可以批复的与不能批复的原因',
    request: { query: z.object(OrgYear) },
    responses: {
      200: {
        description: '预览',
        content: {
          'application/json': {
            schema: z.object({
              orgUnit: z.object({ id: z.number(), name: z.string() }),
              fiscalYear: z.number(),
              candidates: z.array(
                z.object({
                  item: z.object({
                    id: z.number(),
                    code: z.string(),
                    name: z.string(),
                    approvedAmountFen: z.number(),
                    state: z.enum(ITEM_STATES.values),
                    stateLabel: z.string(),
                  }),
                  ready: z.boolean(),
                  reasons: z.array(z.string()),
                }),
              ),
              departmentTarget: z.object({ id: z.number(), status: z.string() }).nullable(),
              departmentTargetRequired: z.boolean(),
            }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  issue: createRoute({
    method: 'post',
    path: '/budget-approvals',
    tags: [TAG],
    summary: '同步批复下达：一次批复部门的预算并下达绩效目标（全部成功或全部不做），生成绩效目标批复表',
    request: {
      body: jsonBody(
        z.strictObject({
          orgUnitId: idSchema,
          fiscalYear: fiscalYearSchema,
          itemIds: z
            .array(idSchema)
            .min(1)
            .max(1000)
            .optional()
            .openapi({ description: '默认：该部门全部可批复的项目' }),
          note: optionalText('批复说明', 1000),
        }),
      ),
    },
    responses: {
      201: {
        description: '绩效目标批复表',
        content: { 'application/json': { schema: ApprovalSheetSchema } },
      },
      ...errorResponses,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/budget-approvals',
    tags: [TAG],
    summary: '批复记录',
    request: {
      query: z.object({
        orgUnitId: z.coerce.number().pipe(idSchema).optional(),
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
      }),
    },
    responses: {
      200: {
        description: '批复',
        content: {
          'application/json': { schema: z.object({ approvals: z.array(z.object(SummaryFields)) }) },
        },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/budget-approvals/{id}',
    tags: [TAG],
    summary: '绩效目标批复表',
    request: { params: IdParam },
    responses: {
      200: {
        description: '绩效目标批复表',
        content: { 'application/json': { schema: ApprovalSheetSchema } },
      },
      ...errorResponses,
    },
  }),
};

export function registerBudgetApprovalRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.preview, async (c) =>
    c.json(await previewBudgetApproval(platform, c.get('actor'), c.req.valid('query')), 200),
  );
  app.openapi(routes.issue, async (c) =>
    c.json(sheetJson(await issueBudgetApproval(platform, c.get('actor'), c.req.valid('json'))), 201),
  );
  app.openapi(routes.list, async (c) => {
    const rows = await listBudgetApprovals(platform.db, c.get('actor'), {
      ...c.req.valid('query'),
      limit: 500,
    });
    return c.json({ approvals: rows }, 200);
  });
  app.openapi(routes.get, async (c) =>
    c.json(sheetJson(await getBudgetApproval(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
}
