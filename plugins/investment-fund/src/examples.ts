import type { PluginExamples } from '@jixiao/plugin-kit';
import type { InvestmentFundAttributesInput } from './attributes.ts';

const clean: InvestmentFundAttributesInput = {
  fundName: '市战略性新兴产业引导基金',
  stage: 'investing',
  committedFen: 50_000_000_000,
  paidInFen: 30_000_000_000,
  paidInDueFen: 30_000_000_000,
  investedFen: 24_000_000_000,
  idleDays: 120,
  leverageTarget: 4,
  leverageActual: 4.2,
  policyTargetShare: 0.72,
  policyTargetMinShare: 0.6,
  guaranteedReturn: false,
  durationYears: 10,
};

/** Worked examples (checked by the contract test). */
export const examples: PluginExamples<InvestmentFundAttributesInput> = {
  clean: {
    note: '认缴5亿元、实缴3亿元按期到位，已投2.4亿元，放大4.2倍（目标4倍），政策领域72%（约定60%）',
    attributes: clean,
  },
  fires: {
    'paid-in-progress': {
      note: '按协议应到位3亿元，实缴2亿元（黄色）；实缴超过认缴则为红色',
      attributes: { ...clean, paidInFen: 20_000_000_000 },
    },
    'leverage-shortfall': {
      note: '实际放大2.5倍，低于目标4倍',
      attributes: { ...clean, leverageActual: 2.5 },
    },
    'idle-money': {
      note: '未投资余额6000万元闲置400天（>365天）',
      attributes: { ...clean, idleDays: 400 },
    },
    'policy-target-shortfall': {
      note: '投向政策领域45%，低于章程约定60%',
      attributes: { ...clean, policyTargetShare: 0.45 },
    },
    'disguised-borrowing': {
      note: '向社会出资人承诺保本保收益',
      attributes: { ...clean, guaranteedReturn: true },
    },
  },
};
