/**
 * The real dingtalk-stream SDK, pointed at a configurable gateway and kept connected by us.
 *
 * 2.1.5's own reconnect is unsafe (a failed handshake doubles the pending reconnects, and `disconnect()` does not
 * cancel one already queued), so the SDK's `autoReconnect` is switched off and this class supervises the socket:
 * one connection attempt at a time, exponential backoff with jitter, a reconnect as soon as the server announces a
 * `disconnect`, a WebSocket ping heartbeat (its own single timer, unlike `keepAlive`), and a `stop()` that sticks.
 */
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import { isRecord, stringField } from './http.ts';
import { errorText, type Logger } from './logger.ts';
import { quietSdkConsole } from './sdk-console.ts';

const SOCKET_OPEN = 1;
const SOCKET_CLOSED = 3;
/** A connection that stayed up this long resets the backoff. */
const STABLE_CONNECTION_MS = 30_000;
const STOP_WAIT_MS = 2000;

/** The part of the SDK's private `ws` socket we use. */
interface SdkSocket {
  readyState: number;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'close' | 'pong', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/** The SDK's private fields this class has to reach (see the class comment). */
interface SdkPrivate {
  socket?: SdkSocket;
  dw_url?: string;
  userDisconnect: boolean;
}

export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  gatewayUrl: string;
  topics: string[];
  httpTimeoutMs: number;
  reconnectInitialDelayMs: number;
  reconnectMaxDelayMs: number;
  heartbeatIntervalMs: number;
  logger: Logger;
}

/** The gateway refused our credentials or request: retrying will not help. */
export class GatewayRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayRejectedError';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}

export class StreamClient extends DWClient {
  private readonly options: StreamClientOptions;
  private stopped = false;
  private attemptInFlight: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private connectedAt = 0;
  private awaitingPong = false;
  private stopping: Promise<void> | undefined;

  constructor(options: StreamClientOptions) {
    // Our own subscriptions array: registerCallbackListener() would otherwise push into the SDK's module-level
    // default (shared by every client in the process). No EVENT subscription: we need none.
    // `autoReconnect` and `subscriptions` are honoured by the SDK but missing from its constructor type.
    const sdkConfig = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ua: 'jixiao-im-dingtalk/0.1.0',
      keepAlive: false,
      autoReconnect: false,
      debug: false,
      subscriptions: options.topics.map((topic) => ({ type: 'CALLBACK', topic })),
    };
    super(sdkConfig);
    this.options = options;
    quietSdkConsole();
  }

  private get sdk(): SdkPrivate {
    return this as unknown as SdkPrivate;
  }

  /** True while the current socket is open. */
  isOpen(): boolean {
    return this.sdk.socket?.readyState === SOCKET_OPEN;
  }

  override async getEndpoint(): Promise<this> {
    const { gatewayUrl, httpTimeoutMs } = this.options;
    let res: Response;
    try {
      res = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          clientId: this.config.clientId,
          clientSecret: this.config.clientSecret,
          ua: this.config.ua,
          subscriptions: this.config.subscriptions,
        }),
        signal: AbortSignal.timeout(httpTimeoutMs),
      });
    } catch (error) {
      throw new Error(`无法访问钉钉 Stream 网关：${errorText(error)}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = undefined;
    }
    const data = isRecord(body) ? body : {};
    const endpoint = stringField(data, 'endpoint');
    const ticket = stringField(data, 'ticket');
    if (res.ok && endpoint && ticket) {
      this.sdk.dw_url = `${endpoint}?ticket=${encodeURIComponent(ticket)}`;
      return this;
    }
    const reason = stringField(data, 'code') ?? stringField(data, 'message') ?? '';
    const message = `钉钉 Stream 网关拒绝连接：HTTP ${res.status}${reason ? ` ${reason}` : ''}`;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      throw new GatewayRejectedError(`${message}（请检查 clientId/clientSecret）`);
    }
    throw new Error(message);
  }

  /**
   * Opens the first connection and keeps the stream up until `stop()`. Rejects only when the gateway refuses
   * the credentials; other failures are retried in the background.
   */
  async start(): Promise<void> {
    if (this.stopped) throw new Error('钉钉 Stream 客户端已停止，不能再次启动');
    const { heartbeatIntervalMs } = this.options;
    if (heartbeatIntervalMs > 0 && !this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => this.sendHeartbeat(), heartbeatIntervalMs);
    }
    const rejected = await this.attempt();
    if (rejected) {
      await this.stop();
      throw rejected;
    }
  }

  /** The SDK's entry point, routed through the supervisor. */
  override async connect(): Promise<void> {
    await this.attempt();
  }

  /** Same as `stop()` (the SDK's version does not stick, see the class comment). */
  override disconnect(): void {
    void this.stop();
  }

  /** Closes the stream for good: no reconnect, not even one already scheduled. */
  stop(): Promise<void> {
    if (!this.stopping) this.stopping = this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.stopped = true;
    this.config.autoReconnect = false;
    this.sdk.userDisconnect = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.retryTimer = undefined;
    this.heartbeatTimer = undefined;
    const inflight = this.attemptInFlight;
    if (inflight) await Promise.race([inflight, delay(STOP_WAIT_MS)]);
    const socket = this.sdk.socket;
    if (socket) await closeSocket(socket);
    this.connected = false;
  }

  /** Acknowledges a CALLBACK frame (`data = {"response": …}`); false when no socket is open. */
  ack(messageId: string, response: unknown): boolean {
    if (!this.isOpen()) {
      this.options.logger.warn('Stream 连接未打开，无法确认消息（钉钉稍后会重新投递）', { messageId });
      return false;
    }
    try {
      this.socketCallBackResponse(messageId, response);
      return true;
    } catch (error) {
      this.options.logger.warn('确认消息失败', { messageId, error: errorText(error) });
      return false;
    }
  }

  override onDownStream(data: string): void {
    this.awaitingPong = false;
    try {
      super.onDownStream(data);
    } catch (error) {
      this.options.logger.error('无法解析 Stream 下行帧', { error: errorText(error) });
    }
  }

  override onSystem(frame: DWClientDownStream): void {
    super.onSystem(frame);
    if (frame.headers.topic === 'disconnect' && !this.stopped) {
      // The server stops pushing to this socket now and closes it ~10 s later: move to a new one at once.
      this.options.logger.info('钉钉要求断开当前 Stream 连接，正在建立新连接');
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      void this.attempt();
    }
  }

  /** One connection attempt at a time; returns the error when the gateway refused us for good. */
  private attempt(): Promise<GatewayRejectedError | undefined> {
    if (this.stopped || this.attemptInFlight) return Promise.resolve(undefined);
    const run = this.runAttempt();
    this.attemptInFlight = run.then(() => undefined);
    return run.finally(() => {
      this.attemptInFlight = undefined;
    });
  }

  private async runAttempt(): Promise<GatewayRejectedError | undefined> {
    const previous = this.sdk.socket;
    try {
      await this.getEndpoint();
      if (this.stopped) return undefined;
      await this._connect();
      const socket = this.sdk.socket;
      if (!socket) throw new Error('WebSocket 未创建');
      if (this.stopped) {
        socket.terminate();
        return undefined;
      }
      this.watch(socket);
      this.connectedAt = Date.now();
      this.awaitingPong = false;
      this.connected = true;
      if (previous && previous !== socket && previous.readyState !== SOCKET_CLOSED) previous.close();
      this.options.logger.info('钉钉 Stream 已连接');
      return undefined;
    } catch (error) {
      if (this.stopped) return undefined;
      this.options.logger.warn('钉钉 Stream 连接失败', { error: errorText(error) });
      this.scheduleReconnect();
      return error instanceof GatewayRejectedError ? error : undefined;
    }
  }

  private watch(socket: SdkSocket): void {
    socket.on('close', () => this.onSocketClosed(socket));
    socket.on('pong', () => {
      if (socket === this.sdk.socket) this.awaitingPong = false;
    });
  }

  private onSocketClosed(socket: SdkSocket): void {
    // A replaced (drained) socket closing is expected; only the current one matters.
    if (this.stopped || socket !== this.sdk.socket) return;
    this.connected = false;
    if (Date.now() - this.connectedAt >= STABLE_CONNECTION_MS) this.failures = 0;
    this.options.logger.warn('钉钉 Stream 连接已断开，准备重连');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const { reconnectInitialDelayMs, reconnectMaxDelayMs } = this.options;
    const base = Math.min(reconnectMaxDelayMs, reconnectInitialDelayMs * 2 ** Math.min(this.failures, 16));
    const wait = Math.round(base * (0.8 + Math.random() * 0.4));
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, wait);
  }

  private sendHeartbeat(): void {
    const socket = this.sdk.socket;
    if (this.stopped || !socket || socket.readyState !== SOCKET_OPEN) return;
    if (this.awaitingPong) {
      this.options.logger.warn('钉钉 Stream 心跳超时，重建连接');
      socket.terminate();
      return;
    }
    this.awaitingPong = true;
    try {
      socket.ping();
    } catch (error) {
      this.options.logger.warn('发送心跳失败', { error: errorText(error) });
    }
  }
}

function closeSocket(socket: SdkSocket): Promise<void> {
  if (socket.readyState === SOCKET_CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, STOP_WAIT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      socket.close(1000, 'stop');
    } catch {
      socket.terminate();
    }
  });
}
