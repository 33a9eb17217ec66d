import { formatShare, formatWanYuan } from '@jixiao/core';
import { reviewCheck } from '@jixiao/plugin-kit';
import { isNewProject, PAYMENT_MECHANISM_LABELS, type PppAttributes } from './attributes.ts';
import type { PppSettings } from './settings.ts';

/** PP-5: qualitative score ≥ 60 and PPP value ≤ PSC. */
export const valueForMoneyCheck = reviewCheck<PppAttributes, PppSettings>({
  id: 'value-for-money',
  name: '物有所值评价',
  source: '财金〔2015〕167号（PP-5）',
  appliesTo: 'ex_ante',
  run({ attributes: a }, { settings }) {
    const vfm = a.valueForMoney;
    const pass = settings.valueForMoneyPassScore;
    if (
      !vfm ||
      (vfm.qualitativeScore === undefined && (vfm.pppValueFen === undefined || vfm.pscValueFen === undefined))
    ) {
      return { outcome: 'warn', reasons: ['未提供物有所值评价结果（定性评价得分或PPP值与PSC值），请补充'] };
    }
    const reasons: string[] = [];
    if (vfm.qualitativeScore !== undefined && vfm.qualitativeScore < pass) {
      reasons.push(`物有所值定性评价得分${vfm.qualitativeScore}分，低于${pass}分的通过线`);
    }
    if (vfm.pppValueFen !== undefined && vfm.pscValueFen !== undefined && vfm.pppValueFen > vfm.pscValueFen) {
      reasons.push(
        `PPP值${formatWanYuan(vfm.pppValueFen)}高于公共部门比较值（PSC）${formatWanYuan(vfm.pscValueFen)}，定量评价未通过`,
      );
    }
    return reasons.length > 0 ? { outcome: 'fail', reasons } : { outcome: 'pass', reasons: [] };
  },
});

/** PP-3/PP-4: payment tied to performance, and indicators to pay against. */
export const performancePaymentCheck = reviewCheck<PppAttributes, PppSettings>({
  id: 'performance-payment-plan',
  name: '按效付费安排',
  source: '财办金〔2017〕92号（PP-3）；财金〔2020〕13号（PP-4）',
  appliesTo: 'targets',
  run({ attributes: a, target }, { settings }) {
    if (a.paymentMechanism === 'user_pay') return { outcome: 'pass', reasons: [] };
    const min = settings.minPerformanceLinkedShare;
    if (a.performanceLinkedShare === undefined) {
      return { outcome: 'warn', reasons: ['未填写与绩效挂钩的建设成本比例，无法确认是否按效付费'] };
    }
    if (a.performanceLinkedShare < min) {
      return {
        outcome: 'fail',
        reasons: [
          `与绩效挂钩的建设成本比例${formatShare(a.performanceLinkedShare)}，低于${formatShare(min)}`,
        ],
      };
    }
    const hasQuality = (target?.indicators ?? []).some(
      (i) => i.level1 === 'output' && i.level2 === 'quality',
    );
    if (!hasQuality) {
      return { outcome: 'warn', reasons: ['绩效目标缺少产出质量指标，按效付费缺少考核依据'] };
    }
    return { outcome: 'pass', reasons: [] };
  },
});

/** PP-6: since the new mechanism, new cooperation is franchise-based and user-paid. */
export const newMechanismCheck = reviewCheck<PppAttributes, PppSettings>({
  id: 'new-mechanism',
  name: 'PPP新机制：新项目须为使用者付费',
  source: '国办函〔2023〕115号（PP-6）',
  appliesTo: 'ex_ante',
  run({ item, attributes: a }, { settings }) {
    const from = settings.newMechanismFromYear;
    if (item.fiscalYearStart < from || !isNewProject(a) || a.paymentMechanism === 'user_pay') {
      return { outcome: 'pass', reasons: [] };
    }
    return {
      outcome: 'fail',
      reasons: [
        `${from}年度起新实施的政府和社会资本合作项目应采用特许经营、使用者付费模式，本项目为${PAYMENT_MECHANISM_LABELS[a.paymentMechanism]}`,
      ],
    };
  },
});

export const reviewChecks = [valueForMoneyCheck, performancePaymentCheck, newMechanismCheck];
