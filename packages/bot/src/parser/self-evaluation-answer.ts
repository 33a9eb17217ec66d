import { parsePrintedValue } from '@jixiao/core';
import { convertChineseNumerals, normalizeSurface } from './normalize.ts';
import { parseChineseNumber } from './numbers.ts';

/** What an officer's answer to one self-evaluation question says. */
export type SelfEvaluationAnswer =
  | { kind: 'value'; actual: string; reason: string | null }
  /** A shortfall without a number ("没完成"): the bot asks for the number. */
  | { kind: 'need_number'; reason: string | null }
  | { kind: 'unclear' };

const REASON = /(?:[,，;；。]?\s*)(?:偏差)?(?:原因(?:是|为|在于)?|因为|由于)\s*[:：]?\s*(.+)$/u;
/** "九成五" → 95%, "九成" → 90%, "八成半" → 85%. */
const TENTHS = /([一二两三四五六七八九十])成([一二三四五六七八九半])?/u;
const NUMBER = /(\d+(?:\.\d+)?)\s*(%|[^\d\s,，。;；:：、!！?？]{0,4})/u;
const DONE =
  /^(?:已经?|都)?(?:全部|全面|如期|按期)?(?:完成|达到|实现|达成)(?:了)?(?:目标|任务|年度目标)?(?:了)?$/u;
const NOT_DONE = /没|未|不到|差|只/u;
/** Filler before a value: "完成了", "实际", "建了", "满意度". */
const FILLER =
  /^(?:实际(?:完成)?|完成了?|达到了?|建了|建成|满意度(?:为|是|达到)?|只|只有|仅|共|合计|是|为)+/u;

function tenths(text: string): string {
  return text.replace(TENTHS, (_m, a: string, b: string | undefined) => {
    const whole = parseChineseNumber(a) ?? 0;
    const part = b === undefined ? 0 : b === '半' ? 5 : (parseChineseNumber(b) ?? 0);
    return `${whole * 10 + part}%`;
  });
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Reads an answer to "实际完成值是多少" for a line with `target` (as printed): 完成了98%, 没完成，
 * 只建了80套，原因是征地拖延, 满意度九成五, 达标, 完成. A share ("98%") of a target counted in
 * other units is that share of the target; a bare number takes the target's unit. Deterministic.
 */
export function parseSelfEvaluationAnswer(raw: string, target: string | null): SelfEvaluationAnswer {
  const surface = normalizeSurface(raw).trim();
  if (!surface) return { kind: 'unclear' };
  const reasonMatch = REASON.exec(surface);
  const reason = reasonMatch?.[1]?.trim().replace(/[。.]$/u, '') || null;
  const head = (reasonMatch ? surface.slice(0, reasonMatch.index) : surface).trim();
  const text = convertChineseNumerals(tenths(head));
  const printed = parsePrintedValue(target);
  const number = NUMBER.exec(text);
  if (number) {
    const value = Number(number[1]);
    const unit = (number[2] ?? '').trim();
    if (printed?.kind === 'quantity' && unit === '%' && printed.unit !== '%' && printed.unit !== '') {
      return { kind: 'value', actual: `${fmt((value / 100) * printed.value)}${printed.unit}`, reason };
    }
    const targetUnit = printed && printed.kind !== 'text' ? printed.unit : '';
    return { kind: 'value', actual: `${fmt(value)}${unit || targetUnit}`, reason };
  }
  const words = head.replace(/[,，;；。.!！]+$/u, '').trim();
  if (printed && printed.kind !== 'text') {
    if (DONE.test(words)) {
      const v = printed.kind === 'range' ? printed.max : printed.value;
      return { kind: 'value', actual: `${fmt(v)}${printed.unit}`, reason };
    }
    if (NOT_DONE.test(words)) return { kind: 'need_number', reason };
    return { kind: 'unclear' };
  }
  if (DONE.test(words)) return { kind: 'value', actual: '达成', reason };
  const actual = words.replace(FILLER, '').trim();
  if (!actual || Array.from(actual).length > 20) return { kind: 'unclear' };
  return { kind: 'value', actual, reason };
}
