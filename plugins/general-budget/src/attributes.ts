import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

const growth = (label: string) =>
  z
    .number(`${label}须为小数（6.5%请填0.065）`)
    .min(-1, `${label}不能低于-100%`)
    .max(1, `${label}不能超过100%（请以小数填写）`);

export const generalBudgetAttributesSchema = z.object({
  /** An ordinary spending item, or the level's revenue plan (收入预算). */
  side: z.enum(['expenditure', 'revenue'], { error: '收支类型须为 支出/收入 之一' }).default('expenditure'),
  /** 支出功能分类科目 (3, 5 or 7 digits). */
  functionSubjectCode: z
    .string('功能分类科目须为文本')
    .regex(/^\d{3}(?:\d{2}){0,2}$/, '功能分类科目须为3、5或7位数字')
    .optional(),
  /** Unspent money carried over from earlier years, and for how many years it has been carried. */
  carryOverFen: fenSchema.optional(),
  carryOverYears: z
    .int('结转年限须为整数')
    .min(0, '结转年限不能为负数')
    .max(20, '结转年限不能超过20年')
    .optional(),
  // Revenue side (side = revenue).
  revenueTargetFen: fenSchema.optional(),
  priorYearRevenueFen: fenSchema.optional(),
  actualRevenueFen: fenSchema.optional(),
  /** Revenue collected in each month, January first. */
  monthlyRevenueFen: z.array(fenSchema, '分月收入须为金额数组').max(12, '分月收入最多12个月').optional(),
  taxRevenueFen: fenSchema.optional(),
  /** Revenue growth target; when absent, derived from target ÷ prior-year revenue. */
  revenueGrowthTarget: growth('收入增长预期').optional(),
  /** Expected nominal GDP growth; when absent, the region's figure is used. */
  expectedGdpGrowth: growth('经济增长预期').optional(),
  /** Scale of tax and fee cuts (减税降费) and whether their effect has been evaluated. */
  taxPreferenceFen: fenSchema.optional(),
  taxPreferenceEvaluated: z.boolean('是否开展减税降费效果评估须为是/否').optional(),
});

export type GeneralBudgetAttributes = z.output<typeof generalBudgetAttributesSchema>;
export type GeneralBudgetAttributesInput = z.input<typeof generalBudgetAttributesSchema>;

/** The revenue growth target: given, or target ÷ prior-year revenue − 1; null when unknown. */
export function growthTargetOf(a: GeneralBudgetAttributes): number | null {
  if (a.revenueGrowthTarget !== undefined) return a.revenueGrowthTarget;
  if (a.revenueTargetFen === undefined || !a.priorYearRevenueFen) return null;
  return (a.revenueTargetFen - a.priorYearRevenueFen) / a.priorYearRevenueFen;
}
