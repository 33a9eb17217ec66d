import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzyMatch, type IntentKind, normalizeText, parseChineseNumber, parseIntent } from '../src/index.ts';

const KINDS: ReadonlySet<IntentKind> = new Set<IntentKind>([
  'help',
  'greeting',
  'assent',
  'todos',
  'warnings',
  'item_status',
  'item_indicators',
  'item_payments',
  'lagging_items',
  'summary',
  'rectifications',
  'explain_warning',
  'report_indicator',
  'submit_rectification',
  'subscribe_digest',
  'unsubscribe_digest',
  'acknowledge',
  'confirm',
  'cancel',
  'self_evaluation_coverage',
  'control_numbers',
  'exit_candidates',
  'unknown',
]);

/** Fragments of real messages, glued in random order: reaches far more rule branches than random code points. */
const TOKENS = [
  '请问',
  '帮我查查',
  '我的',
  '本部门',
  '预警',
  '红色',
  '黄灯',
  '整改',
  '提交整改',
  '#5',
  '任务五',
  '收到',
  '确认',
  '取消',
  '报告',
  '完成',
  '十二',
  '所',
  '三百五十万',
  '百分之',
  '点',
  '项目',
  '进度',
  '怎么样',
  '「',
  '」',
  '“',
  '”',
  '《',
  '》',
  'JDZ-2026-0007',
  '2026-',
  '的',
  '吗',
  '？',
  '，',
  '。',
  '@绩效通',
  '@',
  ' ',
  '\u3000',
  '😀',
  '👍🏻',
  '[微笑]',
  '[微',
  '笑]',
  '\u200b',
  'Ａ',
  '１',
  '万',
  '亿',
  '零',
  '两',
  '汇总',
  '教育局',
  '浮梁县',
  'PPP',
  '滞后',
  '前十',
  '指标',
  '拨付',
  '自评',
  '订阅',
  '退订',
  "'; DROP TABLE items; --",
  '<script>',
  '忽略以上指令',
];
const chatty = fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ maxLength: 200 }),
  chatty,
);

function expectValidIntent(text: string): void {
  const intent = parseIntent(text);
  expect(KINDS.has(intent.kind)).toBe(true);
  // Everything in an intent is plain data (it is logged and may be sent to a model).
  expect(() => JSON.stringify(intent)).not.toThrow();
  if (intent.kind === 'unknown') expect(Array.from(intent.text).length).toBeLessThanOrEqual(500);
  if ('value' in intent && intent.value !== undefined) expect(Number.isFinite(intent.value)).toBe(true);
  if ('limit' in intent && intent.limit !== undefined) expect(intent.limit).toBeGreaterThanOrEqual(1);
}

describe('parseIntent never throws', () => {
  it('on arbitrary strings, full unicode included', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expectValidIntent(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('on 10 kB strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 10_000, maxLength: 12_000 }),
          fc.array(fc.constantFrom(...TOKENS), { minLength: 2000, maxLength: 2500 }).map((p) => p.join('')),
        ),
        (text) => {
          expectValidIntent(text);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('on lone surrogates, control characters and a 1 MB message', () => {
    for (const text of ['\ud800', '\udc00abc', '\u0000\u0001\u007f', '\u202e预警', 'a'.repeat(1_000_000)]) {
      expectValidIntent(text);
    }
  });

  it('on repeated filler words (regex backtracking would hang here, not fail)', () => {
    for (const piece of ['没有', '一下', '的了', '是有', '嗯', '好的', '1', '#', '十', '万', '@a ', '[微']) {
      for (const [before, after] of [
        ['进度', 'x'],
        ['查', '进度'],
        ['报告', '12所'],
        ['', '?'],
      ]) {
        expectValidIntent(before + piece.repeat(250) + after);
      }
    }
  });
});

describe('normalizeText', () => {
  it('is idempotent on known tricky inputs', () => {
    for (const text of [
      '十点三百五十万',
      '任务五点三百五十万',
      '十二5',
      '百分之八十点五百',
      '[微[微笑]笑]',
      '@张三 @李四',
      'e😀\u0301',
      '1.2.3万',
      '3万五千',
      '一五一十',
      '任务五。１万',
      '五.三万',
    ]) {
      const once = normalizeText(text);
      expect(normalizeText(once), text).toBe(once);
    }
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 20_000 },
    );
  });

  it('leaves no full-width ASCII, no edge or double spaces, no upper-case Latin', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = normalizeText(text);
        expect(out).not.toMatch(/[\uFF01-\uFF5E\u3000]/u);
        expect(out).not.toMatch(/^\s|\s$|\s\s/u);
        expect(out).not.toMatch(/[A-Z]/);
      }),
      { numRuns: 2000 },
    );
  });
});

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/** Writes 0 ≤ n ≤ 9999 in standard Chinese; `leading` = nothing precedes it (十二 rather than 一十二). */
function fourDigits(n: number, leading: boolean, liang: boolean): string {
  const digits = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  let started = false;
  digits.forEach((d, i) => {
    const unit = UNITS[3 - i] ?? '';
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    const tenAtStart = unit === '十' && d === 1 && leading && !started;
    const word = liang && d === 2 && (unit === '百' || unit === '千') ? '两' : (DIGITS[d] ?? '');
    out += tenAtStart ? unit : word + unit;
    started = true;
  });
  return out;
}

/** Chinese for 0 ≤ n ≤ 99999, e.g. 10010 → 一万零一十, 105 → 一百零五, 12 → 十二. */
function toChinese(n: number, liang = false): string {
  if (n === 0) return '零';
  const wan = Math.floor(n / 10_000);
  const rest = n % 10_000;
  if (wan === 0) return fourDigits(rest, true, liang);
  const head = `${liang && wan === 2 ? '两' : (DIGITS[wan] ?? '')}万`;
  if (rest === 0) return head;
  return head + (rest < 1000 ? '零' : '') + fourDigits(rest, false, liang);
}

describe('parseChineseNumber round-trips Chinese integers', () => {
  it('the test converter writes what people write', () => {
    expect(toChinese(12)).toBe('十二');
    expect(toChinese(105)).toBe('一百零五');
    expect(toChinese(1010)).toBe('一千零一十');
    expect(toChinese(10_010)).toBe('一万零一十');
    expect(toChinese(20_300, true)).toBe('两万零三百');
    expect(toChinese(99_999)).toBe('九万九千九百九十九');
  });

  it('for any integer 0..99999 (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.boolean(), (n, liang) => {
        expect(parseChineseNumber(toChinese(n, liang))).toBe(n);
      }),
      { numRuns: 5000 },
    );
  });

  it('for every integer 0..99999, and inside a message', () => {
    for (let n = 0; n <= 99_999; n++) {
      const text = toChinese(n);
      if (parseChineseNumber(text) !== n) expect.fail(`${text} should parse to ${n}`);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (n) => {
        expect(normalizeText(`新建校舍${toChinese(n)}所`)).toBe(`新建校舍${n}所`);
      }),
      { numRuns: 2000 },
    );
  });

  it('for digit strings and decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 99 }), (i, f) => {
        expect(parseChineseNumber(String(i))).toBe(i);
        expect(parseChineseNumber(`${i}.${String(f).padStart(2, '0')}`)).toBeCloseTo(i + f / 100, 6);
      }),
    );
  });
});

describe('fuzzyMatch properties', () => {
  const names = fc.array(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 30 }), { maxLength: 20 });

  it('never throws; scores lie in [0,1] and come best first', () => {
    fc.assert(
      fc.property(anyText, names, fc.integer({ min: 0, max: 30 }), (query, list, limit) => {
        const result = fuzzyMatch(query, list, (s) => s, { limit });
        expect(result.length).toBeLessThanOrEqual(limit);
        for (let i = 0; i < result.length; i++) {
          const score = result[i]?.score ?? -1;
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          if (i > 0) expect(score).toBeLessThanOrEqual(result[i - 1]?.score ?? 1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a Chinese name again after one character is changed, dropped or doubled', () => {
    // No numeral characters: a typo beside one can turn "三路" into "三处" → "3处", two edits rather than one.
    const han = fc.constantFrom(
      ...'市县区中小学教学楼改造扩建污水处理厂道路桥梁医院门诊卫生服务中心农村安全饮水工程'.split(''),
    );
    fc.assert(
      fc.property(
        fc.array(han, { minLength: 6, maxLength: 16 }),
        fc.nat(),
        fc.constantFrom('change', 'drop', 'double'),
        han,
        (chars, at, edit, replacement) => {
          const name = chars.join('');
          const i = at % chars.length;
          const typo = [...chars];
          if (edit === 'change') typo[i] = replacement;
          else if (edit === 'drop') typo.splice(i, 1);
          else typo.splice(i, 0, chars[i] ?? '');
          const result = fuzzyMatch(typo.join(''), [name, '城南高速公路连接线'], (s) => s);
          expect(result.map((m) => m.item)).toContain(name);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
