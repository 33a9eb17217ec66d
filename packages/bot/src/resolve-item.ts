import { NotFoundError } from '@jixiao/core';
import type { Actor } from '@jixiao/db';
import { findItemsByCodeSuffix, type ItemName } from '@jixiao/db/chat';
import { getItem, getItemByCode, type ItemRow, listItems } from '@jixiao/db/items';
import { type Answer, type BotContext, data } from './context.ts';
import type { Choices } from './memory.ts';
import { fuzzyMatch, normalizeText } from './parser/index.ts';
import { commandButton, echo, md } from './render/format.ts';

/** `missing`: nothing matched (as opposed to a choice between several, or a prompt for a name). */
export type ItemResolution =
  | { kind: 'found'; item: ItemRow }
  | { kind: 'answer'; answer: Answer; missing?: true };

/** What the user asked about an item, so a choice between candidates can be replayed. */
export interface ItemQuestion {
  purpose: Choices['purpose'];
  report?: Choices['report'];
}

const CODE_LIKE =
  /^(?:[A-Za-z][A-Za-z0-9]{0,9}-)*\d{4}-\d{1,8}(?:-\d{1,6})?$|^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]+$/;
const MAX_ASK = 5;

/** The text a candidate's button sends back: the same question about that item. */
export function followUpText(question: ItemQuestion, code: string): string {
  switch (question.purpose) {
    case 'item_status':
      return `查项目 ${code}`;
    case 'item_indicators':
      return `${code} 的指标`;
    case 'item_payments':
      return `${code} 的支付情况`;
    case 'item_warnings':
      return `${code} 的预警`;
    case 'evaluation_result':
      return `评价结果 ${code}`;
    case 'self_evaluation':
      return `自评 ${code}`;
    case 'target_form':
      return `导出目标申报表 ${code}`;
    case 'report_indicator': {
      const r = question.report ?? {};
      const what =
        r.qualitative === 'met'
          ? ' 已达成'
          : r.qualitative === 'partly_met'
            ? ' 部分达成'
            : r.qualitative === 'not_met'
              ? ' 未达成'
              : r.value !== undefined
                ? ` 完成 ${r.value}${r.unit ?? ''}`
                : '';
      return `填报 ${code} ${r.indicator ?? '指标'}${what}`;
    }
  }
}

export function askForItem(
  ctx: BotContext,
  question: ItemQuestion,
  intro: string,
  candidates: readonly ItemName[],
): Answer {
  const shown = candidates.slice(0, MAX_ASK);
  ctx.memory.setChoices(
    {
      purpose: question.purpose,
      codes: shown.map((c) => c.code),
      ...(question.report ? { report: question.report } : {}),
    },
    ctx.settings.choiceTtlMinutes * 60_000,
  );
  const lines = shown.map((c, i) => `${i + 1}. **${md(c.code)}** ${md(c.name)}（${md(c.orgName)}）`);
  return data({
    title: '请选择项目',
    markdown: `${intro}\n\n${lines.join('\n')}\n\n点击按钮，或回复序号（如“1”）。`,
    buttons: shown.map((c) => commandButton(`${c.code}`, followUpText(question, c.code))),
  });
}

/** One of the asker's own items, to show in examples ("查项目 <编码>"): never another department's. */
export async function exampleItem(ctx: BotContext): Promise<ItemName | undefined> {
  return (await ctx.itemNames.get(ctx.platform, ctx.official.actor))[0];
}

/** “查项目 JDZ-2026-0001” with one of the asker's own codes (a placeholder when they have none). */
export async function exampleQuery(ctx: BotContext): Promise<string> {
  return `查项目 ${(await exampleItem(ctx))?.code ?? '<项目编码>'}`;
}

async function notFound(ctx: BotContext, query: string): Promise<Answer> {
  return data({
    title: '没有找到项目',
    markdown: `没有找到与“${echo(query)}”相符的项目，或该项目不在您的数据范围内。\n\n可以换个说法，或直接用项目编码查询，例如“${await exampleQuery(ctx)}”。`,
  });
}

async function needItem(ctx: BotContext): Promise<Answer> {
  const example = await exampleItem(ctx);
  return data({
    title: '请告诉我是哪个项目',
    markdown: example
      ? `请告诉我项目名称或编码，例如“查项目 ${example.code}”或“${md(example.name)}进度”。`
      : '请告诉我项目名称或编码，例如“查项目 <项目编码>”或“<项目名称>进度”。',
  });
}

async function found(ctx: BotContext, actor: Actor, id: number): Promise<ItemResolution> {
  try {
    return { kind: 'found', item: await getItem(ctx.platform.db, actor, id) };
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'answer', answer: await needItem(ctx) };
    throw err;
  }
}

const compact = (s: string) => normalizeText(s).replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Finds the item a question is about, in `actor`'s scope: by code, by part of its name, by a
 * name with a typo, or (no query) the item last discussed. Several candidates → asks back.
 */
export async function resolveItem(
  ctx: BotContext,
  query: string | undefined,
  question: ItemQuestion,
  actor: Actor = ctx.dataActor,
): Promise<ItemResolution> {
  const q = (query ?? '').trim().slice(0, 100);
  const db = ctx.platform.db;
  if (!q) {
    const last = ctx.memory.lastItemId;
    return last === undefined ? { kind: 'answer', answer: await needItem(ctx) } : found(ctx, actor, last);
  }
  if (CODE_LIKE.test(q)) {
    const exact = await getItemByCode(db, actor, q.toUpperCase());
    if (exact) return { kind: 'found', item: exact };
    const bySuffix = await findItemsByCodeSuffix(db, actor, q, MAX_ASK + 1);
    const [only] = bySuffix;
    if (bySuffix.length === 1 && only) return found(ctx, actor, only.id);
    if (bySuffix.length > 1)
      return {
        kind: 'answer',
        answer: askForItem(ctx, question, `编码含“${echo(q)}”的项目有多个：`, bySuffix),
      };
    return { kind: 'answer', answer: await notFound(ctx, q), missing: true };
  }
  const bySubstring = await listItems(db, actor, { q, limit: 50 });
  const wanted = compact(q);
  const same = bySubstring.filter((i) => compact(i.name) === wanted);
  const [first] = same.length > 0 ? same : bySubstring;
  if (first && (same.length === 1 || bySubstring.length === 1)) return { kind: 'found', item: first };
  if (bySubstring.length > 1) {
    const candidates = bySubstring
      .map((i) => ({ id: i.id, code: i.code, name: i.name, orgName: i.orgUnit.name }))
      .sort((a, b) => a.name.length - b.name.length || b.id - a.id);
    return {
      kind: 'answer',
      answer: askForItem(
        ctx,
        question,
        `名称含“${echo(q)}”的项目有 ${bySubstring.length >= 50 ? '50 个以上' : `${bySubstring.length} 个`}，您问的是哪一个？`,
        candidates,
      ),
    };
  }
  const names = await ctx.itemNames.get(ctx.platform, actor);
  const matches = fuzzyMatch(q, names, (n) => n.name, { limit: MAX_ASK, minScore: 0.6 });
  const [top, second] = matches;
  if (!top) return { kind: 'answer', answer: await notFound(ctx, q), missing: true };
  // One clear candidate is the answer, not a choice of one.
  if (top.score >= (second ? 0.75 : 0.7) && (!second || top.score - second.score >= 0.08))
    return found(ctx, actor, top.item.id);
  return {
    kind: 'answer',
    answer: askForItem(
      ctx,
      question,
      `没有名称完全一致的项目，您是不是要找：`,
      matches.map((m) => m.item),
    ),
  };
}
