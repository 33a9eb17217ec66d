import type { PluginSettings } from '@jixiao/plugin-kit';
import { z } from 'zod';

const share = z.number().min(0).max(1);

/** PPP's own numbers; override them under `plugins.ppp` in the policy configuration. */
export const pppSettingsSchema = z.object({
  /** All PPP obligations ÷ general-budget expenditure above this is over the red line. */
  affordabilityRedLine: share.default(0.1),
  /** Above this, a risk warning. */
  affordabilityWarning: share.default(0.07),
  /** Above this, no new government-pay projects. */
  governmentPayNewLimit: share.default(0.05),
  /** Share of construction cost whose payment must depend on performance. */
  minPerformanceLinkedShare: share.default(0.3),
  /** 物有所值定性评价 pass mark. */
  valueForMoneyPassScore: z.number().min(0).max(100).default(60),
  /** Cooperation period bounds in years. */
  minCooperationYears: z.int().min(1).default(10),
  maxCooperationYears: z.int().min(1).default(30),
  /** Items starting in or after this fiscal year fall under the new mechanism: user-paid only. */
  newMechanismFromYear: z.int().min(2000).max(2100).default(2024),
});

export type PppSettings = z.output<typeof pppSettingsSchema>;

export const pppSettings: PluginSettings<PppSettings> = {
  schema: pppSettingsSchema,
  sources: {
    affordabilityRedLine: 'PP-1 财金〔2015〕21号：PPP支出责任≤一般公共预算支出10%',
    affordabilityWarning: 'PP-2 财金〔2019〕10号：超过7%风险预警',
    governmentPayNewLimit: 'PP-1 超过5%不得新上政府付费项目',
    minPerformanceLinkedShare: 'PP-3 财办金〔2017〕92号：建设成本不少于30%与绩效挂钩',
    valueForMoneyPassScore: 'PP-5 财金〔2015〕167号：物有所值定性评价60分通过',
    minCooperationYears: '财金〔2014〕113号、财办金〔2017〕92号 [R]：合作期限原则上不低于10年',
    maxCooperationYears: '财金〔2014〕113号 [R]：合作期限一般为10–30年',
    newMechanismFromYear: 'PP-6 国办函〔2023〕115号：新机制项目实行特许经营、使用者付费（2024年度起）',
  },
};
