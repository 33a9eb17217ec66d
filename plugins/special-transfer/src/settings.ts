import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** Special transfer payments' own numbers; override them under `plugins.special-transfer`. */
export const specialTransferSettingsSchema = z.object({
  /** Share of the year's special transfers (by amount) that must be self-evaluated. */
  selfEvaluationMinShare: z.number().min(0).max(1).default(1),
});

export type SpecialTransferSettings = z.output<typeof specialTransferSettingsSchema>;

export const specialTransferSettings: PluginSettings<SpecialTransferSettings> = {
  schema: specialTransferSettingsSchema,
  sources: { selfEvaluationMinShare: 'EV-10 景党发〔2019〕18号§九：专项转移支付自评全覆盖' },
};
