import { daysBetween, parseIsoDate } from '@jixiao/core';
import type { Random } from './random.ts';

/**
 * Fund-type attributes for demo items. Most items get clean, consistent figures scaled to their
 * approved amount; the first items of each fund type ("scenario slots") carry the values that
 * trip one of that fund type's rules, so every rule has a real case in the demo city.
 */
export interface AttributeContext {
  name: string;
  amountFen: number;
  fiscalYear: number;
  asOf: string;
  /** 序时进度 at asOf, 0..1. */
  progress: number;
  /** 0-based position among the items of this fund type. */
  slot: number;
  /** 支出功能分类 class of the item's sector. */
  functionSubject: string;
  rng: Random;
}

type Recipe = (c: AttributeContext) => Record<string, unknown>;

const yuan = (fen: number) => Math.round(fen / 100) * 100;
const pad = (n: number) => String(n).padStart(2, '0');
function shiftDays(date: string, days: number): string {
  const p = parseIsoDate(date);
  return new Date(Date.UTC(p.year, p.month - 1, p.day + days)).toISOString().slice(0, 10);
}
/** A date in the fiscal year that is on or before asOf. */
function onOrBefore(c: AttributeContext, month: number, day: number): string {
  const d = `${c.fiscalYear}-${pad(month)}-${pad(day)}`;
  return d <= c.asOf ? d : c.asOf;
}

const generalBudget: Recipe = (c) =>
  c.slot === 0
    ? {
        side: 'expenditure',
        functionSubjectCode: c.functionSubject,
        carryOverFen: yuan(c.amountFen * 0.3),
        carryOverYears: 2,
      }
    : { side: 'expenditure', functionSubjectCode: c.functionSubject };

const govFund: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    fundName: c.name.replace(/^\d{4}年/, ''),
    legalBasis: '《政府性基金管理暂行办法》',
    fundIncomeFen: yuan(a * 1.3),
    priorCarryOverFen: yuan(a * 0.1),
    fundSpendingFen: a,
    transferToGeneralFen: yuan(a * 0.13),
    specialBondRepaymentDueFen: yuan(a * 0.16),
    fundAvailableForRepaymentFen: yuan(a * 0.24),
  };
  if (c.slot === 0) return { ...clean, fundSpendingFen: yuan(a * 1.4) };
  if (c.slot === 1) return { ...clean, fundSpendingFen: yuan(a * 0.6), transferToGeneralFen: 0 };
  if (c.slot === 2) return { ...clean, fundAvailableForRepaymentFen: yuan(a * 0.12) };
  return clean;
};

const soeCapital: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    profitTurnedOverFen: yuan(a * 1.6),
    carryOverFen: yuan(a * 0.08),
    transferredToGeneralFen: yuan(a * 0.56),
    spendingFen: a,
    spendingCategory: 'capital_injection',
    socialSecurityTransferShare: 0.1,
    enterpriseCount: c.rng.int(3, 12),
  };
  if (c.slot === 0) return { ...clean, transferredToGeneralFen: yuan(a * 0.4) };
  if (c.slot === 1) return { ...clean, socialSecurityTransferShare: 0.06 };
  if (c.slot === 2) return { ...clean, spendingFen: yuan(a * 1.25) };
  return clean;
};

const FUND_KINDS: Array<[string, string]> = [
  ['企业职工基本养老', 'enterprise_pension'],
  ['城乡居民基本养老', 'resident_pension'],
  ['机关事业单位', 'institution_pension'],
  ['职工基本医疗', 'employee_medical'],
  ['城乡居民基本医疗', 'resident_medical'],
  ['工伤', 'work_injury'],
  ['失业', 'unemployment'],
];

const socialInsurance: Recipe = (c) => {
  const a = c.amountFen;
  const fundKind = FUND_KINDS.find(([k]) => c.name.includes(k))?.[1] ?? 'employee_medical';
  const clean = {
    fundKind,
    incomeFen: yuan(a * 1.07),
    fiscalSubsidyFen: yuan(a * 0.2),
    expenditureFen: a,
    accumulatedBalanceFen: yuan(a * 0.75),
    monthlyPaymentFen: yuan(a / 12),
    actuarialGapFen: 0,
    insuredCount: c.rng.int(50_000, 900_000),
  };
  if (c.slot === 0) return { ...clean, accumulatedBalanceFen: yuan(a * 0.4) };
  if (c.slot === 1) return { ...clean, incomeFen: yuan(a * 0.95) };
  if (c.slot === 2) return { ...clean, actuarialGapFen: yuan(a * 0.07) };
  return clean;
};

const investmentFund: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    fundName: c.name.replace(/^\d{4}年/, ''),
    stage: 'investing',
    committedFen: yuan(a * 2),
    paidInFen: yuan(a * 1.2),
    paidInDueFen: yuan(a * 1.2),
    investedFen: yuan(a * 0.96),
    idleDays: 120,
    leverageTarget: 4,
    leverageActual: 4.2,
    policyTargetShare: 0.72,
    policyTargetMinShare: 0.6,
    guaranteedReturn: false,
    durationYears: 10,
  };
  const scenarios = [
    { paidInFen: yuan(a * 0.8) },
    { leverageActual: 2.5 },
    { idleDays: 400 },
    { policyTargetShare: 0.45 },
    { guaranteedReturn: true },
  ];
  return { ...clean, ...(scenarios[c.slot] ?? {}) };
};

const ppp: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    phase: 'execution',
    paymentMechanism: 'viability_gap',
    cooperationPeriodYears: 20,
    totalInvestmentFen: yuan(a * 15),
    annualFiscalObligationFen: a,
    obligationBudget: 'general',
    performanceLinkedShare: 0.4,
    valueForMoney: { qualitativeScore: 78, pppValueFen: yuan(a * 14), pscValueFen: yuan(a * 15) },
  };
  const scenarios: Array<Record<string, unknown>> = [
    { paymentMechanism: 'government_pay', performanceLinkedShare: 0.2 },
    { cooperationPeriodYears: 8 },
    { phase: 'preparation', obligationBudget: 'gov_fund' },
  ];
  return { ...clean, ...(scenarios[c.slot] ?? {}) };
};

const procurement: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    method: a >= 400_000_000 ? 'public_tender' : 'competitive_consultation',
    category: 'goods',
    budgetFen: a,
    contractAmountFen: yuan(a * 0.9),
    smeContractFen: yuan(a * 0.9 * 0.4),
    smeSuitable: true,
    awardNoticeOn: onOrBefore(c, 4, 10),
    contractSignedOn: onOrBefore(c, 4, 28),
    plannedCompletionDate: `${c.fiscalYear}-12-20`,
  };
  const big = Math.max(a, 500_000_000);
  const scenarios: Array<Record<string, unknown>> = [
    { contractAmountFen: yuan(a * 1.04) },
    {
      budgetFen: big,
      method: 'public_tender',
      contractAmountFen: yuan(big * 0.9),
      smeContractFen: yuan(big * 0.9 * 0.1),
    },
    { awardNoticeOn: shiftDays(c.asOf, -60), contractSignedOn: undefined },
    {
      budgetFen: big,
      contractAmountFen: yuan(big * 0.9),
      smeContractFen: yuan(big * 0.4),
      method: 'competitive_consultation',
      methodApproved: false,
    },
    { plannedCompletionDate: shiftDays(c.asOf, -30) },
  ];
  return { ...clean, ...(scenarios[c.slot] ?? {}) };
};

const purchasedServices: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    serviceCategory: 'basic_public',
    provider: c.rng.pick([
      '景德镇市爱心养老服务中心',
      '江西瓷都物业管理有限公司',
      '景德镇市社会工作服务中心',
      '江西赣鄱人力资源服务有限公司',
    ]),
    contractAmountFen: a,
    contractYears: 1,
    recurringStable: false,
    payForPerformanceShare: 0.4,
    thirdPartyEvaluation: true,
    acceptanceResult: 'pending',
  };
  const scenarios: Array<Record<string, unknown>> = [
    { contractYears: 2 },
    { payForPerformanceShare: 0.1 },
    { contractAmountFen: Math.max(a, 150_000_000), thirdPartyEvaluation: false },
    { acceptanceResult: 'failed' },
    { includesConstruction: true },
  ];
  return { ...clean, ...(scenarios[c.slot] ?? {}) };
};

const debt: Recipe = (c) => {
  const a = c.amountFen;
  const general = c.name.includes('一般债券');
  const issuedOn = onOrBefore(c, 3, 15);
  const monthsSince = Math.max(0, daysBetween(issuedOn, c.asOf) / 30);
  const clean = {
    bondType: general ? 'general' : 'special',
    bondAmountFen: a,
    issuedOn,
    bondTermYears: 15,
    couponRate: 0.032,
    projectRevenueFen: general ? undefined : yuan(a * 2.4),
    financingFen: general ? undefined : yuan(a * 1.3),
    spentBondFen: yuan(a * Math.min(0.95, 0.55 + monthsSince * 0.04)),
  };
  if (general) return clean;
  const scenarios: Array<Record<string, unknown>> = [
    { projectRevenueFen: yuan(a * 1.2) },
    { projectRevenueFen: 0 },
    { issuedOn: onOrBefore(c, 1, 20), spentBondFen: yuan(a * 0.2) },
  ];
  return { ...clean, ...(scenarios[c.slot] ?? {}) };
};

const specialTransfer: Recipe = (c) => {
  const a = c.amountFen;
  const clean = {
    upperDocument: `赣财预〔${c.fiscalYear}〕${c.rng.int(10, 99)}号`,
    allocationMethod: c.rng.chance(0.7) ? 'factor' : 'project',
    recipientRegionCount: c.rng.int(2, 4),
    allocatedFen: yuan(a * Math.min(1, c.progress + 0.05)),
    policyExpiresYear: c.fiscalYear + 2,
    regionalTargetsDecomposed: true,
    lastSelfEvaluatedYear: c.fiscalYear - 1,
  };
  if (c.slot === 0) return { ...clean, allocatedFen: yuan(a * Math.max(0, c.progress - 0.3)) };
  if (c.slot === 1) return { ...clean, policyExpiresYear: c.fiscalYear - 1 };
  return clean;
};

const RECIPES: Record<string, Recipe> = {
  'general-budget': generalBudget,
  'gov-fund-budget': govFund,
  'soe-capital-budget': soeCapital,
  'social-insurance-budget': socialInsurance,
  'investment-fund': investmentFund,
  ppp,
  procurement,
  'purchased-services': purchasedServices,
  debt,
  'special-transfer': specialTransfer,
};

/** Attributes for a demo item of a fund type; unknown fund types get none. */
export function demoAttributes(fundTypeId: string, c: AttributeContext): Record<string, unknown> {
  const recipe = RECIPES[fundTypeId];
  if (!recipe) return {};
  return JSON.parse(JSON.stringify(recipe(c))) as Record<string, unknown>;
}
