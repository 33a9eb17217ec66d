/**
 * Test helper: a real `dingtalk-stream` 2.1.5 client pointed at the sim.
 *
 * The SDK hard-codes the gateway URL, so `SimDWClient` overrides the public `getEndpoint()` to ask the sim's gateway
 * and then sets what the original sets (`config.endpoint` and the private `dw_url`). It also makes `stop()` stick
 * (2.1.5's `disconnect()` does not cancel an already-queued reconnect).
 *
 * Import it from `@jixiao/dingtalk-sim/testing`.
 */
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import { TOPIC_CARD_CALLBACK } from './cards.ts';
import { TOPIC_ROBOT } from './conversations.ts';

export interface SimDWClientOptions {
  /** The sim's base URL (`sim.url`). */
  simUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default false (tests usually want a client that stays down once stopped). */
  autoReconnect?: boolean;
  ua?: string;
  debug?: boolean;
}

interface GatewayAnswer {
  endpoint?: unknown;
  ticket?: unknown;
}

export class SimDWClient extends DWClient {
  private readonly simUrl: string;
  private stopped = false;

  constructor(options: SimDWClientOptions) {
    // `autoReconnect` is honoured by the SDK but missing from its constructor type; a non-literal object passes it.
    const config = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ua: options.ua ?? 'jixiao-dingtalk-sim-test/1.0',
      keepAlive: false,
      autoReconnect: options.autoReconnect ?? false,
      ...(options.debug !== undefined ? { debug: options.debug } : {}),
    };
    super(config);
    this.simUrl = options.simUrl;
  }

  override async getEndpoint(): Promise<this> {
    const res = await fetch(`${this.simUrl}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
    });
    const data = (await res.json()) as GatewayAnswer;
    if (!res.ok || typeof data.endpoint !== 'string' || typeof data.ticket !== 'string') {
      throw new Error(`获取 Stream 接入点失败：HTTP ${res.status}`);
    }
    // Mirror the SDK: it stores the whole answer in config.endpoint and builds dw_url from it.
    (this.config as { endpoint?: unknown }).endpoint = data;
    (this as unknown as { dw_url: string }).dw_url = `${data.endpoint}?ticket=${data.ticket}`;
    return this;
  }

  override async connect(): Promise<void> {
    if (this.stopped) return;
    await super.connect();
  }

  /** Disconnects for good (no reconnect, even one already queued). */
  stop(): void {
    this.stopped = true;
    this.config.autoReconnect = false;
    this.disconnect();
  }
}

/** Parsed `data` of a robot-message frame (dingtalk.md §2). */
export interface RobotMessageData {
  conversationId: string;
  conversationType: string;
  conversationTitle?: string;
  msgId: string;
  msgtype: string;
  text?: { content: string };
  senderId: string;
  senderStaffId: string;
  senderNick: string;
  senderCorpId: string;
  isAdmin?: boolean;
  isInAtList?: boolean;
  atUsers?: Array<{ dingtalkId: string; staffId?: string }>;
  chatbotUserId: string;
  chatbotCorpId: string;
  robotCode: string;
  sessionWebhook: string;
  sessionWebhookExpiredTime: number;
  createAt: number;
}

/** Parsed `data` of a card-callback frame. */
export interface CardCallbackData {
  type: string;
  outTrackId: string;
  corpId: string;
  userId: string;
  userIdType: number;
  spaceType: string;
  spaceId: string;
  extension: string;
  /** JSON string: `{cardPrivateData:{actionIds, params}}`. */
  content: string;
}

export interface TestStreamHandlers {
  clientId: string;
  clientSecret: string;
  autoReconnect?: boolean;
  /** Ack robot messages as soon as they arrive, before the handler runs (default true). */
  autoAck?: boolean;
  onRobotMessage?: (
    message: RobotMessageData,
    frame: DWClientDownStream,
    client: SimDWClient,
  ) => void | Promise<void>;
  /** Its return value is sent back as the ack's `response` (so it may update the card). */
  onCardCallback?: (callback: CardCallbackData, frame: DWClientDownStream, client: SimDWClient) => unknown;
}

export interface TestStreamClient {
  client: SimDWClient;
  /** Every CALLBACK frame received, in order (redeliveries included). */
  frames: DWClientDownStream[];
  /** Posts a reply body to a message's sessionWebhook and returns the parsed answer. */
  reply(message: RobotMessageData, body: Record<string, unknown>): Promise<unknown>;
  /** Shorthand for a markdown reply. */
  replyMarkdown(message: RobotMessageData, title: string, text: string): Promise<unknown>;
  close(): void;
}

/** Connects a real SDK client to the sim and routes robot messages and card callbacks to the handlers. */
export async function createTestStreamClient(
  sim: { url: string },
  handlers: TestStreamHandlers,
): Promise<TestStreamClient> {
  const client = new SimDWClient({
    simUrl: sim.url,
    clientId: handlers.clientId,
    clientSecret: handlers.clientSecret,
    ...(handlers.autoReconnect !== undefined ? { autoReconnect: handlers.autoReconnect } : {}),
  });
  const frames: DWClientDownStream[] = [];
  const report = (error: unknown): void => {
    console.error('[dingtalk-sim/testing] 处理回调出错', error);
  };

  client.registerCallbackListener(TOPIC_ROBOT, (frame) => {
    frames.push(frame);
    if (handlers.autoAck ?? true) client.socketCallBackResponse(frame.headers.messageId, null);
    if (!handlers.onRobotMessage) return;
    try {
      const message = JSON.parse(frame.data) as RobotMessageData;
      Promise.resolve(handlers.onRobotMessage(message, frame, client)).catch(report);
    } catch (error) {
      report(error);
    }
  });

  client.registerCallbackListener(TOPIC_CARD_CALLBACK, (frame) => {
    frames.push(frame);
    const run = async (): Promise<unknown> => {
      if (!handlers.onCardCallback) return null;
      return handlers.onCardCallback(JSON.parse(frame.data) as CardCallbackData, frame, client);
    };
    run()
      .then((response) => client.socketCallBackResponse(frame.headers.messageId, response ?? null))
      .catch(report);
  });

  await client.connect();
  if (!client.connected) {
    client.stop();
    throw new Error('无法连接到钉钉模拟器的 Stream 网关');
  }

  const reply = async (message: RobotMessageData, body: Record<string, unknown>): Promise<unknown> => {
    const res = await fetch(message.sessionWebhook, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res.json();
  };

  return {
    client,
    frames,
    reply,
    replyMarkdown: (message, title, text) =>
      reply(message, { msgtype: 'markdown', markdown: { title, text } }),
    close: () => client.stop(),
  };
}
