import { definePlugin } from '@jixiao/plugin-kit';
import { type ProcurementAttributes, procurementAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type ProcurementSettings, procurementSettings } from './settings.ts';

export const plugin = definePlugin<ProcurementAttributes, ProcurementSettings>({
  id: 'procurement',
  name: '政府采购',
  budgetBook: 'general',
  itemKinds: ['project', 'department_wide'],
  description:
    '以财政资金开展的政府采购项目（中发〔2018〕34号覆盖范围，F-3）：按预算采购与节约率、面向中小企业的预留份额（财库〔2020〕46号）、达到公开招标数额的采购方式、30日内签订合同、按期履约验收。采购资金多来自一般公共预算，故归入一般公共预算。',
  attributes: procurementAttributesSchema,
  settings: procurementSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
