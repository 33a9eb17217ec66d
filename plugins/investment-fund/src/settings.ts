import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** Government investment funds' own numbers; override them under `plugins.investment-fund`. */
export const investmentFundSettingsSchema = z.object({
  /** Paid-in money left uninvested for more than this many days is idle. */
  maxIdleDays: z.int().min(1).default(365),
  /** Share of investment that must go to the policy target when the fund's charter gives none. */
  defaultPolicyTargetMinShare: z.number().min(0).max(1).default(0.6),
});

export type InvestmentFundSettings = z.output<typeof investmentFundSettingsSchema>;

export const investmentFundSettings: PluginSettings<InvestmentFundSettings> = {
  schema: investmentFundSettingsSchema,
  sources: {
    maxIdleDays: 'OT-1 财预〔2020〕7号 提高资金使用效率；闲置天数门槛[U]，默认365天',
    defaultPolicyTargetMinShare: 'OT-1 财预〔2020〕7号 政策目标；基金章程未约定时默认60%[U]',
  },
};
