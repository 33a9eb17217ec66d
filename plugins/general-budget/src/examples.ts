import type { PluginExamples } from '@jixiao/plugin-kit';
import type { GeneralBudgetAttributesInput } from './attributes.ts';

/** 2026 revenue plan of a city: 200亿元, 5% growth on 190.48亿元, evenly collected. */
const cleanRevenue: GeneralBudgetAttributesInput = {
  side: 'revenue',
  revenueTargetFen: 2_000_000_000_000,
  priorYearRevenueFen: 1_904_800_000_000,
  actualRevenueFen: 2_040_000_000_000,
  monthlyRevenueFen: [
    180_000_000_000, 150_000_000_000, 160_000_000_000, 190_000_000_000, 170_000_000_000, 180_000_000_000,
    170_000_000_000, 160_000_000_000, 170_000_000_000, 160_000_000_000, 170_000_000_000, 180_000_000_000,
  ],
  taxRevenueFen: 1_500_000_000_000,
  revenueGrowthTarget: 0.05,
  expectedGdpGrowth: 0.05,
  taxPreferenceFen: 30_000_000_000,
  taxPreferenceEvaluated: true,
};

/** Worked examples (checked by the contract test); ordinary spending items (side 'expenditure') are clean by default. */
export const examples: PluginExamples<GeneralBudgetAttributesInput> = {
  clean: {
    note: '收入预算200亿元，增长5%与经济增长持平，实际204亿元（超2%），12月占8.8%，税收占73.5%',
    attributes: cleanRevenue,
  },
  fires: {
    'revenue-growth-realism': {
      note: '收入增长预期8%，经济增长预期5%（差3个百分点>1个百分点）',
      attributes: { ...cleanRevenue, revenueGrowthTarget: 0.08 },
    },
    'december-revenue-concentration': {
      note: '12月入库45亿元，占全年约20.7%（>15%）',
      attributes: {
        ...cleanRevenue,
        monthlyRevenueFen: [...(cleanRevenue.monthlyRevenueFen ?? []).slice(0, 11), 450_000_000_000],
      },
    },
    'revenue-above-target': {
      note: '实际收入216亿元，超目标200亿元8%（>5%）',
      attributes: { ...cleanRevenue, actualRevenueFen: 2_160_000_000_000 },
    },
    'tax-revenue-share': {
      note: '税收130亿元占收入204亿元的63.7%（<70%）',
      attributes: { ...cleanRevenue, taxRevenueFen: 1_300_000_000_000 },
    },
    'stale-carry-over': {
      note: '支出项目结转资金300万元已结转2年',
      attributes: {
        side: 'expenditure',
        functionSubjectCode: '2080101',
        carryOverFen: 300_000_000,
        carryOverYears: 2,
      },
    },
  },
};
