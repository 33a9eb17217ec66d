import {
  describeTarget,
  type Finding,
  formatShare,
  formatWanYuan,
  type IndicatorSnapshot,
  orangeCompletionBelow,
  type PolicyConfig,
  quantitativeCompletion,
} from '@jixiao/core';
import { itemRule } from '@jixiao/plugin-kit';
import { type PurchasedServicesAttributes, prohibitedContent } from './attributes.ts';
import type { PurchasedServicesSettings } from './settings.ts';

/** OT-2: contracts normally ≤1 year, ≤3 years for stable recurring services. */
export const contractYearsRule = itemRule<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'contract-years',
  inputs: ['attributes'],
  name: '购买服务合同期限超限',
  source: '财政部令第102号第二十四条（OT-2）',
  evaluate({ attributes: a }, { settings }) {
    const years = a.contractYears;
    const { maxContractYears: max, standardContractYears: standard } = settings;
    if (years === undefined) return [];
    if (years > max) {
      return [
        {
          key: 'over-max',
          severity: 'red',
          suggestedAction: 'rectify',
          message: `购买服务合同期限${years}年，超过最长${max}年的规定`,
          details: { contractYears: years, maxYears: max },
        },
      ];
    }
    if (years > standard && a.recurringStable !== true) {
      return [
        {
          key: 'over-standard',
          severity: 'yellow',
          suggestedAction: 'explain',
          message: `购买服务合同期限${years}年，超过一般${standard}年；仅服务内容稳定、资金有保障的项目可延长至${max}年，请说明依据`,
          details: { contractYears: years, standardYears: standard, maxYears: max },
        },
      ];
    }
    return [];
  },
});

/** 按效付费: a share of the price depends on performance. */
export const payForPerformanceRule = itemRule<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'pay-for-performance',
  inputs: ['attributes'],
  name: '按绩效付费比例不足',
  source: '财政部令第102号第三十条（绩效评价结果作为支付依据）',
  evaluate({ attributes: a }, { settings }) {
    const min = settings.minPerformanceLinkedShare;
    if (a.payForPerformanceShare === undefined || a.payForPerformanceShare >= min) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `合同价款中按绩效付费的比例为${formatShare(a.payForPerformanceShare)}，低于${formatShare(min)}，请在合同中约定与绩效评价结果挂钩的付款`,
        details: { payForPerformanceShare: a.payForPerformanceShare, minShare: min },
      },
    ];
  },
});

/** Larger purchases get a third-party evaluation (DI-3). */
export const thirdPartyEvaluationRule = itemRule<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'third-party-evaluation',
  inputs: ['attributes'],
  name: '大额购买服务未开展第三方评价',
  source: '财政部令第102号第三十条；财预〔2021〕6号（DI-3）',
  evaluate({ item, attributes: a }, { settings }) {
    const threshold = settings.thirdPartyEvaluationAboveFen;
    const amount = a.contractAmountFen ?? item.approvedAmountFen;
    if (a.thirdPartyEvaluation !== false || amount < threshold) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'remind',
        message: `购买服务金额${formatWanYuan(amount)}，达到${formatWanYuan(threshold)}，尚未安排第三方绩效评价，请按规定委托第三方评价`,
        details: { amountFen: amount, thresholdFen: threshold },
      },
    ];
  },
});

/**
 * Why an indicator falls short of what was purchased, or null. A forecast counts as short only
 * beyond the configured deviation share (IN-6), so small slippage doesn't raise a warning.
 */
function shortfall(ind: IndicatorSnapshot, config: PolicyConfig): string | null {
  const r = ind.latest;
  if (!r) return null;
  if (r.likelihood === 'impossible') return '预计完全不可能完成';
  if (ind.operator === 'qualitative') return r.qualitativeStatus === 'not_met' ? '未达成' : null;
  if (r.forecastValue === null) return null;
  const completion = quantitativeCompletion(ind, r.forecastValue);
  if (completion === null) return null;
  return completion < orangeCompletionBelow(config)
    ? `预计全年完成${r.forecastValue}${ind.unit}（完成${Math.floor(completion * 100)}%）`
    : null;
}

/** The service's outputs and outcomes must meet what was purchased; failed acceptance stops payment. */
export const purchaseRequirementRule = itemRule<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'purchase-requirement',
  inputs: ['attributes', 'indicators'],
  name: '服务产出或效果未达购买要求',
  source: '财政部令第102号第二十九条、第三十条',
  uses: ['indicators'],
  evaluate({ attributes: a, indicators }, { config }) {
    const findings: Finding[] = [];
    if (a.acceptanceResult === 'failed') {
      findings.push({
        key: 'acceptance-failed',
        severity: 'red',
        suggestedAction: 'suspend_payment',
        message: '服务验收不合格，按合同约定暂缓支付服务费用并督促承接主体整改',
        details: { acceptanceResult: a.acceptanceResult },
      });
    }
    for (const ind of indicators) {
      if (ind.level1 !== 'output' && ind.level1 !== 'benefit') continue;
      const why = shortfall(ind, config);
      if (why) {
        findings.push({
          key: `shortfall-${ind.id}`,
          severity: 'orange',
          suggestedAction: 'explain',
          message: `指标“${ind.name}”目标${describeTarget(ind)}，${why}，未达到购买服务要求，请说明原因并督促承接主体整改`,
          details: {
            indicatorId: ind.id,
            target: describeTarget(ind),
            forecastValue: ind.latest?.forecastValue ?? null,
          },
        });
      }
    }
    return findings;
  },
});

/** 财预〔2017〕87号: no construction work or financing dressed as services. */
export const prohibitedContentRule = itemRule<PurchasedServicesAttributes, PurchasedServicesSettings>({
  id: 'prohibited-content',
  inputs: ['attributes'],
  name: '以购买服务名义实施工程或融资',
  source: '财预〔2017〕87号（OT-2）',
  evaluate({ item, attributes: a }) {
    const content = prohibitedContent(a);
    if (content.length === 0) return [];
    return [
      {
        severity: 'red',
        suggestedAction: 'stop_payment',
        message: `购买服务内容含${content.join('、')}，属于禁止以政府购买服务名义实施的事项，应停止拨款并清理（金额${formatWanYuan(item.approvedAmountFen)}）`,
        details: { includesConstruction: a.includesConstruction, includesFinancing: a.includesFinancing },
      },
    ];
  },
});

export const monitoringRules = [
  contractYearsRule,
  payForPerformanceRule,
  thirdPartyEvaluationRule,
  purchaseRequirementRule,
  prohibitedContentRule,
];
