import { z } from 'zod';
import type { FieldIssue } from '../errors.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { idSchema, optionalText } from '../schemas.ts';
import { EX_ANTE_CONCLUSIONS, type ExAnteConclusion, type ItemKind } from '../vocabulary.ts';
import type { ExAnteDimension } from './config.ts';

/**
 * A pass/fail dimension a fund-type plugin adds to the assessment (PPP 物有所值评价 and
 * 财政承受能力论证, debt 收益与融资自求平衡). Its key is `<plugin id>:<dimension id>`.
 */
export interface ExAnteVerdictDimension {
  key: string;
  name: string;
  guidance: string;
  source: string;
}

const MAX_CHANGES = 30;

/** What an assessor records: scores, plugin verdicts, findings, conclusion, changes, report. */
export const assessmentContentSchema = z.strictObject({
  scores: z
    .record(z.string().max(40), z.number('得分必须是数字').min(0, '得分不能为负数'))
    .refine((r) => Object.keys(r).length <= 20, '评估维度不能超过20个')
    .default({}),
  verdicts: z
    .record(
      z.string().max(80),
      z.strictObject({
        passed: z.boolean('须填写是否通过'),
        note: optionalText('说明', 1000),
      }),
    )
    .refine((r) => Object.keys(r).length <= 20, '专项论证不能超过20项')
    .default({}),
  findings: z.string('评估发现必须是文本').trim().max(5000, '评估发现不能超过5000个字符').default(''),
  conclusion: EX_ANTE_CONCLUSIONS.schema.nullable().default(null),
  overrideReason: optionalText('调整结论的理由', 1000),
  requiredChanges: z
    .array(
      z
        .string('调整完善事项必须是文本')
        .trim()
        .min(1, '调整完善事项不能为空')
        .max(500, '每项调整完善事项不能超过500个字符'),
    )
    .max(MAX_CHANGES, `调整完善事项不能超过${MAX_CHANGES}项`)
    .default([]),
  reportAttachmentIds: z.array(idSchema).max(10, '评估报告附件不能超过10个').default([]),
});
export type AssessmentContent = z.output<typeof assessmentContentSchema>;

/** The dimension's name as the item's kind calls it (EA-1: policies use adapted names). */
export function dimensionName(d: ExAnteDimension, kind: ItemKind): string {
  return kind === 'policy' ? d.policyName : d.name;
}

export interface AssessmentScore {
  /** Sum of the dimension scores, two decimals. */
  total: number;
  /** From the bands (EA-3); 不予支持 whenever a plugin verdict failed. */
  computedConclusion: ExAnteConclusion;
  /** The conclusion that stands: the assessor's when given, else the computed one. */
  conclusion: ExAnteConclusion;
  overridden: boolean;
  failedVerdicts: string[];
}

/** Total and conclusion of an assessment (EA-3, EA-7). */
export function scoreAssessment(
  content: Pick<AssessmentContent, 'scores' | 'verdicts' | 'conclusion'>,
  verdictDimensions: readonly ExAnteVerdictDimension[],
  config: PolicyConfig,
): AssessmentScore {
  const cents = config.exAnte.dimensions.reduce(
    (s, d) => s + Math.round((content.scores[d.id] ?? 0) * 100),
    0,
  );
  const total = cents / 100;
  const failedVerdicts = verdictDimensions
    .filter((v) => content.verdicts[v.key]?.passed === false)
    .map((v) => v.name);
  const bands = config.exAnte.bands;
  const computedConclusion: ExAnteConclusion =
    failedVerdicts.length > 0
      ? 'reject'
      : total >= bands.support
        ? 'support'
        : total >= bands.supportAfterRevision
          ? 'support_after_revision'
          : 'reject';
  const conclusion = content.conclusion ?? computedConclusion;
  return {
    total,
    computedConclusion,
    conclusion,
    overridden: conclusion !== computedConclusion,
    failedVerdicts,
  };
}

/**
 * What is wrong in recorded content whatever its stage: scores of unknown dimensions, above a
 * dimension's points or with more than two decimals; verdicts the fund type does not have.
 */
export function assessmentContentIssues(
  content: Pick<AssessmentContent, 'scores' | 'verdicts'>,
  verdictDimensions: readonly ExAnteVerdictDimension[],
  kind: ItemKind,
  config: PolicyConfig,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const dims = new Map(config.exAnte.dimensions.map((d) => [d.id, d]));
  for (const [key, score] of Object.entries(content.scores)) {
    const d = dims.get(key);
    if (!d) {
      issues.push({ path: `scores.${key}`, message: '不是本地区配置的评估维度' });
      continue;
    }
    const name = dimensionName(d, kind);
    if (score > d.weight) {
      issues.push({ path: `scores.${key}`, message: `“${name}”得分${score}超过该维度分值${d.weight}` });
    } else if (Math.round(score * 100) !== score * 100) {
      issues.push({ path: `scores.${key}`, message: `“${name}”得分最多保留两位小数` });
    }
  }
  const verdictKeys = new Set(verdictDimensions.map((v) => v.key));
  for (const key of Object.keys(content.verdicts)) {
    if (!verdictKeys.has(key))
      issues.push({ path: `verdicts.${key}`, message: '该资金类型没有这项专项论证' });
  }
  return issues;
}

/**
 * What keeps an assessment from being submitted, each naming its field: valid content, every
 * dimension scored, every plugin verdict given, findings written, the report attached, an
 * overridden conclusion explained, and 调整完善 changes listed exactly when that is the conclusion.
 */
export function assessmentSubmitProblems(
  content: AssessmentContent,
  verdictDimensions: readonly ExAnteVerdictDimension[],
  kind: ItemKind,
  config: PolicyConfig,
): FieldIssue[] {
  const issues = assessmentContentIssues(content, verdictDimensions, kind, config);
  for (const d of config.exAnte.dimensions) {
    if (content.scores[d.id] === undefined) {
      issues.push({ path: `scores.${d.id}`, message: `未给“${dimensionName(d, kind)}”打分` });
    }
  }
  for (const v of verdictDimensions) {
    if (!content.verdicts[v.key])
      issues.push({ path: `verdicts.${v.key}`, message: `未填写“${v.name}”结论` });
  }
  if (!content.findings) issues.push({ path: 'findings', message: '须填写评估发现和意见' });
  if (config.exAnte.requireReport && content.reportAttachmentIds.length === 0) {
    issues.push({ path: 'reportAttachmentIds', message: '须上传事前绩效评估报告' });
  }
  const score = scoreAssessment(content, verdictDimensions, config);
  if (score.overridden && !content.overrideReason) {
    issues.push({
      path: 'overrideReason',
      message: `按得分${score.total}分应为“${EX_ANTE_CONCLUSIONS.labels[score.computedConclusion]}”，改为“${EX_ANTE_CONCLUSIONS.labels[score.conclusion]}”须说明理由`,
    });
  }
  if (score.conclusion === 'support_after_revision' && content.requiredChanges.length === 0) {
    issues.push({ path: 'requiredChanges', message: '结论为“调整完善后予以支持”，须逐项列出调整完善事项' });
  }
  if (score.conclusion !== 'support_after_revision' && content.requiredChanges.length > 0) {
    issues.push({ path: 'requiredChanges', message: '只有“调整完善后予以支持”的结论才列调整完善事项' });
  }
  return issues;
}

/** What review checks and plugins see of an ex-ante assessment. */
export interface ExAnteAssessmentInput {
  conclusion: ExAnteConclusion;
  /** The findings and opinion. */
  summary: string;
  /** Points per dimension id. */
  scores?: Readonly<Record<string, number>>;
  totalScore?: number | null;
  /** Plugin pass/fail dimensions by key (`ppp:value-for-money`). */
  verdicts?: Readonly<Record<string, { passed: boolean; note?: string | undefined }>>;
}

/** A department's answers to the 调整完善 changes an accepted assessment listed (EA-8). */
export const changeResponsesSchema = z.strictObject({
  responses: z
    .array(
      z.strictObject({
        changeId: z.int('事项编号必须是整数').positive('事项编号必须是正整数'),
        response: z
          .string('答复必须是文本')
          .trim()
          .min(1, '答复不能为空')
          .max(2000, '答复不能超过2000个字符'),
        attachmentIds: z.array(idSchema).max(10, '佐证材料不能超过10个').default([]),
      }),
    )
    .min(1, '至少答复一项')
    .max(MAX_CHANGES),
});
export type ChangeResponses = z.output<typeof changeResponsesSchema>;
