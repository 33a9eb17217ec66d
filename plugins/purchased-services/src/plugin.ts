import { definePlugin } from '@jixiao/plugin-kit';
import { type PurchasedServicesAttributes, purchasedServicesAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type PurchasedServicesSettings, purchasedServicesSettings } from './settings.ts';

export const plugin = definePlugin<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'purchased-services',
  name: '政府购买服务',
  budgetBook: 'general',
  itemKinds: ['project', 'policy'],
  description:
    '政府向社会力量购买服务（财政部令第102号）：服务产出和效果须达到购买要求，按绩效付费，大额项目第三方评价，合同期限一般1年、最长3年，不得以购买服务名义实施工程或融资（财预〔2017〕87号）。资金来自部门预算，归入一般公共预算。',
  attributes: purchasedServicesAttributesSchema,
  settings: purchasedServicesSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
