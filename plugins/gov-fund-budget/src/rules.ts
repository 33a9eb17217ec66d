import { formatShare, formatTimes, formatWanYuan } from '@jixiao/core';
import { itemRule } from '@jixiao/plugin-kit';
import { availableFen, carryOverFen, type GovFundAttributes, repaymentCoverageOf } from './attributes.ts';
import type { GovFundSettings } from './settings.ts';

const fundOf = (a: GovFundAttributes) => a.fundName ?? '政府性基金';

/** 《预算法》第九条: fund budgets spend what they collect (以收定支). */
export const spendingExceedsIncomeRule = itemRule<GovFundAttributes, GovFundSettings>({
  id: 'spending-exceeds-income',
  inputs: ['attributes'],
  name: '基金支出超过可用收入',
  source: '《预算法》第九条（以收定支）；F-4',
  evaluate({ attributes: a }) {
    const available = availableFen(a);
    if (available === null || a.fundSpendingFen === undefined || a.fundSpendingFen <= available) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `${fundOf(a)}支出${formatWanYuan(a.fundSpendingFen)}，超过可用收入${formatWanYuan(available)}（收入加上年结转减调出），违反以收定支，请说明资金来源`,
        details: {
          fundSpendingFen: a.fundSpendingFen,
          availableFen: available,
          gapFen: a.fundSpendingFen - available,
        },
      },
    ];
  },
});

/** 国发〔2014〕45号: carry-over above 30% of the year's income goes to the general budget. */
export const carryOverExcessRule = itemRule<GovFundAttributes, GovFundSettings>({
  id: 'carry-over-excess',
  inputs: ['attributes'],
  name: '基金结转超过规定比例未调入一般公共预算',
  source: '国发〔2014〕45号；财预〔2015〕15号',
  evaluate({ attributes: a }, { settings }) {
    const carry = carryOverFen(a);
    const share = settings.maxCarryOverShareOfIncome;
    if (carry === null || a.fundIncomeFen === undefined) return [];
    const allowed = Math.round(a.fundIncomeFen * share);
    if (carry <= allowed) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `${fundOf(a)}预计结转${formatWanYuan(carry)}，超过当年收入${formatWanYuan(a.fundIncomeFen)}的${formatShare(share)}（${formatWanYuan(allowed)}），超出的${formatWanYuan(carry - allowed)}应调入一般公共预算统筹使用`,
        details: {
          carryOverFen: carry,
          fundIncomeFen: a.fundIncomeFen,
          allowedFen: allowed,
          excessFen: carry - allowed,
        },
      },
    ];
  },
});

/** F-4: how far the fund supports special-bond repayment. */
export const repaymentSupportRule = itemRule<GovFundAttributes, GovFundSettings>({
  id: 'special-bond-repayment',
  inputs: ['attributes'],
  name: '基金对专项债还本付息保障不足',
  source: '中发〔2018〕34号（F-4：地方须关注基金对专项债务的支撑能力）；DB-2',
  evaluate({ attributes: a }, { settings }) {
    const coverage = repaymentCoverageOf(a);
    const warn = settings.repaymentCoverageWarning;
    if (coverage === null || coverage >= warn) return [];
    const due = a.specialBondRepaymentDueFen ?? 0;
    const available = a.fundAvailableForRepaymentFen ?? 0;
    const details = { dueFen: due, availableFen: available, coverage, warningCoverage: warn };
    const figures = `本年到期专项债本息${formatWanYuan(due)}，${fundOf(a)}可用于偿还${formatWanYuan(available)}，保障${formatTimes(coverage)}`;
    return available < due
      ? [
          {
            severity: 'red',
            suggestedAction: 'rectify',
            message: `${figures}，存在偿债缺口${formatWanYuan(due - available)}，请落实偿债资金`,
            details,
          },
        ]
      : [
          {
            severity: 'yellow',
            suggestedAction: 'remind',
            message: `${figures}，低于${formatTimes(warn)}，请关注基金收入实现`,
            details,
          },
        ];
  },
});

export const monitoringRules = [spendingExceedsIncomeRule, carryOverExcessRule, repaymentSupportRule];
