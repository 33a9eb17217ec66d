import { definePlugin } from '@jixiao/plugin-kit';
import { type GeneralBudgetAttributes, generalBudgetAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type GeneralBudgetSettings, generalBudgetSettings } from './settings.ts';

export const plugin = definePlugin<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'general-budget',
  name: '一般公共预算',
  budgetBook: 'general',
  description:
    '一般公共预算的项目、政策和部门整体支出，以及本级收入预算（side = revenue）。支出侧的执行进度与序时进度比较由平台统一以 SQL 监控；本插件补充收入侧（F-4）：收入增长预期与经济增长相协调、不收过头税费的迹象（12月收入集中、大幅超收）、税收占比，以及结转两年以上资金的收回。',
  attributes: generalBudgetAttributesSchema,
  settings: generalBudgetSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
