/**
 * The Stream-mode WebSocket side: `GET /connect?ticket=` upgrades, down-frames with string headers, acks correlated
 * by `headers.messageId`, redelivery of un-acked callbacks, SYSTEM pings and `disconnect` frames.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Faults } from './faults.ts';
import { mulberry32 } from './faults.ts';
import type { Subscription, TicketStore } from './gateway.ts';
import { newConnectionId, newMessageId, newRequestId } from './ids.ts';
import { flattenHeaders, queryToRecord, type Recorder } from './recorder.ts';
import type { DownFrame, RecordedAck, RecordedRequest, SentFrame } from './types.ts';

export interface StreamHubOptions {
  appId: string;
  redeliverAfterMs: number;
  maxRedeliveries: number;
  pingIntervalMs: number;
  recorder: Recorder;
  faults: Faults;
  tickets: TicketStore;
}

interface Connection {
  id: string;
  ws: WebSocket;
  subscriptions: Subscription[];
  openedAt: number;
  /** Set after a SYSTEM `disconnect`: nothing more is pushed to it. */
  draining: boolean;
  /** messageId of the last ping not yet echoed. */
  unansweredPing?: string;
}

interface Pending {
  messageId: string;
  topic: string;
  frame: DownFrame;
  attempts: number;
  redeliveries: number;
  autoRedeliver: boolean;
  acked: boolean;
  ack?: RecordedAck;
  timer?: NodeJS.Timeout;
  waiters: Set<(ack: RecordedAck | undefined) => void>;
}

const upFrameSchema = z
  .object({
    code: z.number().optional(),
    headers: z.object({ messageId: z.string() }).loose(),
    message: z.string().optional(),
    data: z.string().optional(),
  })
  .loose();

function rawDataToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function ackResponse(data: string | undefined): unknown {
  if (data === undefined) return undefined;
  const parsed = parseJson(data);
  if (parsed !== null && typeof parsed === 'object' && 'response' in parsed) return parsed.response;
  return undefined;
}

function rejectUpgrade(
  socket: Duplex,
  record: RecordedRequest,
  status: number,
  reason: string,
  body: unknown,
): void {
  record.status = status;
  const text = JSON.stringify(body);
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<string, Pending>();
  private readonly frames: SentFrame[] = [];
  private readonly pings = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly connectionListeners = new Set<() => void>();
  private readonly pick = mulberry32(0x5eed);
  private pingTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: StreamHubOptions) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
    this.pingTimer = setInterval(() => this.pingAll(), this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record = this.options.recorder.begin({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryToRecord(url.searchParams),
      headers: flattenHeaders(req.headers),
    });
    if (this.closed || url.pathname !== '/connect') {
      rejectUpgrade(socket, record, 404, 'Not Found', {
        code: 'NotFound',
        requestid: newRequestId(),
        message: '不存在的地址',
      });
      return;
    }
    const ticket = this.options.tickets.consume(url.searchParams.get('ticket'));
    if (!ticket) {
      rejectUpgrade(socket, record, 401, 'Unauthorized', {
        code: 'InvalidTicket',
        requestid: newRequestId(),
        message: 'ticket 无效、已使用或已过期（有效期 90 秒，只能建立一个连接）',
      });
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      record.status = 101;
      this.onConnection(ws, ticket.subscriptions);
    });
  }

  private onConnection(ws: WebSocket, subscriptions: Subscription[]): void {
    const connection: Connection = {
      id: newConnectionId(),
      ws,
      subscriptions,
      openedAt: Date.now(),
      draining: false,
    };
    this.connections.set(connection.id, connection);
    ws.on('message', (data: RawData) => this.onUpFrame(connection, rawDataToString(data)));
    ws.on('close', () => {
      this.connections.delete(connection.id);
    });
    ws.on('error', () => {
      this.connections.delete(connection.id);
    });
    for (const listener of [...this.connectionListeners]) listener();
  }

  private onUpFrame(connection: Connection, text: string): void {
    const raw = parseJson(text);
    const parsed = upFrameSchema.safeParse(raw);
    const base = { time: Date.now(), connectionId: connection.id, dropped: false, raw: raw ?? text };
    if (!parsed.success) {
      this.options.recorder.recordAck({ ...base, messageId: '', kind: 'unknown' });
      return;
    }
    const { messageId } = parsed.data.headers;
    const ack: RecordedAck = {
      ...base,
      messageId,
      kind: 'unknown',
      ...(parsed.data.code !== undefined ? { code: parsed.data.code } : {}),
      ...(parsed.data.message !== undefined ? { message: parsed.data.message } : {}),
      ...(parsed.data.data !== undefined ? { data: parsed.data.data } : {}),
    };
    if (this.pings.has(messageId)) {
      this.pings.delete(messageId);
      if (connection.unansweredPing === messageId) connection.unansweredPing = undefined;
      this.options.recorder.recordAck({ ...ack, kind: 'ping' });
      return;
    }
    const pending = this.pending.get(messageId);
    if (!pending) {
      this.options.recorder.recordAck(ack);
      return;
    }
    const callbackAck: RecordedAck = { ...ack, kind: 'callback', response: ackResponse(parsed.data.data) };
    if (this.options.faults.consumeDropNextAck()) {
      this.options.recorder.recordAck({ ...callbackAck, dropped: true });
      return;
    }
    this.options.recorder.recordAck(callbackAck);
    if (pending.acked) return;
    pending.acked = true;
    pending.ack = callbackAck;
    if (pending.timer) {
      clearTimeout(pending.timer);
      this.timers.delete(pending.timer);
      pending.timer = undefined;
    }
    for (const waiter of [...pending.waiters]) waiter(callbackAck);
    pending.waiters.clear();
  }

  private eligible(topic: string): Connection[] {
    return [...this.connections.values()].filter(
      (c) =>
        !c.draining &&
        c.ws.readyState === WebSocket.OPEN &&
        c.subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === topic),
    );
  }

  private send(connection: Connection, frame: DownFrame, attempt: number): void {
    connection.ws.send(JSON.stringify(frame));
    this.frames.push({
      time: Date.now(),
      connectionId: connection.id,
      frame: structuredClone(frame),
      attempt,
    });
  }

  /** Sends the pending frame to one randomly chosen subscribed connection; false when there is none. */
  private deliver(pending: Pending): boolean {
    const candidates = this.eligible(pending.topic);
    const connection = candidates[Math.floor(this.pick() * candidates.length)];
    if (!connection) return false;
    pending.frame.headers.connectionId = connection.id;
    this.send(connection, pending.frame, pending.attempts);
    pending.attempts += 1;
    return true;
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private scheduleRedelivery(pending: Pending): void {
    if (!pending.autoRedeliver || this.closed) return;
    pending.timer = this.later(this.options.redeliverAfterMs, () => {
      pending.timer = undefined;
      if (pending.acked || this.closed || pending.redeliveries >= this.options.maxRedeliveries) return;
      pending.redeliveries += 1;
      this.deliver(pending);
      this.scheduleRedelivery(pending);
    });
  }

  /** Pushes a CALLBACK frame; returns its messageId. */
  push(topic: string, data: unknown, options: { autoRedeliver: boolean }): string {
    const messageId = newMessageId();
    const frame: DownFrame = {
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: this.options.appId,
        connectionId: '',
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        topic,
      },
      data: JSON.stringify(data),
    };
    const pending: Pending = {
      messageId,
      topic,
      frame,
      attempts: 0,
      redeliveries: 0,
      autoRedeliver: options.autoRedeliver,
      acked: false,
      waiters: new Set(),
    };
    this.pending.set(messageId, pending);
    this.deliver(pending);
    this.scheduleRedelivery(pending);
    return messageId;
  }

  /** Pushes the identical frame again now (acked or not). */
  redeliverNow(messageId: string): boolean {
    const pending = this.pending.get(messageId);
    if (!pending) return false;
    return this.deliver(pending);
  }

  /** The ack of a frame, waiting at most `timeoutMs`; undefined on timeout. */
  waitForAck(messageId: string, timeoutMs: number): Promise<RecordedAck | undefined> {
    const pending = this.pending.get(messageId);
    if (!pending) return Promise.resolve(undefined);
    if (pending.acked) return Promise.resolve(pending.ack);
    return new Promise((resolve) => {
      const waiter = (ack: RecordedAck | undefined): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(ack);
      };
      const timer = this.later(timeoutMs, () => {
        pending.waiters.delete(waiter);
        resolve(undefined);
      });
      pending.waiters.add(waiter);
    });
  }

  private systemFrame(topic: string, data: unknown): DownFrame {
    return {
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: {
        contentType: 'application/json',
        messageId: newMessageId(),
        time: String(Date.now()),
        topic,
      },
      data: JSON.stringify(data),
    };
  }

  private pingAll(): void {
    for (const connection of [...this.connections.values()]) {
      if (connection.ws.readyState !== WebSocket.OPEN) continue;
      if (connection.unansweredPing) {
        // The previous ping was never echoed: treat the connection as dead, as the real server does.
        this.connections.delete(connection.id);
        connection.ws.terminate();
        continue;
      }
      const frame = this.systemFrame('ping', { opaque: randomUUID() });
      const messageId = frame.headers.messageId ?? '';
      this.pings.add(messageId);
      connection.unansweredPing = messageId;
      this.send(connection, frame, 0);
    }
  }

  sendDisconnect(closeAfterMs: number): void {
    for (const connection of [...this.connections.values()]) {
      if (connection.draining || connection.ws.readyState !== WebSocket.OPEN) continue;
      connection.draining = true;
      this.send(
        connection,
        this.systemFrame('disconnect', { reason: 'persistent connection is timeout' }),
        0,
      );
      this.later(closeAfterMs, () => {
        this.connections.delete(connection.id);
        connection.ws.close(1000, 'disconnect');
      });
    }
  }

  dropAll(): void {
    for (const connection of [...this.connections.values()]) {
      this.connections.delete(connection.id);
      connection.ws.terminate();
    }
  }

  connectionCount(): number {
    return this.connections.size;
  }

  waitForConnections(count: number, timeoutMs: number): Promise<void> {
    if (this.connections.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        if (this.connections.size < count) return;
        this.connectionListeners.delete(listener);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.connectionListeners.delete(listener);
        reject(new Error(`等待 ${count} 个 Stream 连接超时（${timeoutMs} 毫秒）`));
      }, timeoutMs);
      this.connectionListeners.add(listener);
    });
  }

  sentFrames(): SentFrame[] {
    return structuredClone(this.frames);
  }

  close(): void {
    this.closed = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const pending of this.pending.values()) {
      for (const waiter of pending.waiters) waiter(undefined);
      pending.waiters.clear();
    }
    this.dropAll();
    this.wss.close();
  }
}
