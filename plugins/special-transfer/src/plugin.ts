import { definePlugin } from '@jixiao/plugin-kit';
import { type SpecialTransferAttributes, specialTransferAttributesSchema } from './attributes.ts';
import { reviewChecks } from './checks.ts';
import { evaluation } from './evaluation.ts';
import { examples } from './examples.ts';
import { indicatorLibrary } from './indicators.ts';
import { monitoringRules } from './rules.ts';
import { type SpecialTransferSettings, specialTransferSettings } from './settings.ts';

export const plugin = definePlugin<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'special-transfer',
  name: '专项转移支付',
  budgetBook: 'general',
  itemKinds: ['transfer_payment'],
  description:
    '上级下达或本级安排的专项转移支付（国发〔2014〕71号）。景党发〔2019〕18号§九要求专项转移支付绩效自评100%覆盖：年度结束后未自评的项目逐一预警，直至覆盖率达到配置比例；另监控资金分配下达进度、到期政策仍安排资金，审核实施期限与退出机制、区域绩效目标。',
  attributes: specialTransferAttributesSchema,
  settings: specialTransferSettings,
  examples,
  indicatorLibrary,
  evaluation,
  monitoringRules,
  reviewChecks,
});
