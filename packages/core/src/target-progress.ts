import { parseIsoDate } from './calendar.ts';
import { type IndicatorShape, qualitativeCompletion, quantitativeCompletion } from './indicators.ts';
import type { PolicyConfig } from './policy-config.ts';
import type { CompletionLikelihood, Operator, QualitativeStatus, Severity } from './vocabulary.ts';

/**
 * How far an indicator is from its target during the year (双监控, MO-4(a) / MO-5): the expected
 * year-end value, the completion it gives, the warning that completion is worth, and whether the
 * report is overdue. The sweep repeats these rules as SQL (`@jixiao/db` monitoring rules); a
 * property test on the real database keeps the two equal.
 */

/** The latest progress report on an indicator, as far as these rules need it. */
export interface ProgressReport {
  reportedOn: string;
  actualValue: number | null;
  qualitativeStatus: QualitativeStatus | null;
  forecastValue: number | null;
  likelihood: CompletionLikelihood | null;
}

/**
 * Expected year-end value (MO-5 预计全年完成值): the reported forecast; failing that, a cumulative
 * count ("≥", not a percentage) reported during its fiscal year is extrapolated to twelve months
 * [U]; anything else is taken as it stands.
 */
export function forecastYearEndValue(
  ind: { operator: Operator; unit: string },
  report: Pick<ProgressReport, 'reportedOn' | 'actualValue' | 'forecastValue'>,
  fiscalYear: number,
): number | null {
  if (report.forecastValue !== null) return report.forecastValue;
  if (report.actualValue === null) return null;
  const on = parseIsoDate(report.reportedOn);
  if (ind.operator === 'gte' && ind.unit !== '%' && on.year === fiscalYear) {
    return (report.actualValue * 12) / on.month;
  }
  return report.actualValue;
}

/**
 * Completion of an indicator in [0, 1] given a value (EV-5 by operator) or a qualitative status
 * (EV-6 bands); null when it cannot be judged.
 */
export function indicatorCompletion(
  ind: IndicatorShape,
  value: number | null,
  qualitativeStatus: QualitativeStatus | null,
  config: PolicyConfig,
): number | null {
  if (ind.operator === 'qualitative') {
    return qualitativeStatus === null ? null : qualitativeCompletion(qualitativeStatus, config);
  }
  return value === null ? null : quantitativeCompletion(ind, value);
}

/**
 * The warning an indicator's latest report is worth (MO-6): red when its author says it is
 * impossible, a qualitative target is not met, or the forecast completion is below the configured
 * red share; orange when the completion falls short by more than the share that needs an
 * explanation (IN-6); yellow for a qualitative target only partly met; otherwise none.
 */
export function targetRisk(
  judged: {
    completion: number | null;
    likelihood: CompletionLikelihood | null;
    qualitativeStatus: QualitativeStatus | null;
  },
  config: PolicyConfig,
): Severity | null {
  const m = config.monitoring;
  const { completion } = judged;
  if (
    judged.likelihood === 'impossible' ||
    judged.qualitativeStatus === 'not_met' ||
    (completion !== null && completion < m.forecastCompletionRed)
  ) {
    return 'red';
  }
  if (completion !== null && completion < orangeCompletionBelow(config)) return 'orange';
  if (judged.qualitativeStatus === 'partly_met') return 'yellow';
  return null;
}

/** Completion below this is orange: short of the target by more than the deviation share (IN-6). */
export function orangeCompletionBelow(config: PolicyConfig): number {
  return 1 - config.monitoring.deviationExplainShare;
}

/**
 * True when an indicator's progress is overdue on `asOf`: neither its last report nor (without
 * one) the start of its fiscal year is within the configured number of days, and the year
 * itself is older than that.
 */
export function isReportOverdue(
  lastReportedOn: string | null,
  fiscalYear: number,
  asOf: string,
  config: PolicyConfig,
): boolean {
  const cutoff = daysBefore(asOf, config.monitoring.reportOverdueDays);
  const yearStart = `${String(fiscalYear).padStart(4, '0')}-01-01`;
  return (lastReportedOn ?? yearStart) < cutoff && yearStart < cutoff;
}

function daysBefore(date: string, days: number): string {
  const d = parseIsoDate(date);
  return new Date(Date.UTC(d.year, d.month - 1, d.day - days)).toISOString().slice(0, 10);
}
