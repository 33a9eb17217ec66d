import type { PluginExamples } from '@jixiao/plugin-kit';
import type { GovFundAttributesInput } from './attributes.ts';

const clean: GovFundAttributesInput = {
  fundName: '国有土地使用权出让收入',
  legalBasis: '《土地管理法》；国办发〔2006〕100号',
  fundIncomeFen: 1_000_000_000_000,
  priorCarryOverFen: 100_000_000_000,
  fundSpendingFen: 750_000_000_000,
  transferToGeneralFen: 100_000_000_000,
  specialBondRepaymentDueFen: 120_000_000_000,
  fundAvailableForRepaymentFen: 180_000_000_000,
};

/** Worked examples (checked by the contract test). */
export const examples: PluginExamples<GovFundAttributesInput> = {
  clean: {
    note: '土地出让收入100亿元，上年结转10亿元，支出75亿元，调入一般公共预算10亿元，结转25亿元（25%），偿债保障1.5倍',
    attributes: clean,
  },
  fires: {
    'spending-exceeds-income': {
      note: '支出102亿元，超过可用收入100+10−10=100亿元',
      attributes: { ...clean, fundSpendingFen: 1_020_000_000_000 },
    },
    'carry-over-excess': {
      note: '支出仅60亿元、未调入一般公共预算，结转50亿元超过收入的30%（30亿元）',
      attributes: { ...clean, fundSpendingFen: 600_000_000_000, transferToGeneralFen: 0 },
    },
    'special-bond-repayment': {
      note: '到期专项债本息12亿元，可用于偿还仅10亿元（红色）；13亿元则为1.08倍（黄色）',
      attributes: { ...clean, fundAvailableForRepaymentFen: 100_000_000_000 },
    },
  },
};
