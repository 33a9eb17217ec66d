import type { FieldIssue } from '../errors.ts';
import { weightMismatches } from '../indicators.ts';
import type { PolicyConfig } from '../policy-config.ts';
import {
  INDICATOR_LEVEL1,
  type IndicatorLevel1,
  type IndicatorLevel2,
  type Operator,
  type Sector,
} from '../vocabulary.ts';
import { TARGET_QUALITY_RULES, type TargetQualityRule } from './quality-config.ts';

/** One indicator as the quality checks see it; `position` is its place in the target (0-based). */
export interface QualityIndicator {
  position: number;
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  unit: string;
  weight: number;
  libraryIndicatorId: number | null;
}

/** A target under check: an annual one (`fiscalYear`) or the whole-cycle one (null). */
export interface QualityTarget {
  fiscalYear: number | null;
  indicators: readonly QualityIndicator[];
}

/** The reference range of a library indicator (either bound may be open). */
export interface LibraryRange {
  referenceMin: number | null;
  referenceMax: number | null;
}

/** An indicator of one of the item's earlier annual targets. */
export interface HistoryIndicator {
  fiscalYear: number;
  position: number;
  name: string;
  targetValue: number | null;
}

export interface QualityContext {
  item: {
    sector: Sector | null;
    isCapitalConstruction: boolean;
    fiscalYearStart: number;
    fiscalYearEnd: number;
  };
  /** Library entries the target's indicators refer to. */
  library: ReadonlyMap<number, LibraryRange>;
  /** Indicators of the item's annual targets of earlier years. */
  history: readonly HistoryIndicator[];
  /** The item's whole-cycle target (null when it has none). */
  cycle: QualityTarget | null;
}

export type QualityParams = Readonly<Record<string, string | number | null>>;

export interface QualityFinding {
  rule: TargetQualityRule;
  severity: 'block' | 'flag';
  /** The indicator it is about, or null for the target as a whole. */
  position: number | null;
  params: QualityParams;
}

const RULE_ORDER = new Map(TARGET_QUALITY_RULES.map((r, i) => [r, i]));
const COMPARABLE: readonly Operator[] = ['gte', 'lte', 'eq'];

/** Findings in one order (rule, indicator, parameters), so two runs can be compared. */
export function sortFindings<T extends Pick<QualityFinding, 'rule' | 'position' | 'params'>>(
  findings: T[],
): T[] {
  const key = (f: T) => JSON.stringify(Object.entries(f.params).sort(([a], [b]) => (a < b ? -1 : 1)));
  return findings.sort(
    (a, b) =>
      (RULE_ORDER.get(a.rule) ?? 0) - (RULE_ORDER.get(b.rule) ?? 0) ||
      (a.position ?? -1) - (b.position ?? -1) ||
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
}

/**
 * The quality checks of a target (IN-7…IN-10), each a named rule whose severity comes from
 * configuration: level-1 headings present (满意度 where the item serves the public), enough
 * quantified indicators, weights adding up to 100 with the budget-execution weight, a cost
 * indicator for construction, no duplicates, units present, values inside the library's range
 * and near the item's own history, and annual targets consistent with the whole-cycle target.
 * `db` repeats these rules in SQL for the set-based run; a property test holds the two equal.
 */
export function targetQualityFindings(
  target: QualityTarget,
  ctx: QualityContext,
  config: PolicyConfig,
): QualityFinding[] {
  const q = config.targetQuality;
  const out: QualityFinding[] = [];
  const add = (rule: TargetQualityRule, position: number | null, params: QualityParams = {}) => {
    const severity = q.severity[rule];
    if (severity !== 'off') out.push({ rule, severity, position, params });
  };
  const inds = [...target.indicators].sort((a, b) => a.position - b.position);

  const required: IndicatorLevel1[] = ['output', 'benefit'];
  if (ctx.item.sector !== null && q.publicServiceSectors.includes(ctx.item.sector))
    required.push('satisfaction');
  for (const level1 of required) {
    if (!inds.some((i) => i.level1 === level1)) add('level1-complete', null, { level1 });
  }

  const quantified = inds.filter((i) => i.operator !== 'qualitative').length;
  if (inds.length > 0 && quantified / inds.length < q.minQuantifiedShare) {
    add('quantified-share', null, { quantified, total: inds.length });
  }

  for (const m of weightMismatches(inds, config)) {
    add('weights-total', null, { bucket: m.bucket, actual: m.actual, want: m.want });
  }

  if (ctx.item.isCapitalConstruction && !inds.some((i) => i.level1 === 'cost' || i.level2 === 'cost')) {
    add('construction-cost', null);
  }

  const seen = new Map<string, number>();
  for (const i of inds) {
    const n = seen.get(i.name) ?? 0;
    if (n === 1) add('duplicate-indicator', i.position, { name: i.name });
    seen.set(i.name, n + 1);
  }

  for (const i of inds) {
    if (i.operator !== 'qualitative' && i.unit === '') add('unit-missing', i.position);
  }

  for (const i of inds) {
    const lib = i.libraryIndicatorId === null ? undefined : ctx.library.get(i.libraryIndicatorId);
    if (!lib || (lib.referenceMin === null && lib.referenceMax === null)) continue;
    const min = lib.referenceMin;
    const max = lib.referenceMax;
    let outside = false;
    if (COMPARABLE.includes(i.operator) && i.targetValue !== null) {
      outside = (min !== null && i.targetValue < min) || (max !== null && i.targetValue > max);
    } else if (i.operator === 'range') {
      outside =
        (min !== null && i.targetMin !== null && i.targetMin < min) ||
        (max !== null && i.targetMax !== null && i.targetMax > max);
    }
    if (outside) add('library-range', i.position, { min, max });
  }

  if (target.fiscalYear !== null) {
    const year = target.fiscalYear;
    for (const i of inds) {
      if (!COMPARABLE.includes(i.operator) || i.targetValue === null) continue;
      const earlier = ctx.history
        .filter((h) => h.name === i.name && h.fiscalYear < year)
        .sort((a, b) => b.fiscalYear - a.fiscalYear || a.position - b.position)[0];
      const h = earlier?.targetValue ?? null;
      if (
        earlier &&
        h !== null &&
        h !== 0 &&
        Math.abs(i.targetValue - h) / Math.abs(h) > q.historyDeviationShare
      ) {
        add('history-deviation', i.position, { history: h, historyYear: earlier.fiscalYear });
      }
    }
  }

  if (target.fiscalYear !== null && ctx.item.fiscalYearStart < ctx.item.fiscalYearEnd) {
    const cycle = ctx.cycle;
    if (cycle === null) add('cycle-consistency', null, { kind: 'missing' });
    else {
      const cycleInds = [...cycle.indicators].sort((a, b) => a.position - b.position);
      for (const i of inds) {
        const c = cycleInds.find((x) => x.name === i.name);
        if (!c) continue;
        if (c.unit !== i.unit) add('cycle-consistency', i.position, { kind: 'unit', cycleUnit: c.unit });
        else if (
          i.level2 === 'quantity' &&
          i.operator === 'gte' &&
          c.operator === 'gte' &&
          i.targetValue !== null &&
          c.targetValue !== null &&
          i.targetValue > c.targetValue
        ) {
          add('cycle-consistency', i.position, { kind: 'exceeds', cycleValue: c.targetValue });
        }
      }
    }
  }
  return sortFindings(out);
}

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** A finding as the user reads it: what is wrong and what to do about it. */
export function qualityMessage(
  f: Pick<QualityFinding, 'rule' | 'position' | 'params'>,
  target: {
    indicators: readonly Pick<
      QualityIndicator,
      'position' | 'name' | 'unit' | 'targetValue' | 'targetMin' | 'targetMax'
    >[];
  },
  config: PolicyConfig,
): string {
  const ind = f.position === null ? undefined : target.indicators.find((i) => i.position === f.position);
  const name = `指标“${ind?.name ?? ''}”`;
  const value = ind ? `${ind.targetValue ?? `${num(ind.targetMin)}–${num(ind.targetMax)}`}${ind.unit}` : '';
  const p = f.params;
  switch (f.rule) {
    case 'level1-complete':
      return p.level1 === 'satisfaction'
        ? '缺少满意度指标：面向社会公众提供服务的项目须设置服务对象满意度指标'
        : `缺少${INDICATOR_LEVEL1.labels[p.level1 as IndicatorLevel1]}，请至少设置一项`;
    case 'quantified-share': {
      const share = Number(p.quantified) / Number(p.total);
      return `定量指标${p.quantified}项，占${pct(share)}，低于${pct(config.targetQuality.minQuantifiedShare)}；请把定性指标细化量化`;
    }
    case 'weights-total': {
      const label = { total: '', output: '产出（含成本）', benefit: '效益', satisfaction: '满意度' }[
        p.bucket as 'total' | 'output' | 'benefit' | 'satisfaction'
      ];
      return `${label}指标权重合计${Number(p.actual) / 100}，应为${Number(p.want) / 100}（指标权重与预算执行率权重${config.selfEvaluationWeights.executionRate}合计须为100）`;
    }
    case 'construction-cost':
      return '基本建设投资项目须设置成本指标（如单位面积造价、投资概算控制率）';
    case 'duplicate-indicator':
      return `${name}重复，请合并或改名`;
    case 'unit-missing':
      return `${name}缺少计量单位`;
    case 'library-range':
      return `${name}目标值${value}超出指标库参考区间（${num(p.min) || '不限'}–${num(p.max) || '不限'}），请核实依据`;
    case 'history-deviation':
      return `${name}目标值${value}与本项目${p.historyYear}年度目标${p.history}${ind?.unit ?? ''}相差较大，请核实依据`;
    case 'cycle-consistency':
      if (p.kind === 'missing') return '多年度项目须先设置全周期绩效目标，年度目标须与之衔接';
      if (p.kind === 'unit') return `${name}计量单位“${ind?.unit ?? ''}”与全周期目标的“${p.cycleUnit}”不一致`;
      return `${name}年度目标${value}超过全周期目标${p.cycleValue}${ind?.unit ?? ''}`;
  }
}

const FIELD: Partial<Record<TargetQualityRule, string>> = {
  'duplicate-indicator': 'name',
  'unit-missing': 'unit',
  'library-range': 'targetValue',
  'history-deviation': 'targetValue',
};

/** The field a finding is about, as an input path (`indicators.3.unit`). */
export function qualityFieldPath(f: Pick<QualityFinding, 'rule' | 'position' | 'params'>): string {
  if (f.position === null) return 'indicators';
  const field =
    f.rule === 'cycle-consistency'
      ? f.params.kind === 'unit'
        ? 'unit'
        : 'targetValue'
      : (FIELD[f.rule] ?? 'name');
  return `indicators.${f.position}.${field}`;
}

/** Findings as field issues with their messages. */
export function qualityIssues(
  findings: readonly QualityFinding[],
  target: Parameters<typeof qualityMessage>[1],
  config: PolicyConfig,
): FieldIssue[] {
  return findings.map((f) => ({ path: qualityFieldPath(f), message: qualityMessage(f, target, config) }));
}
