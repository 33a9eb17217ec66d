import type { PluginExamples } from '@jixiao/plugin-kit';
import type { SocialInsuranceAttributesInput } from './attributes.ts';

const clean: SocialInsuranceAttributesInput = {
  fundKind: 'employee_medical',
  incomeFen: 300_000_000_000,
  fiscalSubsidyFen: 0,
  expenditureFen: 280_000_000_000,
  accumulatedBalanceFen: 210_000_000_000,
  monthlyPaymentFen: 23_000_000_000,
  actuarialGapFen: 0,
  insuredCount: 620_000,
};

/** Worked examples (checked by the contract test). */
export const examples: PluginExamples<SocialInsuranceAttributesInput> = {
  clean: {
    note: '职工医保收入30亿元、支出28亿元，累计结余21亿元可支付9.13个月，无精算缺口',
    attributes: clean,
  },
  fires: {
    'payable-months': {
      note: '累计结余11.5亿元、月均支出2.3亿元，可支付5个月（<6个月黄色；<3个月红色）',
      attributes: { ...clean, accumulatedBalanceFen: 115_000_000_000 },
    },
    'current-deficit': {
      note: '收入30亿元、支出31亿元',
      attributes: { ...clean, expenditureFen: 310_000_000_000 },
    },
    'actuarial-gap': {
      note: '精算缺口2亿元，为当年支出28亿元的7.14%（>5%）',
      attributes: { ...clean, actuarialGapFen: 20_000_000_000 },
    },
  },
};
