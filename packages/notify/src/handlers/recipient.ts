import { loadNotifyRecipient } from '@jixiao/db/outbox';
import type { Recipient } from '../channel.ts';
import type { DeliveryContext, RowOutcome } from './types.ts';

/** The user as a channel recipient, or the outcome when they cannot be one. */
export async function resolveRecipient(
  ctx: DeliveryContext,
  userId: number,
  need: 'dingtalkUserId' | 'unionId',
): Promise<Recipient | RowOutcome> {
  const r = await loadNotifyRecipient(ctx.platform.db, userId);
  if (!r) return { type: 'failed', error: `收件人 ${userId} 不存在` };
  if (!r.active) return { type: 'cancelled', reason: `${r.name}的账号已停用` };
  if (!r.dingtalkUserId)
    return {
      type: 'failed',
      error: `${r.name}（用户 ${userId}）未绑定钉钉账号，无法发送；请在用户管理中绑定后重发`,
    };
  if (need === 'unionId' && !r.unionId)
    return { type: 'failed', error: `${r.name}（用户 ${userId}）的钉钉账号缺少 unionId，无法创建待办` };
  return { userId: r.userId, name: r.name, dingtalkUserId: r.dingtalkUserId, unionId: r.unionId };
}

export function isOutcome(v: Recipient | RowOutcome): v is RowOutcome {
  return 'type' in v;
}
