import { fenSchema, isoDateSchema } from '@jixiao/core';
import { z } from 'zod';

export const debtAttributesSchema = z.object({
  /** DB-2: 一般债 in the general budget, 专项债 in the fund budget repaid from project revenue. */
  bondType: z.enum(['general', 'special'], { error: '债券类型须为 一般债券/专项债券 之一' }),
  /** Bond money allocated to this project. */
  bondAmountFen: fenSchema.optional(),
  issuedOn: isoDateSchema.optional(),
  bondTermYears: z
    .int('债券期限须为整数年')
    .min(1, '债券期限至少1年')
    .max(30, '债券期限不能超过30年')
    .optional(),
  /** Coupon rate, as a share (3.2% → 0.032). */
  couponRate: z
    .number('票面利率须为数字')
    .min(0, '票面利率不能为负')
    .max(0.2, '票面利率不能超过20%（请以小数填写）')
    .optional(),
  /** Expected project revenue over the bond's life (special bonds). */
  projectRevenueFen: fenSchema.optional(),
  /** Financing principal and interest to be repaid from that revenue (bond plus other financing). */
  financingFen: fenSchema.optional(),
  /** Bond money actually spent so far. */
  spentBondFen: fenSchema.optional(),
});

export type DebtAttributes = z.output<typeof debtAttributesSchema>;
export type DebtAttributesInput = z.input<typeof debtAttributesSchema>;

/** 收益与融资自求平衡: project revenue ÷ financing principal and interest; null when unknown. */
export function coverageOf(a: DebtAttributes): number | null {
  if (a.projectRevenueFen === undefined || a.financingFen === undefined || a.financingFen <= 0) return null;
  return a.projectRevenueFen / a.financingFen;
}
