import type { PolicyConfig } from './policy-config.ts';
import type {
  CompletionLikelihood,
  DeviationReason,
  IndicatorLevel1,
  IndicatorLevel2,
  ItemKind,
  ItemState,
  Operator,
  QualitativeStatus,
  Severity,
  SuggestedAction,
} from './vocabulary.ts';

/** The latest indicator report, as rules see it. */
export interface ReportSnapshot {
  reportedOn: string;
  actualValue: number | null;
  qualitativeStatus: QualitativeStatus | null;
  forecastValue: number | null;
  likelihood: CompletionLikelihood | null;
  deviationReason: DeviationReason | null;
  deviationNote: string | null;
  correctiveMeasure: string | null;
}

export interface IndicatorSnapshot {
  id: number;
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  targetText: string | null;
  unit: string;
  weight: number;
  latest: ReportSnapshot | null;
}

export interface ExecutionSnapshot {
  paidFen: number;
  paymentCount: number;
  lastPaidOn: string | null;
  /** Fen paid in each month of the fiscal year (index 0 = January); in the monitoring sweep, only for rules that list `paymentsByMonth` in `uses` (otherwise empty). */
  paidByMonth: readonly number[];
  /** paid ÷ approved, basis points. */
  executionRateBp: number;
}

/** Figures about a region's whole budget in a fiscal year, that portfolio rules compare against. */
export interface RegionFacts {
  regionId: number;
  regionName: string;
  fiscalYear: number;
  generalBudgetRevenueFen: number | null;
  generalBudgetExpenditureFen: number | null;
  comprehensiveFinancialResourcesFen: number | null;
  debtBalanceFen: number | null;
  gdpGrowthBp: number | null;
  revenueGrowthTargetBp: number | null;
}

/**
 * Everything a monitoring rule may look at for one item in one fiscal year. `A` is the fund
 * type's own attributes, already validated by its schema.
 */
export interface ItemSnapshot<A = Record<string, unknown>> {
  item: {
    id: number;
    code: string;
    name: string;
    kind: ItemKind;
    fundTypeId: string;
    orgUnitId: number;
    orgUnitName: string;
    regionId: number;
    fiscalYearStart: number;
    fiscalYearEnd: number;
    approvedAmountFen: number;
    state: ItemState;
    isNewMajor: boolean;
    isSpecialTransfer: boolean;
    responsiblePerson: string;
  };
  attributes: A;
  target: { overallGoal: string; approved: boolean } | null;
  indicators: readonly IndicatorSnapshot[];
  execution: ExecutionSnapshot;
  calendar: { asOf: string; fiscalYear: number; month: number; timeProgressBp: number };
}

/** What a rule reports about an item. The platform turns findings into warnings. */
export interface Finding {
  /**
   * Identifies the same problem across sweeps (default: the rule id). A rule that reports several
   * problems on one item gives each its own key; two findings of one rule on one item with the
   * same key are a rule error.
   */
  key?: string;
  severity: Severity;
  message: string;
  suggestedAction: SuggestedAction;
  details?: Record<string, unknown>;
}

/** Context every rule and review check gets besides its input. */
export interface RuleContext<S = unknown> {
  /** The platform's numbers as they apply to this fund type (its `fundTypes` overrides merged in). */
  config: PolicyConfig;
  /** The plugin's own settings (`definePlugin({ settings })`), validated, defaults filled in. */
  settings: S;
}
