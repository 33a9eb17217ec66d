import type { PluginExamples } from '@jixiao/plugin-kit';
import type { PppAttributesInput } from './attributes.ts';

/**
 * Worked examples (checked by the contract test). Portfolio examples give the region's
 * general-budget expenditure; with one item, its obligation is the whole PPP total.
 */
export const examples: PluginExamples<PppAttributesInput> = {
  clean: {
    note: '执行期可行性缺口补助项目，合作期20年，挂钩比例40%，支出责任占一般公共预算支出4%',
    attributes: {
      phase: 'execution',
      paymentMechanism: 'viability_gap',
      cooperationPeriodYears: 20,
      totalInvestmentFen: 120_000_000_000,
      annualFiscalObligationFen: 40_000_000_000,
      obligationBudget: 'general',
      performanceLinkedShare: 0.4,
      valueForMoney: { qualitativeScore: 78, pppValueFen: 110_000_000_000, pscValueFen: 118_000_000_000 },
    },
    region: { generalBudgetExpenditureFen: 1_000_000_000_000 },
  },
  fires: {
    'affordability-red-line': {
      note: '支出责任10.5亿元，占一般公共预算支出100亿元的10.5%，超过10%红线',
      attributes: {
        phase: 'execution',
        paymentMechanism: 'government_pay',
        annualFiscalObligationFen: 105_000_000_000,
        performanceLinkedShare: 0.3,
      },
      region: { generalBudgetExpenditureFen: 1_000_000_000_000 },
    },
    'government-pay-limit': {
      note: '采购阶段的政府付费新项目，全地区支出责任占比6%（>5%）',
      attributes: {
        phase: 'procurement',
        paymentMechanism: 'government_pay',
        annualFiscalObligationFen: 60_000_000_000,
        performanceLinkedShare: 0.3,
      },
      region: { generalBudgetExpenditureFen: 1_000_000_000_000 },
    },
    'performance-linked-payment': {
      note: '政府付费项目与绩效挂钩比例20%（<30%）',
      attributes: { paymentMechanism: 'government_pay', performanceLinkedShare: 0.2 },
    },
    'cooperation-period': {
      note: '合作期限8年（<10年）',
      attributes: { paymentMechanism: 'viability_gap', cooperationPeriodYears: 8 },
    },
    'obligation-budget': {
      note: '准备阶段新项目的运营补贴拟从政府性基金预算列支',
      attributes: { phase: 'preparation', paymentMechanism: 'viability_gap', obligationBudget: 'gov_fund' },
    },
  },
};
