import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** The government-fund budget's own numbers; override them under `plugins.gov-fund-budget`. */
export const govFundSettingsSchema = z.object({
  /** Carry-over above this share of the fund's income for the year goes to the general budget. */
  maxCarryOverShareOfIncome: z.number().min(0).max(1).default(0.3),
  /** Fund money available ÷ special-bond principal and interest due below this is a yellow warning. */
  repaymentCoverageWarning: z.number().min(0).default(1.2),
});

export type GovFundSettings = z.output<typeof govFundSettingsSchema>;

export const govFundSettings: PluginSettings<GovFundSettings> = {
  schema: govFundSettingsSchema,
  sources: {
    maxCarryOverShareOfIncome: '国发〔2014〕45号 [R]：结转超过当年收入30%的部分调入一般公共预算统筹使用',
    repaymentCoverageWarning: 'F-4 地方须关注基金对专项债偿还的保障程度；1.2倍门槛[U]',
  },
};
