import { getItem } from '@jixiao/db/items';
import { type Answer, type BotContext, neutral } from '../context.ts';
import { answerWithModel } from '../llm/agent.ts';
import { extractSubject } from '../parser/extract.ts';
import { fuzzyMatch } from '../parser/index.ts';
import { DESTRUCTIVE } from '../parser/lexicon.ts';
import { notUnderstood } from './help.ts';
import { itemStatusAnswer } from './item.ts';

/**
 * A bare item name ("市一中教学楼改造", "垃圾焚烧发电那个PPP") that matches one item clearly: the
 * name as typed, else with fillers taken out ("那个"), else a name with a word left out.
 */
async function bareItemName(ctx: BotContext, text: string): Promise<Answer | null> {
  const length = Array.from(text).length;
  if (length < 3 || length > 40 || /[?？]/.test(text)) return null;
  const names = await ctx.itemNames.get(ctx.platform, ctx.dataActor);
  const cleaned = extractSubject(text);
  const query = cleaned && Array.from(cleaned).length >= 3 ? cleaned : text;
  const [top, second] = fuzzyMatch(query, names, (n) => n.name, { limit: 2, minScore: 0.85 });
  if (!top || (second && top.score - second.score < 0.05)) return null;
  return itemStatusAnswer(ctx, await getItem(ctx.platform.db, ctx.dataActor, top.item.id));
}

/** What the parser could not place: a bare item name, else the model (when configured), else a hint. */
export async function unknownAnswer(ctx: BotContext, text: string, normalized: string): Promise<Answer> {
  if (!normalized) return notUnderstood(ctx);
  if (DESTRUCTIVE.test(normalized)) {
    return neutral({
      title: '无法办理',
      markdown:
        '我只能查询绩效数据和办理填报、签收、整改等业务，不能删除或修改系统数据，也不会提供密码、密钥等信息。',
    });
  }
  const item = await bareItemName(ctx, normalized);
  if (item) return item;
  const fromModel = await answerWithModel(ctx, text);
  return fromModel ?? notUnderstood(ctx);
}
