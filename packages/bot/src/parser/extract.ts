/** Pulls the pieces an intent needs (scope, severity, refs, item query, values) out of normalized text. */
import {
  alternation,
  FUND_TYPE,
  list,
  ORG_NAME,
  PUNCT,
  REGION_NAME,
  SCOPE_ALL,
  SCOPE_DEPARTMENT,
  SCOPE_MINE,
  SEVERITY_ORANGE,
  SEVERITY_RED,
  SEVERITY_YELLOW,
  STATUS_WORDS,
} from './lexicon.ts';
import { parseChineseNumber } from './numbers.ts';
import type { Scope, WarningSeverity } from './types.ts';

/** Longest item query we pass on; names in the system are at most 200 chars, fragments much shorter. */
export const MAX_QUERY_CHARS = 100;

export function detectScope(text: string): Scope {
  if (SCOPE_ALL.test(text)) return 'all';
  if (SCOPE_DEPARTMENT.test(text)) return 'department';
  if (SCOPE_MINE.test(text)) return 'mine';
  return 'all';
}

export function detectSeverity(text: string): WarningSeverity | undefined {
  const found: WarningSeverity[] = [];
  if (SEVERITY_RED.test(text)) found.push('red');
  if (SEVERITY_ORANGE.test(text)) found.push('orange');
  if (SEVERITY_YELLOW.test(text)) found.push('yellow');
  // "红黄预警" names two colours: show all rather than guess.
  return found.length === 1 ? found[0] : undefined;
}

/** Item codes such as "JDZ-2026-0123", "2026-0123", "FL-ZX-2026-015"; returned upper-case. */
const ITEM_CODE = /(?<![a-z0-9])(?:[a-z][a-z0-9]{0,9}-)*\d{4}-\d{3,8}(?:-\d{1,6})?(?![0-9])/u;
/** The same typed without hyphens or with spaces: "jdz20260219", "JDZ 2026 0219", "jdz2026-0219". */
const LOOSE_ITEM_CODE = /(?<![a-z0-9])([a-z]{2,10})[\s_-]*((?:19|20)\d{2})[\s_-]*(\d{3,8})(?![0-9])/u;
/** Something that is an item code, strict or loose (for "does this message name an item?"). */
export const ITEM_CODE_HINT = new RegExp(`${ITEM_CODE.source}|${LOOSE_ITEM_CODE.source}`, 'u');

/** `text` with the item code (strict or loose) taken out. */
export function withoutItemCode(text: string): string {
  return text.replace(ITEM_CODE, ' ').replace(LOOSE_ITEM_CODE, ' ');
}

export function extractItemCode(text: string): string | undefined {
  const m = ITEM_CODE.exec(text);
  if (m) return m[0].toUpperCase();
  const loose = LOOSE_ITEM_CODE.exec(text);
  return loose ? `${loose[1]}-${loose[2]}-${loose[3]}`.toUpperCase() : undefined;
}

const QUOTED = /[「『“"‘《【]\s*([^「」『』“”"‘’《》【】]{1,120}?)\s*[」』”"’》】]/u;

export function extractQuoted(text: string): string | undefined {
  const inner = QUOTED.exec(text)?.[1]?.trim();
  return inner ? inner : undefined;
}

export function removeQuoted(text: string): string {
  return text.replace(new RegExp(QUOTED.source, 'gu'), ' ');
}

/** "#12", "预警12", "12号预警", "第12条", "编号12", "任务5" (not "第1季度", "前5条", "近12个月"). */
const REF =
  /(?:#|编号|第|预警|告警|警告|提醒|通知|任务|no\.?)\s*#?\s*(\d{1,12})(?![\d.%]|\s*(?:季度|月|年|日|天|周|个|批|期|万|元|名|家|所|人|小时))\s*(?:号|条|项)?|(?<!月\s*)(\d{1,12})\s*号(?:预警|告警|任务|整改)?/u;

export function extractRef(text: string): string | undefined {
  const m = REF.exec(text);
  if (!m) return undefined;
  return m[1] ?? m[2];
}

/** Reference at the start of free text (surface form, so Chinese numerals may still be there). */
const LEADING_REF = [
  /^\s*(?:任务|编号|第|no\.?)?\s*#\s*([0-9]{1,12}|[零〇一二两三四五六七八九十百千]{1,8})\s*(?:号|项|条)?(?:任务)?/iu,
  /^\s*(?:任务|编号|第)\s*([0-9]{1,12}|[零〇一二两三四五六七八九十百千]{1,8})\s*(?:号|项|条)?(?:任务)?/u,
  /^\s*([0-9]{1,12}|[零〇一二两三四五六七八九十百千]{1,8})\s*(?:号|项)(?:任务)?/u,
  /^\s*([0-9]{1,12})(?=[\s,.:;，。：；]|$)/u,
];

export function splitLeadingRef(text: string): { ref?: string; rest: string } {
  for (const re of LEADING_REF) {
    const m = re.exec(text);
    const n = m?.[1] === undefined ? undefined : parseChineseNumber(m[1]);
    if (m && n !== undefined) return { ref: String(n), rest: text.slice(m[0].length) };
  }
  return { rest: text };
}

/** A "top N" / "N 个" limit, 1–100. */
const LIMIT = /(?:前|倒数|最慢的?|top|排名前?)\s*(\d{1,3})|(\d{1,3})\s*(?:个|项|条|名|家|所)/u;

export function extractLimit(text: string): number | undefined {
  const m = LIMIT.exec(text);
  const n = Number(m?.[1] ?? m?.[2]);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : undefined;
}

// ——— item query ———

// One filler word per match, stripped in a loop: `(?:没有|没|有)+$` would backtrack exponentially.
const LEADING_FILLER = new RegExp(
  `^${alternation(list('请问 查询 查看 查查 查一下 查下 查 看看 看一下 看下 看 瞧瞧 搜索 搜一下 搜 找一下 找找 找 了解一下 了解 问一下 问下 问问 告诉我 说说 显示 列出 调出 打开 获取 关于 对于 有关 那个 这个 的 了 是 有 给我 帮我 一下 下 目前 现在 当前 最新 得 和 与 及 或 确认一下 核实一下 核对一下 我们 咱们 我 名下'))}`,
  'u',
);
const TRAILING_FILLER = new RegExp(
  `${alternation(list('的 了 呢 吗 啊 吧 呀 是 有 目前 现在 当前 最新 一下 什么 多少 几 啥 没有 没 么 到哪 哪一步 阶段 咋 怎么 得 那个 这个 那一个 这一个 和 与 及 或 钱 资金'))}$`,
  'u',
);
/** "垃圾焚烧发电那个PPP": a pointing word inside a name fragment joins its two halves. */
const INNER_POINTER = /(?<=\S)(?:的)?(?:那个|这个|那一个|这一个)(?:的)?(?=[^\s,.!?;:])/gu;
const PRONOUN =
  /^(?:它|他|她|它们|这个|那个|该|此|其|这|那|上面的?|刚才的?|前面的?|这个项目|该项目|此项目|那个项目|本项目|这项目|这个工程|该工程|项目|工程|这一个|那一个)$/u;
const GENERIC_AFFIX = /^(?:项目|工程)|(?:项目|工程)$/gu;
const SEPARATORS = new RegExp(`[${PUNCT}]+`, 'u');

function trimFillers(segment: string): string {
  let s = segment;
  for (let i = 0; i < 64 && s.length > 0; i++) {
    const next = withoutGenericAffix(s.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, ''));
    if (next === s) break;
    s = next;
  }
  return PRONOUN.test(s) ? '' : s;
}

function withoutGenericAffix(s: string): string {
  const stripped = s.replace(GENERIC_AFFIX, '');
  return Array.from(stripped).length >= 2 ? stripped : s;
}

function cap(s: string): string {
  return Array.from(s).slice(0, MAX_QUERY_CHARS).join('').trim();
}

/**
 * The item a question is about: a quoted name, else an item code, else what is left once keywords
 * (`remove`, plus status words and scope words) and fillers are taken out. '' when only a pronoun
 * ("它", "这个项目") or nothing remains.
 */
export function extractSubject(text: string, remove: readonly RegExp[] = []): string {
  const quoted = extractQuoted(text);
  if (quoted) return cap(withoutGenericAffix(quoted));
  const code = extractItemCode(text);
  if (code) return code;
  let best = '';
  for (const seg of segmentsOf(text, [...remove, STATUS_WORDS, SCOPE_DEPARTMENT, SCOPE_MINE])) {
    if (Array.from(seg).length > Array.from(best).length) best = seg;
  }
  return cap(best.length > 0 ? withoutGenericAffix(best) : '');
}

/** What is left of `text` once `remove` and fillers are taken out, as trimmed segments. */
function segmentsOf(text: string, remove: readonly RegExp[]): string[] {
  let s = text.replace(INNER_POINTER, '');
  for (const re of remove) s = s.replace(new RegExp(re.source, 'gu'), ' ');
  return s
    .split(SEPARATORS)
    .map(trimFillers)
    .filter((seg) => seg.length > 0);
}

/** Words that narrow a list but name nothing: counts, question words, time spans, limits. */
const FILTER_NOISE = [
  /有没有|有无|有多少|有几[条个项]?|多少[条个项]?|几[条个项]|哪些|哪几[条个项]?|什么|是否|一共|总共|都有|共有|目前|现在|当前|最新|清单|列表|名单|情况/u,
  /\d{1,2}月份?(?:\d{1,2}[号日])?(?:以来|之后|以后|至今|以前|之前)?|第?\d季度|[上下]半年|本月|上个?月|本周|上周|近\d+[天日周月]|最近|近期|今年的?|本年度?的?/u,
  /(?:前|倒数|最慢的?|top|排名前?)\s*\d{1,3}\s*(?:个|项|条|名|家|所)?|\d{1,3}\s*(?:个|项|条|名|家|所)/u,
];

/** What a list question is narrowed to: an item, department, unit or region (`subject`) and/or a fund type. */
export interface Filters {
  subject?: string;
  fundType?: string;
}

function residue(text: string, remove: readonly RegExp[]): string {
  const joined = segmentsOf(text, [
    ...remove,
    ...FILTER_NOISE,
    STATUS_WORDS,
    SCOPE_ALL,
    SCOPE_DEPARTMENT,
    SCOPE_MINE,
  ])
    .join('')
    .replace(GENERIC_AFFIX, '');
  return cap(trimFillers(joined));
}

/**
 * The filters of a list or summary question ("住建局PPP项目的预警", "城市建设服务中心的滞后项目",
 * "直达资金的预警"), once `remove` (the question's own keywords) and noise are taken out. A fund-type
 * word counts as a fund type only when nothing but a department or region is left beside it, so
 * "海绵城市建设PPP项目" stays an item name.
 */
export function extractFilters(text: string, remove: readonly RegExp[]): Filters {
  const quoted = extractQuoted(text);
  if (quoted) return { subject: cap(withoutGenericAffix(quoted)) };
  const code = extractItemCode(text);
  if (code) return { subject: code };
  const fund = FUND_TYPE.exec(text);
  if (fund?.[1]) {
    const rest = residue(text.replace(fund[0], ' '), remove);
    const fundType = displayName(fund[1]);
    if (!rest) return { fundType };
    if (ORG_NAME.test(rest) || REGION_NAME.test(rest)) return { subject: rest, fundType };
  }
  const subject = residue(text, remove);
  return subject ? { subject } : {};
}

/** Latin words in names shown back to users in upper case (ppp → PPP). */
export function displayName(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}
