import type { PolicyConfig } from '../policy-config.ts';
import {
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  type IndicatorLevel1,
  type IndicatorLevel2,
  type Operator,
  type QualitativeStatus,
} from '../vocabulary.ts';
import { checkSelfEvaluation, type SelfEvaluationCheck, type SelfEvaluationTable } from './check.ts';
import type { SelfEvaluationScheme } from './scheme.ts';

/** What the system knows about one indicator of the target version in force. */
export interface SelfEvaluationIndicatorSource {
  indicatorId: number;
  position: number;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  name: string;
  operator: Operator;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  targetText: string | null;
  unit: string;
  weight: number;
  /** The newest progress report, if any. */
  latest: {
    actualValue: number | null;
    qualitativeStatus: QualitativeStatus | null;
    reportedOn: string;
  } | null;
}

/** What the system knows about an item's year (EV-12): its budget row and its indicators. */
export interface SelfEvaluationSource {
  /** 年初预算数 (the approved amount), 全年预算数 (after adjustments), 全年执行数 (payments of the year). */
  budget: { initialFen: number; adjustedFen: number; executedFen: number };
  indicators: readonly SelfEvaluationIndicatorSource[];
}

/** One indicator row of a stored self-evaluation (项目支出绩效自评表, forms.md §3a). */
export interface SelfEvaluationLine {
  indicatorId: number | null;
  level1: string;
  level2: string;
  name: string;
  /** 年度指标值 as printed ("≥200套"). */
  target: string | null;
  /** The latest reported value as printed, and its date: what the officer starts from. */
  latest: string | null;
  latestOn: string | null;
  weight: number;
  /** 实际完成值 as the officer states it. */
  actual: string | null;
  /** 偏差原因 (required when the target is not met). */
  deviationReason: string | null;
}

export interface SelfEvaluationContent {
  budget: { initialFen: number; adjustedFen: number; executedFen: number };
  lines: SelfEvaluationLine[];
  /** 改进措施. */
  measures: string;
}

/** A number as officials print it: shortest form, no trailing zeros. */
const num = (v: number) => String(v);

/** 年度指标值 as printed from a stored indicator: ≥200套, ≤5300万元, =100%, 80-100%, 好. */
function printedTarget(i: {
  operator: Operator;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  targetText: string | null;
  unit: string;
}): string | null {
  switch (i.operator) {
    case 'gte':
      return i.targetValue === null ? null : `≥${num(i.targetValue)}${i.unit}`;
    case 'lte':
      return i.targetValue === null ? null : `≤${num(i.targetValue)}${i.unit}`;
    case 'eq':
      return i.targetValue === null ? null : `=${num(i.targetValue)}${i.unit}`;
    case 'range':
      return i.targetMin === null || i.targetMax === null
        ? null
        : `${num(i.targetMin)}${i.unit}-${num(i.targetMax)}${i.unit}`;
    case 'qualitative':
      return i.targetText && i.targetText.trim() !== '' ? i.targetText : null;
  }
}

const QUALITATIVE_PRINTED: Readonly<Record<QualitativeStatus, string>> = {
  met: '达成',
  partly_met: '部分达成',
  not_met: '未达成',
};

/** A progress report as printed: 180套, or the qualitative band's word. */
function printedReport(latest: SelfEvaluationIndicatorSource['latest'], unit: string): string | null {
  if (!latest) return null;
  if (latest.actualValue !== null) return `${num(latest.actualValue)}${unit}`;
  if (latest.qualitativeStatus !== null) return QUALITATIVE_PRINTED[latest.qualitativeStatus];
  return null;
}

/**
 * 准备绩效自评 (EV-12): the table an officer starts from, from what the system knows — the budget
 * row and every indicator of the target in force with its latest report; the actual values are
 * left for the officer. The set-based preparation in the database gives exactly this.
 */
export function prepareSelfEvaluation(source: SelfEvaluationSource): SelfEvaluationContent {
  const lines = [...source.indicators]
    .sort((a, b) => a.position - b.position || a.indicatorId - b.indicatorId)
    .map((i) => ({
      indicatorId: i.indicatorId,
      level1: INDICATOR_LEVEL1.labels[i.level1],
      level2: INDICATOR_LEVEL2.labels[i.level2],
      name: i.name,
      target: printedTarget(i),
      latest: printedReport(i.latest, i.unit),
      latestOn: i.latest?.reportedOn ?? null,
      weight: i.weight,
      actual: null,
      deviationReason: null,
    }));
  return { budget: { ...source.budget }, lines, measures: '' };
}

/** A stored self-evaluation as the table the check scores (money in fen: any one unit will do). */
function selfEvaluationTable(content: SelfEvaluationContent): SelfEvaluationTable {
  return {
    budget: {
      initial: content.budget.initialFen,
      adjusted: content.budget.adjustedFen,
      executed: content.budget.executedFen,
    },
    indicators: content.lines.map((l) => ({
      level1: l.level1,
      level2: l.level2,
      name: l.name,
      target: l.target,
      actual: l.actual,
      weight: l.weight,
    })),
  };
}

/** Scores a stored self-evaluation by the scheme (the same check every printed table goes through). */
export function scoreSelfEvaluation(
  content: SelfEvaluationContent,
  scheme: SelfEvaluationScheme,
  config: PolicyConfig,
): SelfEvaluationCheck {
  return checkSelfEvaluation(selfEvaluationTable(content), scheme, config);
}

/** Lines still without an actual value. */
export function missingActuals(content: SelfEvaluationContent): number {
  return content.lines.filter((l) => l.actual === null || l.actual.trim() === '').length;
}

/**
 * Lines whose actual falls short of the target (completion below 1) but give no 偏差原因: the
 * officer must explain every unmet target before submitting.
 */
export function unexplainedShortfalls(content: SelfEvaluationContent, check: SelfEvaluationCheck): number[] {
  const out: number[] = [];
  content.lines.forEach((l, i) => {
    const c = check.indicators[i]?.completion;
    if (c !== null && c !== undefined && c < 1 - 1e-9 && !(l.deviationReason ?? '').trim()) out.push(i);
  });
  return out;
}
