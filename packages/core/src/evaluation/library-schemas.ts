import { z } from 'zod';
import { idSchema, optionalText, text } from '../schemas.ts';
import { EVALUATION_CARRIERS, EVALUATION_KINDS } from '../vocabulary.ts';
import { evaluationIndicatorLineSchema } from './key.ts';

const date = (label: string) => z.iso.date(`${label}须为日期（YYYY-MM-DD）`);

/** 评价专家 as the finance bureau records it in the library (seed §十三). */
export const expertInputSchema = z.strictObject({
  name: text('姓名', 40),
  fields: z.array(text('专业领域', 40)).min(1, '至少填写一个专业领域').max(10, '专业领域不超过10个'),
  title: text('职称', 40),
  employer: text('工作单位', 100),
  /** The employer's org unit when it is one of ours (conflicts of interest are checked against it). */
  employerOrgUnitId: idSchema.optional(),
  /** The institution the expert works for, when they are its staff. */
  institutionId: idSchema.optional(),
  /** The user they sign in as, if any (to be notified and to score in chat). */
  userId: idSchema.optional(),
  phone: optionalText('联系电话', 40),
});
export type ExpertInput = z.output<typeof expertInputSchema>;

export const expertUpdateSchema = expertInputSchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, '至少修改一个字段');
export type ExpertUpdate = z.output<typeof expertUpdateSchema>;

/** 执业记录: work an expert or institution did for an org unit (inside or outside the system). */
export const pastWorkInputSchema = z.strictObject({
  orgUnitId: idSchema,
  description: text('工作内容', 200),
  endedOn: date('结束日期'),
});
export type PastWorkInput = z.output<typeof pastWorkInputSchema>;

/** Library details of an institution beyond name and credentials (§十三). */
export const institutionProfileSchema = z
  .strictObject({
    qualifications: z.array(text('资质', 100)).max(20, '资质不超过20项').optional(),
    staffCount: z.int('从业人员数须为整数').min(0).max(100_000).optional(),
    fields: z.array(text('擅长领域', 40)).max(10).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '至少修改一个字段');
export type InstitutionProfile = z.output<typeof institutionProfileSchema>;

/** 执业质量评价 after a job: marks by checklist key, misconduct, a note. */
export const qualityRatingInputSchema = z.strictObject({
  evaluationId: idSchema.optional(),
  /** The spot-check review (抽查复核) rated, for an expert who re-scored a sampled self-evaluation. */
  spotCheckEntryId: idSchema.optional(),
  marks: z.record(z.string().max(40), z.number('评分必须是数字').min(0)),
  misconduct: z.boolean('是否违规须为是或否').default(false),
  note: optionalText('评价说明', 1000),
});
export type QualityRatingInput = z.output<typeof qualityRatingInputSchema>;

/** 暂停、恢复或清退 by the bureau's decision (misconduct reported outside a rating). */
export const evaluatorStatusInputSchema = z.strictObject({
  status: z.enum(['active', 'suspended', 'removed'], '状态须为 active、suspended 或 removed'),
  reason: text('原因', 500),
});
export type EvaluatorStatusInput = z.output<typeof evaluatorStatusInputSchema>;

/** 重点评价立项 by the finance bureau. */
export const keyEvaluationCreateSchema = z
  .strictObject({
    kind: EVALUATION_KINDS.schema,
    title: text('评价名称', 200),
    /** The item evaluated (project, policy or special transfer); for a department-wide one, none. */
    itemId: idSchema.optional(),
    /** The department evaluated as a whole. */
    departmentId: idSchema.optional(),
    fiscalYear: z.int('评价年度须为整数').min(2000).max(2100),
    carrier: EVALUATION_CARRIERS.schema,
    institutionId: idSchema.optional(),
    aggregation: z.enum(['mean', 'trimmed_mean', 'median']).optional(),
    dueOn: date('完成期限').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'department' && v.departmentId === undefined)
      ctx.addIssue({ code: 'custom', path: ['departmentId'], message: '部门整体评价须指定被评价部门' });
    if (v.kind !== 'department' && v.itemId === undefined)
      ctx.addIssue({ code: 'custom', path: ['itemId'], message: '须指定被评价的项目、政策或专项资金' });
    if (v.carrier === 'third_party' && v.institutionId === undefined)
      ctx.addIssue({ code: 'custom', path: ['institutionId'], message: '委托第三方评价须指定第三方机构' });
  });
export type KeyEvaluationCreate = z.output<typeof keyEvaluationCreateSchema>;

export const evaluationIndicatorsInputSchema = z.strictObject({
  lines: z.array(evaluationIndicatorLineSchema).min(1, '评价指标体系不能为空').max(200),
});

export const lineScoresInputSchema = z.strictObject({
  scores: z
    .array(
      z.strictObject({
        lineKey: z.string('指标编号必须是文本').max(20),
        score: z.number('得分必须是数字').min(0, '得分不能为负数').refine(Number.isFinite),
        comment: optionalText('评分说明', 500),
      }),
    )
    .min(1, '至少给一项指标打分')
    .max(200),
  /** true: these are final and the expert's scoring is submitted (every line must be scored). */
  submit: z.boolean().default(false),
});
export type LineScoresInput = z.output<typeof lineScoresInputSchema>;

export const findingsInputSchema = z.strictObject({
  findings: text('评价发现的问题', 5000),
  recommendations: text('意见建议', 5000),
  summary: optionalText('评价结论摘要', 2000),
  evidence: z
    .array(z.strictObject({ title: text('证据名称', 200), attachmentId: idSchema.optional() }))
    .max(200)
    .default([]),
});
export type FindingsInput = z.output<typeof findingsInputSchema>;

const fenField = (label: string) =>
  z
    .int(`${label}须为整数（分）`)
    .min(0, `${label}不能为负数`)
    .max(Number.MAX_SAFE_INTEGER)
    .nullable()
    .optional();

/** 地区财政运行数据 as the finance bureau maintains them (DW-2). */
export const fiscalFactsInputSchema = z
  .strictObject({
    generalBudgetRevenueFen: fenField('一般公共预算收入'),
    taxRevenueFen: fenField('税收收入'),
    generalBudgetExpenditureFen: fenField('一般公共预算支出'),
    comprehensiveFinancialResourcesFen: fenField('综合财力'),
    debtBalanceFen: fenField('债务余额'),
    basicGuaranteesArrangedFen: fenField('“三保”已安排支出'),
    basicGuaranteesNeededFen: fenField('“三保”支出需求'),
    treasuryCashFen: fenField('库款余额'),
    monthlyExpenditureFen: fenField('月均支出'),
    executionRateBp: z.int('预算执行率须为整数（万分比）').min(0).max(20_000).nullable().optional(),
    managementScore: z.number('绩效管理工作得分必须是数字').min(0).max(100).nullable().optional(),
    transferFormulaFen: fenField('转移支付因素法测算数'),
  })
  .refine((v) => Object.keys(v).length > 0, '至少填写一项财政运行数据');
export type FiscalFactsInput = z.output<typeof fiscalFactsInputSchema>;
