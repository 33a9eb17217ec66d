import { describeTarget, type IndicatorLevel1, type IndicatorLevel2, type PolicyConfig } from '@jixiao/core';
import type { IndicatorTemplate } from '@jixiao/plugin-kit';
import type { DemoIndicator } from './generate.ts';
import { COMMON_LIBRARY, type LibraryIndicator, type Nature, WHOLE_UNITS } from './library.ts';
import type { Random } from './random.ts';

/** Where an item's indicators come from: its own list, then its fund type's library, then its nature's. */
export interface IndicatorSources {
  /** Names the item's template asks for, found in `sector` or `fund`. */
  listed: readonly string[];
  sector: readonly LibraryIndicator[];
  /** The fund type's library where it fits the item (empty otherwise). */
  fund: readonly IndicatorTemplate[];
  nature: Nature;
  amountWan: number;
}

/** Two significant figures, whole where the unit is counted; never below the smallest step. */
function niceNumber(x: number, unit: string): number {
  if (x <= 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(x)) - 1);
  const rounded = Math.round(x / magnitude) * magnitude;
  if (WHOLE_UNITS.has(unit)) return Math.max(1, Math.round(rounded));
  return Math.max(0.1, Math.round(rounded * 100) / 100);
}

function targetOf(
  t: LibraryIndicator,
  amountWan: number,
  rng: Random,
): Pick<DemoIndicator, 'targetValue' | 'targetMin' | 'targetMax' | 'targetText'> {
  const tt = t.typicalTarget;
  const none = { targetValue: null, targetMin: null, targetMax: null, targetText: null };
  if (typeof tt === 'string') return { ...none, targetText: tt };
  if (Array.isArray(tt)) return { ...none, targetMin: tt[0] as number, targetMax: tt[1] as number };
  const value = tt as number;
  if (t.scaled) return { ...none, targetValue: niceNumber((value * amountWan) / 100, t.unit) };
  // Counts of things differ from place to place; rates, shares and limits are the standard's.
  const varies = t.unit !== '%' && t.operator === 'gte' && value >= 3 && WHOLE_UNITS.has(t.unit);
  return { ...none, targetValue: varies ? niceNumber(value * rng.between(0.75, 1.35), t.unit) : value };
}

/**
 * Splits a weight total over n indicators: in steps of 5 where the total allows, never equal by
 * rule, the first (the item's own, more specific indicators) a little heavier on average.
 */
function splitWeights(total: number, n: number, rng: Random): number[] {
  const hundredths = Math.round(total * 100);
  const step = [500, 100, 1].find((s) => hundredths % s === 0 && hundredths / s >= n) ?? 1;
  const units = Math.floor(hundredths / step);
  const shares = Array.from({ length: n }, () => 1);
  for (let left = units - n; left > 0; left--) {
    const i = Math.min(n - 1, Math.floor(rng.next() ** 1.6 * n));
    shares[i] = (shares[i] as number) + 1;
  }
  const weights = shares.map((s) => (s * step) / 100);
  weights[0] = (weights[0] as number) + (hundredths - units * step) / 100;
  return weights;
}

const OUTPUT_LEVEL1: readonly IndicatorLevel1[] = ['output', 'cost'];
const FILLED_OUTPUTS: readonly IndicatorLevel2[] = ['quantity', 'quality', 'timeliness'];

/**
 * The item's indicator tree: the template's own indicators, completed with the fund type's (or,
 * where it has none that fit, the nature's common ones) until it has outputs of quantity, quality
 * and timeliness, two benefits and a satisfaction indicator, weighted as the configuration says
 * (`indicatorTreeProblems` finds nothing to fault).
 */
export function buildIndicatorTree(
  src: IndicatorSources,
  config: PolicyConfig,
  rng: Random,
): DemoIndicator[] {
  const common = COMMON_LIBRARY[src.nature];
  const listed = src.listed.map((name) => {
    const found = [...src.sector, ...src.fund, ...common].find((t) => t.name === name);
    if (!found) throw new Error(`演示指标库中没有“${name}”`);
    return found;
  });
  const chosen = new Set(listed.map((t) => t.name));
  const pickFrom = (
    pools: ReadonlyArray<readonly IndicatorTemplate[]>,
    fits: (t: IndicatorTemplate) => boolean,
  ) => {
    for (const pool of pools) {
      const options = pool.filter((t) => fits(t) && !chosen.has(t.name));
      if (options.length > 0) {
        const t = rng.pick(options);
        chosen.add(t.name);
        return t;
      }
    }
    return undefined;
  };
  const pools = [src.fund, common];

  const outputs = listed.filter((t) => OUTPUT_LEVEL1.includes(t.level1));
  for (const level2 of FILLED_OUTPUTS) {
    if (outputs.some((t) => t.level2 === level2)) continue;
    const t = pickFrom(pools, (c) => c.level1 === 'output' && c.level2 === level2);
    if (t) outputs.push(t);
  }
  if (outputs.length < 4 && !outputs.some((t) => t.level2 === 'cost') && rng.chance(0.4)) {
    const t = pickFrom(pools, (c) => c.level2 === 'cost' || c.level1 === 'cost');
    if (t) outputs.push(t);
  }
  const benefits = listed.filter((t) => t.level1 === 'benefit');
  const wanted = benefits.length >= 2 ? benefits.length : rng.chance(0.3) ? 3 : 2;
  while (benefits.length < wanted) {
    const t = pickFrom(pools, (c) => c.level1 === 'benefit');
    if (!t) break;
    benefits.push(t);
  }
  const satisfaction =
    listed.find((t) => t.level1 === 'satisfaction') ?? pickFrom(pools, (c) => c.level1 === 'satisfaction');

  if (outputs.length === 0 || benefits.length === 0) {
    throw new Error(`演示指标不全：${src.listed.join('、') || '（未列指标）'}缺少产出或效益指标`);
  }
  const w = config.selfEvaluationWeights;
  const ow = splitWeights(w.output, outputs.length, rng);
  const bw = splitWeights(w.benefit + (satisfaction ? 0 : w.satisfaction), benefits.length, rng);
  const line = (t: LibraryIndicator, weight: number): DemoIndicator => ({
    name: t.name,
    level1: t.level1,
    level2: t.level2,
    operator: t.operator,
    ...targetOf(t, src.amountWan, rng),
    unit: t.unit,
    weight,
  });
  return [
    ...outputs.map((t, i) => line(t, ow[i] as number)),
    ...benefits.map((t, i) => line(t, bw[i] as number)),
    ...(satisfaction ? [line(satisfaction, w.satisfaction)] : []),
  ];
}

const PHRASE: Record<DemoIndicator['operator'], string> = {
  gte: '不低于',
  lte: '不高于',
  eq: '达到',
  range: '保持在',
  qualitative: '',
};

/** 总体目标 in a finance bureau's words, from the item's first indicators. */
export function overallGoal(year: number, indicators: readonly DemoIndicator[]): string {
  const phrase = (ind: DemoIndicator) =>
    ind.operator === 'qualitative'
      ? (ind.targetText ?? ind.name)
      : `${ind.name}${PHRASE[ind.operator]}${describeTarget(ind).replace(/^[≥≤=]/, '')}`;
  const outputs = indicators.filter((i) => i.level1 !== 'benefit' && i.level1 !== 'satisfaction').slice(0, 2);
  const benefit = indicators.find((i) => i.level1 === 'benefit');
  const sat = indicators.find((i) => i.level1 === 'satisfaction');
  const parts = [...outputs, ...(benefit ? [benefit] : []), ...(sat ? [sat] : [])].map(phrase);
  return `${year}年${parts.join('，')}。`;
}
