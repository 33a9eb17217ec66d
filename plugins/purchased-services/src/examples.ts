import type { PluginExamples } from '@jixiao/plugin-kit';
import type { PurchasedServicesAttributesInput } from './attributes.ts';

const clean: PurchasedServicesAttributesInput = {
  serviceCategory: 'basic_public',
  provider: '市阳光社会工作服务中心',
  contractAmountFen: 80_000_000,
  contractYears: 1,
  recurringStable: false,
  payForPerformanceShare: 0.4,
  thirdPartyEvaluation: true,
  includesConstruction: false,
  includesFinancing: false,
  acceptanceResult: 'pending',
};

/** Worked examples (checked by the contract test). */
export const examples: PluginExamples<PurchasedServicesAttributesInput> = {
  clean: {
    note: '80万元居家养老服务，合同1年，按效付费40%，已委托第三方评价，指标预计全部完成',
    attributes: clean,
  },
  fires: {
    'contract-years': {
      note: '非稳定持续性服务签约2年（>1年，黄色）；签约4年则超过3年上限（红色）',
      attributes: { ...clean, contractYears: 2 },
    },
    'pay-for-performance': {
      note: '按绩效付费比例10%（<30%）',
      attributes: { ...clean, payForPerformanceShare: 0.1 },
    },
    'third-party-evaluation': {
      note: '合同150万元（≥100万元）且明确未开展第三方评价',
      attributes: { ...clean, contractAmountFen: 150_000_000, thirdPartyEvaluation: false },
    },
    'purchase-requirement': {
      note: '验收不合格（红色，暂缓支付）；或某产出/效益指标预计全年完成值低于目标（橙色）',
      attributes: { ...clean, acceptanceResult: 'failed' },
    },
    'prohibited-content': {
      note: '购买服务内容含工程建设',
      attributes: { ...clean, includesConstruction: true },
    },
  },
};
