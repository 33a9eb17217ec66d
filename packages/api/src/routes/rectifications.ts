import { createRoute, z } from '@hono/zod-openapi';
import { InputError, idSchema, isoDateSchema, NOTICE_SUBJECT, NOTICE_SUBJECT_HINT } from '@jixiao/core';
import { getWarning } from '@jixiao/db/monitoring';
import { acknowledgeNotice, listNotices, type NoticeRow } from '@jixiao/db/notices';
import {
  createTask,
  getTask,
  listTasks,
  RECTIFICATION_STATUS_LABELS,
  reviewTask,
  submitTask,
  type TaskRow,
} from '@jixiao/db/rectification';
import { RECTIFICATION_STATUSES } from '@jixiao/db/schema';
import type { ApiDeps, App } from '../env.ts';
import {
  decimalId,
  decodeCursor,
  encodeCursor,
  errorResponses,
  IdParam,
  iso,
  PageQuery,
} from '../schemas.ts';

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const text = (label: string, max: number) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}个字符`);

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

const NoticeSchema = z
  .object({
    id: z.number(),
    subject: z.string(),
    event: z.string(),
    recipient: z.object({ id: z.number(), name: z.string() }),
    firstSentAt: z.string().nullable(),
    lastSentAt: z.string().nullable(),
    resendCount: z.number(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedVia: z.string().nullable(),
    escalatedAt: z.string().nullable(),
  })
  .openapi('Notice');

export function noticeJson(n: NoticeRow) {
  return {
    ...n,
    firstSentAt: iso(n.firstSentAt),
    lastSentAt: iso(n.lastSentAt),
    acknowledgedAt: iso(n.acknowledgedAt),
    escalatedAt: iso(n.escalatedAt),
  };
}

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
      body: json(
        z
          .strictObject({
            warningId: idSchema.optional(),
            itemId: idSchema.optional(),
            source: z.enum(['warning', 'evaluation', 'spot_check', 'audit']).optional(),
            assigneeUserId: idSchema,
            deadline: isoDateSchema,
            requirement: text('整改要求', 2000),
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
      body: json(
        z.strictObject({
          submission: text('整改情况', 4000),
          evidence: z.array(text('佐证材料', 500)).max(20).optional(),
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
      body: json(z.strictObject({ decision: z.enum(['accept', 'return']), comment: text('验收意见', 2000) })),
    },
    responses: {
      200: { description: '已处理', content: { 'application/json': { schema: TaskSchema } } },
      ...errorResponses,
    },
  }),
  notices: createRoute({
    method: 'get',
    path: '/notices',
    tags: ['整改'],
    summary: '某预警或整改任务的通知与签收情况（谁在何时签收）',
    request: {
      query: z.object({
        subject: z.string().regex(/^(warning|task):\d+$/, 'subject 须为 warning:<编号> 或 task:<编号>'),
      }),
    },
    responses: {
      200: {
        description: '通知',
        content: { 'application/json': { schema: z.object({ notices: z.array(NoticeSchema) }) } },
      },
      ...errorResponses,
    },
  }),
  acknowledge: createRoute({
    method: 'post',
    path: '/notices/acknowledge',
    tags: ['整改'],
    summary: '签收通知（不指定 subject 时签收最新一条未签收的）',
    request: {
      body: json(
        z.strictObject({
          subject: z.string().regex(NOTICE_SUBJECT, NOTICE_SUBJECT_HINT).optional(),
        }),
      ),
    },
    responses: {
      200: {
        description: '签收结果',
        content: { 'application/json': { schema: z.object({ acknowledged: NoticeSchema.nullable() }) } },
      },
      ...errorResponses,
    },
  }),
};

export function registerRectificationRoutes(app: App, { platform }: ApiDeps) {
  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const actor = c.get('actor');
    const afterId = decodeCursor(q.cursor);
    if (Number.isNaN(afterId))
      throw new InputError('查询参数字段 cursor：游标无效', [{ path: 'cursor', message: '游标无效' }]);
    const rows = await listTasks(platform.db, actor, {
      status: q.status,
      itemId: q.itemId,
      assigneeUserId: q.mine === 'true' ? (actor.userId ?? -1) : undefined,
      afterId,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        tasks: page.map((t) => taskJson(t, [])),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
      },
      200,
    );
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

  app.openapi(routes.notices, async (c) => {
    const subject = c.req.valid('query').subject;
    const [kind, id] = subject.split(':') as ['warning' | 'task', string];
    // The subject must be visible to the caller.
    if (kind === 'warning') await getWarning(platform.db, c.get('actor'), Number(id));
    else await getTask(platform.db, c.get('actor'), Number(id));
    return c.json({ notices: (await listNotices(platform.db, subject)).map(noticeJson) }, 200);
  });

  app.openapi(routes.acknowledge, async (c) => {
    const n = await acknowledgeNotice(platform, c.get('actor'), {
      subject: c.req.valid('json').subject,
      via: 'api',
    });
    return c.json({ acknowledged: n ? noticeJson(n) : null }, 200);
  });
}
