import { type Actor, narrowActor } from '@jixiao/db';
import type { ItemRow } from '@jixiao/db/items';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import { type Answer, type BotContext, data } from './context.ts';
import type { Place } from './org-directory.ts';
import { normalizeText } from './parser/index.ts';
import { ORG_NAME, REGION_NAME } from './parser/lexicon.ts';
import { commandButton, echo, md } from './render/format.ts';
import { type ItemQuestion, resolveItem } from './resolve-item.ts';

/** What a list or summary question is narrowed to. */
export type Target =
  | { kind: 'all' }
  | { kind: 'item'; item: ItemRow }
  | { kind: 'place'; place: Place }
  | { kind: 'answer'; answer: Answer };

const PLACE_LIKE = (s: string) => ORG_NAME.test(s) || REGION_NAME.test(s);

/**
 * The department, unit, region or item a question names, in `actor`'s scope. A department or
 * region is recognised wherever it lies (so an answer can say it is outside the asker's scope);
 * an item only within scope.
 */
export async function resolveTarget(
  ctx: BotContext,
  actor: Actor,
  subject: string | undefined,
  question: ItemQuestion,
): Promise<Target> {
  if (!subject) return { kind: 'all' };
  const directory = await ctx.orgDirectory.get(ctx.platform);
  const place = directory.find(subject, actor);
  if (place?.kind === 'found') return { kind: 'place', place: place.place };
  if (place?.kind === 'ambiguous') {
    return {
      kind: 'answer',
      answer: data({
        title: '是哪个单位？',
        markdown: `与“${echo(subject)}”相近的单位有：${place.names.map(md).join('、')}。请写全称再问一次。`,
      }),
    };
  }
  const item = await resolveItem(ctx, subject, question, actor);
  if (item.kind === 'found') return { kind: 'item', item: item.item };
  if (item.missing && PLACE_LIKE(subject)) {
    return {
      kind: 'answer',
      answer: data({
        title: '没有找到',
        markdown: `没有找到名为“${echo(subject)}”的单位、地区或项目。可以写单位全称，例如“${md(directory.scopeName(ctx.official.actor) ?? ctx.official.departmentName)}执行情况”。`,
      }),
    };
  }
  return { kind: 'answer', answer: item.answer };
}

/** Words officials use for a fund type → a word in the registered fund type's name. */
const FUND_TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  政府和社会资本合作: 'ppp',
  专项债券: '专项债',
  一般债券: '债',
  一般债: '债',
  政府债券: '债',
  地方政府债券: '债',
  地方债: '债',
  债券: '债',
  政府债务: '债务',
  一般性转移支付: '转移支付',
  专项资金: '专项转移支付',
  国资预算: '国有资本经营',
  社保基金: '社会保险基金',
  产业基金: '投资基金',
  引导基金: '投资基金',
};

/** The registered fund type a word names ("PPP", "专项债", "一般公共预算"), or null. */
export function resolveFundType(registry: PluginRegistry, word: string): { id: string; name: string } | null {
  const w = normalizeText(word).replace(/(?:资金|项目|类)$/u, '');
  const key = FUND_TYPE_SYNONYMS[w] ?? w;
  const plugins = registry.list();
  const byId = plugins.find((p) => p.id === key);
  if (byId) return { id: byId.id, name: byId.name };
  const matches = plugins.filter((p) => normalizeText(p.name).includes(key));
  const [only] = matches.sort((a, b) => a.name.length - b.name.length);
  return only ? { id: only.id, name: only.name } : null;
}

/** No fund type by that name: say so, and offer the same question for each one there is. */
export function unknownFundType(
  registry: PluginRegistry,
  word: string,
  ask: (name: string) => string,
): Answer {
  const names = registry.list().map((p) => p.name);
  return data({
    title: '没有这一资金类型',
    markdown: `系统中没有“${echo(word)}”这一资金类型，无法按它筛选。现有资金类型：${names.map(md).join('、')}。`,
    buttons: names.slice(0, 6).map((n) => commandButton(n, ask(n))),
  });
}

/**
 * The actor a question about `place` runs as, and what to say first: inside the scope, narrowed to
 * it; otherwise the asker's own scope, with a line saying the place is outside it.
 */
export function actorForPlace(
  actor: Actor,
  place: Place,
  scopeName: string,
): { actor: Actor; note: string | null; title: string } {
  if (place.relation === 'inside')
    // A place inside the asker's scope always narrows it.
    return { actor: narrowActor(actor, place.path) ?? actor, note: null, title: place.name };
  const note =
    place.relation === 'contains'
      ? `您的数据范围是${md(scopeName)}，看不到${md(place.name)}的全部数据。以下是${md(scopeName)}的情况：`
      : `${md(place.name)}的数据不在您的数据范围内（您可以查看${md(scopeName)}的数据）。以下是${md(scopeName)}的情况：`;
  return { actor, note, title: scopeName };
}
