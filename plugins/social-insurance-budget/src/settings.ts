import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** The social-insurance fund budget's own numbers; override them under `plugins.social-insurance-budget`. */
export const socialInsuranceSettingsSchema = z.object({
  /** Months of payments the accumulated balance covers: red below this. */
  payableMonthsRed: z.number().min(0).default(3),
  /** Yellow below this. */
  payableMonthsYellow: z.number().min(0).default(6),
  /** Actuarial gap above this share of the year's expenditure is a warning. */
  actuarialGapMaxShare: z.number().min(0).max(1).default(0.05),
});

export type SocialInsuranceSettings = z.output<typeof socialInsuranceSettingsSchema>;

export const socialInsuranceSettings: PluginSettings<SocialInsuranceSettings> = {
  schema: socialInsuranceSettingsSchema,
  sources: {
    payableMonthsRed: 'OT-5 财社〔2022〕65号 防范风险；可支付月数门槛[U]，默认3个月',
    payableMonthsYellow: 'OT-5 [U] 医保统筹基金结存常以6–9个月为合理区间，默认低于6个月黄色',
    actuarialGapMaxShare: 'OT-5 精算平衡；缺口占当年支出比例门槛[U]，默认5%',
  },
};
