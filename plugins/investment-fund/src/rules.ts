import { formatShare, formatTimes, formatWanYuan } from '@jixiao/core';
import { itemRule } from '@jixiao/plugin-kit';
import type { InvestmentFundAttributes } from './attributes.ts';
import type { InvestmentFundSettings } from './settings.ts';

/** Paid-in within the commitment and on the agreed schedule (OT-1 budget discipline). */
export const paidInRule = itemRule<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'paid-in-progress',
  inputs: ['attributes'],
  name: '财政出资与认缴不符',
  source: '财预〔2020〕7号（OT-1 出资预算约束）',
  evaluate({ attributes: a }) {
    if (a.paidInFen === undefined) return [];
    if (a.committedFen !== undefined && a.paidInFen > a.committedFen) {
      return [
        {
          key: 'over-committed',
          severity: 'red',
          suggestedAction: 'rectify',
          message: `财政实缴出资${formatWanYuan(a.paidInFen)}超过认缴额${formatWanYuan(a.committedFen)}，超出部分须按预算程序处理`,
          details: { paidInFen: a.paidInFen, committedFen: a.committedFen },
        },
      ];
    }
    if (a.paidInDueFen !== undefined && a.paidInFen < a.paidInDueFen) {
      return [
        {
          key: 'behind-schedule',
          severity: 'yellow',
          suggestedAction: 'explain',
          message: `按协议应到位财政出资${formatWanYuan(a.paidInDueFen)}，实缴${formatWanYuan(a.paidInFen)}，差额${formatWanYuan(a.paidInDueFen - a.paidInFen)}，请说明出资进度`,
          details: {
            paidInFen: a.paidInFen,
            paidInDueFen: a.paidInDueFen,
            committedFen: a.committedFen ?? null,
          },
        },
      ];
    }
    return [];
  },
});

/** The fund should attract the outside money it promised (放大倍数). */
export const leverageRule = itemRule<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'leverage-shortfall',
  inputs: ['attributes'],
  name: '财政资金放大倍数未达目标',
  source: '财预〔2020〕7号（OT-1 提高资金使用效益）',
  evaluate({ attributes: a }) {
    if (a.stage === 'raising' || a.leverageTarget === undefined || a.leverageActual === undefined) return [];
    if (a.leverageActual >= a.leverageTarget) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'explain',
        message: `基金实际放大倍数${formatTimes(a.leverageActual)}，低于设立时确定的${formatTimes(a.leverageTarget)}，社会资本募集不到位，请说明原因`,
        details: { leverageActual: a.leverageActual, leverageTarget: a.leverageTarget },
      },
    ];
  },
});

/** Long-idle fiscal money is recovered (EV-11 长期沉淀资金一律收回). */
export const idleMoneyRule = itemRule<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'idle-money',
  inputs: ['attributes'],
  name: '基金资金长期闲置',
  source: '财预〔2020〕7号（OT-1）；中发〔2018〕34号（EV-11 长期沉淀资金收回）',
  evaluate({ attributes: a }, { settings }) {
    const max = settings.maxIdleDays;
    if (a.idleDays === undefined || a.idleDays <= max) return [];
    const idleFen =
      a.paidInFen !== undefined && a.investedFen !== undefined
        ? Math.max(0, a.paidInFen - a.investedFen)
        : null;
    if (idleFen === 0) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `基金${idleFen !== null ? `未投资余额${formatWanYuan(idleFen)}` : '资金'}已闲置${a.idleDays}天，超过${max}天，请加快投资或按规定收回财政出资`,
        details: { idleDays: a.idleDays, maxIdleDays: max, idleFen },
      },
    ];
  },
});

/** The fund must serve its policy target. */
export const policyTargetRule = itemRule<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'policy-target-shortfall',
  inputs: ['attributes'],
  name: '投向政策目标领域比例不足',
  source: '财预〔2020〕7号（OT-1）；基金章程',
  evaluate({ attributes: a }, { settings }) {
    if (a.policyTargetShare === undefined) return [];
    const min = a.policyTargetMinShare ?? settings.defaultPolicyTargetMinShare;
    if (a.policyTargetShare >= min) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `投向政策目标领域的资金占${formatShare(a.policyTargetShare)}，低于${a.policyTargetMinShare === undefined ? '默认要求' : '章程约定'}的${formatShare(min)}，基金偏离政策目标`,
        details: {
          policyTargetShare: a.policyTargetShare,
          minShare: min,
          fromCharter: a.policyTargetMinShare !== undefined,
        },
      },
    ];
  },
});

/** OT-1: no disguised borrowing through funds (明股实债). */
export const disguisedBorrowingRule = itemRule<InvestmentFundAttributes, InvestmentFundSettings>({
  id: 'disguised-borrowing',
  inputs: ['attributes'],
  name: '以基金名义变相举债',
  source: '财预〔2020〕7号（OT-1）；财预〔2017〕50号',
  evaluate({ attributes: a }) {
    if (!a.guaranteedReturn) return [];
    return [
      {
        severity: 'red',
        suggestedAction: 'stop_payment',
        message: '基金向其他出资人承诺保本保收益或回购，属于以基金名义变相举债，应停止出资并整改',
        details: { guaranteedReturn: true },
      },
    ];
  },
});

export const monitoringRules = [
  paidInRule,
  leverageRule,
  idleMoneyRule,
  policyTargetRule,
  disguisedBorrowingRule,
];
