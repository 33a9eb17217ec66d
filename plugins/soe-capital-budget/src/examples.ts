import type { PluginExamples } from '@jixiao/plugin-kit';
import type { SoeCapitalAttributesInput } from './attributes.ts';

const clean: SoeCapitalAttributesInput = {
  profitTurnedOverFen: 200_000_000_000,
  carryOverFen: 10_000_000_000,
  transferredToGeneralFen: 70_000_000_000,
  spendingFen: 120_000_000_000,
  spendingCategory: 'capital_injection',
  socialSecurityTransferShare: 0.1,
  enterpriseCount: 18,
};

/** Worked examples (checked by the contract test). */
export const examples: PluginExamples<SoeCapitalAttributesInput> = {
  clean: {
    note: '收入20亿元，调入一般公共预算7亿元（35%），支出12亿元不超过可用14亿元，社保划转10%',
    attributes: clean,
  },
  fires: {
    'transfer-to-general-share': {
      note: '收入20亿元仅调入5亿元（25%<30%）',
      attributes: { ...clean, transferredToGeneralFen: 50_000_000_000 },
    },
    'social-security-transfer': {
      note: '划转社保基金比例6%（<10%）',
      attributes: { ...clean, socialSecurityTransferShare: 0.06 },
    },
    'spending-exceeds-available': {
      note: '支出15亿元，可用收入20+1−7=14亿元',
      attributes: { ...clean, spendingFen: 150_000_000_000 },
    },
  },
};
