import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

export const soeCapitalAttributesSchema = z.object({
  /** SOE profits and other capital income turned over (国有资本经营预算收入). */
  profitTurnedOverFen: fenSchema.optional(),
  /** Carry-over from the previous year available this year. */
  carryOverFen: fenSchema.optional(),
  /** Transferred to the general budget (调入一般公共预算). */
  transferredToGeneralFen: fenSchema.optional(),
  /** SOE-capital budget spending. */
  spendingFen: fenSchema.optional(),
  spendingCategory: z
    .enum(['capital_injection', 'cost_compensation', 'strategic', 'other'], {
      error: '支出类别须为 资本性支出/费用性支出/国家战略与关键领域支出/其他支出 之一',
    })
    .optional(),
  /** Share of state equity transferred to the social-security fund (国发〔2017〕49号). */
  socialSecurityTransferShare: z
    .number('划转社保基金比例须为0到1之间的小数')
    .min(0, '划转社保基金比例不能小于0')
    .max(1, '划转社保基金比例不能大于1（10%请填0.1）')
    .optional(),
  enterpriseCount: z.int('出资企业户数须为整数').min(0, '出资企业户数不能为负数').optional(),
});

export type SoeCapitalAttributes = z.output<typeof soeCapitalAttributesSchema>;
export type SoeCapitalAttributesInput = z.input<typeof soeCapitalAttributesSchema>;

/** Share of capital income transferred to the general budget; null when either figure is missing. */
export function transferShareOf(a: SoeCapitalAttributes): number | null {
  if (
    a.profitTurnedOverFen === undefined ||
    a.transferredToGeneralFen === undefined ||
    a.profitTurnedOverFen <= 0
  ) {
    return null;
  }
  return a.transferredToGeneralFen / a.profitTurnedOverFen;
}

/** Money the SOE-capital budget may spend: income plus carry-over minus the transfer. */
export function availableFen(a: SoeCapitalAttributes): number | null {
  if (a.profitTurnedOverFen === undefined) return null;
  return a.profitTurnedOverFen + (a.carryOverFen ?? 0) - (a.transferredToGeneralFen ?? 0);
}
