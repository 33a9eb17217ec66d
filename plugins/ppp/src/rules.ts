import { formatShare, formatWanYuan } from '@jixiao/core';
import { itemRule, type PortfolioFinding, portfolioRule } from '@jixiao/plugin-kit';
import { affordabilityOf } from './affordability.ts';
import { isNewProject, PAYMENT_MECHANISM_LABELS, type PppAttributes } from './attributes.ts';
import type { PppSettings } from './settings.ts';

/** PP-1/PP-2: all PPP obligations ≤ 10% of general-budget expenditure; above 7% a risk warning. */
export const affordabilityRedLineRule = portfolioRule<PppAttributes, PppSettings>({
  id: 'affordability-red-line',
  inputs: ['attributes'],
  name: 'PPP财政承受能力红线',
  source: '财金〔2015〕21号（PP-1）；财金〔2019〕10号（PP-2）',
  evaluate(snapshots, region, { settings }) {
    const a = affordabilityOf(snapshots, region?.generalBudgetExpenditureFen ?? null, settings);
    if (!a || a.band === 'within') return [];
    const { affordabilityRedLine, affordabilityWarning } = settings;
    const base = `${region?.regionName ?? '本地区'}${a.itemCount}个PPP项目本年度财政支出责任合计${formatWanYuan(a.obligationFen)}，占一般公共预算支出${formatWanYuan(a.expenditureFen)}的${formatShare(a.ratio)}`;
    const details = {
      obligationFen: a.obligationFen,
      expenditureFen: a.expenditureFen,
      ratio: a.ratio,
      redLine: affordabilityRedLine,
      warningLine: affordabilityWarning,
    };
    return snapshots
      .filter(
        (s) =>
          s.attributes.obligationBudget === 'general' && s.attributes.annualFiscalObligationFen !== undefined,
      )
      .map((s): PortfolioFinding => {
        const itemDetails = { ...details, itemObligationFen: s.attributes.annualFiscalObligationFen };
        if (a.band === 'warning') {
          return {
            itemId: s.item.id,
            severity: 'orange',
            suggestedAction: 'remind',
            message: `${base}，超过${formatShare(affordabilityWarning)}的风险预警线，请审慎安排新项目`,
            details: itemDetails,
          };
        }
        return isNewProject(s.attributes)
          ? {
              itemId: s.item.id,
              severity: 'red',
              suggestedAction: 'stop_payment',
              message: `${base}，超过${formatShare(affordabilityRedLine)}的红线：本项目尚未进入执行阶段，不得新上或安排支出`,
              details: itemDetails,
            }
          : {
              itemId: s.item.id,
              severity: 'red',
              suggestedAction: 'explain',
              message: `${base}，超过${formatShare(affordabilityRedLine)}的红线：请说明本项目支出责任安排并提出化解措施`,
              details: itemDetails,
            };
      });
  },
});

/** PP-1: above 5% no new government-pay projects. */
export const governmentPayLimitRule = portfolioRule<PppAttributes, PppSettings>({
  id: 'government-pay-limit',
  inputs: ['attributes'],
  name: '超过5%不得新上政府付费项目',
  source: '财金〔2015〕21号（PP-1）',
  evaluate(snapshots, region, { settings }) {
    const a = affordabilityOf(snapshots, region?.generalBudgetExpenditureFen ?? null, settings);
    if (!a?.governmentPayClosed) return [];
    return snapshots
      .filter((s) => isNewProject(s.attributes) && s.attributes.paymentMechanism === 'government_pay')
      .map((s) => ({
        itemId: s.item.id,
        severity: 'red' as const,
        suggestedAction: 'suspend_payment' as const,
        message: `PPP财政支出责任已占一般公共预算支出的${formatShare(a.ratio)}，超过${formatShare(settings.governmentPayNewLimit)}，不得新上政府付费项目：“${s.item.name}”应暂缓推进`,
        details: {
          ratio: a.ratio,
          limit: settings.governmentPayNewLimit,
          obligationFen: a.obligationFen,
          expenditureFen: a.expenditureFen,
        },
      }));
  },
});

/** PP-3: at least 30% of construction cost paid according to performance. */
export const performanceLinkedPaymentRule = itemRule<PppAttributes, PppSettings>({
  id: 'performance-linked-payment',
  inputs: ['attributes'],
  name: '建设成本与绩效挂钩比例不足',
  source: '财办金〔2017〕92号（PP-3）；财金〔2020〕13号（PP-4）',
  evaluate({ attributes: a }, { settings }) {
    const min = settings.minPerformanceLinkedShare;
    if (a.paymentMechanism === 'user_pay' || a.performanceLinkedShare === undefined) return [];
    if (a.performanceLinkedShare >= min) return [];
    return [
      {
        severity: 'orange',
        suggestedAction: 'rectify',
        message: `${PAYMENT_MECHANISM_LABELS[a.paymentMechanism]}项目与绩效挂钩的建设成本仅占${formatShare(a.performanceLinkedShare)}，低于${formatShare(min)}，不得固定支付，请修订付费机制`,
        details: { performanceLinkedShare: a.performanceLinkedShare, minShare: min },
      },
    ];
  },
});

/** Cooperation period between 10 and 30 years. */
export const cooperationPeriodRule = itemRule<PppAttributes, PppSettings>({
  id: 'cooperation-period',
  inputs: ['attributes'],
  name: '合作期限不合规',
  source: '财金〔2014〕113号；财办金〔2017〕92号',
  evaluate({ attributes: a }, { settings }) {
    const years = a.cooperationPeriodYears;
    const { minCooperationYears: min, maxCooperationYears: max } = settings;
    if (years === undefined) return [];
    if (years < min) {
      return [
        {
          key: 'cooperation-period-short',
          severity: 'orange',
          suggestedAction: 'rectify',
          message: `合作期限${years}年，低于${min}年，属于不规范的PPP项目，请整改`,
          details: { cooperationPeriodYears: years, minYears: min },
        },
      ];
    }
    if (years > max) {
      return [
        {
          key: 'cooperation-period-long',
          severity: 'yellow',
          suggestedAction: 'explain',
          message: `合作期限${years}年，超过一般上限${max}年，请说明理由`,
          details: { cooperationPeriodYears: years, maxYears: max },
        },
      ];
    }
    return [];
  },
});

/** PP-2: new projects may not pay operating subsidies from the fund or SOE-capital budget. */
export const obligationBudgetRule = itemRule<PppAttributes, PppSettings>({
  id: 'obligation-budget',
  inputs: ['attributes'],
  name: '新项目从基金或国有资本预算安排运营补贴',
  source: '财金〔2019〕10号（PP-2）',
  evaluate({ attributes: a }) {
    if (!isNewProject(a) || a.obligationBudget === 'general') return [];
    const from = a.obligationBudget === 'gov_fund' ? '政府性基金预算' : '国有资本经营预算';
    return [
      {
        severity: 'red',
        suggestedAction: 'rectify',
        message: `新项目的运营补贴支出拟从${from}安排，不符合规定，应纳入一般公共预算`,
        details: {
          obligationBudget: a.obligationBudget,
          annualFiscalObligationFen: a.annualFiscalObligationFen ?? null,
        },
      },
    ];
  },
});

export const monitoringRules = [
  affordabilityRedLineRule,
  governmentPayLimitRule,
  performanceLinkedPaymentRule,
  cooperationPeriodRule,
  obligationBudgetRule,
];
