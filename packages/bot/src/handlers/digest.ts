import { getDigestSubscription, setDigestSubscription } from '@jixiao/db/digest';
import { type Answer, type BotContext, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { commandButton } from '../render/format.ts';

const DIGEST = '每周绩效简报：每周推送您数据范围内的预警、滞后项目和整改进展';

/**
 * 订阅周报 / 退订周报 (or "我想每周收到周报"): the asker's own subscription, changed only after
 * 确认. Nothing to confirm when it is already so.
 */
export async function prepareDigest(ctx: BotContext, subscribe: boolean): Promise<Answer> {
  const now = await getDigestSubscription(ctx.platform.db, ctx.official.actor);
  if (subscribe && now === true) {
    return personal({
      title: '已订阅周报',
      markdown: `您已订阅${DIGEST}。\n\n退订请回复“退订周报”。`,
      buttons: [commandButton('退订周报', '退订周报')],
    });
  }
  if (!subscribe && now !== true) {
    return personal({
      title: '没有订阅周报',
      markdown: '您当前没有订阅每周绩效简报。需要时回复“订阅周报”即可。',
      buttons: [commandButton('订阅周报', '订阅周报')],
    });
  }
  const token = ctx.memory.createPending({ kind: 'digest', subscribe });
  return personal(
    renderConfirmation(
      subscribe ? '请确认订阅周报' : '请确认退订周报',
      subscribe ? `将为您订阅${DIGEST}。` : '将为您退订每周绩效简报。',
      [{ label: '每周绩效简报', value: subscribe ? '订阅' : '退订' }],
      token,
    ),
  );
}

/** After 确认: the subscription changed, and how to undo it. */
export async function digestDone(ctx: BotContext, subscribe: boolean): Promise<Answer> {
  await setDigestSubscription(ctx.platform, ctx.official.actor, subscribe);
  return subscribe
    ? personal({
        title: '已订阅周报',
        markdown: `已为您订阅${DIGEST}。\n\n退订请回复“退订周报”。`,
        buttons: [commandButton('退订周报', '退订周报')],
      })
    : personal({
        title: '已退订周报',
        markdown: '已为您退订每周绩效简报。需要时回复“订阅周报”即可。',
        buttons: [commandButton('订阅周报', '订阅周报')],
      });
}
