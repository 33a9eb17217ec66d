import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

export const govFundAttributesSchema = z.object({
  /** e.g. 国有土地使用权出让收入, 城市基础设施配套费. */
  fundName: z
    .string('基金名称须为文本')
    .trim()
    .min(1, '基金名称不能为空')
    .max(100, '基金名称不能超过100个字符')
    .optional(),
  /** Legal basis for levying the fund (设立依据), F-4. */
  legalBasis: z
    .string('设立依据须为文本')
    .trim()
    .min(1, '设立依据不能为空')
    .max(200, '设立依据不能超过200个字符')
    .optional(),
  /** Last year of the levy (征收期限); none for open-ended funds. */
  levyUntilYear: z
    .int('征收期限须为年度')
    .min(2000, '年度不能早于2000年')
    .max(2100, '年度不能晚于2100年')
    .optional(),
  fundIncomeFen: fenSchema.optional(),
  /** Carry-over from the previous year (上年结转). */
  priorCarryOverFen: fenSchema.optional(),
  fundSpendingFen: fenSchema.optional(),
  /** Transferred to the general budget (调入一般公共预算). */
  transferToGeneralFen: fenSchema.optional(),
  /** Special-bond principal and interest due this year, repaid from this fund. */
  specialBondRepaymentDueFen: fenSchema.optional(),
  /** Fund money available for that repayment. */
  fundAvailableForRepaymentFen: fenSchema.optional(),
});

export type GovFundAttributes = z.output<typeof govFundAttributesSchema>;
export type GovFundAttributesInput = z.input<typeof govFundAttributesSchema>;

/** Income plus carry-over minus the transfer out: what the fund may spend (以收定支). Null without income. */
export function availableFen(a: GovFundAttributes): number | null {
  if (a.fundIncomeFen === undefined) return null;
  return a.fundIncomeFen + (a.priorCarryOverFen ?? 0) - (a.transferToGeneralFen ?? 0);
}

/** Year-end carry-over: available minus spending. Null without income and spending. */
export function carryOverFen(a: GovFundAttributes): number | null {
  const available = availableFen(a);
  if (available === null || a.fundSpendingFen === undefined) return null;
  return available - a.fundSpendingFen;
}

/** Fund money available ÷ special-bond principal and interest due; null when nothing is due. */
export function repaymentCoverageOf(a: GovFundAttributes): number | null {
  if (!a.specialBondRepaymentDueFen || a.fundAvailableForRepaymentFen === undefined) return null;
  return a.fundAvailableForRepaymentFen / a.specialBondRepaymentDueFen;
}
