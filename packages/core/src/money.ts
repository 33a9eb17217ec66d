import { z } from 'zod';

/**
 * Money is an integer number of fen (分) everywhere in code. JavaScript numbers hold integers
 * exactly up to 2^53 fen (about 90 trillion yuan), far beyond any provincial budget.
 */
export type Fen = number;

const MAX_FEN = Number.MAX_SAFE_INTEGER;

/** A non-negative amount in fen: an integer, never fractional, never negative. */
export const fenSchema = z
  .int('金额必须是以分为单位的整数')
  .min(0, '金额不能为负数')
  .max(MAX_FEN, '金额超出允许范围');

/**
 * Parses a yuan amount written by a person ("1,234.5", "12万元", "3.2亿") into fen.
 * Returns undefined when the text is not an amount or has more than two decimal places of yuan.
 */
export function parseYuan(text: string): Fen | undefined {
  const cleaned = text.replace(/[,，\s]/g, '').replace(/元$/, '');
  const match = /^(\d+)(?:\.(\d+))?(万|亿)?$/.exec(cleaned);
  if (!match) return undefined;
  const [, intPart = '0', fracPart = '', unit] = match;
  const scaleDigits = unit === '亿' ? 8 : unit === '万' ? 4 : 0;
  // Work on the decimal string so no float rounding creeps in.
  const totalFracDigits = scaleDigits + 2; // to fen
  if (fracPart.length > totalFracDigits) return undefined;
  const digits = intPart + fracPart.padEnd(totalFracDigits, '0');
  const fen = Number(BigInt(digits));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats fen as yuan with two decimals and thousands separators: 123456 → "1,234.56元". */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}元`;
}

/** Formats fen as 万元 rounded to two decimals (half up), the unit officials read: 123456789 → "123.46万元". */
export function formatWanYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  // 1 万元 = 1,000,000 fen; keep two decimals → units of 10,000 fen.
  const hundredthsOfWan = Math.floor((abs + 5_000) / 10_000);
  const whole = Math.trunc(hundredthsOfWan / 100);
  const frac = hundredthsOfWan % 100;
  return `${sign}${groupThousands(String(whole))}.${String(frac).padStart(2, '0')}万元`;
}

/** Sum of fen amounts; throws if the sum leaves the exactly representable range. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const a of amounts) total += a;
  if (!Number.isSafeInteger(total)) throw new RangeError('金额合计超出允许范围');
  return total;
}

/**
 * A ratio as basis points (1/10000), computed in integers: ratioBp(1, 3) → 3333.
 * Returns 0 when the denominator is 0.
 */
export function ratioBp(numerator: Fen, denominator: Fen): number {
  if (denominator <= 0) return 0;
  return Number((BigInt(numerator) * 10_000n) / BigInt(denominator));
}

/** Basis points as a percentage string with one decimal: 3333 → "33.3%". */
export function formatBp(bp: number): string {
  return `${(Math.round(bp / 10) / 10).toFixed(1)}%`;
}
