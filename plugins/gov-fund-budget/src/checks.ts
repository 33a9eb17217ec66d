import { formatTimes, formatWanYuan } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import { availableFen, type GovFundAttributes, repaymentCoverageOf } from './attributes.ts';
import type { GovFundSettings } from './settings.ts';

/** F-4: grounds for creating or extending a fund and its levy period. */
export const fundBasisCheck = reviewCheck<GovFundAttributes, GovFundSettings>({
  id: 'fund-basis',
  name: '基金设立（延续）依据',
  source: '中发〔2018〕34号（F-4：基金设立、延续依据和征收标准）',
  appliesTo: 'ex_ante',
  run({ item, attributes: a }) {
    if (!a.legalBasis)
      return { outcome: 'fail', reasons: ['未填写基金设立依据（法律、行政法规或国务院批准文件）'] };
    if (a.levyUntilYear !== undefined && a.levyUntilYear < item.fiscalYearStart) {
      return {
        outcome: 'fail',
        reasons: [`基金征收期限已于${a.levyUntilYear}年届满，延续须提供新的批准依据`],
      };
    }
    if (item.isNewMajor && a.levyUntilYear === undefined) {
      return { outcome: 'warn', reasons: ['新设基金未明确征收期限，请说明'] };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

/** 以收定支 and repayment support in the plan. */
export const fundPlanCheck = reviewCheck<GovFundAttributes, GovFundSettings>({
  id: 'fund-plan',
  name: '以收定支与偿债安排',
  source: '《预算法》第九条；F-4',
  appliesTo: 'targets',
  run({ attributes: a }, { settings }) {
    const reasons: string[] = [];
    const available = availableFen(a);
    if (available !== null && a.fundSpendingFen !== undefined && a.fundSpendingFen > available) {
      reasons.push(`支出安排${formatWanYuan(a.fundSpendingFen)}超过可用收入${formatWanYuan(available)}`);
    }
    const coverage = repaymentCoverageOf(a);
    if (coverage !== null && (a.fundAvailableForRepaymentFen ?? 0) < (a.specialBondRepaymentDueFen ?? 0)) {
      reasons.push(`可用于偿还专项债的资金仅为到期本息的${formatTimes(coverage)}，偿债资金未落实`);
    }
    if (reasons.length > 0) return { outcome: 'fail', reasons };
    if (coverage !== null && coverage < settings.repaymentCoverageWarning) {
      return {
        outcome: 'warn',
        reasons: [`偿债保障${formatTimes(coverage)}，低于${formatTimes(settings.repaymentCoverageWarning)}`],
      };
    }
    if (available === null) return { outcome: 'warn', reasons: ['未填写基金收入，无法核对以收定支'] };
    return { outcome: 'pass', reasons: [] };
  },
});

export const reviewChecks = [fundBasisCheck, fundPlanCheck];
