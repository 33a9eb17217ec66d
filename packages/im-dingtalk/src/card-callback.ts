/**
 * Card button presses (topic `/v1.0/card/instances/callback`). DingTalk waits at most 2 s for the answer, so the
 * frame is acknowledged at once with a small card update ("处理中…" for the person who pressed), then the bot
 * handles the action, its replies are delivered, and the card's status is updated through the card API.
 *
 * Expected callback params (`content.cardPrivateData.params`): `action` plus the button's payload, flattened
 * (`{"action":"confirm","warningId":"12"}`); a `payload` param holding an object or a JSON object string is
 * accepted too. Values that are not strings are JSON-encoded.
 */
import type { BotEngine, InboundAction, OutboundReply } from '@jixiao/bot';
import { latestSingleConversationId } from '@jixiao/db/im';
import { queueClaimedReplies } from '@jixiao/db/outbox';
import type { DWClientDownStream } from 'dingtalk-stream';
import { type DeliveryTarget, replyRows } from './delivery.ts';
import { isRecord, type JsonRecord, stringField } from './http.ts';
import type { InboundProcessor } from './inbound.ts';
import { errorText } from './logger.ts';
import { RecentIds } from './recent-ids.ts';
import { CARD_ACTION_COMMAND, CARD_ACTION_URL } from './render.ts';
import { type ReplyDeps, sendQueuedReplies } from './replies.ts';
import type { SendTarget } from './send.ts';
import { updateCard } from './send.ts';

const STATUS_PROCESSING = '处理中…';
const STATUS_DONE = '已处理';
const STATUS_FAILED = '处理失败，请稍后重试';
const MAX_STATUS_CHARS = 20;

export interface CardCallback {
  outTrackId: string;
  userId: string;
  corpId: string | undefined;
  space: { type: 'IM_ROBOT' | 'IM_GROUP'; id: string } | null;
  action: string;
  payload: Record<string, string>;
}

export interface CardCallbackDeps extends ReplyDeps {
  bot: BotEngine;
  inbound: InboundProcessor;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function objectParam(value: unknown): JsonRecord | undefined {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function parseCardCallback(data: string): CardCallback | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data) as unknown;
  } catch {
    return { error: '卡片回调不是合法的 JSON' };
  }
  if (!isRecord(parsed)) return { error: '卡片回调格式不正确' };
  const outTrackId = stringField(parsed, 'outTrackId');
  const userId = stringField(parsed, 'userId');
  if (!outTrackId || !userId) return { error: '卡片回调缺少 outTrackId 或 userId' };
  const content = objectParam(parsed.content) ?? {};
  const privateData = isRecord(content.cardPrivateData) ? content.cardPrivateData : {};
  const params = isRecord(privateData.params) ? privateData.params : {};
  const actionIds = Array.isArray(privateData.actionIds) ? privateData.actionIds : [];
  const firstActionId = typeof actionIds[0] === 'string' ? actionIds[0] : undefined;
  const action = stringField(params, 'action') ?? firstActionId;
  if (!action) return { error: '卡片回调缺少 action' };
  const payload: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'action' || value === undefined || value === null) continue;
    const nested = key === 'payload' ? objectParam(value) : undefined;
    if (nested) {
      for (const [k, v] of Object.entries(nested))
        if (v !== undefined && v !== null) payload[k] = asString(v);
    } else {
      payload[key] = asString(value);
    }
  }
  const spaceType = stringField(parsed, 'spaceType');
  const spaceId = stringField(parsed, 'spaceId');
  const space: CardCallback['space'] =
    (spaceType === 'IM_ROBOT' || spaceType === 'IM_GROUP') && spaceId
      ? { type: spaceType, id: spaceId }
      : null;
  return { outTrackId, userId, corpId: stringField(parsed, 'corpId'), space, action, payload };
}

function statusOf(replies: OutboundReply[]): string {
  const title = replies[0]?.reply.title.trim();
  if (!title) return STATUS_DONE;
  const chars = [...title];
  return chars.length <= MAX_STATUS_CHARS ? title : `${chars.slice(0, MAX_STATUS_CHARS - 1).join('')}…`;
}

/** The ack response: a private card update for the person who pressed the button. */
function processingResponse(): JsonRecord {
  return {
    userPrivateData: { cardParamMap: { status: STATUS_PROCESSING } },
    cardUpdateOptions: { updatePrivateDataByKey: true },
  };
}

export class CardCallbackHandler {
  /** Card callbacks are not meant to be redelivered, but a repeated frame must not act twice. */
  private readonly seen = new RecentIds(10 * 60_000, 10_000);

  constructor(private readonly deps: CardCallbackDeps) {}

  /** Acknowledges at once (synchronously); returns the follow-up work, or undefined when there is none. */
  onFrame(frame: DWClientDownStream, ack: (response: unknown) => boolean): Promise<void> | undefined {
    const { logger, config } = this.deps;
    const messageId = frame.headers.messageId;
    if (!this.seen.add(messageId)) {
      ack(null);
      return undefined;
    }
    const callback = parseCardCallback(frame.data);
    if ('error' in callback) {
      logger.warn(`忽略无法识别的卡片回调：${callback.error}`, { messageId });
      ack(null);
      return undefined;
    }
    if (config.corpId && callback.corpId && callback.corpId !== config.corpId) {
      logger.warn('忽略其他组织的卡片回调', { messageId, corpId: callback.corpId });
      ack(null);
      return undefined;
    }
    if (callback.action === CARD_ACTION_URL) {
      ack(null);
      return undefined;
    }
    ack(processingResponse());
    return this.handle(callback, messageId);
  }

  private async conversationOf(callback: CardCallback): Promise<InboundAction['conversation']> {
    if (callback.space?.type === 'IM_GROUP') return { id: callback.space.id, type: 'group' };
    try {
      const id = await latestSingleConversationId(this.deps.platform.db, 'dingtalk', callback.userId);
      return id ? { id, type: 'single' } : undefined;
    } catch {
      return undefined;
    }
  }

  private async setStatus(callback: CardCallback, status: string): Promise<void> {
    const outcome = await updateCard(this.deps, callback.outTrackId, {
      privateData: { [callback.userId]: { status } },
    });
    if (!outcome.ok)
      this.deps.logger.warn('更新卡片状态失败', { outTrackId: callback.outTrackId, error: outcome.error });
  }

  private async handle(callback: CardCallback, messageId: string): Promise<void> {
    const { bot, logger } = this.deps;
    try {
      const conversation = await this.conversationOf(callback);
      const conversationTarget: SendTarget =
        callback.space?.type === 'IM_GROUP'
          ? { kind: 'group', conversationId: callback.space.id }
          : { kind: 'user', userId: callback.userId };

      if (callback.action === CARD_ACTION_COMMAND) {
        // A command button: as if the official had typed the text in that chat.
        const text = (callback.payload.text ?? '').trim();
        await this.deps.inbound.receiveSynthetic({
          msgId: `card:${messageId}`,
          externalUserId: callback.userId,
          conversation: conversation ?? { id: `IM_ROBOT.${callback.userId}`, type: 'single' },
          text,
        });
        await this.setStatus(callback, '');
        return;
      }

      let replies: OutboundReply[];
      try {
        replies = await bot.handleAction({
          channel: 'dingtalk',
          externalUserId: callback.userId,
          ...(conversation ? { conversation } : {}),
          action: callback.action,
          payload: callback.payload,
        });
      } catch (error) {
        logger.error('机器人处理卡片按钮出错', { action: callback.action, error: errorText(error) });
        await this.setStatus(callback, STATUS_FAILED);
        await this.reply(callback, conversationTarget, conversation, messageId, [
          {
            audience: 'private',
            reply: { title: '操作未完成', markdown: '抱歉，处理您的操作时出现了问题，请稍后再试。' },
          },
        ]);
        return;
      }
      if (this.deps.abandoned()) return;
      await this.setStatus(callback, statusOf(replies));
      await this.reply(callback, conversationTarget, conversation, messageId, replies);
    } catch (error) {
      logger.error('处理卡片回调出错', { messageId, error: errorText(error) });
    }
  }

  /** Queues the replies in the outbox and sends them at once; the worker retries what fails. */
  private async reply(
    callback: CardCallback,
    to: SendTarget,
    conversation: InboundAction['conversation'],
    messageId: string,
    replies: OutboundReply[],
  ): Promise<void> {
    const { platform, config, logger } = this.deps;
    const target: DeliveryTarget = {
      conversation: to,
      askerUserId: callback.userId,
      sessionWebhook: null,
      sessionWebhookExpiresAt: null,
      source: `card:${messageId}`,
      // The chat's own id when known, so these replies queue behind the replies to its messages.
      lane: conversation?.id ?? (to.kind === 'group' ? to.conversationId : to.userId),
    };
    const queued = await queueClaimedReplies(platform.db, replyRows(target, replies), {
      now: platform.now(),
      leaseMs: config.replySendLeaseMs,
    });
    const failure = await sendQueuedReplies(this.deps, queued);
    if (failure)
      logger.warn('卡片按钮的回复未能立即送达，已交由发件箱重试', {
        action: callback.action,
        error: failure,
      });
  }
}
