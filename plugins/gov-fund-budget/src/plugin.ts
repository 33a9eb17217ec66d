import { definePlugin } from '@jixiao/plugin-kit';
import { type GovFundAttributes, govFundAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type GovFundSettings, govFundSettings } from './settings.ts';

export const plugin = definePlugin<GovFundAttributes, GovFundSettings>({
  id: 'gov-fund-budget',
  name: '政府性基金预算',
  budgetBook: 'gov_fund',
  description:
    '政府性基金预算的收支与项目（F-4：设立和延续依据、征收标准、使用效果、对专项债偿还的保障）：以收定支、结转超过当年收入30%的部分调入一般公共预算、基金对到期专项债本息的保障倍数。',
  attributes: govFundAttributesSchema,
  settings: govFundSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
