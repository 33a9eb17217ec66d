/**
 * Indicator values as officials print them in target and self-evaluation tables: "≥95%",
 * "≤5300万元", ">70%", "95%-100%", "192只", "好", "基本达标". One cell holds the operator, the
 * number and the unit (forms.md §0, style A); this turns such a cell into something to score.
 */

export type PrintedOperator = 'gte' | 'gt' | 'lte' | 'lt' | 'eq';

export type QualitativeLevel = 'met' | 'partly_met' | 'not_met';

export type PrintedValue =
  | {
      kind: 'quantity';
      /** null when no operator was printed ("100%", "192只"). */
      operator: PrintedOperator | null;
      value: number;
      unit: string;
    }
  | { kind: 'range'; min: number; max: number; unit: string }
  | { kind: 'text'; text: string; level: QualitativeLevel | null };

/**
 * Words that say how far a qualitative target was reached: a cell that starts with one of the
 * prefixes, equals one of the words or contains one (of two characters or more) gets that level;
 * not met is tried first, then partly met, then met.
 */
export interface QualitativeWords {
  notMetPrefixes: readonly string[];
  partlyMetPrefixes: readonly string[];
  notMet: readonly string[];
  partlyMet: readonly string[];
  met: readonly string[];
}

export const DEFAULT_QUALITATIVE_WORDS: QualitativeWords = {
  notMetPrefixes: ['未', '尚未', '没有', '没'],
  partlyMetPrefixes: ['基本', '部分', '较'],
  notMet: [
    '未达标',
    '不达标',
    '未完成',
    '没有完成',
    '未达成',
    '未实现',
    '未达到',
    '不及时',
    '不满意',
    '不合格',
    '较差',
    '差',
    '无效',
    '否',
  ],
  partlyMet: [
    '基本达标',
    '基本完成',
    '基本达成',
    '基本实现',
    '基本达到',
    '部分达成',
    '部分完成',
    '部分实现',
    '较及时',
    '基本及时',
    '较满意',
    '基本满意',
    '较好',
    '较明显',
    '一般',
    '有所',
    '中',
  ],
  met: [
    '达标',
    '完成',
    '达成',
    '实现',
    '达到',
    '及时',
    '满意',
    '合格',
    '良好',
    '优良',
    '优秀',
    '显著',
    '明显',
    '有效',
    '提升',
    '提高',
    '改善',
    '符合',
    '好',
    '优',
    '良',
    '是',
  ],
};

const OPERATOR_WORDS: ReadonlyArray<readonly [string, PrintedOperator]> = [
  ['≥', 'gte'],
  ['>=', 'gte'],
  ['≧', 'gte'],
  ['大于等于', 'gte'],
  ['大于或等于', 'gte'],
  ['不低于', 'gte'],
  ['不少于', 'gte'],
  ['至少', 'gte'],
  ['≤', 'lte'],
  ['<=', 'lte'],
  ['≦', 'lte'],
  ['小于等于', 'lte'],
  ['小于或等于', 'lte'],
  ['不高于', 'lte'],
  ['不超过', 'lte'],
  ['不多于', 'lte'],
  ['至多', 'lte'],
  ['控制在', 'lte'],
  ['>', 'gt'],
  ['大于', 'gt'],
  ['高于', 'gt'],
  ['超过', 'gt'],
  ['多于', 'gt'],
  ['<', 'lt'],
  ['小于', 'lt'],
  ['低于', 'lt'],
  ['少于', 'lt'],
  ['=', 'eq'],
  ['等于', 'eq'],
];

const SUFFIX_OPERATORS: ReadonlyArray<readonly [string, PrintedOperator]> = [
  ['及以上', 'gte'],
  ['以上', 'gte'],
  ['及以下', 'lte'],
  ['以下', 'lte'],
  ['以内', 'lte'],
];

const NUMBER = String.raw`[+-]?\d+(?:,\d{3})*(?:\.\d+)?`;
// A unit: anything that is not a digit, sign, operator or range mark (元, 万元, %, 个, 平方米, 人次 …).
const UNIT = String.raw`[^\d+\-<>=≥≤≧≦~～—–至到]*`;
const QUANTITY = new RegExp(`^(${NUMBER})(${UNIT})$`);
const RANGE = new RegExp(`^(${NUMBER})(${UNIT})(?:-|~|～|—|–|至|到)(${NUMBER})(${UNIT})$`);

/** Full-width digits, signs and letters to ASCII; spaces and a trailing full stop removed. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[。.]$/, '')
    .replace(/，/g, ',');
}

const toNumber = (s: string) => Number(s.replace(/,/g, ''));

function qualitativeLevel(text: string, words: QualitativeWords): QualitativeLevel | null {
  const lists: Array<[QualitativeLevel, readonly string[]]> = [
    ['not_met', words.notMet],
    ['partly_met', words.partlyMet],
    ['met', words.met],
  ];
  if (words.notMetPrefixes.some((p) => text.startsWith(p))) return 'not_met';
  if (words.partlyMetPrefixes.some((p) => text.startsWith(p))) return 'partly_met';
  for (const [level, list] of lists) if (list.includes(text)) return level;
  for (const [level, list] of lists) if (list.some((w) => w.length > 1 && text.includes(w))) return level;
  return null;
}

/**
 * Reads one printed value. Returns null for an empty cell (nothing printed, "—", "/"); any
 * other text that is not a number is a qualitative value, with the level its words say (or
 * null when they say nothing the scheme knows).
 */
export function parsePrintedValue(
  raw: string | null | undefined,
  words: QualitativeWords = DEFAULT_QUALITATIVE_WORDS,
): PrintedValue | null {
  if (raw === null || raw === undefined) return null;
  const text = normalise(raw);
  if (text === '' || /^[—\-/／]+$/.test(text)) return null;

  const range = RANGE.exec(text);
  if (range) {
    const [, lo = '', loUnit = '', hi = '', hiUnit = ''] = range;
    const unit = hiUnit || loUnit;
    if (!loUnit || loUnit === hiUnit || !hiUnit) {
      const min = toNumber(lo);
      const max = toNumber(hi);
      if (min <= max) return { kind: 'range', min, max, unit };
    }
  }

  let rest = text;
  let operator: PrintedOperator | null = null;
  for (const [word, op] of OPERATOR_WORDS) {
    if (rest.startsWith(word)) {
      operator = op;
      rest = rest.slice(word.length);
      break;
    }
  }
  for (const [word, op] of SUFFIX_OPERATORS) {
    if (rest.endsWith(word) && QUANTITY.test(rest.slice(0, -word.length))) {
      operator ??= op;
      rest = rest.slice(0, -word.length);
      break;
    }
  }
  const quantity = QUANTITY.exec(rest);
  if (quantity) {
    const [, value = '', unit = ''] = quantity;
    return { kind: 'quantity', operator, value: toNumber(value), unit };
  }
  return { kind: 'text', text, level: qualitativeLevel(text, words) };
}

const SCALES: ReadonlyArray<readonly [string, number]> = [
  ['亿', 1e8],
  ['千万', 1e7],
  ['百万', 1e6],
  ['万', 1e4],
  ['千', 1e3],
  ['百', 1e2],
];

function scaled(unit: string): { base: string; factor: number } {
  for (const [prefix, factor] of SCALES) {
    if (unit.startsWith(prefix) && unit.length > prefix.length)
      return { base: unit.slice(prefix.length), factor };
  }
  return { base: unit, factor: 1 };
}

/**
 * The factor that turns an amount in `from` into one in `to` (万元 → 元: 10000), 1 when either
 * side printed no unit, null when the units measure different things.
 */
export function unitFactor(from: string, to: string): number | null {
  if (from === to || from === '' || to === '') return 1;
  const a = scaled(from);
  const b = scaled(to);
  return a.base === b.base ? a.factor / b.factor : null;
}
