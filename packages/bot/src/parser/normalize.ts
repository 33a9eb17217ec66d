import {
  CHINESE_BIG_UNIT_CHARS,
  CHINESE_DIGIT_CHARS,
  CHINESE_UNIT_CHARS,
  parseChineseNumber,
} from './numbers.ts';

/** Full-width ASCII (！…～) and the ideographic space/full stop become their half-width forms. */
function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/[\u3002\uFF61]/g, '.');
}

/**
 * Emoji and invisible characters: pictographs, skin tones, regional-indicator flags, keycaps,
 * variation selectors, and format characters (zero-width space/joiner, BOM, bidi controls, tags).
 */
const INVISIBLE_OR_EMOJI =
  /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\p{Cf}|[\uFE00-\uFE0F]|\u20E3/gu;
const CONTROL = /\p{Cc}/gu;

/** DingTalk sends its stickers as bracketed words, e.g. "[微笑]", "[抱拳]". */
const DINGTALK_EMOTICON =
  /\[(?:微笑|大笑|憨笑|可爱|愉快|得意|酷|害羞|调皮|偷笑|笑哭|捂脸|鼓掌|赞|点赞|ok|好的|抱拳|握手|拱手|合十|玫瑰|送花|爱心|心|胜利|加油|奋斗|强|弱|谢谢|感谢|比心|飞吻|惊讶|流泪|大哭|尴尬|疑问|思考|再见|拜拜|晚安|早|咖啡|太阳|月亮|礼物|庆祝|烟花|耶|哈哈|嘿嘿|呲牙|机智|666)\]/giu;

/** "@绩效通", "@绩效通 ", "@张三 @绩效通 " at the start of a group message. */
const LEADING_MENTIONS = /^(?:@[^\s@]{1,30}\s+|@(?:绩效通|jixiao|机器人|小助手))+/iu;

/**
 * The channel-independent clean-up (full-width, emoji, whitespace, leading @mentions) without
 * lower-casing or number conversion: free text the user wrote (rectification notes) comes from here.
 */
export function normalizeSurface(raw: string): string {
  let s = toHalfWidth(String(raw)).replace(INVISIBLE_OR_EMOJI, '').replace(CONTROL, ' ');
  // Removing one sticker can join two halves of another ("[微[微笑]笑]"); repeat until stable.
  for (let before = ''; before !== s; ) {
    before = s;
    s = s.replace(DINGTALK_EMOTICON, '');
  }
  s = s.replace(/\s+/gu, ' ').trim();
  return s.replace(LEADING_MENTIONS, '').trim();
}

/**
 * The message as typed, for text that is stored (rectification notes): format characters removed
 * and control characters as spaces, nothing else changed; and its half-width twin of exactly the
 * same length, to search with. A span found in `half` is the same span of `typed`.
 */
export function typedText(raw: string): { typed: string; half: string } {
  const typed = String(raw)
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Cc}/gu, (c) => (c === '\n' ? c : ' '));
  return { typed, half: toHalfWidth(typed) };
}

/** How many characters of `s` are leading @mentions and the spaces around them. */
export function leadingMentionsLength(s: string): number {
  const m = /^\s*(?:@[^\s@]{1,30}\s+|@(?:绩效通|jixiao|机器人|小助手)\s*)+/iu.exec(s);
  return m ? m[0].length : 0;
}

/** Lower-cases A–Z only, so no character changes length or script. */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const NUM = `${CHINESE_DIGIT_CHARS}${CHINESE_UNIT_CHARS}`;
const DIGIT_OR_TEN = new RegExp(`^[${CHINESE_DIGIT_CHARS}十拾]`, 'u');
const HAS_UNIT = new RegExp(`[${CHINESE_UNIT_CHARS}]`, 'u');
const HAS_BIG_UNIT = new RegExp(`[${CHINESE_BIG_UNIT_CHARS}]`, 'u');
const NUMERAL_RUN = new RegExp(
  `(?<![0-9.])(百分之)?((?:[0-9]+(?:\\.[0-9]+)?)?[${NUM}]+(?:点[${CHINESE_DIGIT_CHARS}]+[${CHINESE_BIG_UNIT_CHARS}]*)?)`,
  'gu',
);

// A decimal point and a digit continue the number too: "五.1万" (from "五。１万") is left as typed,
// or converting "五" would make a "5.1万" that the next pass reads differently.
const FOLLOWED_BY_NUMERAL = new RegExp(`^\\.?[0-9${NUM}]`, 'u');

/** Measure words and units: a numeral right before one of these is a quantity. */
const UNIT_AFTER =
  /^(?:个|项|所|条|家|人|名|位|次|户|元|块|角|分|%|台|套|间|座|栋|幢|张|份|件|岁|吨|亩|公顷|株|棵|辆|批|期|篇|场|处|只|头|本|册|米|公里|千米|平方|立方|km|m|kg|公斤|斤|小时|分钟|秒|天|日|号|周|月|年|季度|倍|成|级|层|班|床|课时|学时|千瓦|度|笔|类|种|盏|校|轮|届|节|章|所)/u;

/** Words before a numeral that make it a number: 第三, 前十, #五, 预警十二, 完成三. */
const CONTEXT_BEFORE = /(?:第|前|#|编号|预警|任务|倒数|共|完成了?|达到了?|实际)$/u;

/** Set phrases whose first character is a numeral but which are not quantities. */
const NOT_A_NUMBER = ['十分', '一度', '一半', '一部分', '一分为', '一次性', '一把手', '一号位'];

function isQuantity(run: string, before: string, after: string, whole: boolean): boolean {
  if (/^[0-9]/.test(run)) return HAS_BIG_UNIT.test(run); // 1.2万, 3亿; leave 3千米 alone
  if (!DIGIT_OR_TEN.test(run)) return false; // 万年县, 百花洲, 千万不要
  if (NOT_A_NUMBER.some((w) => (run + after).startsWith(w) && run.length < w.length)) return false;
  if (whole) return true;
  if (run.includes('点')) return true;
  if (run.length >= 2 && HAS_UNIT.test(run)) return true; // 十二, 三百五十万
  return UNIT_AFTER.test(after) || CONTEXT_BEFORE.test(before);
}

function formatNumber(n: number): string {
  return String(n);
}

/**
 * Replaces Chinese numerals with digits where they are clearly numbers ("十二所" → "12所",
 * "三百五十万" → "3500000", "百分之八十" → "80%", "1.2万" → "12000", "第三" → "第3") and leaves words
 * that merely contain numeral characters alone ("一下", "十分", "万年县", "市一中").
 */
export function convertChineseNumerals(text: string): string {
  return text.replace(
    NUMERAL_RUN,
    (match: string, percent: string | undefined, run: string, offset: number) => {
      const before = text.slice(Math.max(0, offset - 4), offset);
      const after = text.slice(offset + match.length, offset + match.length + 4);
      // "十点三百五十万", "十二5": the number does not end here, so this is no clear quantity.
      if (FOLLOWED_BY_NUMERAL.test(after)) return match;
      if (percent) {
        const n = run === '百' ? 100 : parseChineseNumber(run);
        return n === undefined ? match : `${formatNumber(n)}%`;
      }
      if (!isQuantity(run, before, after, match.length === text.length)) return match;
      const n = parseChineseNumber(run);
      return n === undefined ? match : formatNumber(n);
    },
  );
}

/**
 * Canonical form of a chat message: full-width → half-width, emoji and stickers removed, whitespace
 * collapsed and trimmed, leading @mentions removed, Latin lower-cased, Chinese numerals converted
 * where they are clearly numbers. Idempotent: normalizeText(normalizeText(s)) === normalizeText(s).
 */
export function normalizeText(raw: string): string {
  return convertChineseNumerals(lowerAscii(normalizeSurface(raw)));
}
