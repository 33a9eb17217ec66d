/**
 * Delivers the bot's replies to one message or button press:
 * - `conversation` replies go back where the official spoke: through the message's sessionWebhook while it is
 *   valid (markdown / actionCard), as an interactive card when a button must call back, and proactively through
 *   the robot OpenAPI when there is no usable webhook or posting to it failed;
 * - `private` replies asked in a group go to the asker's 1:1 chat with the robot.
 * Retryable failures (5xx, throttling) are retried a few times before giving up.
 */
import type { OutboundReply } from '@jixiao/bot';
import type { Reply } from '@jixiao/core';
import type { DeliveryOutcome } from '@jixiao/notify';
import { failureText } from './http.ts';
import type { Logger } from './logger.ts';
import { errorText } from './logger.ts';
import { cardParams, needsCard, webhookBody } from './render.ts';
import { deliverCard, outTrackIdFor, type SendContext, type SendTarget, sendRobotMessage } from './send.ts';

/** A webhook about to expire is not used (the post could arrive after it expired). */
const WEBHOOK_SAFETY_MS = 5000;
const MAX_ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 3000;

export interface DeliveryTarget {
  /** Where `conversation` replies go when there is no webhook. */
  conversation: SendTarget;
  /** The asker's staff userId, for `private` replies (null when unknown). */
  askerUserId: string | null;
  sessionWebhook: string | null;
  sessionWebhookExpiresAt: Date | null;
  /** Makes card outTrackIds of these replies stable (a recovered message does not show its cards twice). */
  outTrackScope: string;
}

export interface DeliveryDeps extends SendContext {
  logger: Logger;
  /** True once the adapter stopped and gave up on in-flight work: nothing more is sent. */
  abandoned: () => boolean;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
}

async function withRetries(
  deps: DeliveryDeps,
  send: () => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  let outcome = await send();
  for (let attempt = 1; attempt < MAX_ATTEMPTS && !outcome.ok && outcome.retryable; attempt++) {
    if (deps.abandoned()) break;
    await wait(Math.min(outcome.retryAfterMs ?? 500 * 2 ** attempt, MAX_RETRY_WAIT_MS));
    if (deps.abandoned()) break;
    outcome = await send();
  }
  return outcome;
}

function webhookUsable(target: DeliveryTarget): string | null {
  if (!target.sessionWebhook) return null;
  const expires = target.sessionWebhookExpiresAt?.getTime();
  if (expires !== undefined && expires - Date.now() <= WEBHOOK_SAFETY_MS) return null;
  return target.sessionWebhook;
}

async function deliverOne(
  deps: DeliveryDeps,
  target: DeliveryTarget,
  item: OutboundReply,
  index: number,
): Promise<DeliveryOutcome> {
  const reply: Reply = item.reply;
  const outTrackId = outTrackIdFor(target.outTrackScope, String(index));
  const privateInGroup = item.audience === 'private' && target.conversation.kind === 'group';
  let to: SendTarget = target.conversation;
  if (privateInGroup) {
    if (!target.askerUserId) return { ok: false, retryable: false, error: '无法私聊提问人：缺少钉钉用户 id' };
    to = { kind: 'user', userId: target.askerUserId };
  }
  if (needsCard(reply)) {
    return withRetries(deps, () => deliverCard(deps, to, cardParams(reply, deps.config), outTrackId));
  }
  const webhook = privateInGroup ? null : webhookUsable(target);
  if (webhook) {
    const posted = await deps.api.postWebhook(webhook, webhookBody(reply, deps.config));
    if (posted.ok) return { ok: true };
    deps.logger.warn('通过 sessionWebhook 回复失败，改为主动发送', { error: failureText(posted) });
  }
  return withRetries(deps, () => sendRobotMessage(deps, to, reply));
}

/** Sends the replies in order; returns the errors of those that could not be delivered. */
export async function deliverReplies(
  deps: DeliveryDeps,
  target: DeliveryTarget,
  replies: OutboundReply[],
): Promise<string[]> {
  const errors: string[] = [];
  for (const [index, item] of replies.entries()) {
    if (deps.abandoned()) {
      errors.push('适配器已停止，未发送');
      break;
    }
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliverOne(deps, target, item, index);
    } catch (error) {
      outcome = { ok: false, retryable: true, error: errorText(error) };
    }
    if (!outcome.ok) errors.push(`第 ${index + 1} 条回复：${outcome.error}`);
  }
  return errors;
}
