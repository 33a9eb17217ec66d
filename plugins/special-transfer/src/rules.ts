import {
  type Finding,
  formatBp,
  formatShare,
  formatWanYuan,
  type ItemSnapshot,
  lagSeverity,
  type Severity,
  type SuggestedAction,
} from '@jixiao/core';
import { itemRule, type PortfolioFinding, portfolioRule } from '@jixiao/plugin-kit';
import type { SpecialTransferAttributes } from './attributes.ts';
import type { SpecialTransferSettings } from './settings.ts';

type Snapshot = ItemSnapshot<SpecialTransferAttributes>;

const SELF_EVALUATED_STATES: ReadonlyArray<Snapshot['item']['state']> = [
  'self_evaluated',
  'evaluated',
  'closed',
];

/** The snapshot's fiscal year is over (the check date is after 31 December of that year). */
function yearEnded(s: Snapshot): boolean {
  return s.calendar.asOf > `${s.calendar.fiscalYear}-12-31`;
}

function selfEvaluated(s: Snapshot): boolean {
  const last = s.attributes.lastSelfEvaluatedYear;
  return (
    SELF_EVALUATED_STATES.includes(s.item.state) || (last !== undefined && last >= s.calendar.fiscalYear)
  );
}

/**
 * EV-10 (景党发〔2019〕18号§九): self-evaluation must cover 100% of special transfers. Once a
 * fiscal year is over, every special transfer of the region without a self-evaluation is
 * reported while coverage (by amount) is below the `selfEvaluationMinShare` setting.
 */
export const selfEvaluationCoverageRule = portfolioRule<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'self-evaluation-coverage',
  inputs: ['attributes', 'state', 'date'],
  dateChanges: ['fiscalYearEnd'],
  name: '专项转移支付年度结束未自评',
  source: '景党发〔2019〕18号§九（EV-10：专项转移支付自评全覆盖）',
  evaluate(snapshots, region, { settings }) {
    const due = snapshots.filter(yearEnded);
    const totalFen = due.reduce((sum, s) => sum + s.item.approvedAmountFen, 0);
    if (due.length === 0 || totalFen <= 0) return [];
    const evaluatedFen = due.filter(selfEvaluated).reduce((sum, s) => sum + s.item.approvedAmountFen, 0);
    const coverage = evaluatedFen / totalFen;
    const min = settings.selfEvaluationMinShare;
    if (coverage >= min) return [];
    const where = region?.regionName ?? '本地区';
    return due
      .filter((s) => !selfEvaluated(s))
      .map(
        (s): PortfolioFinding => ({
          itemId: s.item.id,
          severity: 'red',
          suggestedAction: 'rectify',
          message: `${where}${s.calendar.fiscalYear}年度专项转移支付自评覆盖率${formatShare(coverage)}（${formatWanYuan(evaluatedFen)} / ${formatWanYuan(totalFen)}），低于${formatShare(min)}；本项目${formatWanYuan(s.item.approvedAmountFen)}年度已结束，尚未完成绩效自评，请限期完成`,
          details: {
            fiscalYear: s.calendar.fiscalYear,
            coverage,
            minCoverage: min,
            evaluatedFen,
            totalFen,
            itemAmountFen: s.item.approvedAmountFen,
          },
        }),
      );
  },
});

/** Each lag severity (core `lagSeverity`): the threshold it exceeded and what it asks for. */
const LAG_BANDS: Readonly<
  Record<Severity, { key: 'lagRedPoints' | 'lagOrangePoints' | 'lagYellowPoints'; action: SuggestedAction }>
> = {
  red: { key: 'lagRedPoints', action: 'rectify' },
  orange: { key: 'lagOrangePoints', action: 'explain' },
  yellow: { key: 'lagYellowPoints', action: 'remind' },
};

/** 双监控 (MO-6): money allocated to recipients trailing 序时进度, with the configured bands. */
export const allocationLagRule = itemRule<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'allocation-lag',
  inputs: ['attributes', 'date'],
  dateChanges: ['fiscalYear'],
  name: '资金分配下达进度落后',
  source: '《预算法》第五十二条（转移支付按期下达）；财预〔2019〕136号（MO-6）',
  evaluate(s, { config }) {
    const a = s.attributes;
    if (a.allocatedFen === undefined || s.item.approvedAmountFen <= 0 || yearEnded(s)) return [];
    const allocatedBp = Math.floor((a.allocatedFen * 10_000) / s.item.approvedAmountFen);
    const lagBp = s.calendar.timeProgressBp - allocatedBp;
    const severity = lagSeverity(lagBp, config);
    if (!severity) return [];
    const band = LAG_BANDS[severity];
    const finding: Finding = {
      severity,
      suggestedAction: band.action,
      message: `已分配下达${formatWanYuan(a.allocatedFen)}，占${formatWanYuan(s.item.approvedAmountFen)}的${formatBp(allocatedBp)}，落后序时进度${formatBp(s.calendar.timeProgressBp)}达${formatBp(lagBp)}，超过${config.monitoring[band.key]}个百分点`,
      details: {
        allocatedFen: a.allocatedFen,
        approvedAmountFen: s.item.approvedAmountFen,
        allocatedBp,
        timeProgressBp: s.calendar.timeProgressBp,
        lagBp,
        thresholdPoints: config.monitoring[band.key],
      },
    };
    return [finding];
  },
});

/** 国发〔2014〕71号: special transfers have a term and exit when it ends. */
export const expiredPolicyRule = itemRule<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'expired-policy',
  inputs: ['attributes'],
  name: '政策到期仍安排资金',
  source: '国发〔2014〕71号（专项转移支付定期评估和退出机制）；EV-11',
  evaluate({ item, attributes: a, calendar }) {
    if (a.policyExpiresYear === undefined || a.policyExpiresYear >= calendar.fiscalYear) return [];
    return [
      {
        severity: 'red',
        suggestedAction: 'suspend_payment',
        message: `该专项转移支付政策实施期限已于${a.policyExpiresYear}年届满，${calendar.fiscalYear}年度仍安排资金${formatWanYuan(item.approvedAmountFen)}，应暂缓拨付并按退出机制评估清理`,
        details: {
          policyExpiresYear: a.policyExpiresYear,
          fiscalYear: calendar.fiscalYear,
          approvedAmountFen: item.approvedAmountFen,
        },
      },
    ];
  },
});

export const monitoringRules = [selfEvaluationCoverageRule, allocationLagRule, expiredPolicyRule];
