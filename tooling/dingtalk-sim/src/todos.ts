/** DingTalk to-dos (待办): create / get / update / executor status / delete under `/v1.0/todo/users/{unionId}/tasks`. */
import { z } from 'zod';
import type { Directory } from './directory.ts';
import type { EventLog } from './events.ts';
import { type GuardDeps, guardOpenApi } from './guard.ts';
import { parseApiBody, type RequestContext, type Router, sendApiError, sendJson } from './http.ts';
import { newRequestId, newTaskId } from './ids.ts';
import type { Outbox } from './outbox.ts';
import type { SimTodo, SimTodoChange } from './types.ts';

const MAX_SUBJECT = 1024;
const MAX_DESCRIPTION = 4096;
const PRIORITIES = [10, 20, 30, 40];
const CREATE_ERROR = 'todo.taskCreate.paramError';
const UPDATE_ERROR = 'todo.taskUpdate.paramError';
// Not documented: the sim answers unknown or deleted task ids with 404 and this code.
const NOT_FOUND = 'todo.taskNotExist';

export interface TodoDeps extends GuardDeps {
  directory: Directory;
  outbox: Outbox;
  events: EventLog;
}

const detailUrlSchema = z.object({ appUrl: z.string().optional(), pcUrl: z.string().optional() }).loose();

const createBody = z
  .object({
    sourceId: z.string().optional(),
    subject: z.string().optional(),
    creatorId: z.string().optional(),
    description: z.string().optional(),
    dueTime: z.number().optional(),
    executorIds: z.array(z.string()).optional(),
    participantIds: z.array(z.string()).optional(),
    detailUrl: detailUrlSchema.optional(),
    isOnlyShowExecutor: z.boolean().optional(),
    priority: z.number().int().optional(),
    notifyConfigs: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

const updateBody = z
  .object({
    subject: z.string().optional(),
    description: z.string().optional(),
    dueTime: z.number().optional(),
    done: z.boolean().optional(),
    executorIds: z.array(z.string()).optional(),
    participantIds: z.array(z.string()).optional(),
    priority: z.number().int().optional(),
  })
  .loose();

const executorStatusBody = z
  .object({ executorStatusList: z.array(z.object({ id: z.string(), isDone: z.boolean() }).loose()).min(1) })
  .loose();

function length(text: string): number {
  return [...text].length;
}

/** A field-limit problem of a create or update body, if any. */
function limitProblem(body: {
  subject?: string;
  description?: string;
  priority?: number;
}): string | undefined {
  if (body.subject !== undefined && length(body.subject) > MAX_SUBJECT) return 'subject is oversize';
  if (body.description !== undefined && length(body.description) > MAX_DESCRIPTION)
    return 'description is oversize';
  if (body.priority !== undefined && !PRIORITIES.includes(body.priority)) return 'priority is invalid';
  return undefined;
}

function todoResponse(todo: SimTodo): Record<string, unknown> {
  return {
    id: todo.id,
    subject: todo.subject,
    description: todo.description ?? '',
    dueTime: todo.dueTime,
    finishTime: todo.finishTime,
    done: todo.done,
    executorIds: todo.executorIds,
    participantIds: todo.participantIds,
    detailUrl: todo.detailUrl,
    sourceId: todo.sourceId,
    createdTime: todo.createdTime,
    modifiedTime: todo.modifiedTime,
    creatorId: todo.creatorId ?? todo.ownerUnionId,
    modifierId: todo.operatorId ?? todo.ownerUnionId,
    bizTag: '',
    isOnlyShowExecutor: todo.isOnlyShowExecutor ?? false,
    priority: todo.priority ?? 20,
    notifyConfigs: todo.notifyConfigs ?? {},
    requestId: newRequestId(),
  };
}

export class TodoStore {
  private readonly tasks = new Map<string, SimTodo>();

  constructor(private readonly deps: TodoDeps) {}

  list(unionId?: string): SimTodo[] {
    const all = [...this.tasks.values()];
    const mine = unionId
      ? all.filter(
          (t) =>
            t.ownerUnionId === unionId ||
            t.executorIds.includes(unionId) ||
            t.participantIds.includes(unionId),
        )
      : all;
    return structuredClone(mine);
  }

  private async audience(todo: SimTodo): Promise<string[]> {
    return this.deps.directory.userIdsOfUnionIds([
      todo.ownerUnionId,
      ...todo.executorIds,
      ...todo.participantIds,
    ]);
  }

  private async publish(todo: SimTodo, deleted: boolean): Promise<void> {
    const audience = await this.audience(todo);
    const seq = this.deps.events.nextSeq();
    this.deps.events.publish(seq, 'todo', audience, {
      todo: structuredClone(todo),
      deleted,
    } satisfies SimTodoChange);
  }

  private find(ctx: RequestContext): SimTodo | undefined {
    const todo = this.tasks.get(ctx.params.taskId ?? '');
    if (!todo) sendApiError(ctx, 404, NOT_FOUND, '待办不存在或已删除');
    return todo;
  }

  registerRoutes(router: Router): void {
    const base = '/v1.0/todo/users/:unionId/tasks';

    router.add('POST', base, async (ctx) => {
      if (!guardOpenApi(this.deps, ctx, { qpsApi: 'todo.task.create' })) return;
      const body = parseApiBody(ctx, createBody, CREATE_ERROR);
      if (!body) return;
      const unionId = ctx.params.unionId ?? '';
      const problem =
        body.subject === undefined || body.subject.trim() === ''
          ? 'subject is empty'
          : (limitProblem(body) ??
            (!body.detailUrl || (!body.detailUrl.appUrl && !body.detailUrl.pcUrl)
              ? 'detailUrl is required'
              : undefined));
      if (problem) {
        sendApiError(ctx, 400, CREATE_ERROR, problem);
        return;
      }
      if (!(await this.deps.directory.findByUnionId(unionId))) {
        sendApiError(ctx, 400, CREATE_ERROR, 'user not exist');
        return;
      }
      if (body.sourceId && [...this.tasks.values()].some((t) => t.sourceId === body.sourceId)) {
        sendApiError(ctx, 400, CREATE_ERROR, 'task exist');
        return;
      }
      const now = Date.now();
      const executorIds = body.executorIds ?? [];
      const operatorId = ctx.query.get('operatorId');
      const todo: SimTodo = {
        id: newTaskId(),
        ownerUnionId: unionId,
        ...(operatorId ? { operatorId } : {}),
        ...(body.sourceId ? { sourceId: body.sourceId } : {}),
        subject: body.subject ?? '',
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.creatorId ? { creatorId: body.creatorId } : {}),
        executorIds,
        participantIds: body.participantIds ?? [],
        ...(body.dueTime !== undefined ? { dueTime: body.dueTime } : {}),
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
        detailUrl: { ...body.detailUrl },
        ...(body.isOnlyShowExecutor !== undefined ? { isOnlyShowExecutor: body.isOnlyShowExecutor } : {}),
        ...(body.notifyConfigs ? { notifyConfigs: body.notifyConfigs } : {}),
        done: false,
        executorStatus: Object.fromEntries(executorIds.map((id) => [id, false])),
        createdTime: now,
        modifiedTime: now,
      };
      this.tasks.set(todo.id, todo);
      const audience = await this.audience(todo);
      this.deps.outbox.add({
        kind: 'todo',
        userIds: audience,
        title: todo.subject,
        text: todo.description ?? '',
        todo: structuredClone(todo),
        raw: body,
      });
      await this.publish(todo, false);
      sendJson(ctx, 200, todoResponse(todo));
    });

    router.add('GET', `${base}/:taskId`, (ctx) => {
      if (!guardOpenApi(this.deps, ctx, { qpsApi: 'todo.task.get' })) return;
      const todo = this.find(ctx);
      if (todo) sendJson(ctx, 200, todoResponse(todo));
    });

    router.add('PUT', `${base}/:taskId`, async (ctx) => {
      if (!guardOpenApi(this.deps, ctx, { qpsApi: 'todo.task.update' })) return;
      const body = parseApiBody(ctx, updateBody, UPDATE_ERROR);
      if (!body) return;
      const todo = this.find(ctx);
      if (!todo) return;
      const problem = limitProblem(body);
      if (problem) {
        sendApiError(ctx, 400, UPDATE_ERROR, problem);
        return;
      }
      const now = Date.now();
      if (body.subject !== undefined) todo.subject = body.subject;
      if (body.description !== undefined) todo.description = body.description;
      if (body.dueTime !== undefined) todo.dueTime = body.dueTime;
      if (body.priority !== undefined) todo.priority = body.priority;
      if (body.participantIds) todo.participantIds = body.participantIds;
      if (body.executorIds) {
        todo.executorIds = body.executorIds;
        todo.executorStatus = Object.fromEntries(
          body.executorIds.map((id) => [id, todo.executorStatus[id] ?? false]),
        );
      }
      if (body.done !== undefined && body.done !== todo.done) {
        todo.done = body.done;
        if (body.done) todo.finishTime = now;
        else delete todo.finishTime;
      }
      const operatorId = ctx.query.get('operatorId');
      if (operatorId) todo.operatorId = operatorId;
      todo.modifiedTime = now;
      await this.publish(todo, false);
      sendJson(ctx, 200, { result: true, requestId: newRequestId() });
    });

    router.add('PUT', `${base}/:taskId/executorStatus`, async (ctx) => {
      if (!guardOpenApi(this.deps, ctx, { qpsApi: 'todo.task.executorStatus' })) return;
      const body = parseApiBody(ctx, executorStatusBody, UPDATE_ERROR);
      if (!body) return;
      const todo = this.find(ctx);
      if (!todo) return;
      const stranger = body.executorStatusList.find((s) => !todo.executorIds.includes(s.id));
      if (stranger) {
        sendApiError(ctx, 400, UPDATE_ERROR, `executor not exist: ${stranger.id}`);
        return;
      }
      for (const status of body.executorStatusList) todo.executorStatus[status.id] = status.isDone;
      todo.modifiedTime = Date.now();
      await this.publish(todo, false);
      sendJson(ctx, 200, { result: true, requestId: newRequestId() });
    });

    router.add('DELETE', `${base}/:taskId`, async (ctx) => {
      if (!guardOpenApi(this.deps, ctx, { qpsApi: 'todo.task.delete' })) return;
      const todo = this.find(ctx);
      if (!todo) return;
      this.tasks.delete(todo.id);
      await this.publish(todo, true);
      sendJson(ctx, 200, { requestId: newRequestId(), result: true });
    });
  }
}
