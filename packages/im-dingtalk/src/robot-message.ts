/** Parses the `data` of a robot-message frame (topic `/v1.0/im/bot/messages/get`) into our inbound message. */
import type { InboundMessage } from '@jixiao/bot';
import { isRecord, type JsonRecord, stringField } from './http.ts';

export interface ParsedRobotMessage {
  message: InboundMessage;
  sessionWebhook: string | null;
  sessionWebhookExpiresAt: Date | null;
  /** The sender's organisation (to ignore foreign callbacks when `corpId` is configured). */
  corpId: string | undefined;
  msgtype: string;
  raw: JsonRecord;
}

/** The text an official typed; other message types (pictures, files…) give an empty string. */
function textOf(data: JsonRecord, msgtype: string): string {
  if (msgtype === 'text') {
    const text = isRecord(data.text) ? stringField(data.text, 'content') : undefined;
    return text ?? '';
  }
  const content = isRecord(data.content) ? data.content : undefined;
  if (!content) return '';
  if (msgtype === 'richText' && Array.isArray(content.richText)) {
    return content.richText.map((part) => (isRecord(part) ? (stringField(part, 'text') ?? '') : '')).join('');
  }
  if (msgtype === 'audio') return stringField(content, 'recognition') ?? '';
  return '';
}

export function parseRobotMessage(data: string): ParsedRobotMessage | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data) as unknown;
  } catch {
    return { error: '机器人消息不是合法的 JSON' };
  }
  if (!isRecord(parsed)) return { error: '机器人消息格式不正确' };
  const msgId = stringField(parsed, 'msgId');
  const conversationId = stringField(parsed, 'conversationId');
  const conversationType = stringField(parsed, 'conversationType');
  if (!msgId || !conversationId || (conversationType !== '1' && conversationType !== '2')) {
    return { error: '机器人消息缺少 msgId、conversationId 或 conversationType' };
  }
  const msgtype = stringField(parsed, 'msgtype') ?? 'text';
  const senderNick = stringField(parsed, 'senderNick');
  const title = stringField(parsed, 'conversationTitle');
  const expiresAt = parsed.sessionWebhookExpiredTime;
  const message: InboundMessage = {
    channel: 'dingtalk',
    // senderStaffId is empty for people outside the organisation; the bot refuses unknown senders.
    externalUserId: stringField(parsed, 'senderStaffId') || stringField(parsed, 'senderId') || '',
    ...(senderNick ? { senderNick } : {}),
    conversation: {
      id: conversationId,
      type: conversationType === '1' ? 'single' : 'group',
      ...(title ? { title } : {}),
    },
    // In groups the "@robot" mention is removed by DingTalk and leaves a leading space.
    text: textOf(parsed, msgtype).trim(),
    msgId,
  };
  return {
    message,
    sessionWebhook: stringField(parsed, 'sessionWebhook') ?? null,
    sessionWebhookExpiresAt: typeof expiresAt === 'number' ? new Date(expiresAt) : null,
    corpId: stringField(parsed, 'senderCorpId') ?? stringField(parsed, 'chatbotCorpId'),
    msgtype,
    raw: parsed,
  };
}
