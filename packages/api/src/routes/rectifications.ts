import { createRoute, z } from '@hono/zod-openapi';
import { idSchema, isoDateSchema, RECTIFICATION_STATUS_LABELS, RECTIFICATION_STATUSES } from '@jixiao/core';
import { listNotices, type NoticeRow } from '@jixiao/db/notices';
import {
  createTask,
  getTask,
  listTasks,
  reviewTask,
  submitTask,
  type TaskRow,
} from '@jixiao/db/rectification';
import type { ApiDeps, App } from '../env.ts';
import {
  afterIdOf,
  decimalId,
  errorResponses,
  IdParam,
  iso,
  jsonBody,
  PageQuery,
  pageOf,
  requiredText,
} from '../schemas.ts';
import { noticeJson } from './notices.ts';

const TaskSchema = z
  .object({
    id: z.number(),
    source: z.string(),
    warningId: z.number().nullable(),
    item: z.object({ id: z.number(), code: z.string(), name: z.string() }),
    orgUnit: z.object({ id: z.number(), name: z.string() }),
    assignee: z.object({ id: z.number(), name: z.string() }),
    createdBy: z.number().nullable(),
    requirement: z.string(),
    deadline: z.string(),
    status: z.enum(RECTIFICATION_STATUSES),
    statusLabel: z.string(),
    round: z.number(),
    submission: z.string().nullable(),
    evidence: z.array(z.string()),
    submittedAt: z.string().nullable(),
    reviewedBy: z.number().nullable(),
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    todoId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    acknowledgements: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('RectificationTask');

function taskJson(t: TaskRow, notices: NoticeRow[]) {
  return {
    ...t,
    statusLabel: RECTIFICATION_STATUS_LABELS[t.status],
    submittedAt: iso(t.submittedAt),
    reviewedAt: iso(t.reviewedAt),
    escalatedAt: iso(t.escalatedAt),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    acknowledgements: notices.map(noticeJson),
  };
}

const routes = {
  list: createRoute({
    method: 'get',
    path: '/rectifications',
    tags: ['整改'],
    summary: '整改任务列表（数据范围内；责任人还能看到自己的任务）',
    request: {
      query: z.object({
        status: z.enum([...RECTIFICATION_STATUSES, 'open']).optional(),
        mine: z.enum(['true', 'false']).optional().openapi({ description: 'true：只看我负责的' }),
        itemId: decimalId().optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: {
        description: '整改任务',
        content: {
          'application/json': {
            schema: z.object({ tasks: z.array(TaskSchema), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...errorResponses,
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/rectifications',
    tags: ['整改'],
    summary: '下达整改任务（财政部门）：责任人收到通知和钉钉待办',
    request: {
      body: jsonBody(
        z
          .strictObject({
            warningId: idSchema.optional(),
            itemId: idSchema.optional(),
            source: z.enum(['warning', 'evaluation', 'spot_check', 'audit']).optional(),
            assigneeUserId: idSchema,
            deadline: isoDateSchema,
            requirement: requiredText('整改要求', 2000),
          })
          .refine((v) => v.warningId !== undefined || v.itemId !== undefined, {
            path: ['warningId'],
            message: '须指定预警或项目',
          }),
      ),
    },
    responses: {
      201: { description: '已下达', content: { 'application/json': { schema: TaskSchema } } },
      ...errorResponses,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/rectifications/{id}',
    tags: ['整改'],
    summary: '整改任务详情（含通知签收情况）',
    request: { params: IdParam },
    responses: {
      200: { description: '整改任务', content: { 'application/json': { schema: TaskSchema } } },
      ...errorResponses,
    },
  }),
  submit: createRoute({
    method: 'post',
    path: '/rectifications/{id}/submit',
    tags: ['整改'],
    summary: '提交整改情况（责任人）',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({
          submission: requiredText('整改情况', 4000),
          evidence: z.array(requiredText('佐证材料', 500)).max(20).optional(),
        }),
      ),
    },
    responses: {
      200: { description: '已提交', content: { 'application/json': { schema: TaskSchema } } },
      ...errorResponses,
    },
  }),
  review: createRoute({
    method: 'post',
    path: '/rectifications/{id}/review',
    tags: ['整改'],
    summary: '验收通过或退回（财政部门）',
    request: {
      params: IdParam,
      body: jsonBody(
        z.strictObject({ decision: z.enum(['accept', 'return']), comment: requiredText('验收意见', 2000) }),
      ),
    },
    responses: {
      200: { description: '已处理', content: { 'application/json': { schema: TaskSchema } } },
      ...errorResponses,
    },
  }),
};

/** Rectification tasks (整改): GET and POST /rectifications, a task, its submission and its review. */
export function registerRectificationRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('actor');
    const afterId = afterIdOf(q.cursor);
    const rows = await listTasks(platform.db, actor, {
      status: q.status,
      itemId: q.itemId,
      assigneeUserId: q.mine === 'true' ? (actor.userId ?? -1) : undefined,
      afterId,
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit);
    return c.json({ tasks: page.map((t) => taskJson(t, [])), nextCursor }, 200);
  });

  app.openapi(routes.create, async (c) => {
    const task = await createTask(platform, c.get('actor'), c.req.valid('json'));
    return c.json(taskJson(task, []), 201);
  });

  app.openapi(routes.get, async (c) => {
    const task = await getTask(platform.db, c.get('actor'), c.req.valid('param').id);
    return c.json(taskJson(task, await listNotices(platform.db, `task:${task.id}`)), 200);
  });

  app.openapi(routes.submit, async (c) => {
    const task = await submitTask(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(taskJson(task, []), 200);
  });

  app.openapi(routes.review, async (c) => {
    const task = await reviewTask(platform, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(taskJson(task, []), 200);
  });
}
