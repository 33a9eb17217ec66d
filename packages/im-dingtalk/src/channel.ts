/**
 * The notification channel over the DingTalk OpenAPI. Pushes are interactive cards whose outTrackId is derived
 * from the idempotency key, so a retry after a crash mid-send is refused as a duplicate (= already delivered)
 * and the official sees the message once. Bot replies the outbox retries go out as in delivery.ts.
 */
import type { DeliveryOutcome, MessageChannel } from '@jixiao/notify';
import { deliverReply } from './delivery.ts';
import { errorText } from './logger.ts';
import { permanentFailure } from './outcome.ts';
import { RecentIds } from './recent-ids.ts';
import { cardParams } from './render.ts';
import { deliverCard, outTrackIdFor, sendFile } from './send.ts';
import { type TodoDeps, type TodoOutcome, TodoSync } from './todos.ts';

async function guarded<T extends DeliveryOutcome>(work: () => Promise<T>): Promise<T | DeliveryOutcome> {
  try {
    return await work();
  } catch (error) {
    return { ok: false, retryable: true, error: `发送出错：${errorText(error)}` };
  }
}

export function createDingTalkChannel(deps: TodoDeps): MessageChannel {
  const todos = new TodoSync(deps);
  // A robot file message has no key DingTalk could deduplicate on: a retry of one this process already
  // delivered (its answer lost on the way back to the outbox) is not sent again.
  const filesSent = new RecentIds(24 * 3_600_000, 10_000);
  return {
    sendToUser: (to, reply, idempotencyKey) =>
      guarded(async () => {
        if (!to.dingtalkUserId) return permanentFailure(`${to.name} 未绑定钉钉账号，无法推送`);
        const userId = to.dingtalkUserId;
        return deliverCard(
          deps,
          { kind: 'user', userId },
          cardParams(reply, deps.config),
          outTrackIdFor(`user:${userId}`, idempotencyKey),
        );
      }),
    sendToGroup: (conversationId, reply, idempotencyKey) =>
      guarded(() =>
        deliverCard(
          deps,
          { kind: 'group', conversationId },
          cardParams(reply, deps.config),
          outTrackIdFor(`group:${conversationId}`, idempotencyKey),
        ),
      ),
    sendFileToUser: (to, file, idempotencyKey) =>
      guarded(async () => {
        if (!to.dingtalkUserId) return permanentFailure(`${to.name} 未绑定钉钉账号，无法发送文件`);
        const key = `${to.dingtalkUserId}\n${idempotencyKey}`;
        if (filesSent.has(key)) return { ok: true };
        const outcome = await sendFile(
          deps,
          { kind: 'user', userId: to.dingtalkUserId },
          file.fileName,
          file.bytes,
        );
        if (outcome.ok) filesSent.add(key);
        return outcome;
      }),
    sendReply: (reply) => guarded(() => deliverReply(deps, reply)),
    upsertTodo: (to, todo, existingTodoId): Promise<TodoOutcome> =>
      guarded(() => todos.upsert(to, todo, existingTodoId)),
  };
}
