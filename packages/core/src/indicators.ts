import { z } from 'zod';
import type { PolicyConfig } from './policy-config.ts';
import {
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  type IndicatorLevel1,
  type IndicatorLevel2,
  LEVEL2_UNDER_LEVEL1,
  OPERATORS,
  type Operator,
  QUALITATIVE_STATUSES,
  type QualitativeStatus,
} from './vocabulary.ts';

const indicatorBasisSchema = z.enum(['plan', 'industry', 'historical', 'other']);

export const finiteNumberSchema = z.number('必须是数字').refine(Number.isFinite, '必须是有限数值');

/** The target-value fields an operator needs (IN-3), and weights in hundredths; shared by every indicator line. */
export function refineTargetValue(
  ind: {
    operator: Operator;
    targetValue?: number | undefined;
    targetMin?: number | undefined;
    targetMax?: number | undefined;
    targetText?: string | undefined;
    weight: number;
  },
  ctx: z.RefinementCtx,
): void {
  if (ind.operator === 'range') {
    if (ind.targetMin === undefined)
      ctx.addIssue({ code: 'custom', path: ['targetMin'], message: '区间指标须填写下限' });
    if (ind.targetMax === undefined)
      ctx.addIssue({ code: 'custom', path: ['targetMax'], message: '区间指标须填写上限' });
    if (ind.targetMin !== undefined && ind.targetMax !== undefined && ind.targetMin > ind.targetMax) {
      ctx.addIssue({ code: 'custom', path: ['targetMax'], message: '区间上限不能小于下限' });
    }
  } else if (ind.operator === 'qualitative') {
    if (!ind.targetText)
      ctx.addIssue({ code: 'custom', path: ['targetText'], message: '定性指标须填写目标描述' });
  } else if (ind.targetValue === undefined) {
    ctx.addIssue({ code: 'custom', path: ['targetValue'], message: '定量指标须填写目标值' });
  }
  if (Math.round(ind.weight * 100) !== ind.weight * 100) {
    ctx.addIssue({ code: 'custom', path: ['weight'], message: '权重最多保留两位小数' });
  }
}

/** One indicator line of a performance target (IN-3). */
export const indicatorInputSchema = z
  .object({
    name: z.string().trim().min(1, '指标名称不能为空').max(100, '指标名称不能超过100个字符'),
    level1: INDICATOR_LEVEL1.schema,
    level2: INDICATOR_LEVEL2.schema,
    operator: OPERATORS.schema,
    targetValue: finiteNumberSchema.optional(),
    targetMin: finiteNumberSchema.optional(),
    targetMax: finiteNumberSchema.optional(),
    targetText: z.string().trim().max(500, '定性目标不能超过500个字符').optional(),
    unit: z.string().trim().max(20, '计量单位不能超过20个字符').default(''),
    weight: z.number('权重必须是数字').min(0, '权重不能为负数').max(100, '权重不能超过100'),
    basis: indicatorBasisSchema.default('plan'),
    /** The indicator library entry it was taken from (its range is checked on submission). */
    libraryIndicatorId: z.int('指标库编号必须是整数').positive('指标库编号必须是正整数').optional(),
  })
  .superRefine((ind, ctx) => {
    if (!LEVEL2_UNDER_LEVEL1[ind.level1].includes(ind.level2)) {
      ctx.addIssue({
        code: 'custom',
        path: ['level2'],
        message: `“${INDICATOR_LEVEL2.labels[ind.level2]}”不能放在“${INDICATOR_LEVEL1.labels[ind.level1]}”之下`,
      });
    }
    refineTargetValue(ind, ctx);
  });
export type IndicatorInput = z.output<typeof indicatorInputSchema>;

/** The parts of an indicator the rules below need. */
export interface IndicatorShape {
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  targetValue?: number | null;
  targetMin?: number | null;
  targetMax?: number | null;
  weight: number;
}

const hundredths = (w: number) => Math.round(w * 100);
const fmt = (h: number) => String(h / 100);

/**
 * Checks an indicator tree against the configured weight scheme; returns the problems in
 * Chinese (empty when the tree is complete and well weighted).
 */
export function indicatorTreeProblems(indicators: readonly IndicatorShape[], config: PolicyConfig): string[] {
  const problems: string[] = [];
  if (indicators.length === 0) return ['未设置任何绩效指标'];
  const names = new Set<string>();
  for (const ind of indicators) {
    if (names.has(ind.name)) problems.push(`指标“${ind.name}”重复`);
    names.add(ind.name);
    if (!LEVEL2_UNDER_LEVEL1[ind.level1].includes(ind.level2)) {
      problems.push(`指标“${ind.name}”的二级分类与一级分类不匹配`);
    }
  }
  if (!indicators.some((i) => i.level1 === 'output')) problems.push('缺少产出指标');
  if (!indicators.some((i) => i.level1 === 'benefit')) problems.push('缺少效益指标');
  for (const m of weightMismatches(indicators, config)) {
    problems.push(`${m.label}指标权重合计${fmt(m.actual)}，应为${fmt(m.want)}`);
  }
  return problems;
}

/** A weight bucket whose indicators do not add up to what the scheme gives it (in hundredths). */
export interface WeightMismatch {
  bucket: 'total' | 'output' | 'benefit' | 'satisfaction';
  label: string;
  actual: number;
  want: number;
}

/**
 * EV-3: the indicator weights and the budget-execution weight add up to 100 — by level-1 bucket
 * (`by_level1`: cost counts toward output; a missing satisfaction bucket moves to benefit) or in
 * total (`total_only`). Sums in hundredths, so no float drift.
 */
export function weightMismatches(
  indicators: readonly Pick<IndicatorShape, 'level1' | 'weight'>[],
  config: PolicyConfig,
): WeightMismatch[] {
  const sumBy = (pred: (l1: IndicatorLevel1) => boolean) =>
    indicators.filter((i) => pred(i.level1)).reduce((s, i) => s + hundredths(i.weight), 0);
  const w = config.selfEvaluationWeights;
  if (config.weightScheme === 'total_only') {
    const actual = sumBy(() => true);
    const want = hundredths(100 - w.executionRate);
    return actual === want ? [] : [{ bucket: 'total', label: '', actual, want }];
  }
  const hasSatisfaction = indicators.some((i) => i.level1 === 'satisfaction');
  const buckets: WeightMismatch[] = [
    {
      bucket: 'output',
      label: '产出（含成本）',
      actual: sumBy((l) => l === 'output' || l === 'cost'),
      want: hundredths(w.output),
    },
    {
      bucket: 'benefit',
      label: '效益',
      actual: sumBy((l) => l === 'benefit'),
      want: hundredths(w.benefit + (hasSatisfaction ? 0 : w.satisfaction)),
    },
  ];
  if (hasSatisfaction) {
    buckets.push({
      bucket: 'satisfaction',
      label: '满意度',
      actual: sumBy((l) => l === 'satisfaction'),
      want: hundredths(w.satisfaction),
    });
  }
  return buckets.filter((b) => b.actual !== b.want);
}

/**
 * Completion of a quantitative indicator as a share in [0, 1] (EV-5): ≥ actual/target, ≤ target/actual
 * (smaller is better), = and range met or not. Returns null when it cannot be computed.
 */
export function quantitativeCompletion(ind: IndicatorShape, actual: number): number | null {
  const t = ind.targetValue ?? null;
  switch (ind.operator) {
    case 'gte':
      if (t === null) return null;
      if (actual >= t) return 1;
      return t <= 0 ? 0 : clamp01(actual / t);
    case 'lte':
      if (t === null) return null;
      if (actual <= t) return 1;
      return actual <= 0 ? 0 : clamp01(t / actual);
    case 'eq':
      if (t === null) return null;
      if (actual === t) return 1;
      return t === 0 ? 0 : clamp01(1 - Math.abs(actual - t) / Math.abs(t));
    case 'range': {
      const lo = ind.targetMin ?? null;
      const hi = ind.targetMax ?? null;
      if (lo === null || hi === null) return null;
      if (actual >= lo && actual <= hi) return 1;
      const edge = actual < lo ? lo : hi;
      return edge === 0 ? 0 : clamp01(1 - Math.abs(actual - edge) / Math.abs(edge));
    }
    case 'qualitative':
      return null;
  }
}

/** Completion of a qualitative indicator from its reported status (EV-6 upper edge of each band). */
export function qualitativeCompletion(status: QualitativeStatus, config: PolicyConfig): number {
  const b = config.qualitativeBands;
  return status === 'met' ? b.met : status === 'partly_met' ? b.partlyMet : b.notMet;
}

/** Indicator points: weight × completion, rounded to two decimals. */
export function indicatorPoints(weight: number, completion: number): number {
  return Math.round(weight * clamp01(completion) * 100) / 100;
}

export function describeTarget(ind: IndicatorShape & { targetText?: string | null; unit?: string }): string {
  const unit = ind.unit ?? '';
  switch (ind.operator) {
    case 'gte':
      return `≥${ind.targetValue}${unit}`;
    case 'lte':
      return `≤${ind.targetValue}${unit}`;
    case 'eq':
      return `=${ind.targetValue}${unit}`;
    case 'range':
      return `${ind.targetMin}–${ind.targetMax}${unit}`;
    case 'qualitative':
      return ind.targetText ?? '定性';
  }
}

function clamp01(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(1, Math.max(0, x));
}

export { QUALITATIVE_STATUSES };
