/** `startDingTalkSim`: wires the pieces onto one loopback HTTP server (+ WebSocket upgrades). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAuthRoutes, TokenStore } from './auth.ts';
import { CardStore } from './cards.ts';
import { Conversations } from './conversations.ts';
import { Directory } from './directory.ts';
import { EventLog } from './events.ts';
import { Faults } from './faults.ts';
import { FileStore } from './files.ts';
import { registerGatewayRoutes, TicketStore } from './gateway.ts';
import {
  BodyTooLargeError,
  MAX_MEDIA_BODY_BYTES,
  parseBody,
  type RequestContext,
  Router,
  readRawBody,
  SimHttpError,
  sendApiError,
  sendJson,
} from './http.ts';
import { stableDingtalkId, stableUuid } from './ids.ts';
import { registerOpenApiRoutes } from './openapi.ts';
import { Outbox } from './outbox.ts';
import { flattenHeaders, queryToRecord, Recorder } from './recorder.ts';
import { SimApi } from './sim-api.ts';
import { StreamHub } from './stream.ts';
import { TodoStore } from './todos.ts';
import type { DingTalkSim, SimOptions } from './types.ts';

const DEFAULTS = {
  redeliverAfterMs: 60_000,
  maxRedeliveries: 3,
  replyTimeoutMs: 10_000,
  pingIntervalMs: 20_000,
  corpId: 'dingsimcorp0000000000',
  sessionTtlMs: 5_400_000,
  tokenTtlSeconds: 7200,
  waitForConnectionsMs: 5000,
};

async function handleRequest(router: Router, recorder: Recorder, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const record = recorder.begin({
    method,
    path: url.pathname,
    query: queryToRecord(url.searchParams),
    headers: flattenHeaders(req.headers),
  });
  const ctx: RequestContext = {
    req,
    res,
    method,
    path: url.pathname,
    query: url.searchParams,
    params: {},
    rawBody: '',
    rawBytes: Buffer.alloc(0),
    body: undefined,
    record,
  };
  try {
    ctx.rawBytes = await readRawBody(
      req,
      url.pathname === '/media/upload' ? MAX_MEDIA_BODY_BYTES : undefined,
    );
    ctx.rawBody = ctx.rawBytes.toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendApiError(ctx, 413, 'invalidParameter', '请求体过大');
      return;
    }
    throw error;
  }
  const parsed = parseBody(ctx.rawBody, req.headers['content-type']);
  ctx.body = parsed.body;
  record.body = parsed.body;
  if (parsed.error) ctx.bodyError = parsed.error;
  const match = router.match(method, url.pathname);
  if (match.kind !== 'found') {
    // The shape api.dingtalk.com answers for unknown APIs.
    sendApiError(
      ctx,
      match.kind === 'wrong-method' ? 405 : 404,
      'InvalidAction.NotFound',
      'Specified api is not found, please check your url and method.',
    );
    return;
  }
  ctx.params = match.params;
  try {
    await match.handler(ctx);
  } catch (error) {
    if (error instanceof SimHttpError) {
      if (url.pathname.startsWith('/sim')) sendJson(ctx, error.status, { error: error.message });
      else sendApiError(ctx, error.status, 'system.error', error.message);
      return;
    }
    console.error('[dingtalk-sim] 处理请求出错', method, url.pathname, error);
    if (!res.headersSent) sendJson(ctx, 500, { code: 'system.error', message: '模拟器内部错误' });
    else res.end();
  }
}

export async function startDingTalkSim(opts: SimOptions): Promise<DingTalkSim> {
  const config = {
    redeliverAfterMs: opts.redeliverAfterMs ?? DEFAULTS.redeliverAfterMs,
    replyTimeoutMs: opts.replyTimeoutMs ?? DEFAULTS.replyTimeoutMs,
    pingIntervalMs: opts.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    corpId: opts.corpId ?? DEFAULTS.corpId,
    sessionTtlMs: opts.sessionTtlMs ?? DEFAULTS.sessionTtlMs,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
  };
  const creds = { clientId: opts.clientId, clientSecret: opts.clientSecret };
  const router = new Router();
  const recorder = new Recorder();
  const server = createServer((req, res) => {
    handleRequest(router, recorder, req, res).catch((error: unknown) => {
      console.error('[dingtalk-sim] 请求处理失败', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const faults = new Faults();
  const tokens = new TokenStore(config.tokenTtlSeconds);
  const tickets = new TicketStore();
  const events = new EventLog();
  const outbox = new Outbox(events);
  const directory = new Directory(opts.users, opts.robotCode, opts.groups);
  const stream = new StreamHub({
    appId: stableUuid(`app/${opts.clientId}`),
    redeliverAfterMs: config.redeliverAfterMs,
    maxRedeliveries: DEFAULTS.maxRedeliveries,
    pingIntervalMs: config.pingIntervalMs,
    recorder,
    faults,
    tickets,
  });
  stream.attach(server);
  const files = new FileStore();
  const conversations = new Conversations({
    files,
    directory,
    stream,
    events,
    faults,
    robotCode: opts.robotCode,
    corpId: config.corpId,
    chatbotUserId: stableDingtalkId(`robot/${opts.robotCode}`),
    sessionTtlMs: config.sessionTtlMs,
    replyTimeoutMs: config.replyTimeoutMs,
    baseUrl,
  });
  const guardDeps = { tokens, faults };
  const todos = new TodoStore({ ...guardDeps, directory, outbox, events });
  const cards = new CardStore({
    ...guardDeps,
    directory,
    outbox,
    events,
    stream,
    conversations,
    robotCode: opts.robotCode,
    corpId: config.corpId,
  });

  let closed: Promise<void> | undefined;
  const sim: DingTalkSim = {
    url: baseUrl,
    close() {
      if (!closed) {
        closed = (async () => {
          simApi.close();
          conversations.close();
          stream.close();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        })();
      }
      return closed;
    },
    sendMessage: (input) => conversations.sendMessage(input),
    clickCard: (input) => cards.click(input),
    redeliver: async (msgId) => conversations.redeliver(msgId),
    setFaults: (f) => faults.set(f),
    faults: () => faults.get(),
    outbox: (userId) => outbox.list(userId),
    todos: (unionId) => todos.list(unionId),
    media: (mediaId) => files.media(mediaId),
    cards: () => cards.list(),
    recorded: () => recorder.list(),
    acks: () => recorder.acks(),
    sentFrames: () => stream.sentFrames(),
    repliesFor: (msgId) => conversations.repliesFor(msgId),
    expireSessions: () => conversations.expireSessions(),
    tokenRequestCount: () => tokens.requestCount(),
    expireAccessTokens: () => tokens.expireAll(),
    groups: () => directory.groups(),
    dropStreamConnections: () => stream.dropAll(),
    sendDisconnect: (o) => stream.sendDisconnect(o?.closeAfterMs ?? 10_000),
    connectionCount: () => stream.connectionCount(),
    waitForConnections: (count, timeoutMs) =>
      stream.waitForConnections(count, timeoutMs ?? DEFAULTS.waitForConnectionsMs),
  };

  const simApi = new SimApi({
    events,
    replyTimeoutMs: config.replyTimeoutMs,
    users: () => directory.users(),
    groups: sim.groups,
    sendMessage: sim.sendMessage,
    clickCard: sim.clickCard,
    redeliver: sim.redeliver,
    setFaults: sim.setFaults,
    faults: sim.faults,
    outbox: sim.outbox,
    todos: sim.todos,
    connectionCount: sim.connectionCount,
    tokenRequestCount: sim.tokenRequestCount,
  });

  registerGatewayRoutes(router, tickets, creds, () => `ws://127.0.0.1:${port}/connect`);
  registerAuthRoutes(router, tokens, creds);
  conversations.registerRoutes(router);
  registerOpenApiRoutes(router, {
    ...guardDeps,
    directory,
    outbox,
    conversations,
    robotCode: opts.robotCode,
    files,
  });
  todos.registerRoutes(router);
  files.registerRoutes(router, { ...guardDeps, robotCode: opts.robotCode, baseUrl: () => baseUrl });
  cards.registerRoutes(router);
  simApi.registerRoutes(router);
  return sim;
}
