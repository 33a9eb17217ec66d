import { definePlugin } from '@jixiao/plugin-kit';
import { type DebtAttributes, debtAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { exAnteDimensions } from './ex-ante.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type DebtSettings, debtSettings } from './settings.ts';

export const plugin = definePlugin<DebtAttributes, DebtSettings>({
  id: 'debt',
  name: '政府债务项目（含专项债）',
  budgetBook: 'gov_fund',
  itemKinds: ['project'],
  description:
    '以政府债券资金安排的项目（财预〔2021〕61号“举债必问效、无效必问责”）。专项债券纳入政府性基金预算管理、以项目对应的政府性基金或专项收入偿还（DB-2），是债务项目绩效管理的主体，故本资金类型归入政府性基金预算；一般债券项目也可登记于此以统一监控债务风险（其收支列一般公共预算，规则按 bondType 区分）。规则：专项债收益与融资自求平衡、无收益项目不得用专项债、债券资金支出进度、地区债务率风险等级。',
  attributes: debtAttributesSchema,
  settings: debtSettings,
  examples,
  indicatorLibrary,
  exAnteDimensions,
  evaluation,
  monitoringRules,
  reviewChecks,
});
