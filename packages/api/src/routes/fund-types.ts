import { createRoute, z } from '@hono/zod-openapi';
import { BUDGET_BOOKS, INDICATOR_LEVEL1, INDICATOR_LEVEL2, NotFoundError, OPERATORS } from '@jixiao/core';
import type { ApiDeps, App } from '../env.ts';
import { errorResponses } from '../schemas.ts';

const FundTypeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    budgetBook: z.string(),
    budgetBookLabel: z.string(),
    description: z.string(),
    monitoringRules: z.array(
      z.object({ id: z.string(), name: z.string(), source: z.string(), scope: z.string() }),
    ),
    reviewChecks: z.array(
      z.object({ id: z.string(), name: z.string(), source: z.string(), appliesTo: z.string() }),
    ),
    attributesSchema: z.unknown(),
  })
  .openapi('FundType');

const IndicatorTemplateSchema = z
  .object({
    name: z.string(),
    level1: z.string(),
    level1Label: z.string(),
    level2: z.string(),
    level2Label: z.string(),
    operator: z.string(),
    operatorLabel: z.string(),
    typicalTarget: z.union([z.number(), z.tuple([z.number(), z.number()]), z.string()]),
    unit: z.string(),
    source: z.string().nullable(),
  })
  .openapi('IndicatorTemplate');

const listRoute = createRoute({
  method: 'get',
  path: '/fund-types',
  tags: ['资金类型'],
  summary: '已启用的资金类型（插件）及其所属预算',
  responses: {
    200: {
      description: '资金类型',
      content: { 'application/json': { schema: z.object({ fundTypes: z.array(FundTypeSchema) }) } },
    },
    ...errorResponses,
  },
});

const indicatorsRoute = createRoute({
  method: 'get',
  path: '/fund-types/{id}/indicators',
  tags: ['资金类型'],
  summary: '资金类型的推荐核心指标库与评价模板',
  request: {
    params: z.object({
      id: z
        .string()
        .max(60)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: '指标库',
      content: {
        'application/json': {
          schema: z.object({
            fundTypeId: z.string(),
            indicators: z.array(IndicatorTemplateSchema),
            evaluation: z.unknown(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerFundTypeRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(listRoute, (c) =>
    c.json(
      {
        fundTypes: platform.registry.list().map((p) => ({
          id: p.id,
          name: p.name,
          budgetBook: p.budgetBook,
          budgetBookLabel: BUDGET_BOOKS.labels[p.budgetBook],
          description: p.description,
          monitoringRules: p.monitoringRules.map((r) => ({
            id: r.id,
            name: r.name,
            source: r.source,
            scope: r.scope,
          })),
          reviewChecks: p.reviewChecks.map((r) => ({
            id: r.id,
            name: r.name,
            source: r.source,
            appliesTo: r.appliesTo,
          })),
          attributesSchema: safeJsonSchema(p.attributes),
        })),
      },
      200,
    ),
  );

  app.openapi(indicatorsRoute, (c) => {
    const id = c.req.valid('param').id;
    const plugin = platform.registry.get(id);
    if (!plugin) throw new NotFoundError(`资金类型“${id}”不存在或未启用`);
    return c.json(
      {
        fundTypeId: plugin.id,
        indicators: plugin.indicatorLibrary.map((t) => ({
          name: t.name,
          level1: t.level1,
          level1Label: INDICATOR_LEVEL1.labels[t.level1],
          level2: t.level2,
          level2Label: INDICATOR_LEVEL2.labels[t.level2],
          operator: t.operator,
          operatorLabel: OPERATORS.labels[t.operator],
          typicalTarget:
            typeof t.typicalTarget === 'object'
              ? ([t.typicalTarget[0], t.typicalTarget[1]] as [number, number])
              : t.typicalTarget,
          unit: t.unit,
          source: t.source ?? null,
        })),
        evaluation: plugin.evaluation,
      },
      200,
    );
  });
}

function safeJsonSchema(schema: unknown): unknown {
  try {
    return z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any' });
  } catch {
    return null;
  }
}
