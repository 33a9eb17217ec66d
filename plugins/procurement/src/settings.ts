import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

/** Government procurement's own numbers; override them under `plugins.procurement`. */
export const procurementSettingsSchema = z.object({
  /** Contract signed within this many days of the award notice (政府采购法第四十六条). */
  contractSignWithinDays: z.int().min(1).default(30),
  /** Budgets at or above this must use public tender unless another method was approved. */
  publicTenderThresholdFen: z.int().min(0).default(400_000_000),
  /** Share of a suitable purchase reserved for small and medium firms (财库〔2020〕46号). */
  smeReserveShare: z.number().min(0).max(1).default(0.3),
  /** The SME reservation applies to budgets at or above this. */
  smeReserveThresholdFen: z.int().min(0).default(200_000_000),
  /** A savings rate above this suggests an inflated budget or abnormally low bids. */
  abnormalSavingsShare: z.number().min(0).max(1).default(0.3),
});

export type ProcurementSettings = z.output<typeof procurementSettingsSchema>;

export const procurementSettings: PluginSettings<ProcurementSettings> = {
  schema: procurementSettingsSchema,
  sources: {
    contractSignWithinDays: '《政府采购法》第四十六条：中标、成交通知书发出之日起30日内签订合同',
    publicTenderThresholdFen: '《政府采购法》第二十七条：公开招标数额标准由省级政府确定；默认400万元[U]',
    smeReserveShare: '财库〔2020〕46号：适宜由中小企业提供的项目预留30%以上份额',
    smeReserveThresholdFen: '财库〔2020〕46号：200万元以上的货物和服务采购项目适用预留份额',
    abnormalSavingsShare: 'OT-3 [U] 设计默认：节约率超过30%提示预算编制不实或低价中标风险',
  },
};
