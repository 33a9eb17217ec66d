import type { PluginExamples } from '@jixiao/plugin-kit';
import type { SpecialTransferAttributesInput } from './attributes.ts';

const clean: SpecialTransferAttributesInput = {
  upperDocument: '赣财教〔2026〕12号',
  allocationMethod: 'factor',
  recipientRegionCount: 8,
  allocatedFen: 80_000_000,
  policyExpiresYear: 2028,
  regionalTargetsDecomposed: true,
  lastSelfEvaluatedYear: 2025,
};

/** Worked examples (checked by the contract test); the item is 100万元 and the date 2026-08-31 unless given. */
export const examples: PluginExamples<SpecialTransferAttributesInput> = {
  clean: {
    note: '因素法分配到8个县，8月底已下达80%（序时进度58.33%），政策2028年到期，区域目标已分解',
    attributes: clean,
  },
  fires: {
    'self-evaluation-coverage': {
      note: '2026年度已结束（检查日2027-03-31），最近一次自评为2025年度',
      attributes: clean,
      snapshot: { calendar: { asOf: '2027-03-31', fiscalYear: 2026 } },
    },
    'allocation-lag': {
      note: '8月底仅下达30%，落后序时进度28.33个百分点（红色）',
      attributes: { ...clean, allocatedFen: 30_000_000 },
    },
    'expired-policy': {
      note: '政策2025年到期，2026年度仍安排资金',
      attributes: { ...clean, policyExpiresYear: 2025 },
    },
  },
};
