import { createRoute, z } from '@hono/zod-openapi';
import {
  availableActions,
  budgetItemCreateSchema,
  budgetItemUpdateSchema,
  itemStateSchema,
  timeProgressBp,
} from '@jixiao/core';
import { today } from '@jixiao/db';
import { executionSummary } from '@jixiao/db/execution';
import { createItem, getItem, listItems, listLifecycleEvents, updateItem } from '@jixiao/db/items';
import { loadTargets } from '@jixiao/db/targets';
import type { ApiDeps, App } from '../env.ts';
import { eventJson, itemJson, targetJson } from '../mappers.ts';
import {
  afterIdOf,
  decimalId,
  errorResponses,
  IdParam,
  ItemDetailSchema,
  ItemSchema,
  jsonBody,
  PageQuery,
  pageOf,
  YearQuery,
} from '../schemas.ts';

const ListQuery = YearQuery.extend({
  fundTypeId: z.string().max(60).optional().openapi({ description: '资金类型（插件 id）' }),
  orgUnitId: decimalId().optional().openapi({ description: '单位（含下属单位）' }),
  state: itemStateSchema.optional(),
  q: z.string().trim().max(100).optional().openapi({ description: '编码或名称中的文字' }),
  ...PageQuery,
});

const listRoute = createRoute({
  method: 'get',
  path: '/items',
  tags: ['预算项目'],
  summary: '项目列表（按数据范围过滤，游标分页）',
  request: { query: ListQuery },
  responses: {
    200: {
      description: '一页项目',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(ItemSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses,
  },
});

const createItemRoute = createRoute({
  method: 'post',
  path: '/items',
  tags: ['预算项目'],
  summary: '新建项目（初始状态为编制中）',
  request: { body: jsonBody(budgetItemCreateSchema) },
  responses: {
    201: { description: '已创建', content: { 'application/json': { schema: ItemSchema } } },
    ...errorResponses,
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/items/{id}',
  tags: ['预算项目'],
  summary: '项目详情：绩效目标与指标、执行情况、生命周期记录',
  request: { params: IdParam },
  responses: {
    200: { description: '项目详情', content: { 'application/json': { schema: ItemDetailSchema } } },
    ...errorResponses,
  },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/items/{id}',
  tags: ['预算项目'],
  summary: '修改项目',
  request: {
    params: IdParam,
    body: jsonBody(budgetItemUpdateSchema),
  },
  responses: {
    200: { description: '修改后的项目', content: { 'application/json': { schema: ItemSchema } } },
    ...errorResponses,
  },
});

export function registerItemRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const afterId = afterIdOf(q.cursor);
    const rows = await listItems(platform.db, c.get('actor'), {
      fiscalYear: q.fiscalYear,
      fundTypeId: q.fundTypeId,
      orgUnitId: q.orgUnitId,
      state: q.state,
      q: q.q,
      afterId,
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ items: page.map(itemJson), nextCursor }, 200);
  });

  app.openapi(createItemRoute, async (c) => {
    const item = await createItem(platform, c.get('actor'), c.req.valid('json'));
    return c.json(itemJson(item), 201);
  });

  app.openapi(detailRoute, async (c) => {
    const actor = c.get('actor');
    const { id } = c.req.valid('param');
    const item = await getItem(platform.db, actor, id);
    const [targets, execution, events] = await Promise.all([
      loadTargets(platform.db, id),
      executionSummary(platform.db, id, item.currentFiscalYear),
      listLifecycleEvents(platform.db, id),
    ]);
    return c.json(
      {
        ...itemJson(item),
        targets: targets.map(targetJson),
        execution: {
          ...execution,
          approvedAmountFen: item.approvedAmountFen,
          executionRateBp: item.executionRateBp,
          timeProgressBp: timeProgressBp(
            today(platform),
            item.currentFiscalYear,
            platform.config.monitoring.timeProgressBasis,
          ),
        },
        events: events.map(eventJson),
        availableActions: availableActions(item.state, actor.roles),
      },
      200,
    );
  });

  app.openapi(updateRoute, async (c) => {
    const item = await updateItem(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(itemJson(item), 200);
  });
}
