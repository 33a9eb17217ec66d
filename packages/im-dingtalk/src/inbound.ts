/**
 * Robot messages in: persisted before they are acknowledged, acknowledged at once, then claimed so that a
 * redelivered msgId is answered once, answered by the bot engine, and marked answered (or failed) in the
 * transaction that queues its replies in the outbox; the replies are then sent at once (replies.ts) and
 * retried by the outbox worker if that fails. Messages a crashed process left `received` or stuck
 * `processing` are answered by `recoverPending()`; an answered message is never answered again.
 */
import type { BotEngine, InboundMessage, OutboundReply } from '@jixiao/bot';
import type { Reply } from '@jixiao/core';
import {
  answerInboundMessage,
  claimInboundMessage,
  type ImInboundInput,
  type ImInboundRecord,
  listPendingInboundMessages,
  saveInboundMessage,
} from '@jixiao/db/im';
import type { DWClientDownStream } from 'dingtalk-stream';
import { type DeliveryTarget, replyRows } from './delivery.ts';
import { fileOfMessage } from './files.ts';
import { isRecord, stringField } from './http.ts';
import { errorText } from './logger.ts';
import { type ReplyDeps, sendQueuedReplies } from './replies.ts';
import { parseRobotMessage } from './robot-message.ts';

const CHANNEL = 'dingtalk';
const RECOVERY_PAGE = 50;
const RECOVERY_MAX_PAGES = 20;

const UNSUPPORTED_REPLY: Reply = {
  title: '暂不支持该消息类型',
  markdown: '目前只能处理文字消息，以及作为项目材料的文件和图片；请直接输入文字，例如“帮助”。',
};
const FAILURE_REPLY: Reply = {
  title: '处理出错',
  markdown: '抱歉，处理您的消息时出现了问题，请稍后再试。',
};

export interface InboundDeps extends ReplyDeps {
  bot: BotEngine;
}

/** A message that reached us some other way than the robot topic (a command button on a card). */
export interface SyntheticMessage {
  msgId: string;
  externalUserId: string;
  conversation: { id: string; type: 'single' | 'group'; title?: string };
  text: string;
}

function senderNickOf(row: ImInboundRecord): string | undefined {
  const data = isRecord(row.raw) && isRecord(row.raw.data) ? row.raw.data : undefined;
  return data ? stringField(data, 'senderNick') : undefined;
}

function toInboundMessage(row: ImInboundRecord): InboundMessage {
  const senderNick = senderNickOf(row);
  return {
    channel: 'dingtalk',
    externalUserId: row.externalUserId,
    ...(senderNick ? { senderNick } : {}),
    conversation: {
      id: row.conversationId,
      type: row.conversationType,
      ...(row.conversationTitle ? { title: row.conversationTitle } : {}),
    },
    text: row.text,
    msgId: row.msgId,
    ...fileOf(row),
  };
}

/** A file or picture message's downloadCode, from the frame saved with the message. */
function fileOf(row: ImInboundRecord): { file?: { downloadCode: string; fileName: string } } {
  const raw = isRecord(row.raw) ? row.raw : undefined;
  const msgtype = raw ? stringField(raw, 'msgtype') : undefined;
  const file = msgtype ? fileOfMessage(msgtype, raw?.data) : null;
  return file ? { file } : {};
}

function targetOf(row: ImInboundRecord): DeliveryTarget {
  return {
    conversation:
      row.conversationType === 'group'
        ? { kind: 'group', conversationId: row.conversationId }
        : { kind: 'user', userId: row.externalUserId },
    askerUserId: row.externalUserId || null,
    sessionWebhook: row.sessionWebhook,
    sessionWebhookExpiresAt: row.sessionWebhookExpiresAt,
    source: `msg:${row.msgId}`,
    lane: row.conversationId,
  };
}

export class InboundProcessor {
  constructor(private readonly deps: InboundDeps) {}

  private get leaseMs(): number {
    return this.deps.config.processingLeaseMs;
  }

  /** Handles one robot-message frame: persist, ack, answer. Never throws. */
  async onRobotFrame(frame: DWClientDownStream, ack: (response: unknown) => boolean): Promise<void> {
    const { logger, config, platform } = this.deps;
    const messageId = frame.headers.messageId;
    const parsed = parseRobotMessage(frame.data);
    if ('error' in parsed) {
      logger.warn(`忽略无法识别的机器人消息：${parsed.error}`, { messageId });
      ack({ ignored: true });
      return;
    }
    if (config.corpId && parsed.corpId && parsed.corpId !== config.corpId) {
      logger.warn('忽略其他组织的机器人消息', { messageId, corpId: parsed.corpId });
      ack({ ignored: true });
      return;
    }
    const { message } = parsed;
    try {
      await saveInboundMessage(platform.db, {
        channel: CHANNEL,
        msgId: message.msgId,
        externalUserId: message.externalUserId,
        conversationId: message.conversation.id,
        conversationType: message.conversation.type,
        conversationTitle: message.conversation.title ?? null,
        text: message.text,
        sessionWebhook: parsed.sessionWebhook,
        sessionWebhookExpiresAt: parsed.sessionWebhookExpiresAt,
        raw: { frameMessageId: messageId, msgtype: parsed.msgtype, data: parsed.raw },
      });
    } catch (error) {
      // Not acknowledged: DingTalk redelivers it, and by then the database may be back.
      logger.error('保存机器人消息失败，暂不确认', { msgId: message.msgId, error: errorText(error) });
      return;
    }
    ack({ msgId: message.msgId });
    await this.process(message.msgId);
  }

  /** Persists and answers a message that did not come through the robot topic. Never throws. */
  async receiveSynthetic(message: SyntheticMessage): Promise<void> {
    const input: ImInboundInput = {
      channel: CHANNEL,
      msgId: message.msgId,
      externalUserId: message.externalUserId,
      conversationId: message.conversation.id,
      conversationType: message.conversation.type,
      conversationTitle: message.conversation.title ?? null,
      text: message.text,
      raw: { synthetic: true },
    };
    try {
      await saveInboundMessage(this.deps.platform.db, input);
    } catch (error) {
      this.deps.logger.error('保存消息失败', { msgId: message.msgId, error: errorText(error) });
      return;
    }
    await this.process(message.msgId);
  }

  /** Claims and answers one stored message; false when someone else has it (or it is done). Never throws. */
  async process(msgId: string): Promise<boolean> {
    let row: ImInboundRecord | null;
    try {
      row = await claimInboundMessage(this.deps.platform.db, {
        channel: CHANNEL,
        msgId,
        leaseMs: this.leaseMs,
      });
    } catch (error) {
      this.deps.logger.error('领取消息失败', { msgId, error: errorText(error) });
      return false;
    }
    if (!row) return false;
    await this.answer(row);
    return true;
  }

  /** Answers what crashed processes left behind; returns how many messages it took on. */
  async recoverPending(): Promise<number> {
    const { platform, abandoned } = this.deps;
    let taken = 0;
    for (let page = 0; page < RECOVERY_MAX_PAGES && !abandoned(); page++) {
      const rows = await listPendingInboundMessages(platform.db, {
        channel: CHANNEL,
        leaseMs: this.leaseMs,
        limit: RECOVERY_PAGE,
      });
      let progressed = 0;
      for (const row of rows) {
        if (abandoned()) break;
        if (await this.process(row.msgId)) progressed += 1;
      }
      taken += progressed;
      if (progressed === 0 || rows.length < RECOVERY_PAGE) break;
    }
    return taken;
  }

  private async answer(row: ImInboundRecord): Promise<void> {
    const { platform, bot, logger, abandoned } = this.deps;
    const claimedAt = row.claimedAt;
    if (!claimedAt) return;
    let replies: OutboundReply[];
    let botError: string | null = null;
    const message = toInboundMessage(row);
    if (row.text === '' && !message.file) {
      replies = [{ audience: 'conversation', reply: UNSUPPORTED_REPLY }];
    } else {
      try {
        replies = await bot.handleMessage(message);
      } catch (error) {
        botError = `机器人处理出错：${errorText(error)}`;
        logger.error('机器人处理消息出错', { msgId: row.msgId, error: errorText(error) });
        replies = [{ audience: 'conversation', reply: FAILURE_REPLY }];
      }
    }
    try {
      // After stop() gave up waiting, or once another worker took the row over, this worker stays silent.
      if (abandoned()) return;
      const queued = await answerInboundMessage(platform.db, {
        id: row.id,
        claimedAt,
        status: botError ? 'failed' : 'answered',
        error: botError,
        replies: replyRows(targetOf(row), replies),
        now: platform.now(),
        leaseMs: this.deps.config.replySendLeaseMs,
      });
      if (!queued) {
        logger.warn('消息已被其他进程接管，不再回复', { msgId: row.msgId });
        return;
      }
      const failure = await sendQueuedReplies(this.deps, queued);
      if (failure) logger.warn('回复未能立即送达，已交由发件箱重试', { msgId: row.msgId, error: failure });
    } catch (error) {
      logger.error('回复消息出错', { msgId: row.msgId, error: errorText(error) });
    }
  }
}
