/** Pulls the pieces an intent needs (scope, severity, refs, item query, values) out of normalized text. */
import {
  alternation,
  list,
  PUNCT,
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

export function extractItemCode(text: string): string | undefined {
  const m = ITEM_CODE.exec(text);
  return m ? m[0].toUpperCase() : undefined;
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
  `^${alternation(list('请问 查询 查看 查查 查一下 查下 查 看看 看一下 看下 看 瞧瞧 搜索 搜一下 搜 找一下 找找 找 了解一下 了解 问一下 问下 问问 告诉我 说说 显示 列出 调出 打开 获取 关于 对于 有关 那个 这个 的 了 是 有 给我 帮我 一下 下 目前 现在 当前 最新 得'))}`,
  'u',
);
const TRAILING_FILLER = new RegExp(
  `${alternation(list('的 了 呢 吗 啊 吧 呀 是 有 目前 现在 当前 最新 一下 什么 多少 几 啥 没有 没 么 到哪 哪一步 阶段 咋 怎么 得'))}$`,
  'u',
);
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
  let s = text;
  for (const re of [...remove, STATUS_WORDS, SCOPE_DEPARTMENT, SCOPE_MINE]) {
    s = s.replace(new RegExp(re.source, 'gu'), ' ');
  }
  const segments = s
    .split(SEPARATORS)
    .map(trimFillers)
    .filter((seg) => seg.length > 0);
  let best = '';
  for (const seg of segments) if (Array.from(seg).length > Array.from(best).length) best = seg;
  return cap(best.length > 0 ? withoutGenericAffix(best) : '');
}

/** Latin words in names shown back to users in upper case (ppp → PPP). */
export function displayName(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}
