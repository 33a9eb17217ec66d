import { z } from 'zod';
import { parseIsoDate } from './calendar.ts';
import { indicatorInputSchema } from './indicators.ts';
import { fenSchema } from './money.ts';
import {
  COMPLETION_LIKELIHOOD,
  DEVIATION_REASONS,
  itemKindSchema,
  orgKindSchema,
  PAYMENT_SOURCES,
  QUALITATIVE_STATUSES,
  ROLES,
  regionLevelSchema,
  roleSchema,
  SECTORS,
} from './vocabulary.ts';

/** Trimmed, non-empty, bounded text with a Chinese message naming the field. */
export const text = (label: string, max: number) =>
  z.string(`${label}必须是文本`).trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}个字符`);

export const optionalText = (label: string, max: number) =>
  z.string(`${label}必须是文本`).trim().max(max, `${label}不能超过${max}个字符`).optional();

export const idSchema = z.int('编号必须是整数').positive('编号必须是正整数').max(Number.MAX_SAFE_INTEGER);

/**
 * An id as it arrives in a path or query string: plain decimal digits only, so `0x1F`, ` 1`,
 * `1e3` or `00001` are refused rather than coerced into some other record's number.
 */
export const decimalIdSchema = z
  .string('编号必须是十进制正整数')
  .regex(/^[1-9][0-9]{0,15}$/, '编号必须是十进制正整数（不含前导零、空格、符号或其他进制）')
  .transform(Number)
  .pipe(idSchema);

export const isoDateSchema = z
  .string('日期必须是 YYYY-MM-DD 格式的文本')
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期必须是 YYYY-MM-DD 格式')
  .refine((v) => {
    try {
      parseIsoDate(v);
      return true;
    } catch {
      return false;
    }
  }, '日期不存在');

export const fiscalYearSchema = z
  .int('年度必须是整数')
  .min(2000, '年度不能早于2000年')
  .max(2100, '年度不能晚于2100年');

export const codeSchema = z
  .string('编码必须是文本')
  .trim()
  .min(1, '编码不能为空')
  .max(40, '编码不能超过40个字符')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '编码只能包含字母、数字、点、下划线和连字符');

export const regionInputSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, '行政区划代码必须是6位数字'),
  name: text('区划名称', 50),
  level: regionLevelSchema,
  parentId: idSchema.nullable().default(null),
});

export const orgUnitInputSchema = z.strictObject({
  code: codeSchema,
  name: text('单位名称', 100),
  kind: orgKindSchema,
  regionId: idSchema,
  parentId: idSchema.nullable().default(null),
});

export const userInputSchema = z.strictObject({
  name: text('姓名', 50),
  orgUnitId: idSchema,
  roles: z.array(roleSchema).min(1, '至少指定一个角色').max(ROLES.values.length),
  title: optionalText('职务', 50),
  mobile: z
    .string()
    .regex(/^1\d{10}$/, '手机号必须是11位数字')
    .optional(),
  dingtalkUserId: optionalText('钉钉 userId', 64),
  dingtalkUnionId: optionalText('钉钉 unionId', 64),
});

const attributesSchema = z.record(z.string(), z.unknown()).default({});

/**
 * 支出功能分类科目编码: 3 digits for a 类, 5 for a 款, 7 for a 项 (政府收支分类科目); an empty
 * text is no subject.
 */
const functionalSubjectSchema = z
  .string('支出功能分类科目必须是文本')
  .trim()
  .regex(/^(\d{3}|\d{5}|\d{7})?$/, '支出功能分类科目须为3、5或7位数字编码（类、款、项），如 2050201')
  .optional();

export const budgetItemCreateSchema = z
  .strictObject({
    code: codeSchema,
    name: text('项目名称', 200),
    kind: itemKindSchema,
    fundTypeId: z.string().min(1, '资金类型不能为空').max(60),
    orgUnitId: idSchema,
    fiscalYearStart: fiscalYearSchema,
    fiscalYearEnd: fiscalYearSchema,
    approvedAmountFen: fenSchema,
    responsiblePerson: text('项目责任人', 50),
    isNewMajor: z.boolean().default(false),
    isSpecialTransfer: z.boolean().default(false),
    /** 新增 (not continued from earlier years): new items above the threshold need an ex-ante assessment. */
    isNew: z.boolean().optional(),
    /** 基本建设投资项目. */
    isCapitalConstruction: z.boolean().optional(),
    sector: SECTORS.schema.nullable().optional(),
    description: optionalText('项目概述', 2000),
    /** 支出功能分类科目编码. */
    functionalSubject: functionalSubjectSchema,
    attributes: attributesSchema,
  })
  .refine((v) => v.fiscalYearEnd >= v.fiscalYearStart, {
    path: ['fiscalYearEnd'],
    message: '实施期结束年度不能早于开始年度',
  })
  .refine((v) => v.fiscalYearEnd - v.fiscalYearStart <= 10, {
    path: ['fiscalYearEnd'],
    message: '实施期不能超过10年',
  });
export type BudgetItemCreate = z.output<typeof budgetItemCreateSchema>;

export const budgetItemUpdateSchema = z
  .strictObject({
    name: text('项目名称', 200),
    approvedAmountFen: fenSchema,
    responsiblePerson: text('项目责任人', 50),
    description: optionalText('项目概述', 2000),
    functionalSubject: functionalSubjectSchema,
    isNewMajor: z.boolean(),
    isSpecialTransfer: z.boolean(),
    isNew: z.boolean(),
    isCapitalConstruction: z.boolean(),
    sector: SECTORS.schema.nullable(),
    attributes: z.record(z.string(), z.unknown()),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '至少修改一个字段');
export type BudgetItemUpdate = z.output<typeof budgetItemUpdateSchema>;

export const targetInputSchema = z.strictObject({
  /** null: the whole-cycle (中长期) target of a multi-year item. */
  fiscalYear: fiscalYearSchema.nullable(),
  overallGoal: text('总体目标', 2000),
  indicators: z.array(indicatorInputSchema).min(1, '至少设置一个绩效指标').max(100, '绩效指标不能超过100个'),
});
export type TargetInput = z.output<typeof targetInputSchema>;

/** A change to an approved target during the year (IN-9): the new content and why. */
export const targetAdjustmentInputSchema = targetInputSchema.extend({ reason: text('调整理由', 1000) });
export type TargetAdjustmentInput = z.output<typeof targetAdjustmentInputSchema>;

/** Submitting a target for review: the year, optionally its content in the same step, a note. */
export const targetSubmissionInputSchema = z
  .strictObject({
    fiscalYear: fiscalYearSchema.nullable(),
    overallGoal: text('总体目标', 2000).optional(),
    indicators: targetInputSchema.shape.indicators.optional(),
    note: optionalText('报送说明', 1000),
  })
  .refine((v) => (v.overallGoal === undefined) === (v.indicators === undefined), {
    path: ['indicators'],
    message: '同时报送目标内容时，总体目标和绩效指标须一并填写',
  });
export type TargetSubmissionInput = z.output<typeof targetSubmissionInputSchema>;

export const paymentInputSchema = z.strictObject({
  paidOn: isoDateSchema,
  amountFen: fenSchema.refine((v) => v > 0, '支付金额必须大于零'),
  source: PAYMENT_SOURCES.schema.default('report'),
  voucherNo: optionalText('凭证号', 60),
  note: optionalText('备注', 500),
});
export type PaymentInput = z.output<typeof paymentInputSchema>;

export const indicatorReportInputSchema = z
  .strictObject({
    indicatorId: idSchema,
    reportedOn: isoDateSchema,
    actualValue: z.number('完成值必须是数字').refine(Number.isFinite, '完成值必须是有限数值').optional(),
    qualitativeStatus: QUALITATIVE_STATUSES.schema.optional(),
    forecastValue: z.number('预计全年完成值必须是数字').refine(Number.isFinite).optional(),
    likelihood: COMPLETION_LIKELIHOOD.schema.optional(),
    deviationReason: DEVIATION_REASONS.schema.optional(),
    deviationNote: optionalText('偏差原因说明', 1000),
    correctiveMeasure: optionalText('纠偏措施', 1000),
  })
  .refine((v) => v.actualValue !== undefined || v.qualitativeStatus !== undefined, {
    path: ['actualValue'],
    message: '须填写完成值（定量）或完成情况（定性）',
  });
export type IndicatorReportInput = z.output<typeof indicatorReportInputSchema>;

/** Body of a lifecycle action: a reason for actions that need one, scores for evaluations. */
export const lifecycleActionBodySchema = z.strictObject({
  reason: optionalText('原因', 1000),
  selfScore: z.number().min(0).max(100).optional(),
  score: z.number().min(0).max(100).optional(),
});
export type LifecycleActionBody = z.output<typeof lifecycleActionBodySchema>;

/** 第三方机构 as the finance bureau records it (DI-3 财预〔2021〕6号); its staff sign in under `orgUnitId`. */
export const institutionInputSchema = z.strictObject({
  name: text('机构名称', 100),
  credentials: text('资质', 1000),
  creditCode: z
    .string('统一社会信用代码必须是文本')
    .trim()
    .regex(
      /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
      '统一社会信用代码须为18位（数字和大写字母）',
    )
    .optional(),
  contact: optionalText('联系方式', 100),
  orgUnitId: idSchema.optional(),
});
export type InstitutionInput = z.output<typeof institutionInputSchema>;

export const institutionUpdateSchema = institutionInputSchema
  .extend({ active: z.boolean('是否在用须为是或否') })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '至少修改一个字段');
export type InstitutionUpdate = z.output<typeof institutionUpdateSchema>;
