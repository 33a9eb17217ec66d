import { z } from 'zod';
import { gradeOf } from '../grading.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { optionalText, text } from '../schemas.ts';
import { DEPARTMENT_DIMENSIONS, type EvaluationMethod, type Grade } from '../vocabulary.ts';
import type { EvaluationConfig } from './config.ts';
import { aggregateScores } from './experts.ts';
import type { KeyEvaluationConfig } from './key-config.ts';
import { benchmark, compare, costBenefit, factorAnalysis, publicJudgement } from './methods.ts';

/** One scored line of a key evaluation's indicator system, under its first-level dimension. */
export interface EvaluationIndicatorLine {
  key: string;
  dimension: string;
  name: string;
  weight: number;
  scoring: string;
}

export const evaluationIndicatorLineSchema = z.strictObject({
  key: z
    .string('指标编号必须是文本')
    .regex(/^[A-Za-z0-9._-]{1,20}$/, '指标编号只能由字母、数字和 . _ - 组成（不超过20个字符）'),
  dimension: text('一级指标', 40),
  name: text('指标名称', 200),
  weight: z.number('分值必须是数字').positive('分值必须大于零').max(100, '分值不能超过100'),
  scoring: text('评分标准', 1000),
});

/** A template as plugins declare it (决策, 过程, 产出, 效益 …), flattened into numbered lines. */
export function linesFromTemplate(template: {
  dimensions: ReadonlyArray<{
    name: string;
    lines: ReadonlyArray<{ name: string; weight: number; scoring: string }>;
  }>;
}): EvaluationIndicatorLine[] {
  return template.dimensions.flatMap((d, di) =>
    d.lines.map((l, li) => ({
      key: `${di + 1}.${li + 1}`,
      dimension: d.name,
      name: l.name,
      weight: l.weight,
      scoring: l.scoring,
    })),
  );
}

const DEPARTMENT_LINES: Readonly<
  Record<(typeof DEPARTMENT_DIMENSIONS.values)[number], ReadonlyArray<[string, number, string]>>
> = {
  effectiveness: [
    ['部门职责履行和重点工作完成情况', 15, '年度重点工作全部完成得满分，每一项未完成扣3分'],
    ['部门整体绩效目标完成率', 15, '完成率×分值'],
  ],
  running_cost: [
    ['“三公”经费控制情况', 8, '不超预算得满分，超支按比例扣分'],
    ['日常公用经费控制情况', 7, '人均公用经费不高于上年得满分'],
  ],
  management_efficiency: [
    ['预算执行率', 10, '执行率×分值'],
    ['预算管理和资产管理规范性', 5, '制度健全、执行有效得满分；发现违规一处扣1分'],
    ['绩效管理工作开展情况', 5, '目标、监控、自评全覆盖得满分'],
  ],
  social_effect: [['社会效益和经济效益实现情况', 15, '对照部门整体目标逐项评判']],
  sustainability: [['长效管理机制和人才队伍建设', 10, '机制健全、人员稳定得满分']],
  satisfaction: [['服务对象满意度', 10, '满意度×分值']],
};

/** 部门整体绩效评价 (DW-1): the six dimensions of the department-wide target, 100 points in all. */
export function departmentEvaluationLines(): EvaluationIndicatorLine[] {
  return DEPARTMENT_DIMENSIONS.values.flatMap((d, di) =>
    DEPARTMENT_LINES[d].map(([name, weight, scoring], li) => ({
      key: `${di + 1}.${li + 1}`,
      dimension: DEPARTMENT_DIMENSIONS.labels[d],
      name,
      weight,
      scoring,
    })),
  );
}

export interface NamedIssue {
  path: string;
  message: string;
}

/** Problems of an indicator system as edited: unique numbers, weights adding up to 100 (EV-2, EV-7). */
export function indicatorSystemProblems(lines: readonly EvaluationIndicatorLine[]): NamedIssue[] {
  const issues: NamedIssue[] = [];
  if (lines.length === 0) issues.push({ path: 'lines', message: '评价指标体系不能为空' });
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.key)) issues.push({ path: `lines.${i}.key`, message: `指标编号 ${l.key} 重复` });
    seen.add(l.key);
  });
  const total = Math.round(lines.reduce((s, l) => s + l.weight, 0) * 100) / 100;
  if (lines.length > 0 && total !== 100) {
    issues.push({ path: 'lines', message: `各指标分值合计须为100分，现为${total}分` });
  }
  return issues;
}

/** Problems of one expert's line scores: a line that does not exist, a score above its weight. */
export function lineScoreProblems(
  lines: readonly EvaluationIndicatorLine[],
  scores: ReadonlyArray<{ lineKey: string; score: number }>,
): NamedIssue[] {
  const byKey = new Map(lines.map((l) => [l.key, l]));
  const issues: NamedIssue[] = [];
  scores.forEach((s, i) => {
    const line = byKey.get(s.lineKey);
    if (!line) issues.push({ path: `scores.${i}.lineKey`, message: `没有编号为 ${s.lineKey} 的指标` });
    else if (s.score > line.weight)
      issues.push({
        path: `scores.${i}.score`,
        message: `“${line.name}”得分${s.score}分，超过分值${line.weight}分`,
      });
  });
  return issues;
}

/** The lines an expert has not yet scored. */
export function unscoredLines(
  lines: readonly EvaluationIndicatorLine[],
  scored: ReadonlySet<string>,
): EvaluationIndicatorLine[] {
  return lines.filter((l) => !scored.has(l.key));
}

export interface KeyEvaluationScore {
  lines: Array<EvaluationIndicatorLine & { expertScores: number[]; score: number | null }>;
  dimensions: Array<{ name: string; weight: number; score: number }>;
  total: number;
  grade: Grade;
}

/**
 * The evaluation's score: each line's experts' scores by the configured rule (mean, trimmed
 * mean, median), lines summed by dimension and in total, graded (EV-2).
 */
export function scoreKeyEvaluation(
  lines: readonly EvaluationIndicatorLine[],
  expertScores: ReadonlyArray<ReadonlyMap<string, number>>,
  rule: EvaluationConfig['experts']['aggregation'],
  config: PolicyConfig,
): KeyEvaluationScore {
  const scored = lines.map((l) => {
    const xs = expertScores.map((m) => m.get(l.key)).filter((x): x is number => x !== undefined);
    return { ...l, expertScores: xs, score: aggregateScores(xs, rule) };
  });
  const dims = new Map<string, { name: string; weight: number; score: number }>();
  for (const l of scored) {
    const d = dims.get(l.dimension) ?? { name: l.dimension, weight: 0, score: 0 };
    d.weight += l.weight;
    d.score = Math.round((d.score + (l.score ?? 0)) * 100) / 100;
    dims.set(l.dimension, d);
  }
  const total = Math.round(scored.reduce((s, l) => s + (l.score ?? 0), 0) * 100) / 100;
  return { lines: scored, dimensions: [...dims.values()], total, grade: gradeOf(total, config) };
}

export interface QualityRating {
  total: number;
  outcome: 'keep' | 'suspend' | 'remove';
  reasons: string[];
}

/**
 * 执业质量评价 (§十三, DI-3): the bureau's marks on the checklist, each within its points; a total
 * below the configured floor suspends, misconduct removes (or suspends, as configured).
 */
export function rateQuality(
  marks: Readonly<Record<string, number>>,
  misconduct: boolean,
  cfg: { keyEvaluation: KeyEvaluationConfig; experts: EvaluationConfig['experts'] },
): QualityRating | { issues: NamedIssue[] } {
  const issues: NamedIssue[] = [];
  const list = cfg.keyEvaluation.qualityChecklist;
  for (const key of Object.keys(marks)) {
    if (!list.some((c) => c.key === key)) issues.push({ path: `marks.${key}`, message: '不是质量评分项' });
  }
  for (const c of list) {
    const m = marks[c.key];
    if (m === undefined) issues.push({ path: `marks.${c.key}`, message: `缺少“${c.name}”的评分` });
    else if (m < 0 || m > c.points)
      issues.push({ path: `marks.${c.key}`, message: `“${c.name}”须在0–${c.points}分之间` });
  }
  if (issues.length) return { issues };
  const total = Math.round(list.reduce((s, c) => s + (marks[c.key] as number), 0) * 100) / 100;
  const reasons: string[] = [];
  let outcome: QualityRating['outcome'] = 'keep';
  if (total < cfg.experts.suspendBelowRating) {
    outcome = 'suspend';
    reasons.push(`质量评分${total}分，低于${cfg.experts.suspendBelowRating}分`);
  }
  if (misconduct) {
    outcome = cfg.keyEvaluation.misconductRemoves ? 'remove' : 'suspend';
    reasons.push('存在违规执业行为');
  }
  return { total, outcome, reasons };
}

const finite = (label: string) =>
  z.number(`${label}必须是数字`).refine(Number.isFinite, `${label}必须是有限数`);

/** The inputs each method of §十四 takes, as recorded with an evaluation. */
export const evaluationMethodInputSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('cost_benefit'),
    inputs: z.strictObject({
      flows: z
        .array(
          z.strictObject({
            year: z.int('年份序号必须是整数').min(0).max(100),
            costFen: finite('成本（分）').min(0),
            benefitFen: finite('效益（分）').min(0),
          }),
        )
        .min(1, '至少一年的成本和效益')
        .max(100),
      discountRate: z.number('折现率必须是数字').min(0).max(1),
    }),
    note: optionalText('说明', 1000),
  }),
  z.strictObject({
    method: z.literal('comparison'),
    inputs: z.strictObject({
      actual: finite('实际值'),
      target: finite('目标值').nullable().optional(),
      history: z.array(finite('历史值')).max(50).optional(),
      peers: z.array(finite('同类值')).max(1000).optional(),
      higherIsBetter: z.boolean().optional(),
    }),
    note: optionalText('说明', 1000),
  }),
  z.strictObject({
    method: z.literal('factor_analysis'),
    inputs: z.strictObject({
      factors: z
        .array(
          z.strictObject({ name: text('因素名称', 60), planned: finite('计划值'), actual: finite('实际值') }),
        )
        .min(1, '至少一个因素')
        .max(10),
    }),
    note: optionalText('说明', 1000),
  }),
  z.strictObject({
    method: z.literal('public_judgement'),
    inputs: z.strictObject({
      answers: z.array(z.int('问卷答案须为1–5的整数').min(1).max(5)).min(1, '至少一份问卷').max(100_000),
    }),
    note: optionalText('说明', 1000),
  }),
  z.strictObject({
    method: z.literal('benchmarking'),
    inputs: z.strictObject({
      items: z
        .array(
          z.strictObject({
            id: z.int().positive(),
            name: text('名称', 100),
            unitCost: finite('单位成本').min(0),
            result: finite('产出或效果'),
          }),
        )
        .min(2, '至少两个可比对象')
        .max(1000),
    }),
    note: optionalText('说明', 1000),
  }),
]);
export type EvaluationMethodInput = z.output<typeof evaluationMethodInputSchema>;

/** Runs a method of §十四 (EV-8) on its inputs; the result is recorded with them. */
export function runEvaluationMethod(m: EvaluationMethodInput): { method: EvaluationMethod; result: unknown } {
  switch (m.method) {
    case 'cost_benefit':
      return { method: m.method, result: costBenefit(m.inputs) };
    case 'comparison':
      return { method: m.method, result: compare(m.inputs) };
    case 'factor_analysis':
      return { method: m.method, result: factorAnalysis(m.inputs.factors) };
    case 'public_judgement':
      return { method: m.method, result: publicJudgement(m.inputs.answers) };
    case 'benchmarking':
      return { method: m.method, result: benchmark(m.inputs.items) };
  }
}

/** EV-7 (财预〔2020〕10号 附件1) when the fund type declares no template: 决策 15, 过程 20, 产出 35, 效益 30. */
export function genericEvaluationLines(): EvaluationIndicatorLine[] {
  return linesFromTemplate({
    dimensions: [
      {
        name: '决策',
        lines: [
          { name: '项目立项', weight: 5, scoring: '立项依据充分、程序规范得满分' },
          { name: '绩效目标', weight: 5, scoring: '目标明确、细化量化得满分' },
          { name: '资金投入', weight: 5, scoring: '预算编制科学、资金分配合理得满分' },
        ],
      },
      {
        name: '过程',
        lines: [
          { name: '资金管理', weight: 10, scoring: '资金到位及时、使用合规得满分' },
          { name: '组织实施', weight: 10, scoring: '管理制度健全、执行有效得满分' },
        ],
      },
      {
        name: '产出',
        lines: [
          { name: '产出数量', weight: 10, scoring: '实际完成数÷计划数×分值' },
          { name: '产出质量', weight: 10, scoring: '达标率×分值' },
          { name: '产出时效', weight: 8, scoring: '按期完成得满分' },
          { name: '产出成本', weight: 7, scoring: '成本控制在预算内得满分' },
        ],
      },
      {
        name: '效益',
        lines: [
          { name: '实施效益', weight: 20, scoring: '对照效益目标逐项评判' },
          { name: '满意度', weight: 10, scoring: '满意度×分值' },
        ],
      },
    ],
  });
}

const yuan = (fen: number) => `${(fen / 1_000_000).toFixed(2)}万元`;
const pctOf = (x: number | null) => (x === null ? '—' : `${Math.round(x * 10_000) / 100}%`);

/** A method's result in one sentence, as the report prints it. */
export function describeMethodResult(method: EvaluationMethod, result: unknown): string {
  const r = result as Record<string, unknown>;
  switch (method) {
    case 'cost_benefit':
      return `效益现值${yuan(r.presentBenefitFen as number)}，成本现值${yuan(r.presentCostFen as number)}，净现值${yuan(
        r.netPresentValueFen as number,
      )}，效益成本比${r.benefitCostRatio ?? '—'}`;
    case 'comparison':
      return `较目标${pctOf(r.againstTarget as number | null)}，较历史均值${pctOf(
        r.againstHistory as number | null,
      )}，较同类均值${pctOf(r.againstPeers as number | null)}，优于${pctOf(r.peerPercentile as number | null)}的同类`;
    case 'factor_analysis':
      return `计划${r.planned}，实际${r.actual}，差异${r.gap}；其中${(
        r.contributions as Array<{ name: string; contribution: number }>
      )
        .map((c) => `${c.name}影响${c.contribution}`)
        .join('，')}`;
    case 'public_judgement':
      return `有效问卷${r.responses}份，满意率${pctOf(r.satisfiedShare as number | null)}（误差±${pctOf(
        r.marginOfError as number | null,
      )}），平均${r.meanScore ?? '—'}分`;
    case 'benchmarking': {
      const rows = result as Array<{
        name?: string;
        costRank: number;
        resultRank: number;
        benchmark: boolean;
      }>;
      const best = rows.filter((x) => x.benchmark).map((x) => x.name ?? '');
      return `共${rows.length}个可比对象，${best.length ? `标杆为${best.join('、')}` : '无同时成本最低、效果最好的标杆'}`;
    }
  }
}
