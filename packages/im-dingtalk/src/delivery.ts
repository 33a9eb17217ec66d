/**
 * The bot's replies to one message or button press:
 * - `conversation` replies go back where the official spoke: through the message's sessionWebhook while it is
 *   valid (markdown / actionCard), as an interactive card when a button must call back, and proactively through
 *   the robot OpenAPI (1:1 batchSend, group send) when there is no usable webhook or posting to it failed;
 * - `private` replies asked in a group go to the asker's 1:1 chat with the robot.
 * Each reply is an outbox row (see replies.ts); `deliverReply` is one attempt at it, the outbox retries.
 */
import type { OutboundReply } from '@jixiao/bot';
import type { NewReply } from '@jixiao/db/outbox';
import { type ConversationReply, type DeliveryOutcome, encodeReply } from '@jixiao/notify';
import { failureText } from './http.ts';
import type { Logger } from './logger.ts';
import { permanentFailure } from './outcome.ts';
import { cardParams, needsCard, webhookBody } from './render.ts';
import {
  deliverCard,
  outTrackIdFor,
  type SendContext,
  type SendTarget,
  sendFile,
  sendRobotMessage,
} from './send.ts';

/** A webhook about to expire is not used (the post could arrive after it expired). */
const WEBHOOK_SAFETY_MS = 5000;

export interface DeliveryTarget {
  /** Where `conversation` replies go when there is no webhook. */
  conversation: SendTarget;
  /** The asker's staff userId, for `private` replies (null when unknown). */
  askerUserId: string | null;
  sessionWebhook: string | null;
  sessionWebhookExpiresAt: Date | null;
  /** What is being answered (`msg:<msgId>`, `card:<messageId>`): names the replies' dedupe keys. */
  source: string;
  /** The conversation asked in: its replies go out in order. */
  lane: string;
}

export interface DeliveryDeps extends SendContext {
  logger: Logger;
  /** True once the adapter stopped and gave up on in-flight work: nothing more is sent. */
  abandoned: () => boolean;
}

function replyKey(target: DeliveryTarget, index: number): string {
  return `reply:dingtalk:${target.source}:${index}`;
}

function replyOf(target: DeliveryTarget, item: OutboundReply): Omit<ConversationReply, 'key'> {
  if (item.audience === 'private' && target.conversation.kind === 'group') {
    const to: SendTarget | null = target.askerUserId ? { kind: 'user', userId: target.askerUserId } : null;
    return { to, webhook: null, reply: item.reply };
  }
  const webhook = target.sessionWebhook
    ? { url: target.sessionWebhook, expiresAt: target.sessionWebhookExpiresAt }
    : null;
  return { to: target.conversation, webhook, reply: item.reply };
}

/** The replies as outbox rows, in order, each knowing where it goes and which reply goes before it. */
export function replyRows(target: DeliveryTarget, replies: readonly OutboundReply[]): NewReply[] {
  return replies.map((item, index) => ({
    dedupeKey: replyKey(target, index),
    payload: encodeReply({
      reply: replyOf(target, item),
      lane: target.lane,
      after: index > 0 ? replyKey(target, index - 1) : null,
    }),
  }));
}

function webhookUsable(webhook: ConversationReply['webhook'], now: number): string | null {
  if (!webhook) return null;
  const expires = webhook.expiresAt?.getTime();
  if (expires !== undefined && expires - now <= WEBHOOK_SAFETY_MS) return null;
  return webhook.url;
}

/** One attempt at a reply. */
export async function deliverReply(
  deps: SendContext & { logger: Logger },
  r: ConversationReply,
): Promise<DeliveryOutcome> {
  const { reply, to } = r;
  if (!to) return permanentFailure('无法私聊提问人：缺少钉钉用户 id');
  // A file goes proactively (a sessionWebhook cannot carry files).
  if (reply.file) return sendFile(deps, to, reply.file.fileName, Buffer.from(reply.file.base64, 'base64'));
  // A card's outTrackId comes from the reply's key: a retried card is refused as a duplicate, not shown twice.
  if (needsCard(reply))
    return deliverCard(deps, to, cardParams(reply, deps.config), outTrackIdFor('reply', r.key));
  const webhook = webhookUsable(r.webhook, Date.now());
  if (webhook) {
    const posted = await deps.api.postWebhook(webhook, webhookBody(reply, deps.config));
    if (posted.ok) return { ok: true };
    deps.logger.warn('通过 sessionWebhook 回复失败，改为主动发送', { error: failureText(posted) });
  }
  return sendRobotMessage(deps, to, reply);
}
