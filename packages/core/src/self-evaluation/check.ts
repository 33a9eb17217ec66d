import { gradeOf } from '../grading.ts';
import { quantitativeCompletion } from '../indicators.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { GRADES, type Grade, type Operator } from '../vocabulary.ts';
import {
  type PrintedValue,
  parsePrintedValue,
  type QualitativeLevel,
  type QualitativeWords,
  unitFactor,
} from './printed-value.ts';
import type { SelfEvaluationScheme } from './scheme.ts';

/** A self-evaluation table as printed (项目支出绩效自评表, forms.md §3a). Money in any one unit. */
export interface SelfEvaluationTable {
  budget: {
    initial?: number | null;
    adjusted?: number | null;
    executed?: number | null;
    weight?: number | null;
    printedScore?: number | null;
  };
  indicators: ReadonlyArray<{
    level1: string;
    level2?: string | null;
    name: string;
    target: string | null;
    actual: string | null;
    weight?: number | null;
    printedScore?: number | null;
  }>;
  printedTotal?: number | null;
}

export type SelfEvaluationProblemCode =
  | 'unreadable_budget'
  | 'budget_weight'
  | 'budget_score_mismatch'
  | 'missing_target'
  | 'unreadable_target'
  | 'missing_actual'
  | 'unreadable_actual'
  | 'unit_mismatch'
  | 'missing_weight'
  | 'score_above_weight'
  | 'met_scored_below_weight'
  | 'unmet_scored_full'
  | 'score_mismatch'
  | 'weights_sum'
  | 'level1_weights'
  | 'level1_unknown'
  | 'total_mismatch';

export interface SelfEvaluationProblem {
  code: SelfEvaluationProblemCode;
  /** Index into `indicators`; -1 is the budget row; null is the whole table. */
  row: number | null;
  message: string;
}

export interface SelfEvaluationCheck {
  budget: { rate: number | null; score: number | null };
  indicators: Array<{ completion: number | null; score: number | null; method: string }>;
  total: number | null;
  grade: { code: Grade; label: string } | null;
  problems: SelfEvaluationProblem[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const EPS = 1e-6;
/** Printed scores carry two decimals; a difference within this is rounding. */
const ROUNDING = 0.011;

/** A printed level-1 name as a block key: "产出指标（50分）" → "产出". */
function level1Key(printed: string): string {
  return printed
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)$/, '')
    .replace(/指标$/, '');
}

interface Judged {
  completion: number | null;
  method: string;
  /** How the completion was reached: measured against a number, or by a qualitative band. */
  basis: 'quantity' | QualitativeLevel | null;
  problem?: { code: SelfEvaluationProblemCode; message: string };
}

const METHODS: Record<Operator, string> = {
  gte: '正向指标：实际值÷目标值，达到目标得满分',
  lte: '反向指标：目标值÷实际值，不超过目标得满分',
  eq: '等于目标：按偏离目标的比例扣减',
  range: '区间指标：区间内得满分，超出按偏离比例扣减',
  qualitative: '定性指标：按达成档次计分',
};
const BAND_METHOD = '按实际完成情况所属档次计分（达成、部分达成、未达成）';

function bandCompletion(level: QualitativeLevel, config: PolicyConfig): number {
  const b = config.qualitativeBands;
  return level === 'met' ? b.met : level === 'partly_met' ? b.partlyMet : b.notMet;
}

/** The share of its weight a band allows: 达成 [partly, met], 部分达成 [notMet, partly], 未达成 [0, notMet]. */
function bandRange(level: QualitativeLevel, config: PolicyConfig): [number, number] {
  const b = config.qualitativeBands;
  if (level === 'met') return [b.partlyMet, b.met];
  if (level === 'partly_met') return [b.notMet, b.partlyMet];
  return [0, b.notMet];
}

function judge(
  target: PrintedValue | null,
  actual: PrintedValue | null,
  isCost: boolean,
  scheme: SelfEvaluationScheme,
  config: PolicyConfig,
): Judged {
  const none = (code: SelfEvaluationProblemCode, message: string): Judged => ({
    completion: null,
    method: '无法计算',
    basis: null,
    problem: { code, message },
  });
  if (target === null) return none('missing_target', '未填写年度指标值');
  if (actual === null) return none('missing_actual', '未填写实际完成值');
  if (actual.kind === 'text') {
    const level = actual.level ?? (target.kind === 'text' && target.text === actual.text ? 'met' : null);
    if (level === null) return none('unreadable_actual', `实际完成值“${actual.text}”无法判断是否达成目标`);
    return { completion: bandCompletion(level, config), method: BAND_METHOD, basis: level };
  }
  if (target.kind === 'text') {
    return none('unreadable_actual', '年度指标值为定性描述，实际完成值却是数值，无法比较');
  }
  if (actual.kind === 'range') return none('unreadable_actual', '实际完成值应为一个数值，不能是区间');
  const factor = unitFactor(actual.unit, target.unit);
  if (factor === null) {
    return none('unit_mismatch', `实际完成值的单位“${actual.unit}”与指标值的单位“${target.unit}”不一致`);
  }
  const value = actual.value * factor;
  if (target.kind === 'range') {
    const completion = quantitativeCompletion(
      {
        name: '',
        level1: 'output',
        level2: 'quantity',
        operator: 'range',
        weight: 0,
        targetMin: target.min,
        targetMax: target.max,
      },
      value,
    );
    return { completion, method: METHODS.range, basis: 'quantity' };
  }
  const printed = target.operator;
  const operator: Operator =
    printed === 'gte' || printed === 'gt'
      ? 'gte'
      : printed === 'lte' || printed === 'lt'
        ? 'lte'
        : isCost
          ? 'lte'
          : printed === 'eq'
            ? 'eq'
            : scheme.bareTargetOperator;
  const completion = quantitativeCompletion(
    { name: '', level1: 'output', level2: 'quantity', operator, weight: 0, targetValue: target.value },
    value,
  );
  return { completion, method: METHODS[operator], basis: 'quantity' };
}

/** Weights of the rows: printed per row, or each block's points split evenly. */
function rowWeights(table: SelfEvaluationTable, scheme: SelfEvaluationScheme): Array<number | null> {
  if (scheme.indicatorWeights === 'per_row') return table.indicators.map((r) => r.weight ?? null);
  const counts = new Map<string, number>();
  for (const r of table.indicators)
    counts.set(level1Key(r.level1), (counts.get(level1Key(r.level1)) ?? 0) + 1);
  return table.indicators.map((r) => {
    if (r.weight !== null && r.weight !== undefined) return r.weight;
    const key = level1Key(r.level1);
    const points = scheme.level1[key];
    return points === undefined ? null : round2(points / (counts.get(key) ?? 1));
  });
}

function weightProblems(
  table: SelfEvaluationTable,
  scheme: SelfEvaluationScheme,
  budgetWeight: number,
  weights: ReadonlyArray<number | null>,
): SelfEvaluationProblem[] {
  if (weights.some((w) => w === null)) return [];
  const problems: SelfEvaluationProblem[] = [];
  const blocks = new Map<string, { sum: number; firstRow: number }>();
  table.indicators.forEach((r, i) => {
    const printed = level1Key(r.level1);
    const key = scheme.countsToward[printed] ?? printed;
    const b = blocks.get(key) ?? { sum: 0, firstRow: i };
    b.sum += weights[i] ?? 0;
    blocks.set(key, b);
  });
  const schemeBlocks = Object.entries(scheme.level1);
  const expectedTotal = schemeBlocks.length
    ? budgetWeight + schemeBlocks.reduce((s, [, p]) => s + p, 0)
    : 100;
  const total = budgetWeight + [...blocks.values()].reduce((s, b) => s + b.sum, 0);
  if (Math.abs(total - expectedTotal) > ROUNDING) {
    problems.push({
      code: 'weights_sum',
      row: null,
      message: `预算执行率与各项指标的分值合计${round2(total)}分，应为${round2(expectedTotal)}分`,
    });
  }
  if (!schemeBlocks.length) return problems;
  for (const [key, b] of blocks) {
    if (scheme.level1[key] === undefined) {
      problems.push({
        code: 'level1_unknown',
        row: b.firstRow,
        message: `一级指标“${key}”不在评分方案“${scheme.name}”中`,
      });
    }
  }
  if (!scheme.checkLevel1Split) return problems;
  const expected = new Map(schemeBlocks);
  for (const [absent, to] of Object.entries(scheme.movesToWhenAbsent)) {
    if (!blocks.has(absent) && expected.has(absent)) {
      expected.set(to, (expected.get(to) ?? 0) + (expected.get(absent) ?? 0));
      expected.delete(absent);
    }
  }
  for (const [key, points] of expected) {
    const actual = blocks.get(key)?.sum ?? 0;
    if (Math.abs(actual - points) > ROUNDING) {
      problems.push({
        code: 'level1_weights',
        row: blocks.get(key)?.firstRow ?? null,
        message: `${key}指标分值合计${round2(actual)}分，评分方案规定为${round2(points)}分`,
      });
    }
  }
  return problems;
}

function printedScoreProblems(
  label: string,
  row: number,
  printed: number,
  weight: number,
  score: number | null,
  judged: Judged,
  scheme: SelfEvaluationScheme,
  config: PolicyConfig,
): SelfEvaluationProblem[] {
  const at = (code: SelfEvaluationProblemCode, message: string): SelfEvaluationProblem[] => [
    { code, row, message: `${label}：${message}` },
  ];
  if (printed > weight + EPS) return at('score_above_weight', `得分${printed}分超过其分值${weight}分`);
  if (judged.basis === null || judged.completion === null || score === null) return [];
  if (judged.basis === 'quantity') {
    if (judged.completion >= 1 - EPS && printed < weight - ROUNDING) {
      return at('met_scored_below_weight', `已达到年度指标值，应得满分${weight}分，填报得分${printed}分`);
    }
    if (judged.completion < 1 - EPS && printed >= weight - EPS) {
      return at(
        'unmet_scored_full',
        `未达到年度指标值（完成${round2(judged.completion * 100)}%），却得满分${weight}分`,
      );
    }
    if (Math.abs(printed - score) > scheme.scoreTolerance) {
      return at('score_mismatch', `按评分规则应得${score}分，填报得分${printed}分`);
    }
    return [];
  }
  const [lo, hi] = bandRange(judged.basis, config);
  if (judged.basis !== 'met' && printed >= weight - EPS) {
    return at('unmet_scored_full', '实际完成情况未完全达成目标，却得满分');
  }
  if (printed < lo * weight - ROUNDING || printed > hi * weight + ROUNDING) {
    const code = judged.basis === 'met' ? 'met_scored_below_weight' : 'score_mismatch';
    return at(
      code,
      `所属档次得分应在${round2(lo * weight)}–${round2(hi * weight)}分之间，填报得分${printed}分`,
    );
  }
  return [];
}

/**
 * Scores a printed self-evaluation table and lists what is wrong with it, writing nothing: the
 * budget row (执行率 × weight, EV-4), every indicator by its operator or qualitative band (EV-5,
 * EV-6), the total and its grade (EV-2), and the mistakes published tables often contain.
 */
export function checkSelfEvaluation(
  table: SelfEvaluationTable,
  scheme: SelfEvaluationScheme,
  config: PolicyConfig,
): SelfEvaluationCheck {
  const problems: SelfEvaluationProblem[] = [];
  const words: QualitativeWords = scheme.qualitativeWords;

  const b = table.budget;
  const budgetWeight = b.weight ?? scheme.budgetWeight;
  if (b.weight !== null && b.weight !== undefined && Math.abs(b.weight - scheme.budgetWeight) > EPS) {
    problems.push({
      code: 'budget_weight',
      row: -1,
      message: `预算执行率分值为${b.weight}分，评分方案“${scheme.name}”规定为${scheme.budgetWeight}分`,
    });
  }
  const budgeted = b.adjusted ?? b.initial ?? null;
  let rate: number | null = null;
  let budgetScore: number | null = null;
  if (
    budgeted === null ||
    budgeted <= 0 ||
    b.executed === null ||
    b.executed === undefined ||
    b.executed < 0
  ) {
    problems.push({
      code: 'unreadable_budget',
      row: -1,
      message: '预算执行率：须填写大于零的全年预算数和全年执行数',
    });
  } else {
    rate = Math.round((b.executed / budgeted) * 10_000) / 10_000;
    budgetScore = round2(budgetWeight * Math.min(1, b.executed / budgeted));
  }
  if (b.printedScore !== null && b.printedScore !== undefined) {
    if (b.printedScore > budgetWeight + EPS) {
      problems.push({
        code: 'score_above_weight',
        row: -1,
        message: `预算执行率：得分${b.printedScore}分超过其分值${budgetWeight}分`,
      });
    } else if (budgetScore !== null && Math.abs(b.printedScore - budgetScore) > 0.05) {
      problems.push({
        code: 'budget_score_mismatch',
        row: -1,
        message: `预算执行率：执行率${round2((rate ?? 0) * 100)}% × 分值${budgetWeight}分应得${budgetScore}分，填报得分${b.printedScore}分`,
      });
    }
  }

  const weights = rowWeights(table, scheme);
  const indicators = table.indicators.map((r, i) => {
    const label = `第${i + 1}项指标“${r.name}”`;
    const target = parsePrintedValue(r.target, words);
    const actual = parsePrintedValue(r.actual, words);
    const isCost = level1Key(r.level1) === '成本' || (r.level2 ?? '').includes('成本');
    const judged = judge(target, actual, isCost, scheme, config);
    if (judged.problem)
      problems.push({ code: judged.problem.code, row: i, message: `${label}：${judged.problem.message}` });
    const weight = weights[i] ?? null;
    if (weight === null) {
      problems.push({ code: 'missing_weight', row: i, message: `${label}：未填写分值（权重）` });
    }
    const score = weight !== null && judged.completion !== null ? round2(weight * judged.completion) : null;
    if (r.printedScore !== null && r.printedScore !== undefined && weight !== null) {
      problems.push(...printedScoreProblems(label, i, r.printedScore, weight, score, judged, scheme, config));
    }
    return {
      completion: judged.completion === null ? null : Math.round(judged.completion * 10_000) / 10_000,
      score,
      method: judged.method,
    };
  });

  problems.push(...weightProblems(table, scheme, budgetWeight, weights));

  const printedParts = [b.printedScore, ...table.indicators.map((r) => r.printedScore)];
  if (
    table.printedTotal !== null &&
    table.printedTotal !== undefined &&
    printedParts.every((p) => p !== null && p !== undefined)
  ) {
    const sum = round2(printedParts.reduce<number>((s, p) => s + (p ?? 0), 0));
    if (Math.abs(sum - table.printedTotal) > ROUNDING) {
      problems.push({
        code: 'total_mismatch',
        row: null,
        message: `总分填报为${table.printedTotal}分，各项得分相加为${sum}分`,
      });
    }
  }

  const parts = [budgetScore, ...indicators.map((r) => r.score)];
  const total = parts.every((p) => p !== null)
    ? round2(parts.reduce<number>((s, p) => s + (p ?? 0), 0))
    : null;
  const grade = total === null ? null : gradeOf(total, config);
  return {
    budget: { rate, score: budgetScore },
    indicators,
    total,
    grade: grade === null ? null : { code: grade, label: GRADES.labels[grade] },
    problems,
  };
}
