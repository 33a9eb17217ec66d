import { daysBetween, formatShare, formatWanYuan } from '@jixiao/core';
import { itemRule } from '@jixiao/plugin-kit';
import { METHOD_LABELS, type ProcurementAttributes, smeReservationApplies } from './attributes.ts';
import type { ProcurementSettings } from './settings.ts';

/** Contract within budget; an abnormally high savings rate is worth an explanation. */
export const savingsRateRule = itemRule<ProcurementAttributes, ProcurementSettings>({
  id: 'savings-rate',
  inputs: ['attributes'],
  name: '采购节约率异常',
  source: '《政府采购法》第六条（按预算采购）；OT-3',
  evaluate({ attributes: a }, { settings }) {
    if (a.budgetFen === undefined || a.contractAmountFen === undefined || a.budgetFen <= 0) return [];
    const savings = (a.budgetFen - a.contractAmountFen) / a.budgetFen;
    const details = { budgetFen: a.budgetFen, contractAmountFen: a.contractAmountFen, savingsRate: savings };
    if (a.contractAmountFen > a.budgetFen) {
      return [
        {
          key: 'over-budget',
          severity: 'red',
          suggestedAction: 'rectify',
          message: `合同金额${formatWanYuan(a.contractAmountFen)}超过采购预算${formatWanYuan(a.budgetFen)}，超预算采购须整改`,
          details,
        },
      ];
    }
    const max = settings.abnormalSavingsShare;
    if (savings > max) {
      return [
        {
          key: 'abnormal-savings',
          severity: 'yellow',
          suggestedAction: 'explain',
          message: `采购预算${formatWanYuan(a.budgetFen)}，合同金额${formatWanYuan(a.contractAmountFen)}，节约率${formatShare(savings)}超过${formatShare(max)}，请说明是否预算编制不实或存在低价中标风险`,
          details: { ...details, maxSavingsRate: max },
        },
      ];
    }
    return [];
  },
});

/** 财库〔2020〕46号: ≥30% of suitable purchases to small and medium firms. */
export const smeShareRule = itemRule<ProcurementAttributes, ProcurementSettings>({
  id: 'sme-share',
  inputs: ['attributes'],
  name: '面向中小企业采购份额不足',
  source: '财库〔2020〕46号《政府采购促进中小企业发展管理办法》',
  evaluate({ attributes: a }, { settings }) {
    const { smeReserveShare: min, smeReserveThresholdFen } = settings;
    if (!smeReservationApplies(a, smeReserveThresholdFen)) return [];
    if (a.smeContractFen === undefined || !a.contractAmountFen) return [];
    const share = a.smeContractFen / a.contractAmountFen;
    if (share >= min) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'explain',
        message: `授予中小企业合同金额${formatWanYuan(a.smeContractFen)}，占合同金额${formatWanYuan(a.contractAmountFen)}的${formatShare(share)}，低于${formatShare(min)}的预留份额要求`,
        details: {
          smeContractFen: a.smeContractFen,
          contractAmountFen: a.contractAmountFen,
          smeShare: share,
          minShare: min,
        },
      },
    ];
  },
});

/** 《政府采购法》第四十六条: sign within 30 days of the award notice. */
export const contractSigningRule = itemRule<ProcurementAttributes, ProcurementSettings>({
  id: 'contract-signing-overdue',
  inputs: ['attributes', 'date'],
  dateChanges: [{ after: 'awardNoticeOn', unless: 'contractSignedOn' }],
  name: '采购合同未按时签订',
  source: '《政府采购法》第四十六条',
  evaluate({ attributes: a, calendar }, { settings }) {
    const limit = settings.contractSignWithinDays;
    if (!a.awardNoticeOn) return [];
    if (a.contractSignedOn) {
      const days = daysBetween(a.awardNoticeOn, a.contractSignedOn);
      if (days <= limit) return [];
      return [
        {
          key: 'signed-late',
          severity: 'yellow',
          suggestedAction: 'explain',
          message: `中标（成交）通知书${a.awardNoticeOn}发出，合同${a.contractSignedOn}才签订，历时${days}天，超过${limit}天的法定时限`,
          details: {
            awardNoticeOn: a.awardNoticeOn,
            contractSignedOn: a.contractSignedOn,
            days,
            limitDays: limit,
          },
        },
      ];
    }
    const days = daysBetween(a.awardNoticeOn, calendar.asOf);
    if (days <= limit) return [];
    return [
      {
        key: 'unsigned',
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `中标（成交）通知书${a.awardNoticeOn}发出已${days}天，合同仍未签订，超过${limit}天的法定时限`,
        details: { awardNoticeOn: a.awardNoticeOn, days, limitDays: limit },
      },
    ];
  },
});

/** 《政府采购法》第二十七条: above the public-tender threshold, another method needs approval. */
export const methodComplianceRule = itemRule<ProcurementAttributes, ProcurementSettings>({
  id: 'method-compliance',
  inputs: ['attributes'],
  name: '达到公开招标数额未公开招标',
  source: '《政府采购法》第二十七条；《政府采购法实施条例》第二十三条',
  evaluate({ attributes: a }, { settings }) {
    const threshold = settings.publicTenderThresholdFen;
    if (a.budgetFen === undefined || a.budgetFen < threshold) return [];
    if (a.method === 'public_tender' || a.methodApproved === true) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `采购预算${formatWanYuan(a.budgetFen)}达到公开招标数额标准${formatWanYuan(threshold)}，采用${METHOD_LABELS[a.method]}未见财政部门批准`,
        details: { budgetFen: a.budgetFen, thresholdFen: threshold, method: a.method },
      },
    ];
  },
});

/** Delivery and acceptance by the planned completion date. */
export const completionOverdueRule = itemRule<ProcurementAttributes, ProcurementSettings>({
  id: 'completion-overdue',
  inputs: ['attributes', 'date'],
  dateChanges: [{ after: 'plannedCompletionDate', unless: 'acceptedOn' }],
  name: '逾期未完成履约验收',
  source: '财库〔2016〕205号（履约验收）；MO-4(c)',
  evaluate({ attributes: a, calendar }) {
    if (!a.plannedCompletionDate || a.acceptedOn) return [];
    const late = daysBetween(a.plannedCompletionDate, calendar.asOf);
    if (late <= 0) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'remind',
        message: `计划${a.plannedCompletionDate}完成，已逾期${late}天仍未履约验收，请督促供应商履约并及时组织验收`,
        details: { plannedCompletionDate: a.plannedCompletionDate, daysLate: late },
      },
    ];
  },
});

export const monitoringRules = [
  savingsRateRule,
  smeShareRule,
  contractSigningRule,
  methodComplianceRule,
  completionOverdueRule,
];
