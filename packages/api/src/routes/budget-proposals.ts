import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, GRADES, todayInChina } from '@jixiao/core';
import {
  computeProposals,
  getProposal,
  issueProposal,
  listProposals,
  overrideProposalLine,
  type ProposalView,
  whatIfProposals,
} from '@jixiao/db/budget-proposals';
import { budgetProposalWorkbook } from '@jixiao/forms';
import type { ApiDeps, App } from '../env.ts';
import { decimalId, errorResponses, IdParam, jsonBody, requiredText } from '../schemas.ts';
import { contentDisposition } from './attachments.ts';

const LineSchema = z.object({
  item: z.object({ id: z.number(), code: z.string(), name: z.string(), responsiblePerson: z.string() }),
  baseFen: z.number(),
  grade: z.enum(GRADES.values).nullable(),
  gradeLabel: z.string().nullable(),
  cutBp: z.number(),
  cutFen: z.number(),
  computedFen: z.number(),
  proposedFen: z.number(),
  priority: z.boolean(),
  unrectified: z.boolean(),
  distortion: z.boolean(),
  override: z
    .object({ fen: z.number(), reason: z.string(), by: z.string().nullable(), at: z.string() })
    .nullable(),
  reasons: z.array(z.string()),
});

const ProposalSchema = z
  .object({
    id: z.number(),
    department: z.object({ id: z.number(), name: z.string() }),
    fiscalYear: z.number(),
    basisYear: z.number(),
    status: z.enum(['draft', 'issued']),
    statusLabel: z.string(),
    cutShares: z.object({ fairBp: z.number(), poorBp: z.number(), extraBp: z.number() }),
    departmentGrade: z.enum(GRADES.values).nullable(),
    departmentAdjustmentBp: z.number(),
    departmentAdjustmentFen: z.number(),
    baseFen: z.number(),
    itemsCutFen: z.number(),
    overridesFen: z.number(),
    proposedFen: z.number().openapi({ description: '下年度建议控制数（分），含财政审核调整' }),
    reasons: z.array(z.string()),
    computedAt: z.string(),
    issuedAt: z.string().nullable(),
    lines: z.array(LineSchema).optional(),
  })
  .openapi('BudgetProposal');

const proposalJson = (p: ProposalView) => ({
  ...p,
  computedAt: p.computedAt.toISOString(),
  issuedAt: p.issuedAt?.toISOString() ?? null,
  lines: p.lines?.map((l) => ({
    ...l,
    override: l.override ? { ...l.override, at: l.override.at.toISOString() } : null,
  })),
});

const share = z.number().min(0).max(1);
const WhatIfSchema = z
  .object({
    fiscalYear: z.number(),
    shares: z.object({ cutForFair: z.number(), cutForPoor: z.number(), extraCutUnrectified: z.number() }),
    departments: z.array(
      z.object({
        department: z.object({ id: z.number(), name: z.string() }),
        baseFen: z.number(),
        configuredFen: z.number(),
        whatIfFen: z.number(),
        itemsCutFen: z.number(),
        departmentAdjustmentFen: z.number(),
      }),
    ),
  })
  .openapi('ProposalWhatIf');

const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});
const LineParam = z.object({
  id: decimalId().openapi({ param: { name: 'id', in: 'path' } }),
  itemId: decimalId().openapi({ param: { name: 'itemId', in: 'path' } }),
});

const routes = {
  compute: createRoute({
    method: 'post',
    path: '/budget-proposals/compute',
    tags: ['结果应用'],
    summary:
      '按本年度评价结果编制下年度预算安排建议（中、差按比例扣减，优优先保障，未整改再扣减，部门整体评价调整总额）',
    request: { body: jsonBody(z.strictObject({ basisYear: fiscalYearSchema })) },
    responses: ok(
      '编制结果',
      z.object({
        fiscalYear: z.number(),
        basisYear: z.number(),
        departments: z.number(),
        lines: z.number(),
        skippedIssued: z.number(),
      }),
    ),
  }),
  list: createRoute({
    method: 'get',
    path: '/budget-proposals',
    tags: ['结果应用'],
    summary: '预算安排建议（部门只看到已下达的本部门建议）',
    request: {
      query: z.object({
        fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional(),
        orgUnitId: decimalId().optional(),
      }),
    },
    responses: ok('预算安排建议', z.object({ data: z.array(ProposalSchema) })),
  }),
  get: createRoute({
    method: 'get',
    path: '/budget-proposals/{id}',
    tags: ['结果应用'],
    summary: '预算安排建议及逐项理由',
    request: { params: IdParam },
    responses: ok('预算安排建议', ProposalSchema),
  }),
  override: createRoute({
    method: 'patch',
    path: '/budget-proposals/{id}/lines/{itemId}',
    tags: ['结果应用'],
    summary: '逐项审核：调整某项目的建议数并说明理由（proposedFen 为 null 时恢复测算数）',
    request: {
      params: LineParam,
      body: jsonBody(
        z.strictObject({
          proposedFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
          reason: requiredText('调整理由', 500),
        }),
      ),
    },
    responses: ok('调整后的建议', ProposalSchema),
  }),
  issue: createRoute({
    method: 'post',
    path: '/budget-proposals/{id}/issue',
    tags: ['结果应用'],
    summary: '下达预算安排建议，通知部门签收',
    request: { params: IdParam },
    responses: ok('已下达', ProposalSchema),
  }),
  workbook: createRoute({
    method: 'get',
    path: '/budget-proposals/{id}/workbook',
    tags: ['结果应用'],
    summary: '预算安排建议表（XLSX）',
    request: { params: IdParam },
    responses: {
      200: {
        description: '工作簿',
        content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.any() } },
      },
      ...errorResponses,
    },
  }),
  whatIf: createRoute({
    method: 'post',
    path: '/budget-proposals/what-if',
    tags: ['结果应用'],
    summary: '测算：换一组扣减比例，各部门下年度控制数是多少（不写入任何数据）',
    request: {
      body: jsonBody(
        z.strictObject({
          basisYear: fiscalYearSchema,
          cutForFair: share.optional(),
          cutForPoor: share.optional(),
          extraCutUnrectified: share.optional(),
          orgUnitId: z.number().int().positive().optional(),
        }),
      ),
    },
    responses: ok('测算结果', WhatIfSchema),
  }),
};

export function registerBudgetProposalRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.compute, async (c) =>
    c.json(await computeProposals(platform, c.get('actor'), c.req.valid('json')), 200),
  );
  app.openapi(routes.whatIf, async (c) =>
    c.json(await whatIfProposals(platform, c.get('actor'), c.req.valid('json')), 200),
  );
  app.openapi(routes.list, async (c) =>
    c.json(
      { data: (await listProposals(platform.db, c.get('actor'), c.req.valid('query'))).map(proposalJson) },
      200,
    ),
  );
  app.openapi(routes.get, async (c) =>
    c.json(proposalJson(await getProposal(platform.db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.override, async (c) => {
    const { id, itemId } = c.req.valid('param');
    return c.json(
      proposalJson(await overrideProposalLine(platform, c.get('actor'), id, itemId, c.req.valid('json'))),
      200,
    );
  });
  app.openapi(routes.issue, async (c) =>
    c.json(proposalJson(await issueProposal(platform, c.get('actor'), c.req.valid('param').id)), 200),
  );
  app.openapi(routes.workbook, async (c) => {
    const p = await getProposal(platform.db, c.get('actor'), c.req.valid('param').id);
    const now = platform.now();
    const file = await budgetProposalWorkbook({ ...p, generatedAt: now });
    const name = `预算安排建议表-${p.department.name}-${p.fiscalYear}-${todayInChina(now)}.xlsx`;
    return c.body(new Uint8Array(file), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': contentDisposition(name),
    });
  });
}
