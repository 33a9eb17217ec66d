import { createRoute, z } from '@hono/zod-openapi';
import { fiscalYearSchema, POLICY_EXIT_DECISIONS } from '@jixiao/core';
import { decideExit, listExitCandidates, listOverlaps } from '@jixiao/db/policy-exit';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses, jsonBody, requiredText } from '../schemas.ts';

const DecisionRef = z.object({ decision: z.string(), reason: z.string() }).nullable();

const CandidateSchema = z
  .object({
    itemId: z.number(),
    code: z.string(),
    name: z.string(),
    department: z.string(),
    amountFen: z.number(),
    state: z.string(),
    reasons: z.array(
      z.object({ code: z.enum(['expired', 'poor_repeatedly', 'low_execution']), message: z.string() }),
    ),
    decision: z.object({ decision: z.string(), reason: z.string(), fiscalYear: z.number() }).nullable(),
  })
  .openapi('ExitCandidate');

const OverlapItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  department: z.string(),
  amountFen: z.number(),
  decision: DecisionRef,
});
const OverlapSchema = z
  .object({
    a: z.number(),
    b: z.number(),
    score: z.number(),
    parts: z.object({
      name: z.number(),
      description: z.number().nullable(),
      subject: z.number().nullable(),
      indicators: z.number().nullable(),
    }),
    explanation: z.array(z.string()),
    items: z.array(OverlapItem),
  })
  .openapi('OverlapPair');

const DecisionSchema = z
  .object({
    id: z.number(),
    itemId: z.number(),
    itemName: z.string(),
    decision: z.enum(POLICY_EXIT_DECISIONS.values),
    decisionLabel: z.string(),
    reason: z.string(),
    otherItemId: z.number().nullable(),
    state: z.string(),
  })
  .openapi('PolicyExitDecision');

const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...errorResponses,
});
const YearQuery = z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema) });

const routes = {
  candidates: createRoute({
    method: 'get',
    path: '/policy-exit/candidates',
    tags: ['结果应用'],
    summary: '清理退出候选：到期、多次评价为差、连续执行率过低的政策和项目',
    request: { query: YearQuery },
    responses: ok('候选', z.object({ data: z.array(CandidateSchema) })),
  }),
  overlaps: createRoute({
    method: 'get',
    path: '/policy-exit/overlaps',
    tags: ['结果应用'],
    summary: '交叉重复、碎片化：不同部门目的相近的政策和项目，逐对说明相似之处',
    request: {
      query: YearQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    },
    responses: ok('相似的项目对', z.object({ data: z.array(OverlapSchema) })),
  }),
  decide: createRoute({
    method: 'post',
    path: '/policy-exit/decisions',
    tags: ['结果应用'],
    summary: '清理退出决定：保留、整合、压减或退出（退出即终止项目）',
    request: {
      body: jsonBody(
        z.strictObject({
          itemId: z.number().int().positive(),
          fiscalYear: fiscalYearSchema,
          decision: z.enum(POLICY_EXIT_DECISIONS.values),
          reason: requiredText('理由', 1000),
          otherItemId: z.number().int().positive().nullable().optional(),
          grounds: z.array(z.string().max(500)).max(20).optional(),
        }),
      ),
    },
    responses: ok('已记录', DecisionSchema),
  }),
};

export function registerPolicyExitRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.candidates, async (c) =>
    c.json({ data: await listExitCandidates(platform, c.get('actor'), c.req.valid('query')) }, 200),
  );
  app.openapi(routes.overlaps, async (c) =>
    c.json({ data: await listOverlaps(platform, c.get('actor'), c.req.valid('query')) }, 200),
  );
  app.openapi(routes.decide, async (c) =>
    c.json(await decideExit(platform, c.get('actor'), c.req.valid('json')), 200),
  );
}
