import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** Government-purchased services' own numbers; override them under `plugins.purchased-services`. */
export const purchasedServicesSettingsSchema = z.object({
  /** Longest contract term in years, and the usual one. */
  maxContractYears: z.int().min(1).default(3),
  standardContractYears: z.int().min(1).default(1),
  /** Share of the contract price that should be paid according to performance (按效付费). */
  minPerformanceLinkedShare: z.number().min(0).max(1).default(0.3),
  /** Purchases of at least this amount should have a third-party performance evaluation. */
  thirdPartyEvaluationAboveFen: z.int().min(0).default(100_000_000),
});

export type PurchasedServicesSettings = z.output<typeof purchasedServicesSettingsSchema>;

const CONTRACT_TERM = 'OT-2 财政部令第102号：合同一般不超过1年，最长3年';

export const purchasedServicesSettings: PluginSettings<PurchasedServicesSettings> = {
  schema: purchasedServicesSettingsSchema,
  sources: {
    maxContractYears: CONTRACT_TERM,
    standardContractYears: CONTRACT_TERM,
    minPerformanceLinkedShare: 'OT-2 财政部令第102号按绩效付费；比例[U]，参照PP-3默认30%',
    thirdPartyEvaluationAboveFen: 'OT-2 / DI-3 财预〔2021〕6号；金额门槛[U]，默认100万元',
  },
};
