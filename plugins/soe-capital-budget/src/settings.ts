import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** SOE capital budget's own numbers; override them under `plugins.soe-capital-budget`. */
export const soeCapitalSettingsSchema = z.object({
  /** Share of SOE capital revenue that must be transferred to the general budget. */
  minTransferToGeneralShare: z.number().min(0).max(1).default(0.3),
  /** Share of state equity transferred to the social-security fund (国发〔2017〕49号). */
  socialSecurityTransferShare: z.number().min(0).max(1).default(0.1),
});

export type SoeCapitalSettings = z.output<typeof soeCapitalSettingsSchema>;

export const soeCapitalSettings: PluginSettings<SoeCapitalSettings> = {
  schema: soeCapitalSettingsSchema,
  sources: {
    minTransferToGeneralShare: 'OT-4 景党发〔2019〕18号§十二：收益上缴一般公共预算比例30%以上',
    socialSecurityTransferShare: 'OT-4 国发〔2017〕49号：划转国有股权10%充实社保基金',
  },
};
