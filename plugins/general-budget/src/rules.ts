import { formatShare, formatWanYuan } from '@jixiao/core';
import { itemRule, type PortfolioFinding, portfolioRule } from '@jixiao/plugin-kit';
import { type GeneralBudgetAttributes, growthTargetOf } from './attributes.ts';
import type { GeneralBudgetSettings } from './settings.ts';
import { micro } from './share-math.ts';

/** F-4: the revenue target should match economic growth, not outrun it. */
export const revenueGrowthRealismRule = portfolioRule<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'revenue-growth-realism',
  inputs: ['attributes'],
  name: '收入增长预期高于经济增长',
  source: '中发〔2018〕34号（F-4 收入结构与质量）；《预算法》第三十二条（收入预算与经济社会发展水平相适应）',
  evaluate(snapshots, region, { settings }) {
    const max = settings.revenueGrowthMaxExcess;
    return snapshots.flatMap((s): PortfolioFinding[] => {
      const a = s.attributes;
      if (a.side !== 'revenue') return [];
      const target =
        growthTargetOf(a) ??
        (region?.revenueGrowthTargetBp != null ? region.revenueGrowthTargetBp / 10_000 : null);
      const gdp = a.expectedGdpGrowth ?? (region?.gdpGrowthBp != null ? region.gdpGrowthBp / 10_000 : null);
      if (target === null || gdp === null || micro(target) - micro(gdp) <= micro(max)) return [];
      return [
        {
          itemId: s.item.id,
          severity: 'orange',
          suggestedAction: 'explain',
          message: `收入增长预期${formatShare(target)}，高于经济增长预期${formatShare(gdp)}达${formatShare(target - gdp)}，超过${formatShare(max)}的容差，收入预算可能脱离实际，请说明依据`,
          details: { revenueGrowthTarget: target, gdpGrowth: gdp, maxExcess: max },
        },
      ];
    });
  },
});

/** Over-collection sign: revenue bunched into December. */
export const decemberConcentrationRule = itemRule<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'december-revenue-concentration',
  inputs: ['attributes'],
  name: '收入在12月异常集中',
  source: '中发〔2018〕34号（F-4 征收效率）；国务院关于严禁收过头税费的要求',
  evaluate({ attributes: a }, { settings }) {
    const months = a.monthlyRevenueFen;
    if (a.side !== 'revenue' || !months || months.length < 12) return [];
    const total = months.reduce((sum, v) => sum + v, 0);
    const december = months[11] ?? 0;
    if (total <= 0) return [];
    const share = december / total;
    const max = settings.decemberRevenueMaxShare;
    if (share <= max) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `全年收入${formatWanYuan(total)}中12月入库${formatWanYuan(december)}，占${formatShare(share)}，超过${formatShare(max)}，存在年末突击征收、收过头税费的迹象，请说明`,
        details: { decemberFen: december, totalFen: total, decemberShare: share, maxShare: max },
      },
    ];
  },
});

/** Over-collection sign: revenue well above its (expected, not binding) target. */
export const revenueAboveTargetRule = itemRule<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'revenue-above-target',
  inputs: ['attributes'],
  name: '收入大幅超过预算目标',
  source: '中发〔2018〕34号（F-4）；《预算法》第五十五条（不得违法多征、提前征收）',
  evaluate({ attributes: a }, { settings }) {
    if (a.side !== 'revenue' || a.actualRevenueFen === undefined || !a.revenueTargetFen) return [];
    const excess = (a.actualRevenueFen - a.revenueTargetFen) / a.revenueTargetFen;
    const tol = settings.overCollectionTolerance;
    if (excess <= tol) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'explain',
        message: `收入${formatWanYuan(a.actualRevenueFen)}，超过预算目标${formatWanYuan(a.revenueTargetFen)}的${formatShare(excess)}，超过${formatShare(tol)}，请说明是否存在提前征收、收过头税费或目标编制偏低`,
        details: {
          actualRevenueFen: a.actualRevenueFen,
          revenueTargetFen: a.revenueTargetFen,
          excessShare: excess,
          tolerance: tol,
        },
      },
    ];
  },
});

/** Revenue quality: tax revenue's share of the total. */
export const taxShareRule = itemRule<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'tax-revenue-share',
  inputs: ['attributes'],
  name: '税收收入占比偏低',
  source: '中发〔2018〕34号（F-4 收入结构）',
  evaluate({ attributes: a }, { settings }) {
    if (a.side !== 'revenue' || a.taxRevenueFen === undefined || !a.actualRevenueFen) return [];
    const share = a.taxRevenueFen / a.actualRevenueFen;
    const min = settings.minTaxRevenueShare;
    if (share >= min) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'remind',
        message: `税收收入${formatWanYuan(a.taxRevenueFen)}占一般公共预算收入${formatWanYuan(a.actualRevenueFen)}的${formatShare(share)}，低于${formatShare(min)}，收入质量偏低，请关注非税收入增长`,
        details: {
          taxRevenueFen: a.taxRevenueFen,
          actualRevenueFen: a.actualRevenueFen,
          taxShare: share,
          minShare: min,
        },
      },
    ];
  },
});

/** EV-11: long-idle carried-over money is recovered. */
export const staleCarryOverRule = itemRule<GeneralBudgetAttributes, GeneralBudgetSettings>({
  id: 'stale-carry-over',
  inputs: ['attributes'],
  name: '结转资金长期沉淀',
  source: '中发〔2018〕34号（EV-11 长期沉淀资金一律收回）；国办发〔2014〕70号',
  evaluate({ attributes: a }, { settings }) {
    const max = settings.maxCarryOverYears;
    if (!a.carryOverFen || a.carryOverYears === undefined || a.carryOverYears < max) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `结转资金${formatWanYuan(a.carryOverFen)}已结转${a.carryOverYears}年，达到${max}年，应按规定收回统筹使用`,
        details: { carryOverFen: a.carryOverFen, carryOverYears: a.carryOverYears, maxYears: max },
      },
    ];
  },
});

export const monitoringRules = [
  revenueGrowthRealismRule,
  decemberConcentrationRule,
  revenueAboveTargetRule,
  taxShareRule,
  staleCarryOverRule,
];
