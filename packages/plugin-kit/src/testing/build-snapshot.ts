import {
  defaultPolicyConfig,
  type ExecutionSnapshot,
  type IndicatorSnapshot,
  type ItemSnapshot,
  parseIsoDate,
  type RegionFacts,
  ratioBp,
  timeProgressBp,
} from '@jixiao/core';
import { type DeepPartial, deepMerge } from './deep-partial.ts';

/** Fiscal year of the default snapshot. */
export const DEFAULT_FISCAL_YEAR = 2026;
/** Approved amount of the default item: 100万元. */
export const DEFAULT_APPROVED_FEN = 100_000_000;

/** What a test may override on a snapshot; item, execution and calendar merge deeply, the rest replace. */
export interface SnapshotOverrides<A> {
  item?: DeepPartial<ItemSnapshot<A>['item']>;
  attributes?: A;
  target?: ItemSnapshot<A>['target'];
  indicators?: readonly IndicatorSnapshot[];
  execution?: DeepPartial<ExecutionSnapshot>;
  calendar?: DeepPartial<ItemSnapshot<A>['calendar']>;
}

/**
 * One indicator of a target with a latest report. The defaults describe an output-quantity
 * indicator that is on track.
 *
 * @example
 * buildIndicator({ name: '改造管网长度', targetValue: 12, unit: '公里', latest: null })
 */
export function buildIndicator(overrides: DeepPartial<IndicatorSnapshot> = {}): IndicatorSnapshot {
  const base: IndicatorSnapshot = {
    id: 1,
    name: '完成建设任务数',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    targetValue: 10,
    targetMin: null,
    targetMax: null,
    targetText: null,
    unit: '个',
    weight: 20,
    latest: {
      reportedOn: `${DEFAULT_FISCAL_YEAR}-07-31`,
      actualValue: 6,
      qualitativeStatus: null,
      forecastValue: 10,
      likelihood: 'certain',
      deviationReason: null,
      deviationNote: null,
      correctiveMeasure: null,
    },
  };
  return deepMerge<IndicatorSnapshot>(base, overrides);
}

/**
 * The default indicator set: output (quantity, quality, timeliness) 50, benefit 30, satisfaction
 * 10 — the weights the default policy configuration expects (EV-3).
 */
export function defaultIndicators(fiscalYear: number = DEFAULT_FISCAL_YEAR): IndicatorSnapshot[] {
  const reportedOn = `${fiscalYear}-07-31`;
  const report = (actualValue: number | null, forecastValue: number | null) => ({
    reportedOn,
    actualValue,
    qualitativeStatus: null,
    forecastValue,
    likelihood: 'certain' as const,
    deviationReason: null,
    deviationNote: null,
    correctiveMeasure: null,
  });
  return [
    buildIndicator({ id: 1, latest: report(6, 10) }),
    buildIndicator({
      id: 2,
      name: '验收合格率',
      level2: 'quality',
      targetValue: 95,
      unit: '%',
      weight: 15,
      latest: report(98, 98),
    }),
    buildIndicator({
      id: 3,
      name: '按期完成率',
      level2: 'timeliness',
      targetValue: 90,
      unit: '%',
      weight: 15,
      latest: report(92, 95),
    }),
    buildIndicator({
      id: 4,
      name: '受益群众人数',
      level1: 'benefit',
      level2: 'social',
      targetValue: 5000,
      unit: '人',
      weight: 30,
      latest: report(3200, 5200),
    }),
    buildIndicator({
      id: 5,
      name: '服务对象满意度',
      level1: 'satisfaction',
      level2: 'satisfaction',
      targetValue: 90,
      unit: '%',
      weight: 10,
      latest: null,
    }),
  ];
}

function monthOf(asOf: string, fiscalYear: number): number {
  const d = parseIsoDate(asOf);
  if (d.year > fiscalYear) return 12;
  if (d.year < fiscalYear) return 1;
  return d.month;
}

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Spreads `paidFen` evenly over the first `months` months, remainder in the last one. */
function spread(paidFen: number, months: number): number[] {
  const byMonth = Array.from({ length: 12 }, () => 0);
  if (paidFen <= 0) return byMonth;
  const n = Math.max(1, Math.min(12, months));
  const each = Math.floor(paidFen / n);
  for (let i = 0; i < n; i++) byMonth[i] = each;
  byMonth[n - 1] = paidFen - each * (n - 1);
  return byMonth;
}

/**
 * A complete, valid snapshot of an executing item (fiscal year 2026, as of 2026-08-31, 100万元
 * approved, paid on schedule through July) with any part overridden. Execution figures not given
 * are derived from the ones given, so they stay consistent with `approvedAmountFen`: give
 * `paidFen` and the months, count and rate follow; give `paidByMonth` and the rest follows.
 *
 * @example
 * const snap = buildSnapshot<PppAttributes>({
 *   attributes: { paymentMechanism: 'government_pay', performanceLinkedShare: 0.2 },
 *   item: { approvedAmountFen: 50_000_000 },
 *   execution: { paidFen: 10_000_000 },
 * });
 */
export function buildSnapshot<A = Record<string, unknown>>(
  overrides: SnapshotOverrides<A> = {},
): ItemSnapshot<A> {
  const fiscalYear = overrides.calendar?.fiscalYear ?? overrides.item?.fiscalYearStart ?? DEFAULT_FISCAL_YEAR;
  const asOf = overrides.calendar?.asOf ?? `${fiscalYear}-08-31`;
  const calendar: ItemSnapshot<A>['calendar'] = {
    asOf,
    fiscalYear,
    month: overrides.calendar?.month ?? monthOf(asOf, fiscalYear),
    timeProgressBp:
      overrides.calendar?.timeProgressBp ??
      timeProgressBp(asOf, fiscalYear, defaultPolicyConfig.monitoring.timeProgressBasis),
  };

  const item = deepMerge<ItemSnapshot<A>['item']>(
    {
      id: 1,
      code: `XM-${fiscalYear}-0001`,
      name: '测试项目',
      kind: 'project',
      fundTypeId: 'test',
      orgUnitId: 1,
      orgUnitName: '市测试局',
      regionId: 1,
      fiscalYearStart: fiscalYear,
      fiscalYearEnd: fiscalYear,
      approvedAmountFen: DEFAULT_APPROVED_FEN,
      state: 'executing',
      isNewMajor: false,
      isSpecialTransfer: false,
      responsiblePerson: '张三',
    },
    overrides.item,
  );

  const ex = overrides.execution ?? {};
  const completedMonths = Math.max(0, calendar.month - 1);
  const paidByMonth =
    ex.paidByMonth ??
    spread(
      ex.paidFen ?? Math.floor((item.approvedAmountFen * calendar.timeProgressBp) / 10_000),
      completedMonths,
    );
  const paidFen = ex.paidFen ?? paidByMonth.reduce((s, v) => s + v, 0);
  const lastMonth = paidByMonth.reduce((last, v, i) => (v > 0 ? i + 1 : last), 0);
  const execution: ExecutionSnapshot = {
    paidFen,
    paidByMonth,
    paymentCount: ex.paymentCount ?? paidByMonth.filter((v) => v > 0).length,
    lastPaidOn:
      ex.lastPaidOn !== undefined
        ? ex.lastPaidOn
        : lastMonth > 0
          ? lastDayOfMonth(fiscalYear, lastMonth)
          : null,
    executionRateBp: ex.executionRateBp ?? ratioBp(paidFen, item.approvedAmountFen),
  };

  return {
    item,
    attributes: overrides.attributes ?? ({} as A),
    target:
      overrides.target !== undefined
        ? overrides.target
        : { overallGoal: '按期完成年度建设任务，服务对象满意度达到90%以上', approved: true },
    indicators: overrides.indicators ?? defaultIndicators(fiscalYear),
    execution,
    calendar,
  };
}

/**
 * A region's budget figures for 2026, healthy by every default threshold (债务率 ≈ 89%, revenue
 * growth target equal to GDP growth).
 *
 * @example
 * buildRegionFacts({ generalBudgetExpenditureFen: 10_000_000_000 }) // 1亿元
 */
export function buildRegionFacts(overrides: Partial<RegionFacts> = {}): RegionFacts {
  return {
    regionId: 1,
    regionName: '示范市本级',
    fiscalYear: DEFAULT_FISCAL_YEAR,
    generalBudgetRevenueFen: 2_000_000_000_000,
    generalBudgetExpenditureFen: 4_000_000_000_000,
    comprehensiveFinancialResourcesFen: 4_500_000_000_000,
    debtBalanceFen: 4_000_000_000_000,
    gdpGrowthBp: 500,
    revenueGrowthTargetBp: 500,
    ...overrides,
  };
}
