import { reviewCheck } from '@jixiao/plugin-kit';
import type { SpecialTransferAttributes } from './attributes.ts';
import type { SpecialTransferSettings } from './settings.ts';

/** 国发〔2014〕71号: a special transfer is set up with a term and an exit mechanism. */
export const exitMechanismCheck = reviewCheck<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'exit-mechanism',
  name: '实施期限与退出机制',
  source: '国发〔2014〕71号',
  appliesTo: 'ex_ante',
  run({ item, attributes: a }) {
    if (a.policyExpiresYear === undefined) {
      return { outcome: 'fail', reasons: ['专项转移支付须明确实施期限（到期年度）和退出机制'] };
    }
    if (a.policyExpiresYear < item.fiscalYearStart) {
      return { outcome: 'fail', reasons: [`政策已于${a.policyExpiresYear}年到期，延续须重新评估`] };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

/** 财预〔2015〕163号: targets of a transfer to several regions are broken down by region. */
export const regionalTargetsCheck = reviewCheck<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'regional-targets',
  name: '区域绩效目标',
  source: '财预〔2015〕163号（专项转移支付绩效目标管理）',
  appliesTo: 'targets',
  run({ attributes: a }) {
    if (a.recipientRegionCount === undefined) {
      return { outcome: 'warn', reasons: ['未填写资金分配的地区数，无法确认是否需要分解区域绩效目标'] };
    }
    if (a.recipientRegionCount > 1 && a.regionalTargetsDecomposed !== true) {
      return {
        outcome: 'fail',
        reasons: [`资金分配到${a.recipientRegionCount}个地区，须将绩效目标分解为分地区的区域绩效目标`],
      };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

/** Special transfers are registered as transfer payments and flagged as special. */
export const transferKindCheck = reviewCheck<SpecialTransferAttributes, SpecialTransferSettings>({
  id: 'transfer-kind',
  name: '项目类型为专项转移支付',
  source: '景党发〔2019〕18号§九（专项转移支付单独统计自评覆盖率）',
  appliesTo: 'targets',
  run({ item }) {
    const reasons: string[] = [];
    if (item.kind !== 'transfer_payment') reasons.push('专项转移支付应登记为“转移支付”类项目');
    if (!item.isSpecialTransfer) reasons.push('未标记为专项转移支付，自评覆盖率统计将遗漏该项目');
    return reasons.length === 0 ? { outcome: 'pass', reasons: [] } : { outcome: 'fail', reasons };
  },
});

export const reviewChecks = [exitMechanismCheck, regionalTargetsCheck, transferKindCheck];
