import { setDigestSubscription } from '@jixiao/db/digest';
import { type Answer, type BotContext, personal } from '../context.ts';
import { commandButton } from '../render/format.ts';

/** 订阅周报 / 退订周报: the asker's own subscription. */
export async function digestAnswer(ctx: BotContext, subscribe: boolean): Promise<Answer> {
  const before = await setDigestSubscription(ctx.platform, ctx.official.actor, subscribe);
  if (subscribe) {
    return personal({
      title: '已订阅周报',
      markdown: `${before === true ? '您已订阅过' : '已为您订阅'}每周绩效简报：每周推送您数据范围内的预警、滞后项目和整改进展。\n\n退订请回复“退订周报”。`,
      buttons: [commandButton('退订周报', '退订周报')],
    });
  }
  return personal({
    title: '已退订周报',
    markdown: `${before === false || before === null ? '您当前没有订阅' : '已为您退订'}每周绩效简报。需要时回复“订阅周报”即可。`,
    buttons: [commandButton('订阅周报', '订阅周报')],
  });
}
