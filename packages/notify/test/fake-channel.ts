import { type Reply, seededRandom } from '@jixiao/core';
import type {
  ConversationReply,
  DeliveryOutcome,
  MessageChannel,
  OutgoingFile,
  Recipient,
  TodoSpec,
} from '../src/index.ts';

/** What the fake does with one call. `lostAnswer`: delivered, but the answer never arrives (a timeout). */
export type Behaviour = 'ok' | 'retryable' | 'throttle' | 'lostAnswer' | 'permanent';

export interface CallInfo {
  api: 'user' | 'group' | 'reply' | 'todo';
  key: string;
  userId: number | null;
}

export interface Delivery {
  key: string;
  userId: number | null;
  group: string | null;
  reply: Reply;
  at: Date;
}

export interface FakeTodo {
  id: string;
  sourceId: string;
  unionId: string;
  spec: TodoSpec;
  /** Every spec written to it, in order. */
  history: TodoSpec[];
}

/** A behaviour plan failing at the given rates, deterministically. */
export function chaos(
  seed: number,
  rates: { retryable?: number; throttle?: number; lostAnswer?: number },
): (call: CallInfo) => Behaviour {
  const rnd = seededRandom(seed);
  return () => {
    const r = rnd();
    let edge = rates.retryable ?? 0;
    if (r < edge) return 'retryable';
    edge += rates.throttle ?? 0;
    if (r < edge) return 'throttle';
    edge += rates.lostAnswer ?? 0;
    if (r < edge) return 'lostAnswer';
    return 'ok';
  };
}

/**
 * A DingTalk stand-in that deduplicates like DingTalk: messages by idempotency key (cards by
 * outTrackId), to-dos by sourceId (a second create returns the existing to-do untouched).
 */
export class FakeChannel implements MessageChannel {
  plan: (call: CallInfo) => Behaviour = () => 'ok';
  readonly calls: CallInfo[] = [];
  /** Distinct deliveries by idempotency key. */
  readonly delivered = new Map<string, Delivery>();
  /** Deliveries of a key already delivered (suppressed, as DingTalk would). */
  duplicatesSuppressed = 0;
  /** Every bot reply that arrived, in order (a plain robot message cannot be deduplicated). */
  readonly replies: Array<ConversationReply & { at: Date }> = [];
  readonly todos = new Map<string, FakeTodo>();
  readonly #bySource = new Map<string, string>();
  #todoSeq = 0;

  constructor(private readonly clock: () => Date) {}

  #fail(b: Behaviour): DeliveryOutcome | null {
    if (b === 'retryable') return { ok: false, retryable: true, error: 'system.error：服务器内部错误' };
    if (b === 'throttle')
      return {
        ok: false,
        retryable: true,
        retryAfterMs: 20,
        error: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      };
    if (b === 'permanent') return { ok: false, retryable: false, error: 'staffId.notExisted：用户不存在' };
    return null;
  }

  #deliver(d: Omit<Delivery, 'at'>): void {
    if (this.delivered.has(d.key)) this.duplicatesSuppressed++;
    else this.delivered.set(d.key, { ...d, at: this.clock() });
  }

  async sendToUser(to: Recipient, reply: Reply, key: string): Promise<DeliveryOutcome> {
    const b = this.plan({ api: 'user', key, userId: to.userId });
    this.calls.push({ api: 'user', key, userId: to.userId });
    const failed = this.#fail(b);
    if (failed) return failed;
    this.#deliver({ key, userId: to.userId, group: null, reply });
    if (b === 'lostAnswer') return { ok: false, retryable: true, error: 'ETIMEDOUT：请求超时' };
    return { ok: true, externalId: `msg-${key}` };
  }

  async sendFileToUser(to: Recipient, file: OutgoingFile, key: string): Promise<DeliveryOutcome> {
    const b = this.plan({ api: 'user', key, userId: to.userId });
    this.calls.push({ api: 'user', key, userId: to.userId });
    const failed = this.#fail(b);
    if (failed) return failed;
    this.#deliver({ key, userId: to.userId, group: null, reply: { title: file.fileName, markdown: '' } });
    if (b === 'lostAnswer') return { ok: false, retryable: true, error: 'ETIMEDOUT：请求超时' };
    return { ok: true };
  }

  async sendToGroup(conversationId: string, reply: Reply, key: string): Promise<DeliveryOutcome> {
    const b = this.plan({ api: 'group', key, userId: null });
    this.calls.push({ api: 'group', key, userId: null });
    const failed = this.#fail(b);
    if (failed) return failed;
    this.#deliver({ key, userId: null, group: conversationId, reply });
    if (b === 'lostAnswer') return { ok: false, retryable: true, error: 'ETIMEDOUT：请求超时' };
    return { ok: true };
  }

  async sendReply(reply: ConversationReply): Promise<DeliveryOutcome> {
    const b = this.plan({ api: 'reply', key: reply.key, userId: null });
    this.calls.push({ api: 'reply', key: reply.key, userId: null });
    const failed = this.#fail(b);
    if (failed) return failed;
    this.replies.push({ ...reply, at: this.clock() });
    if (b === 'lostAnswer') return { ok: false, retryable: true, error: 'ETIMEDOUT：请求超时' };
    return { ok: true };
  }

  async upsertTodo(
    to: Recipient,
    todo: TodoSpec,
    existingTodoId: string | null,
  ): Promise<DeliveryOutcome & { todoId?: string }> {
    const b = this.plan({ api: 'todo', key: todo.sourceId, userId: to.userId });
    this.calls.push({ api: 'todo', key: todo.sourceId, userId: to.userId });
    const failed = this.#fail(b);
    if (failed) return failed;
    let id: string;
    if (existingTodoId !== null) {
      const t = this.todos.get(existingTodoId);
      if (!t) return { ok: false, retryable: false, error: '待办不存在' };
      t.spec = { ...todo };
      t.history.push({ ...todo });
      id = t.id;
    } else {
      const existing = this.#bySource.get(todo.sourceId);
      if (existing) id = existing;
      else {
        id = `todo-${++this.#todoSeq}`;
        this.#bySource.set(todo.sourceId, id);
        this.todos.set(id, {
          id,
          sourceId: todo.sourceId,
          unionId: to.unionId ?? '',
          spec: { ...todo },
          history: [{ ...todo }],
        });
      }
    }
    if (b === 'lostAnswer') return { ok: false, retryable: true, error: 'ETIMEDOUT：请求超时' };
    return { ok: true, todoId: id };
  }

  todoBySource(sourceId: string): FakeTodo | undefined {
    const id = this.#bySource.get(sourceId);
    return id ? this.todos.get(id) : undefined;
  }
}
