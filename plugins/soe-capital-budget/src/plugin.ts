import { definePlugin } from '@jixiao/plugin-kit';
import { type SoeCapitalAttributes, soeCapitalAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type SoeCapitalSettings, soeCapitalSettings } from './settings.ts';

export const plugin = definePlugin<SoeCapitalAttributes, SoeCapitalSettings>({
  id: 'soe-capital-budget',
  name: '国有资本经营预算',
  budgetBook: 'soe_capital',
  description:
    '国有资本经营预算的收支与项目（F-4：国家战略、收益上缴、支出结构、使用效果）：收入调入一般公共预算不低于配置比例（默认30%，景党发〔2019〕18号§十二）、划转充实社保基金、收支平衡不列赤字。',
  attributes: soeCapitalAttributesSchema,
  settings: soeCapitalSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
