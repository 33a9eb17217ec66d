import type { PluginExamples } from '@jixiao/plugin-kit';
import type { DebtAttributesInput } from './attributes.ts';

const cleanSpecialBond: DebtAttributesInput = {
  bondType: 'special',
  bondAmountFen: 5_000_000_000,
  issuedOn: '2026-03-15',
  bondTermYears: 15,
  couponRate: 0.0245,
  projectRevenueFen: 12_000_000_000,
  financingFen: 6_500_000_000,
  spentBondFen: 3_500_000_000,
};

/** Worked examples (checked by the contract test); the snapshot date is 2026-08-31 unless given. */
export const examples: PluginExamples<DebtAttributesInput> = {
  clean: {
    note: '专项债5000万元，收益1.2亿元覆盖融资本息6500万元1.85倍，发行5个月已支出70%，地区债务率约89%',
    attributes: cleanSpecialBond,
  },
  fires: {
    'self-balance': {
      note: '项目收益6000万元、融资本息6500万元，覆盖0.92倍（<1倍，红色）',
      attributes: { ...cleanSpecialBond, projectRevenueFen: 6_000_000_000 },
    },
    'bond-type-mismatch': {
      note: '专项债券项目预期收益为0',
      attributes: { ...cleanSpecialBond, projectRevenueFen: 0 },
    },
    'bond-spending-progress': {
      note: '2026-01-20发行5000万元，截至8月31日（7个月）仅支出1000万元（20%<50%）',
      attributes: { ...cleanSpecialBond, issuedOn: '2026-01-20', spentBondFen: 1_000_000_000 },
    },
    'debt-ratio-band': {
      note: '债务余额990亿元 / 综合财力450亿元 = 220%（橙色）',
      attributes: cleanSpecialBond,
      region: { debtBalanceFen: 9_900_000_000_000, comprehensiveFinancialResourcesFen: 4_500_000_000_000 },
    },
  },
};
