import { fenSchema } from '@jixiao/core';
import { z } from 'zod';

/** The seven funds of the social-insurance budget (OT-5, 财社〔2022〕65号). */
export const FUND_KIND_LABELS = {
  enterprise_pension: '企业职工基本养老保险基金',
  resident_pension: '城乡居民基本养老保险基金',
  institution_pension: '机关事业单位基本养老保险基金',
  employee_medical: '职工基本医疗保险（含生育保险）基金',
  resident_medical: '城乡居民基本医疗保险基金',
  work_injury: '工伤保险基金',
  unemployment: '失业保险基金',
} as const;

export const socialInsuranceAttributesSchema = z.object({
  fundKind: z.enum(
    [
      'enterprise_pension',
      'resident_pension',
      'institution_pension',
      'employee_medical',
      'resident_medical',
      'work_injury',
      'unemployment',
    ],
    {
      error:
        '险种须为七项社会保险基金之一（企业职工养老、城乡居民养老、机关事业养老、职工医保、居民医保、工伤、失业）',
    },
  ),
  /** This year's income, fiscal subsidy included. */
  incomeFen: fenSchema.optional(),
  fiscalSubsidyFen: fenSchema.optional(),
  expenditureFen: fenSchema.optional(),
  /** Accumulated balance (累计结余) at the reporting date. */
  accumulatedBalanceFen: fenSchema.optional(),
  /** Average monthly payments (月均支出); when absent, expenditure ÷ 12 is used. */
  monthlyPaymentFen: fenSchema.optional(),
  /** Actuarial gap over the projection period (精算缺口); 0 when balanced. */
  actuarialGapFen: fenSchema.optional(),
  insuredCount: z.int('参保人数须为整数').min(0, '参保人数不能为负数').optional(),
});

export type SocialInsuranceAttributes = z.output<typeof socialInsuranceAttributesSchema>;
export type SocialInsuranceAttributesInput = z.input<typeof socialInsuranceAttributesSchema>;

/** Months of payments the accumulated balance covers (可支付月数); null when unknown. */
export function payableMonthsOf(a: SocialInsuranceAttributes): number | null {
  const monthly = a.monthlyPaymentFen ?? (a.expenditureFen !== undefined ? a.expenditureFen / 12 : undefined);
  if (a.accumulatedBalanceFen === undefined || monthly === undefined || monthly <= 0) return null;
  return a.accumulatedBalanceFen / monthly;
}
