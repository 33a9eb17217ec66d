/**
 * The DingTalk adapter: robot messages and card callbacks in over the Stream (dingtalk-stream SDK), replies and
 * notifications out over the OpenAPI. One per process; any number of processes may share a database.
 *
 * @example
 * const adapter = createDingTalkAdapter(
 *   { clientId, clientSecret, robotCode: clientId },
 *   { platform, bot: createBotEngine(platform) },
 * );
 * await adapter.start();
 * // notifications: adapter.channel.sendToUser(recipient, reply, idempotencyKey)
 * await adapter.stop();
 */
import type { BotEngine, FileSource } from '@jixiao/bot';
import type { Platform } from '@jixiao/db';
import type { MessageChannel } from '@jixiao/notify';
import { CardCallbackHandler } from './card-callback.ts';
import { createDingTalkChannel } from './channel.ts';
import { type DingTalkConfig, resolveConfig } from './config.ts';
import type { DeliveryDeps } from './delivery.ts';
import { createFileSource } from './files.ts';
import { InboundProcessor } from './inbound.ts';
import { consoleLogger, errorText, type Logger } from './logger.ts';
import { createOpenApiClient } from './openapi.ts';
import type { StreamClient } from './stream-client.ts';
import { TaskTracker } from './tasks.ts';
import { TOPIC_CARD_CALLBACK, TOPIC_ROBOT } from './topics.ts';

export interface DingTalkAdapterDeps {
  platform: Platform;
  bot: BotEngine;
  logger?: Logger;
}

export interface DingTalkAdapter {
  /** Connects the stream (rejects only when the gateway refuses the credentials), then recovers pending messages. */
  start(): Promise<void>;
  /** Disconnects for good and lets in-flight messages finish for up to `stopGraceMs`. */
  stop(): Promise<void>;
  /** Notifications over the OpenAPI (works without `start()`). */
  channel: MessageChannel;
  /** Answers messages a crashed process left behind; returns how many it took on. */
  recoverPending(): Promise<number>;
  /** Fetches files and pictures officials send (for the bot's `files` option). */
  files: FileSource;
}

export function createDingTalkAdapter(config: DingTalkConfig, deps: DingTalkAdapterDeps): DingTalkAdapter {
  const resolved = resolveConfig(config);
  const logger = deps.logger ?? consoleLogger;
  const api = createOpenApiClient(resolved);
  const tasks = new TaskTracker();
  let abandoned = false;
  const delivery: DeliveryDeps = { api, config: resolved, logger, abandoned: () => abandoned };
  const inbound = new InboundProcessor({ ...delivery, platform: deps.platform, bot: deps.bot });
  const cards = new CardCallbackHandler({ ...delivery, platform: deps.platform, bot: deps.bot, inbound });
  const channel = createDingTalkChannel({ ...delivery, platform: deps.platform });

  let client: StreamClient | undefined;
  let recoverTimer: NodeJS.Timeout | undefined;
  let recovering: Promise<number> | undefined;
  let stopped: Promise<void> | undefined;

  /** Runs work in the background: tracked for stop(), and a failure is logged, never an unhandled rejection. */
  const background = (work: Promise<void>): void => {
    void tasks.track(
      work.catch((error: unknown) => {
        logger.error('后台处理出错', { error: errorText(error) });
      }),
    );
  };

  const recoverPending = (): Promise<number> => {
    if (!recovering) {
      recovering = tasks
        .track(inbound.recoverPending())
        .catch((error: unknown) => {
          logger.error('恢复未回复的消息失败', { error: errorText(error) });
          return 0;
        })
        .finally(() => {
          recovering = undefined;
        });
    }
    return recovering;
  };

  const start = async (): Promise<void> => {
    if (client || stopped) throw new Error('钉钉适配器已启动过');
    // The SDK (with axios and ws) is loaded only when the stream is started: sending through the
    // channel, and processes that never connect, don't pay for it.
    const { StreamClient } = await import('./stream-client.ts');
    const stream = new StreamClient({
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      gatewayUrl: resolved.gatewayUrl,
      topics: [TOPIC_ROBOT, TOPIC_CARD_CALLBACK],
      httpTimeoutMs: resolved.httpTimeoutMs,
      reconnectInitialDelayMs: resolved.reconnectInitialDelayMs,
      reconnectMaxDelayMs: resolved.reconnectMaxDelayMs,
      heartbeatIntervalMs: resolved.heartbeatIntervalMs,
      logger,
    });
    client = stream;
    stream.registerCallbackListener(TOPIC_ROBOT, (frame) => {
      background(inbound.onRobotFrame(frame, (response) => stream.ack(frame.headers.messageId, response)));
    });
    stream.registerCallbackListener(TOPIC_CARD_CALLBACK, (frame) => {
      try {
        const work = cards.onFrame(frame, (response) => stream.ack(frame.headers.messageId, response));
        if (work) background(work);
      } catch (error) {
        logger.error('处理卡片回调出错', { error: errorText(error) });
      }
    });
    await stream.start();
    const recovered = await recoverPending();
    if (recovered > 0) logger.info(`已恢复 ${recovered} 条未回复的消息`);
    if (resolved.recoverIntervalMs > 0) {
      recoverTimer = setInterval(() => {
        void recoverPending();
      }, resolved.recoverIntervalMs);
    }
  };

  const stop = (): Promise<void> => {
    if (!stopped) {
      stopped = (async () => {
        if (recoverTimer) clearInterval(recoverTimer);
        recoverTimer = undefined;
        await client?.stop();
        const finished = await tasks.drain(resolved.stopGraceMs);
        if (!finished) {
          logger.warn('停止时仍有消息在处理，已放弃（其他进程会在租约到期后接手）', { running: tasks.size });
        }
        abandoned = true;
      })();
    }
    return stopped;
  };

  return { start, stop, channel, recoverPending, files: createFileSource(api, resolved.robotCode) };
}
