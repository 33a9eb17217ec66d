import { definePlugin } from '@jixiao/plugin-kit';
import { type PppAttributes, pppAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { affordabilityCommand, routes } from './commands.ts';
import { evaluation } from './evaluation.ts';
import { exAnteDimensions } from './ex-ante.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type PppSettings, pppSettings } from './settings.ts';

export const plugin = definePlugin<PppAttributes, PppSettings>({
  id: 'ppp',
  name: '政府和社会资本合作（PPP）',
  budgetBook: 'general',
  itemKinds: ['project'],
  description:
    'PPP项目的全生命周期绩效管理（财金〔2020〕13号）：财政承受能力10%红线（组合规则，按地区汇总一般公共预算列支的支出责任）、物有所值、按效付费不低于30%、合作期限与新机制。支出责任主要列一般公共预算，故归入一般公共预算。',
  attributes: pppAttributesSchema,
  settings: pppSettings,
  examples,
  indicatorLibrary,
  exAnteDimensions,
  evaluation,
  monitoringRules,
  reviewChecks,
  botCommands: [affordabilityCommand],
  routes,
});
