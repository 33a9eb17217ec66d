/**
 * Officials talking to the robot: builds robot-message callbacks (dingtalk.md §2), pushes them over the stream,
 * serves `POST /robot/sendBySession` and collects the bot's replies per message.
 */

import type { Directory } from './directory.ts';
import type { EventLog } from './events.ts';
import type { Faults } from './faults.ts';
import type { FileStore } from './files.ts';
import { type Router, SimHttpError, sendJson } from './http.ts';
import { newMsgId, newSessionToken, stableDingtalkId } from './ids.ts';
import { renderWebhookBody } from './render.ts';
import type { StreamHub } from './stream.ts';
import type { RecordedReply, SendMessageInput, SendMessageResult, SimChatMessage } from './types.ts';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

/** After the first reply, wait this long without a new one before answering (follow-up replies). */
const FOLLOW_UP_QUIET_MS = 150;
/** …but never longer than this after the first reply. */
const FOLLOW_UP_MAX_MS = 3000;

// sessionWebhook error codes. The real codes are not documented (only the names `session.notExisted` and
// `session.expired` appear in the batchSend error table); these numbers are the sim's own choice, in the
// legacy `{errcode, errmsg}` shape that oapi.dingtalk.com answers with HTTP 200.
const SESSION_NOT_EXISTED = { errcode: 300001, errmsg: 'session.notExisted' } as const;
const SESSION_EXPIRED = { errcode: 300002, errmsg: 'session.expired' } as const;
/** Legacy "missing/invalid parameter" errcode. */
const INVALID_BODY_ERRCODE = 40035;
/** Legacy "system busy" errcode, used for the `sessionWebhookErrorRate` fault. */
const SYSTEM_BUSY = { errcode: -1, errmsg: '系统繁忙' } as const;

export interface ConversationsDeps {
  directory: Directory;
  stream: StreamHub;
  events: EventLog;
  faults: Faults;
  robotCode: string;
  corpId: string;
  chatbotUserId: string;
  sessionTtlMs: number;
  replyTimeoutMs: number;
  baseUrl: string;
  files: FileStore;
}

interface MessageRecord {
  msgId: string;
  messageId: string;
  userId: string;
  conversationId: string;
  conversationType: '1' | '2';
  replies: RecordedReply[];
}

interface Session {
  msgId: string;
  expiresAt: number;
}

interface Collector {
  message: MessageRecord;
  add(reply: RecordedReply): void;
  finish(): void;
}

export type ProactiveReply = Omit<RecordedReply, 'msgId' | 'conversationId' | 'conversationType'>;

export class Conversations {
  private readonly messages = new Map<string, MessageRecord>();
  private readonly sessions = new Map<string, Session>();
  private readonly collectors = new Set<Collector>();

  constructor(private readonly deps: ConversationsDeps) {}

  private audience(message: Pick<MessageRecord, 'userId' | 'conversationId' | 'conversationType'>): string[] {
    if (message.conversationType === '1') return [message.userId];
    return this.deps.directory.group(message.conversationId)?.memberUserIds ?? [message.userId];
  }

  /** A text message's `text`, or a file's or picture's `content` with a downloadCode for its bytes. */
  private payloadOf(input: SendMessageInput, isGroup: boolean): Record<string, unknown> {
    const f = input.file;
    if (!f) return { msgtype: 'text', text: { content: isGroup ? ` ${input.text}` : input.text } };
    const downloadCode = this.deps.files.add(Buffer.from(f.contentBase64, 'base64'), f.fileName);
    return f.kind === 'picture'
      ? { msgtype: 'picture', content: { downloadCode } }
      : { msgtype: 'file', content: { downloadCode, fileName: f.fileName } };
  }

  async sendMessage(input: SendMessageInput): Promise<SendMessageResult> {
    const { directory, events, stream } = this.deps;
    const user = await directory.findUser(input.userId);
    if (!user) throw new SimHttpError(404, `未知用户：${input.userId}`);
    const isGroup = input.conversationId !== undefined && input.conversationId !== '';
    const conversationId = isGroup ? (input.conversationId ?? '') : directory.singleChatId(user.userId);
    const conversationTitle = isGroup
      ? directory.joinGroup(conversationId, user.userId, input.groupTitle)
      : undefined;
    const msgId = newMsgId();
    const createAt = Date.now();
    const session = newSessionToken();
    const { corpId, chatbotUserId, robotCode } = this.deps;
    // Field order and shapes follow the official examples; in groups the "@robot" is stripped from the content,
    // which leaves a leading space.
    const data = {
      conversationId,
      conversationType: isGroup ? '2' : '1',
      ...(isGroup ? { conversationTitle } : {}),
      msgId,
      ...this.payloadOf(input, isGroup),
      senderId: stableDingtalkId(`${corpId}/user/${user.userId}`),
      senderStaffId: user.userId,
      senderNick: user.name,
      senderCorpId: corpId,
      isAdmin: false,
      ...(isGroup ? { isInAtList: true, atUsers: [{ dingtalkId: chatbotUserId }] } : {}),
      chatbotUserId,
      chatbotCorpId: corpId,
      robotCode,
      sessionWebhook: `${this.deps.baseUrl}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: createAt + this.deps.sessionTtlMs,
      createAt,
    };
    const message: MessageRecord = {
      msgId,
      messageId: '',
      userId: user.userId,
      conversationId,
      conversationType: isGroup ? '2' : '1',
      replies: [],
    };
    this.messages.set(msgId, message);
    this.sessions.set(session, { msgId, expiresAt: createAt + this.deps.sessionTtlMs });
    const seq = events.nextSeq();
    events.publish(seq, 'message', this.audience(message), {
      seq,
      time: createAt,
      msgId,
      userId: user.userId,
      senderNick: user.name,
      text: input.text,
      conversationId,
      conversationType: message.conversationType,
      ...(conversationTitle ? { conversationTitle } : {}),
    } satisfies SimChatMessage);
    const replies = this.collect(message);
    message.messageId = stream.push(TOPIC_ROBOT, data, { autoRedeliver: true });
    const collected = await replies;
    return collected.length > 0 ? { msgId, replies: collected } : { msgId, replies: [], timedOut: true };
  }

  private collect(message: MessageRecord): Promise<RecordedReply[]> {
    return new Promise((resolve) => {
      const replies: RecordedReply[] = [];
      let quiet: NodeJS.Timeout | undefined;
      let cap: NodeJS.Timeout | undefined;
      const collector: Collector = {
        message,
        add: (reply) => {
          replies.push(reply);
          if (replies.length === 1) {
            clearTimeout(overall);
            cap = setTimeout(collector.finish, FOLLOW_UP_MAX_MS);
          }
          clearTimeout(quiet);
          quiet = setTimeout(collector.finish, FOLLOW_UP_QUIET_MS);
        },
        finish: () => {
          clearTimeout(overall);
          clearTimeout(quiet);
          clearTimeout(cap);
          this.collectors.delete(collector);
          resolve(replies);
        },
      };
      const overall = setTimeout(collector.finish, this.deps.replyTimeoutMs);
      this.collectors.add(collector);
    });
  }

  /**
   * A card or proactive message reached a conversation; while a message there is waiting for its answer, it counts
   * as a reply to it. `target.userId` means the 1:1 chat with that official, `target.conversationId` a group.
   */
  offerReply(target: { userId?: string; conversationId?: string }, reply: ProactiveReply): void {
    for (const collector of [...this.collectors]) {
      const m = collector.message;
      const matches =
        (target.userId !== undefined && m.conversationType === '1' && m.userId === target.userId) ||
        (target.conversationId !== undefined &&
          m.conversationType === '2' &&
          m.conversationId === target.conversationId);
      if (!matches) continue;
      const full: RecordedReply = {
        ...reply,
        msgId: m.msgId,
        conversationId: m.conversationId,
        conversationType: m.conversationType,
      };
      m.replies.push(full);
      collector.add(full);
    }
  }

  /** Pushes the frame of a robot message again, now. */
  redeliver(msgId: string): void {
    const message = this.messages.get(msgId);
    if (!message) throw new SimHttpError(404, `未知消息：${msgId}`);
    if (!this.deps.stream.redeliverNow(message.messageId)) {
      throw new SimHttpError(409, '没有可用的 Stream 连接，无法重新投递');
    }
  }

  /** Every sessionWebhook given out so far answers `session.expired` from now on (as ~90 min later). */
  expireSessions(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) session.expiresAt = Math.min(session.expiresAt, now);
  }

  repliesFor(msgId: string): RecordedReply[] {
    return structuredClone(this.messages.get(msgId)?.replies ?? []);
  }

  registerRoutes(router: Router): void {
    router.add('POST', '/robot/sendBySession', (ctx) => {
      const token = ctx.query.get('session');
      const session = token ? this.sessions.get(token) : undefined;
      const message = session ? this.messages.get(session.msgId) : undefined;
      if (!session || !message) {
        sendJson(ctx, 200, SESSION_NOT_EXISTED);
        return;
      }
      if (session.expiresAt <= Date.now()) {
        sendJson(ctx, 200, SESSION_EXPIRED);
        return;
      }
      if (ctx.bodyError) {
        sendJson(ctx, 200, { errcode: INVALID_BODY_ERRCODE, errmsg: `缺少参数 json：${ctx.bodyError}` });
        return;
      }
      const rendered = renderWebhookBody(ctx.body);
      if ('error' in rendered) {
        sendJson(ctx, 200, { errcode: INVALID_BODY_ERRCODE, errmsg: `消息格式不正确：${rendered.error}` });
        return;
      }
      if (this.deps.faults.sessionWebhookError()) {
        sendJson(ctx, 200, SYSTEM_BUSY);
        return;
      }
      const seq = this.deps.events.nextSeq();
      const reply: RecordedReply = {
        seq,
        time: Date.now(),
        via: 'sessionWebhook',
        msgId: message.msgId,
        conversationId: message.conversationId,
        conversationType: message.conversationType,
        ...rendered,
        raw: ctx.body,
      };
      message.replies.push(reply);
      this.deps.events.publish(seq, 'reply', this.audience(message), reply);
      for (const collector of [...this.collectors]) {
        if (collector.message.msgId === message.msgId) collector.add(reply);
      }
      sendJson(ctx, 200, { errcode: 0, errmsg: 'ok' });
    });
  }

  close(): void {
    for (const collector of [...this.collectors]) collector.finish();
  }
}
