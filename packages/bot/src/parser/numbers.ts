/**
 * Chinese numbers as people type them: 十二, 一百零五, 两千三(百), 三点五, 1.2万, 百分之八十,
 * 二〇二六 (read digit by digit), and the financial capitals 壹贰叁… used on vouchers.
 */

const DIGITS: ReadonlyMap<string, number> = new Map([
  ['零', 0],
  ['〇', 0],
  ['一', 1],
  ['壹', 1],
  ['二', 2],
  ['贰', 2],
  ['两', 2],
  ['兩', 2],
  ['三', 3],
  ['叁', 3],
  ['四', 4],
  ['肆', 4],
  ['五', 5],
  ['伍', 5],
  ['六', 6],
  ['陆', 6],
  ['七', 7],
  ['柒', 7],
  ['八', 8],
  ['捌', 8],
  ['九', 9],
  ['玖', 9],
]);

const SMALL_UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['拾', 10],
  ['百', 100],
  ['佰', 100],
  ['千', 1000],
  ['仟', 1000],
]);

const BIG_UNITS: ReadonlyMap<string, number> = new Map([
  ['万', 1e4],
  ['萬', 1e4],
  ['亿', 1e8],
  ['億', 1e8],
]);

/** Characters that are Chinese digits (including 零). */
export const CHINESE_DIGIT_CHARS = [...DIGITS.keys()].join('');
/** Characters that are Chinese multipliers (十百千万亿 and capitals). */
export const CHINESE_UNIT_CHARS = [...SMALL_UNITS.keys(), ...BIG_UNITS.keys()].join('');
export const CHINESE_BIG_UNIT_CHARS = [...BIG_UNITS.keys()].join('');

/** Longer inputs are not numbers anyone types; refusing them keeps the work bounded. */
const MAX_NUMBER_CHARS = 48;

type Token =
  | { t: 'digit'; v: number; multi: boolean; chinese: boolean }
  | { t: 'zero' }
  | { t: 'small'; v: number }
  | { t: 'big'; v: number };

function tokenize(s: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s.charAt(i);
    if (ch >= '0' && ch <= '9') {
      const m = /^\d+(?:\.\d+)?/.exec(s.slice(i));
      if (!m) return undefined;
      out.push({ t: 'digit', v: Number(m[0]), multi: m[0].length > 1, chinese: false });
      i += m[0].length;
      continue;
    }
    const d = DIGITS.get(ch);
    const small = SMALL_UNITS.get(ch);
    const big = BIG_UNITS.get(ch);
    if (d === 0) out.push({ t: 'zero' });
    else if (d !== undefined) out.push({ t: 'digit', v: d, multi: false, chinese: true });
    else if (small !== undefined) out.push({ t: 'small', v: small });
    else if (big !== undefined) out.push({ t: 'big', v: big });
    else return undefined;
    i++;
  }
  return out;
}

/** An integer (or ASCII-decimal-led) Chinese number without 点. */
function evaluate(tokens: readonly Token[]): number | undefined {
  if (tokens.length === 0) return undefined;
  // 二〇二六, 一二三: digits read one by one.
  if (tokens.every((t) => t.t === 'zero' || (t.t === 'digit' && t.chinese))) {
    return Number(tokens.map((t) => (t.t === 'digit' ? String(t.v) : '0')).join(''));
  }
  let total = 0; // the 亿 part
  let section = 0; // the 万 part inside the current 亿 group
  let sub = 0; // below 万
  let pending: number | undefined;
  let pendingMulti = false;
  let pendingAfterUnit = false;
  let lastSmall = Number.POSITIVE_INFINITY;
  let lastUnit: number | undefined;
  let zeroSinceUnit = false;
  let wanUsed = false;
  let yiUsed = false;
  let prev: Token | undefined;
  for (const tok of tokens) {
    switch (tok.t) {
      case 'digit':
        if (pending !== undefined) return undefined;
        pending = tok.v;
        pendingMulti = tok.multi;
        pendingAfterUnit = prev !== undefined && (prev.t === 'small' || prev.t === 'big');
        break;
      case 'zero':
        if (pending !== undefined || prev === undefined || prev.t === 'zero') return undefined;
        zeroSinceUnit = true;
        break;
      case 'small': {
        let coef = pending;
        if (coef === undefined) {
          // A bare 十 means 一十 at the start or after 零/万/亿 (十二, 一百零十?, 三万十).
          if (tok.v === 10 && (prev === undefined || prev.t === 'zero' || prev.t === 'big')) coef = 1;
          else return undefined;
        }
        if (tok.v >= lastSmall) return undefined;
        sub += coef * tok.v;
        lastSmall = tok.v;
        lastUnit = tok.v;
        pending = undefined;
        zeroSinceUnit = false;
        break;
      }
      case 'big': {
        if (tok.v === 1e4) {
          const g = sub + (pending ?? 0);
          if (wanUsed || g === 0) return undefined;
          section = g * 1e4;
          wanUsed = true;
        } else {
          const g = section + sub + (pending ?? 0);
          if (yiUsed || g === 0) return undefined;
          total = g * 1e8;
          section = 0;
          wanUsed = false;
          yiUsed = true;
        }
        sub = 0;
        pending = undefined;
        lastSmall = Number.POSITIVE_INFINITY;
        lastUnit = tok.v;
        zeroSinceUnit = false;
        break;
      }
    }
    prev = tok;
  }
  let tail = 0;
  if (pending !== undefined) {
    // 两千三 = 2300, 一万五 = 15000, 三百五 = 350 (a bare digit right after a unit is one order lower).
    const colloquial = pendingAfterUnit && !pendingMulti && !zeroSinceUnit && lastUnit !== undefined;
    tail = colloquial && lastUnit !== undefined ? (pending * lastUnit) / 10 : pending;
  }
  return total + section + sub + tail;
}

/** Removes binary floating-point noise (1.1 × 10000 = 11000.000000000002). */
function tidy(n: number): number {
  return Number.isInteger(n) ? n : Number.parseFloat(n.toPrecision(12));
}

const FRACTION = new RegExp(`^([${CHINESE_DIGIT_CHARS}0-9]+)([${CHINESE_BIG_UNIT_CHARS}]*)$`, 'u');

function parseUnsigned(s: string): number | undefined {
  if (s.length === 0) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const parts = s.split('点');
  if (parts.length > 2) return undefined;
  const [intText = '', fracText] = parts;
  const intTokens = tokenize(intText);
  if (!intTokens) return undefined;
  const intValue = evaluate(intTokens);
  if (intValue === undefined) return undefined;
  if (fracText === undefined) return intValue;
  if (!Number.isInteger(intValue)) return undefined;
  const m = FRACTION.exec(fracText);
  if (!m) return undefined;
  const digits = [...(m[1] ?? '')]
    .map((c) => (c >= '0' && c <= '9' ? c : String(DIGITS.get(c) ?? 0)))
    .join('');
  let value = Number(`${intValue}.${digits}`);
  for (const c of m[2] ?? '') value *= BIG_UNITS.get(c) ?? 1;
  return value;
}

/**
 * Parses a number written in Chinese, digits, or a mix: "十二" → 12, "一百零五" → 105, "两千三百" → 2300,
 * "两千三" → 2300, "三点五" → 3.5, "1.2万" → 12000, "百分之八十" → 80, "80%" → 80, "二〇二六" → 2026,
 * "负三" → -3. Returns undefined for anything that is not entirely a number.
 */
export function parseChineseNumber(s: string): number | undefined {
  if (typeof s !== 'string') return undefined;
  let text = s
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/[．]/g, '.')
    .replace(/[％]/g, '%');
  if (text.length === 0 || text.length > MAX_NUMBER_CHARS) return undefined;
  text = text.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  let sign = 1;
  const signMatch = /^[-+负正]/.exec(text);
  if (signMatch) {
    if (signMatch[0] === '-' || signMatch[0] === '负') sign = -1;
    text = text.slice(1);
  }
  let value: number | undefined;
  if (text.startsWith('百分之')) {
    const rest = text.slice(3);
    value = rest === '百' || rest === '佰' ? 100 : parseUnsigned(rest);
  } else if (text.endsWith('%')) {
    value = parseUnsigned(text.slice(0, -1));
  } else {
    value = parseUnsigned(text);
  }
  if (value === undefined || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
    return undefined;
  const result = tidy(sign * value);
  return Object.is(result, -0) ? 0 : result;
}
