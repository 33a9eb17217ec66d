import {
  acceptsReports,
  describeTarget,
  hasPermission,
  ITEM_STATES,
  NotFoundError,
  QUALITATIVE_STATUSES,
  type QualitativeStatus,
} from '@jixiao/core';
import { findReportableIndicators, type ItemName } from '@jixiao/db/chat';
import { getItem } from '@jixiao/db/items';
import { type IndicatorRow, loadTargets } from '@jixiao/db/targets';
import { type Answer, type BotContext, personal } from '../context.ts';
import { fuzzyMatch, normalizeText } from '../parser/index.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { commandButton, echo, formatNumber, md } from '../render/format.ts';
import { askForItem, followUpText, type ItemQuestion, resolveItem } from '../resolve-item.ts';

export interface ReportRequest {
  query?: string;
  itemId?: number;
  indicator?: string;
  value?: number;
  unit?: string;
  qualitative?: QualitativeStatus;
}

export type Prepared = { pending: true; answer: Answer } | { pending: false; answer: Answer };

const MONEY_SCALE: Readonly<Record<string, number>> = { 元: 1, 万元: 10_000, 亿元: 100_000_000 };

/** The user's number in the indicator's unit: "3500万元" for an indicator in 元, and the like. */
export function convertToUnit(value: number, from: string | undefined, to: string): number {
  const a = from ? MONEY_SCALE[from] : undefined;
  const b = MONEY_SCALE[to];
  if (a === undefined || b === undefined) return value;
  return Math.round((value * a * 10_000) / b) / 10_000;
}

const ask = (title: string, markdown: string, buttons?: Answer['reply']['buttons']): Prepared => ({
  pending: false,
  answer: personal({ title, markdown, ...(buttons ? { buttons } : {}) }),
});

const compact = (s: string) => normalizeText(s).replace(/[^\p{L}\p{N}]+/gu, '');
/** Shortest item-name fragment taken as a name in front of an indicator. */
const MIN_NAME_CHARS = 4;

/**
 * "海绵城市建设服务对象满意度", "城镇保障性安居工程补助资金服务对象满意度": an item name run into the
 * indicator name. Split after the longest beginning that is part of names of items in scope (and
 * at least half of such a name, so an indicator like "新建校舍数量" is not taken for an item
 * "新建校舍工程"). Null when no beginning fits.
 */
async function splitByItemName(
  ctx: BotContext,
  text: string,
): Promise<{ items: ItemName[]; indicator: string } | null> {
  const head = Array.from(compact(text));
  const names = (await ctx.itemNames.get(ctx.platform, ctx.official.actor)).map((n) => ({
    n,
    key: compact(n.name),
  }));
  for (let end = head.length - 2; end >= MIN_NAME_CHARS; end--) {
    const prefix = head.slice(0, end).join('');
    const items = names
      .filter(({ key }) => key.includes(prefix) && end * 2 >= Array.from(key.replace(/^\d{4}年/u, '')).length)
      .map(({ n }) => n);
    if (items.length > 0) {
      const indicator = head
        .slice(end)
        .join('')
        .replace(/^(?:项目|工程|的)+/u, '');
      return indicator ? { items, indicator } : null;
    }
  }
  return null;
}

async function findItem(ctx: BotContext, req: ReportRequest, question: ItemQuestion) {
  const actor = ctx.official.actor;
  if (req.itemId !== undefined) {
    try {
      return { kind: 'found' as const, item: await getItem(ctx.platform.db, actor, req.itemId) };
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      return {
        kind: 'answer' as const,
        answer: personal({
          title: '没有找到项目',
          markdown: `项目 ${req.itemId} 不存在或不在您的数据范围内。`,
        }),
      };
    }
  }
  if (!req.query && ctx.memory.lastItemId === undefined && req.indicator) {
    const matches = await findReportableIndicators(ctx.platform.db, actor, req.indicator, 6);
    const items = [...new Map(matches.map((m) => [m.item.id, m.item])).values()];
    const [only] = items;
    if (items.length === 1 && only) return resolveItem(ctx, only.code, question, actor);
    if (items.length > 1) {
      return {
        kind: 'answer' as const,
        answer: askForItem(
          ctx,
          question,
          `有多个项目都有“${echo(req.indicator)}”指标，要填报哪一个？`,
          items.map((i) => ({ ...i, orgName: '' })),
        ),
      };
    }
  }
  return resolveItem(ctx, req.query, question, actor);
}

function indicatorList(inds: readonly IndicatorRow[]): string {
  return inds.map((i) => `- ${md(i.name)}（目标 ${md(describeTarget(i))}）`).join('\n');
}

/**
 * 填报指标完成情况 from chat: finds the item and indicator, checks the value, and returns a
 * confirmation. Nothing is written until the user confirms.
 */
export async function prepareReport(ctx: BotContext, asked: ReportRequest): Promise<Prepared> {
  if (!hasPermission(ctx.official.actor.roles, 'reports.write'))
    return ask('无法填报', '您的角色无权填报指标完成情况。');
  const split =
    !asked.query && asked.itemId === undefined && asked.indicator
      ? await splitByItemName(ctx, asked.indicator)
      : null;
  const req: ReportRequest = split ? { ...asked, indicator: split.indicator } : asked;
  const question: ItemQuestion = {
    purpose: 'report_indicator',
    report: {
      ...(req.indicator ? { indicator: req.indicator } : {}),
      ...(req.value !== undefined ? { value: req.value } : {}),
      ...(req.unit ? { unit: req.unit } : {}),
      ...(req.qualitative ? { qualitative: req.qualitative } : {}),
    },
  };
  const [named, ...others] = split?.items ?? [];
  if (named && others.length > 0) {
    const answer = askForItem(
      ctx,
      question,
      `名称为“${echo(named.name)}”的项目有多个，要填报哪一个？`,
      split?.items ?? [],
    );
    return { pending: false, answer: { ...answer, kind: 'personal' } };
  }
  const r = await findItem(ctx, named ? { ...req, query: named.code } : req, question);
  if (r.kind !== 'found') return { pending: false, answer: { ...r.answer, kind: 'personal' } };
  const item = r.item;
  ctx.memory.rememberItem(item);
  if (!acceptsReports(item.state)) {
    return ask(
      '无法填报',
      `项目 ${md(item.code)} 当前为“${ITEM_STATES.labels[item.state]}”，执行期内才能填报指标完成情况。`,
    );
  }
  const targets = await loadTargets(ctx.platform.db, item.id, item.currentFiscalYear);
  const inds = targets.filter((t) => t.status === 'approved').flatMap((t) => t.indicators);
  if (inds.length === 0) return ask('无法填报', `项目 ${md(item.code)} 没有已审核通过的绩效指标。`);
  if (!req.indicator) {
    return ask(
      '填报哪个指标？',
      `**${md(item.name)}** 的指标有：\n\n${indicatorList(inds)}\n\n请这样回复：“填报 ${item.code} ${inds[0]?.name ?? '指标名'} 完成 100${inds[0]?.unit ?? ''}”。`,
    );
  }
  const matches = fuzzyMatch(req.indicator, inds, (i) => i.name, { limit: 4, minScore: 0.6 });
  const [top, second] = matches;
  if (!top || top.score < 0.75 || (second && top.score - second.score < 0.08 && top.score < 1)) {
    const options = (matches.length > 0 ? matches.map((m) => m.item) : inds).slice(0, 4);
    return ask(
      '是哪个指标？',
      `“${echo(req.indicator)}”没有对上 **${md(item.name)}** 的指标。它的指标有：\n\n${indicatorList(inds)}`,
      options.map((i) =>
        commandButton(
          i.name,
          followUpText({ ...question, report: { ...question.report, indicator: i.name } }, item.code),
        ),
      ),
    );
  }
  const ind = top.item;
  let actualValue: number | undefined;
  let qualitativeStatus: QualitativeStatus | undefined;
  if (ind.operator === 'qualitative') {
    if (!req.qualitative)
      return ask(
        '请说明完成情况',
        `“${md(ind.name)}”是定性指标，请回复“已达成”“部分达成”或“未达成”，例如“填报 ${item.code} ${ind.name} 已达成”。`,
      );
    qualitativeStatus = req.qualitative;
  } else {
    if (req.value === undefined)
      return ask(
        '请给出完成值',
        `“${md(ind.name)}”是定量指标（目标 ${md(describeTarget(ind))}），请给出完成值，例如“填报 ${item.code} ${ind.name} 完成 100${ind.unit}”。`,
      );
    actualValue = convertToUnit(req.value, req.unit, ind.unit);
    if (!Number.isFinite(actualValue) || actualValue < 0)
      return ask('完成值不合理', '完成值须为不小于零的数。');
  }
  if (qualitativeStatus === 'not_met') {
    return ask(
      '请在系统中填报',
      `“${md(ind.name)}”未达成时须同时选择偏差原因并填写纠偏措施，请在绩效通系统中填报，或联系财政局绩效科。`,
    );
  }
  const shown =
    qualitativeStatus !== undefined
      ? QUALITATIVE_STATUSES.labels[qualitativeStatus]
      : `${formatNumber(actualValue ?? 0)}${ind.unit}`;
  const token = ctx.memory.createPending({
    kind: 'report_indicator',
    itemId: item.id,
    itemCode: item.code,
    itemName: item.name,
    indicatorId: ind.id,
    indicatorName: ind.name,
    unit: ind.unit,
    target: describeTarget(ind),
    ...(actualValue !== undefined ? { actualValue } : {}),
    ...(qualitativeStatus !== undefined ? { qualitativeStatus } : {}),
  });
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        '请确认填报指标完成情况',
        `将为 **${md(item.name)}**（${md(item.code)}）填报：`,
        [
          { label: '项目', value: `${item.code} ${item.name}` },
          { label: '指标', value: `${ind.name}（目标 ${describeTarget(ind)}）` },
          { label: '完成情况', value: shown },
          { label: '填报日期', value: ctx.today },
        ],
        token,
      ),
    ),
  };
}
