/**
 * DingTalk to-dos (待办) mirroring rectification tasks: created once per `sourceId`, then updated and
 * completed through `PUT …/tasks/{todoId}`. To-dos are addressed by unionId; a missing unionId is looked up
 * (legacy `topapi/v2/user/get`) and remembered in im_identities.
 */
import type { Platform } from '@jixiao/db';
import { findImIdentity, saveImUnionId } from '@jixiao/db/im';
import type { DeliveryOutcome, Recipient, TodoSpec } from '@jixiao/notify';
import { absoluteUrl } from './config.ts';
import { type ApiFailure, type ApiResult, failureText, isRecord, stringField } from './http.ts';
import type { Logger } from './logger.ts';
import { failedOutcome, permanentFailure } from './outcome.ts';
import type { SendContext } from './send.ts';

const MAX_SUBJECT = 1024;
const MAX_DESCRIPTION = 4096;
const PRIORITY_NORMAL = 20;
/** How long to wait before retrying a duplicate create whose to-do cannot be found yet. */
const UNRESOLVED_DUPLICATE_RETRY_MS = 60_000;
const KNOWN_LIMIT = 10_000;

export type TodoOutcome = DeliveryOutcome & { todoId?: string };

export interface TodoDeps extends SendContext {
  platform: Platform;
  logger: Logger;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function isTaskExists(failure: ApiFailure): boolean {
  return /taskCreate\.paramError/i.test(failure.code) && /task exist|已存在/i.test(failure.message);
}

function isTaskMissing(failure: ApiFailure): boolean {
  return (
    failure.status === 404 || /taskNotExist|task not exist|不存在/i.test(`${failure.code} ${failure.message}`)
  );
}

export class TodoSync {
  /** `unionId\nsourceId` → todoId of to-dos this process created or found (a caller may fail to store it). */
  private readonly known = new Map<string, string>();

  constructor(private readonly deps: TodoDeps) {}

  async upsert(to: Recipient, spec: TodoSpec, existingTodoId: string | null): Promise<TodoOutcome> {
    const unionId = await this.unionIdOf(to);
    if (typeof unionId !== 'string') return unionId;
    const key = `${unionId}\n${spec.sourceId}`;
    const todoId = existingTodoId ?? this.known.get(key) ?? null;
    if (todoId) {
      const updated = await this.update(unionId, todoId, spec);
      if (updated.ok) return { ok: true, todoId, externalId: todoId };
      if (!isTaskMissing(updated)) return failedOutcome(updated);
      // Deleted in DingTalk: nothing to complete; otherwise make it again.
      if (spec.done) return { ok: true, todoId, externalId: todoId };
      this.known.delete(key);
    }
    return this.create(unionId, spec, key);
  }

  private remember(key: string, todoId: string): void {
    if (this.known.size >= KNOWN_LIMIT) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(key, todoId);
  }

  private async create(unionId: string, spec: TodoSpec, key: string): Promise<TodoOutcome> {
    const detailUrl = absoluteUrl(this.deps.config, spec.detailUrl);
    const result = await this.deps.api.call('POST', `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks`, {
      query: { operatorId: unionId },
      body: {
        sourceId: spec.sourceId,
        subject: clip(spec.subject, MAX_SUBJECT),
        description: clip(spec.description, MAX_DESCRIPTION),
        creatorId: unionId,
        dueTime: spec.dueTime,
        executorIds: [unionId],
        detailUrl: { appUrl: detailUrl, pcUrl: detailUrl },
        isOnlyShowExecutor: true,
        priority: PRIORITY_NORMAL,
        notifyConfigs: { dingNotify: '1' },
      },
    });
    let todoId: string | undefined;
    if (result.ok) {
      todoId = isRecord(result.body) ? stringField(result.body, 'id') : undefined;
      if (!todoId) return permanentFailure('创建钉钉待办成功但响应中没有待办 id');
      this.remember(key, todoId);
      if (!spec.done) return { ok: true, todoId, externalId: todoId };
    } else if (isTaskExists(result)) {
      // Created by an earlier attempt whose answer we never stored: find it by sourceId.
      const found = await this.findBySource(unionId, spec.sourceId);
      if (!found.ok) {
        return {
          ok: false,
          retryable: true,
          retryAfterMs: UNRESOLVED_DUPLICATE_RETRY_MS,
          error: `钉钉待办已存在（sourceId=${spec.sourceId}），但暂时查不到它的 id：${failureText(found)}`,
        };
      }
      todoId = found.body;
      this.remember(key, todoId);
    } else {
      return failedOutcome(result);
    }
    // Bring an existing (or just created but already finished) to-do in step with the task.
    const updated = await this.update(unionId, todoId, spec);
    if (!updated.ok) return { ...failedOutcome(updated), todoId };
    return { ok: true, todoId, externalId: todoId };
  }

  private async update(unionId: string, todoId: string, spec: TodoSpec): Promise<ApiResult<unknown>> {
    return this.deps.api.call(
      'PUT',
      `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks/${encodeURIComponent(todoId)}`,
      {
        query: { operatorId: unionId },
        body: {
          subject: clip(spec.subject, MAX_SUBJECT),
          description: clip(spec.description, MAX_DESCRIPTION),
          dueTime: spec.dueTime,
          done: spec.done,
        },
      },
    );
  }

  /** `GET /v1.0/todo/users/{unionId}/tasks/sources/{sourceId}` (GetTodoTaskBySourceId). */
  private async findBySource(unionId: string, sourceId: string): Promise<ApiResult<string>> {
    const result = await this.deps.api.call(
      'GET',
      `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks/sources/${encodeURIComponent(sourceId)}`,
    );
    if (!result.ok) return result;
    const id = isRecord(result.body) ? stringField(result.body, 'id') : undefined;
    if (!id) {
      return {
        ok: false,
        status: result.status,
        code: 'todo.notFound',
        message: '响应中没有待办 id',
        retryable: true,
      };
    }
    return { ok: true, status: result.status, body: id };
  }

  private async unionIdOf(to: Recipient): Promise<string | TodoOutcome> {
    if (to.unionId) return to.unionId;
    if (!to.dingtalkUserId) return permanentFailure(`${to.name} 未绑定钉钉账号，无法创建待办`);
    const { platform, api, logger } = this.deps;
    const identity = await findImIdentity(platform.db, 'dingtalk', to.dingtalkUserId);
    if (identity?.unionId) return identity.unionId;
    const result = await api.legacy('/topapi/v2/user/get', { userid: to.dingtalkUserId });
    if (!result.ok) {
      // 60121: no such user.
      if (result.code === '60121') return permanentFailure(`钉钉中找不到用户 ${to.dingtalkUserId}`);
      return failedOutcome(result);
    }
    const info = isRecord(result.body.result) ? result.body.result : {};
    const unionId = stringField(info, 'unionid') ?? stringField(info, 'unionId');
    if (!unionId) return permanentFailure(`钉钉用户 ${to.dingtalkUserId} 没有 unionId`);
    try {
      await saveImUnionId(platform.db, 'dingtalk', to.dingtalkUserId, unionId);
    } catch (error) {
      logger.warn('保存 unionId 失败', { externalUserId: to.dingtalkUserId, error: String(error) });
    }
    return unionId;
  }
}
