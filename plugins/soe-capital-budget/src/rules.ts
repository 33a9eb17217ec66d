import { formatShare, formatWanYuan } from '@jixiao/core';
import { itemRule } from '@jixiao/plugin-kit';
import { availableFen, type SoeCapitalAttributes, transferShareOf } from './attributes.ts';
import type { SoeCapitalSettings } from './settings.ts';

/** OT-4 (景党发〔2019〕18号§十二): ≥30% of SOE capital income goes to the general budget. */
export const transferShareRule = itemRule<SoeCapitalAttributes, SoeCapitalSettings>({
  id: 'transfer-to-general-share',
  inputs: ['attributes'],
  name: '调入一般公共预算比例不足',
  source: '景党发〔2019〕18号§十二（OT-4）；十八届三中全会决定',
  evaluate({ attributes: a }, { settings }) {
    const share = transferShareOf(a);
    const min = settings.minTransferToGeneralShare;
    if (share === null || share >= min) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `国有资本经营预算收入${formatWanYuan(a.profitTurnedOverFen ?? 0)}，调入一般公共预算${formatWanYuan(a.transferredToGeneralFen ?? 0)}，占${formatShare(share)}，低于${formatShare(min)}`,
        details: {
          profitTurnedOverFen: a.profitTurnedOverFen,
          transferredToGeneralFen: a.transferredToGeneralFen,
          transferShare: share,
          minShare: min,
        },
      },
    ];
  },
});

/** OT-4 (国发〔2017〕49号): 10% of state equity to the social-security fund. */
export const socialSecurityTransferRule = itemRule<SoeCapitalAttributes, SoeCapitalSettings>({
  id: 'social-security-transfer',
  inputs: ['attributes'],
  name: '划转充实社保基金比例不足',
  source: '国发〔2017〕49号（OT-4）',
  evaluate({ attributes: a }, { settings }) {
    const min = settings.socialSecurityTransferShare;
    if (a.socialSecurityTransferShare === undefined || a.socialSecurityTransferShare >= min) return [];
    return [
      {
        severity: 'yellow',
        suggestedAction: 'remind',
        message: `划转充实社保基金的国有股权比例为${formatShare(a.socialSecurityTransferShare)}，低于${formatShare(min)}，请推进划转`,
        details: { socialSecurityTransferShare: a.socialSecurityTransferShare, requiredShare: min },
      },
    ];
  },
});

/** 《预算法》第十条: the SOE-capital budget balances and shows no deficit. */
export const noDeficitRule = itemRule<SoeCapitalAttributes, SoeCapitalSettings>({
  id: 'spending-exceeds-available',
  inputs: ['attributes'],
  name: '国有资本经营预算支出超过可用收入',
  source: '《预算法》第十条（收支平衡、不列赤字）',
  evaluate({ attributes: a }) {
    const available = availableFen(a);
    if (available === null || a.spendingFen === undefined || a.spendingFen <= available) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'explain',
        message: `国有资本经营预算支出${formatWanYuan(a.spendingFen)}，超过可用收入${formatWanYuan(available)}（收入加结转减调出），不得列赤字，请说明资金来源`,
        details: { spendingFen: a.spendingFen, availableFen: available, gapFen: a.spendingFen - available },
      },
    ];
  },
});

export const monitoringRules = [transferShareRule, socialSecurityTransferRule, noDeficitRule];
