import { definePlugin } from '@jixiao/plugin-kit';
import { type SocialInsuranceAttributes, socialInsuranceAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type SocialInsuranceSettings, socialInsuranceSettings } from './settings.ts';

export const plugin = definePlugin<SocialInsuranceAttributes, SocialInsuranceSettings>({
  id: 'social-insurance-budget',
  name: '社会保险基金预算',
  budgetBook: 'social_insurance',
  itemKinds: ['policy', 'department_wide', 'project'],
  description:
    '七项社会保险基金预算的绩效管理（财社〔2022〕65号）：累计结余可支付月数、当期收支平衡、精算平衡。一只基金（险种）一个年度登记为一个预算项目。',
  attributes: socialInsuranceAttributesSchema,
  settings: socialInsuranceSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
