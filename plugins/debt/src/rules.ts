import {
  formatShare,
  formatTimes,
  formatWanYuan,
  type Severity,
  type SuggestedAction,
  wholeMonthsBetween,
} from '@jixiao/core';
import { itemRule, portfolioRule } from '@jixiao/plugin-kit';
import { coverageOf, type DebtAttributes } from './attributes.ts';
import type { DebtSettings } from './settings.ts';

/** DB-2 / 财预〔2017〕89号: special-bond projects balance their own revenue and financing. */
export const selfBalanceRule = itemRule<DebtAttributes, DebtSettings>({
  id: 'self-balance',
  inputs: ['attributes'],
  name: '专项债项目收益与融资不平衡',
  source: 'DB-2；财预〔2017〕89号；财预〔2021〕61号',
  evaluate({ attributes: a }, { settings }) {
    const coverage = coverageOf(a);
    if (a.bondType !== 'special' || coverage === null || a.projectRevenueFen === 0) return [];
    const { minSelfBalanceCoverage: min, coverageWarning: warn } = settings;
    const details = {
      projectRevenueFen: a.projectRevenueFen,
      financingFen: a.financingFen,
      coverage,
      minCoverage: min,
      warningCoverage: warn,
    };
    const figures = `项目预期收益${formatWanYuan(a.projectRevenueFen ?? 0)}，融资本息${formatWanYuan(a.financingFen ?? 0)}，覆盖倍数${formatTimes(coverage)}`;
    if (coverage < min) {
      return [
        {
          severity: 'red',
          suggestedAction: 'rectify',
          message: `${figures}，低于${formatTimes(min)}，收益不能覆盖融资本息，请调整融资方案或偿债安排`,
          details,
        },
      ];
    }
    if (coverage < warn) {
      return [
        {
          severity: 'yellow',
          suggestedAction: 'remind',
          message: `${figures}，低于${formatTimes(warn)}的安全边际，请关注收益实现情况`,
          details,
        },
      ];
    }
    return [];
  },
});

/** DB-2: special bonds only for projects with revenue. */
export const bondTypeRule = itemRule<DebtAttributes, DebtSettings>({
  id: 'bond-type-mismatch',
  inputs: ['attributes'],
  name: '无收益项目使用专项债券',
  source: 'DB-2；《预算法》第三十五条；财预〔2017〕89号',
  evaluate({ attributes: a }) {
    if (a.bondType !== 'special' || a.projectRevenueFen !== 0) return [];
    return [
      {
        severity: 'red',
        suggestedAction: 'rectify',
        message: '专项债券项目未测算任何项目收益，无收益的公益性项目应使用一般债券，请核实债券类型',
        details: { bondType: a.bondType, projectRevenueFen: 0, bondAmountFen: a.bondAmountFen ?? null },
      },
    ];
  },
});

/** 财预〔2021〕61号 双监控: bond money should be spent once issued. */
export const bondSpendingRule = itemRule<DebtAttributes, DebtSettings>({
  id: 'bond-spending-progress',
  inputs: ['attributes', 'date'],
  dateChanges: [{ after: 'issuedOn' }],
  name: '债券资金支出进度慢',
  source: '财预〔2021〕61号（DB-3）',
  evaluate({ attributes: a, calendar }, { settings }) {
    const { spendingCheckMonths: months, minSpentShareAfterCheck: minShare } = settings;
    if (!a.issuedOn || !a.bondAmountFen || a.spentBondFen === undefined) return [];
    const elapsed = wholeMonthsBetween(a.issuedOn, calendar.asOf);
    if (elapsed < months) return [];
    const share = a.spentBondFen / a.bondAmountFen;
    if (share >= minShare) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `债券资金${formatWanYuan(a.bondAmountFen)}于${a.issuedOn}发行，已过${elapsed}个月仅支出${formatWanYuan(a.spentBondFen)}（${formatShare(share)}），低于${formatShare(minShare)}，请说明原因并加快形成实物工作量`,
        details: {
          bondAmountFen: a.bondAmountFen,
          spentBondFen: a.spentBondFen,
          spentShare: share,
          monthsSinceIssue: elapsed,
          minShare,
        },
      },
    ];
  },
});

const BAND: ReadonlyArray<{
  key: 'ratioRed' | 'ratioOrange' | 'ratioYellow';
  severity: Severity;
  action: SuggestedAction;
  label: string;
  advice: string;
}> = [
  {
    key: 'ratioRed',
    severity: 'red',
    action: 'rectify',
    label: '红色',
    advice: '须严控新增债务并制定化债方案',
  },
  {
    key: 'ratioOrange',
    severity: 'orange',
    action: 'explain',
    label: '橙色',
    advice: '请说明偿债安排，审慎安排新增债券项目',
  },
  { key: 'ratioYellow', severity: 'yellow', action: 'remind', label: '黄色', advice: '请关注债务风险' },
];

/** DB-1: 债务率 = debt balance ÷ comprehensive financial resources, in risk bands. */
export const debtRatioRule = portfolioRule<DebtAttributes, DebtSettings>({
  id: 'debt-ratio-band',
  inputs: ['attributes'],
  name: '地区债务率风险等级',
  source: 'DB-1 债务风险评估预警（债务率 = 债务余额 / 综合财力）',
  evaluate(snapshots, region, { settings }) {
    const debt = region?.debtBalanceFen ?? null;
    const resources = region?.comprehensiveFinancialResourcesFen ?? null;
    if (debt === null || resources === null || resources <= 0) return [];
    const ratio = debt / resources;
    const band = BAND.find((b) => ratio >= settings[b.key]);
    if (!band) return [];
    const message = `${region?.regionName ?? '本地区'}债务率${formatShare(ratio)}（债务余额${formatWanYuan(debt)} / 综合财力${formatWanYuan(resources)}），达到${band.label}风险等级（≥${formatShare(settings[band.key])}），${band.advice}`;
    return snapshots.map((s) => ({
      itemId: s.item.id,
      severity: band.severity,
      suggestedAction: band.action,
      message,
      details: {
        debtBalanceFen: debt,
        comprehensiveFinancialResourcesFen: resources,
        debtRatio: ratio,
        bandFloor: settings[band.key],
      },
    }));
  },
});

export const monitoringRules = [selfBalanceRule, bondTypeRule, bondSpendingRule, debtRatioRule];
