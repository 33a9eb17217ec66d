import { definePlugin } from '@jixiao/plugin-kit';
import { type InvestmentFundAttributes, investmentFundAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type InvestmentFundSettings, investmentFundSettings } from './settings.ts';

export const plugin = definePlugin<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'investment-fund',
  name: '政府投资基金',
  budgetBook: 'general',
  itemKinds: ['project', 'policy'],
  description:
    '财政出资设立的政府投资基金，全生命周期绩效管理（财预〔2020〕7号）：实缴与认缴及出资进度、放大倍数、资金闲置、政策目标实现、不得以基金变相举债。财政出资一般由一般公共预算安排，故归入一般公共预算。',
  attributes: investmentFundAttributesSchema,
  settings: investmentFundSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
