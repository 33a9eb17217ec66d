/** The sim's own HTTP contract (`/sim/api/*`) and the chat page (`GET /sim`). */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { type EventLog, type SimEvent, visibleTo } from './events.ts';
import { faultConfigSchema } from './faults.ts';
import {
  describeIssues,
  type RequestContext,
  type Router,
  SimHttpError,
  sendJson,
  sendText,
} from './http.ts';
import { PAGE_HTML, PAGE_SCRIPTS_PATH, readPageScripts } from './page.ts';
import type {
  ClickCardInput,
  ClickCardResult,
  FaultConfig,
  RecordedPush,
  SendMessageInput,
  SendMessageResult,
  SimGroup,
  SimTodo,
  SimUser,
} from './types.ts';

const SSE_HEARTBEAT_MS = 15_000;
const POLL_DEFAULT_MS = 25_000;
const POLL_MAX_MS = 60_000;

export interface SimApiDeps {
  events: EventLog;
  replyTimeoutMs: number;
  users(): Promise<SimUser[]>;
  groups(): SimGroup[];
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>;
  clickCard(input: ClickCardInput): Promise<ClickCardResult>;
  redeliver(msgId: string): Promise<void>;
  setFaults(f: FaultConfig): void;
  faults(): FaultConfig;
  outbox(userId?: string): RecordedPush[];
  todos(unionId?: string): SimTodo[];
  connectionCount(): number;
  tokenRequestCount(): number;
}

const messageBody = z.object({
  userId: z.string().min(1),
  text: z.string().min(1, '消息内容不能为空'),
  conversationId: z.string().optional(),
  groupTitle: z.string().optional(),
  file: z
    .object({
      fileName: z.string().min(1).max(200),
      contentBase64: z.string().max(1_500_000),
      kind: z.enum(['file', 'picture']).optional(),
    })
    .optional(),
});
const redeliverBody = z.object({ msgId: z.string().min(1) });
const cardCallbackBody = z.object({
  userId: z.string().min(1),
  outTrackId: z.string().min(1),
  params: z.record(z.string(), z.string()).default({}),
});

function parseSimBody<T extends z.ZodType>(ctx: RequestContext, schema: T): z.infer<T> | undefined {
  if (ctx.bodyError) {
    sendJson(ctx, 400, { error: ctx.bodyError });
    return undefined;
  }
  const result = schema.safeParse(ctx.body ?? {});
  if (!result.success) {
    sendJson(ctx, 400, { error: `参数错误：${describeIssues(result.error)}` });
    return undefined;
  }
  return result.data;
}

function sendSimError(ctx: RequestContext, error: unknown): void {
  if (error instanceof SimHttpError) {
    sendJson(ctx, error.status, { error: error.message });
    return;
  }
  throw error;
}

function writeSse(res: ServerResponse, event: SimEvent): void {
  res.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

export class SimApi {
  private readonly streams = new Set<ServerResponse>();
  private readonly waits = new Set<AbortController>();
  private readonly pageScripts = readPageScripts();

  constructor(private readonly deps: SimApiDeps) {}

  private async userUnionId(userId: string): Promise<string | undefined> {
    return (await this.deps.users()).find((u) => u.userId === userId)?.unionId;
  }

  registerRoutes(router: Router): void {
    const { deps } = this;

    router.add('GET', '/', (ctx) => {
      ctx.record.status = 302;
      ctx.res.writeHead(302, { location: '/sim' });
      ctx.res.end();
    });

    router.add('GET', '/sim', (ctx) => {
      sendText(ctx, 200, 'text/html; charset=utf-8', PAGE_HTML);
    });

    router.add('GET', `${PAGE_SCRIPTS_PATH}/:file`, (ctx) => {
      const script = this.pageScripts.get(ctx.params.file ?? '');
      if (script === undefined) sendJson(ctx, 404, { error: '页面脚本不存在' });
      else sendText(ctx, 200, 'text/javascript; charset=utf-8', script);
    });

    router.add('GET', '/sim/api/users', async (ctx) => {
      try {
        sendJson(ctx, 200, { users: await deps.users() });
      } catch (error) {
        sendSimError(ctx, error);
      }
    });

    router.add('GET', '/sim/api/groups', (ctx) => {
      sendJson(ctx, 200, { groups: deps.groups() });
    });

    router.add('GET', '/sim/api/stats', (ctx) => {
      sendJson(ctx, 200, {
        connections: deps.connectionCount(),
        tokenRequests: deps.tokenRequestCount(),
        faults: deps.faults(),
      });
    });

    router.add('POST', '/sim/api/messages', async (ctx) => {
      const body = parseSimBody(ctx, messageBody);
      if (!body) return;
      try {
        const result = await deps.sendMessage(body);
        if (result.timedOut) {
          const seconds = Number((deps.replyTimeoutMs / 1000).toFixed(1));
          sendJson(ctx, 504, { msgId: result.msgId, replies: [], error: `机器人未在${seconds}秒内回复` });
          return;
        }
        sendJson(ctx, 200, { msgId: result.msgId, replies: result.replies });
      } catch (error) {
        sendSimError(ctx, error);
      }
    });

    router.add('POST', '/sim/api/redeliver', async (ctx) => {
      const body = parseSimBody(ctx, redeliverBody);
      if (!body) return;
      try {
        await deps.redeliver(body.msgId);
        sendJson(ctx, 200, { ok: true, msgId: body.msgId });
      } catch (error) {
        sendSimError(ctx, error);
      }
    });

    router.add('GET', '/sim/api/faults', (ctx) => {
      sendJson(ctx, 200, { faults: deps.faults() });
    });

    router.add('POST', '/sim/api/faults', (ctx) => {
      const body = parseSimBody(ctx, faultConfigSchema);
      if (!body) return;
      deps.setFaults(body);
      sendJson(ctx, 200, { faults: deps.faults() });
    });

    router.add('GET', '/sim/api/outbox', async (ctx) => {
      const userId = ctx.query.get('userId') || undefined;
      if (!userId) {
        sendJson(ctx, 200, { pushes: deps.outbox(), todos: deps.todos() });
        return;
      }
      const unionId = await this.userUnionId(userId);
      sendJson(ctx, 200, { pushes: deps.outbox(userId), todos: unionId ? deps.todos(unionId) : [] });
    });

    router.add('POST', '/sim/api/card-callback', async (ctx) => {
      const body = parseSimBody(ctx, cardCallbackBody);
      if (!body) return;
      try {
        const result = await deps.clickCard(body);
        if (result.timedOut) {
          sendJson(ctx, 504, { response: null, error: '机器人未在2秒内响应卡片回调' });
          return;
        }
        sendJson(ctx, 200, { response: result.response });
      } catch (error) {
        sendSimError(ctx, error);
      }
    });

    router.add('GET', '/sim/api/events', (ctx) => this.openEventStream(ctx));

    router.add('GET', '/sim/api/poll', async (ctx) => {
      const userId = ctx.query.get('userId') || undefined;
      const after = Number(ctx.query.get('after') ?? '0') || 0;
      const requested = Number(ctx.query.get('timeoutMs') ?? POLL_DEFAULT_MS);
      const timeoutMs = Number.isFinite(requested)
        ? Math.min(Math.max(requested, 0), POLL_MAX_MS)
        : POLL_DEFAULT_MS;
      const abort = new AbortController();
      this.waits.add(abort);
      ctx.res.on('close', () => abort.abort());
      const events = await deps.events.wait(after, userId, timeoutMs, abort.signal);
      this.waits.delete(abort);
      sendJson(ctx, 200, { events, last: events.at(-1)?.seq ?? Math.max(after, 0) });
    });
  }

  /** Server-Sent Events: replays the events after `after` (or `Last-Event-ID`), then streams new ones. */
  private openEventStream(ctx: RequestContext): void {
    const userId = ctx.query.get('userId') || undefined;
    const lastEventId = ctx.req.headers['last-event-id'];
    const after =
      Number(ctx.query.get('after') ?? (typeof lastEventId === 'string' ? lastEventId : '0')) || 0;
    const { res } = ctx;
    ctx.record.status = 200;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    for (const event of this.deps.events.since(after, userId)) writeSse(res, event);
    const unsubscribe = this.deps.events.subscribe((event) => {
      if (visibleTo(event, userId)) writeSse(res, event);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    this.streams.add(res);
    res.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      this.streams.delete(res);
    });
  }

  close(): void {
    for (const res of this.streams) res.end();
    this.streams.clear();
    for (const abort of this.waits) abort.abort();
    this.waits.clear();
  }
}
