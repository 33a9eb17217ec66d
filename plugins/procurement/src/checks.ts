import { formatShare, formatWanYuan } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import { METHOD_LABELS, type ProcurementAttributes, smeReservationApplies } from './attributes.ts';
import type { ProcurementSettings } from './settings.ts';

/** Purchase within the approved budget, method matching the amount. */
export const procurementPlanCheck = reviewCheck<ProcurementAttributes, ProcurementSettings>({
  id: 'procurement-plan',
  name: '采购预算与采购方式',
  source: '《政府采购法》第六条、第二十七条',
  appliesTo: 'targets',
  run({ item, attributes: a }, { settings }) {
    if (a.budgetFen === undefined)
      return { outcome: 'warn', reasons: ['未填写采购预算，无法核对采购方式和预留份额'] };
    const reasons: string[] = [];
    if (a.budgetFen > item.approvedAmountFen) {
      reasons.push(
        `采购预算${formatWanYuan(a.budgetFen)}超过项目批复金额${formatWanYuan(item.approvedAmountFen)}`,
      );
    }
    const threshold = settings.publicTenderThresholdFen;
    if (a.budgetFen >= threshold && a.method !== 'public_tender' && a.methodApproved !== true) {
      reasons.push(
        `采购预算达到公开招标数额标准${formatWanYuan(threshold)}，拟采用${METHOD_LABELS[a.method]}须先经财政部门批准`,
      );
    }
    return reasons.length > 0 ? { outcome: 'fail', reasons } : { outcome: 'pass', reasons: [] };
  },
});

/** 财库〔2020〕46号: reserve ≥30% of suitable purchases for small and medium firms. */
export const smeReservationCheck = reviewCheck<ProcurementAttributes, ProcurementSettings>({
  id: 'sme-reservation',
  name: '中小企业预留份额',
  source: '财库〔2020〕46号',
  appliesTo: 'targets',
  run({ attributes: a }, { settings }) {
    const { smeReserveShare: min, smeReserveThresholdFen } = settings;
    if (!smeReservationApplies(a, smeReserveThresholdFen)) return { outcome: 'pass', reasons: [] };
    if (a.smeReservedShare === undefined) {
      return { outcome: 'warn', reasons: ['采购项目适宜由中小企业提供，但未填写预留份额比例'] };
    }
    if (a.smeReservedShare < min) {
      return {
        outcome: 'fail',
        reasons: [`面向中小企业预留份额${formatShare(a.smeReservedShare)}，低于${formatShare(min)}`],
      };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

export const reviewChecks = [procurementPlanCheck, smeReservationCheck];
