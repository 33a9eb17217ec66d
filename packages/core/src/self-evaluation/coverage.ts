import { formatShare } from '../format.ts';
import type { PolicyConfig } from '../policy-config.ts';

/** One department's funds of a year and how much of them has been self-evaluated (submitted or beyond). */
export interface CoverageFacts {
  projectFen: number;
  projectEvaluatedFen: number;
  specialTransferFen: number;
  specialTransferEvaluatedFen: number;
}

export interface CoverageJudgement {
  /** Shares 0..1, null when the department has no such funds. */
  projectShare: number | null;
  specialTransferShare: number | null;
  short: boolean;
  /** Chinese, one per shortfall. */
  shortfalls: string[];
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * 自评覆盖面 (EV-10): a department's self-evaluated project funds must reach the configured
 * share (default 60%) and its special transfer payments must all be self-evaluated (100%).
 */
export function judgeCoverage(f: CoverageFacts, config: PolicyConfig): CoverageJudgement {
  const min = config.coverage.selfEvaluationMinShare;
  const minSpecial = config.coverage.specialTransferMinShare;
  const projectShare = share(f.projectEvaluatedFen, f.projectFen);
  const specialTransferShare = share(f.specialTransferEvaluatedFen, f.specialTransferFen);
  const shortfalls: string[] = [];
  if (projectShare !== null && projectShare < min - 1e-9) {
    shortfalls.push(`项目资金自评覆盖率${formatShare(projectShare)}，低于${formatShare(min)}`);
  }
  if (specialTransferShare !== null && specialTransferShare < minSpecial - 1e-9) {
    shortfalls.push(
      `专项转移支付自评覆盖率${formatShare(specialTransferShare)}，低于${formatShare(minSpecial)}`,
    );
  }
  return { projectShare, specialTransferShare, short: shortfalls.length > 0, shortfalls };
}

/**
 * The deadline of year `fiscalYear`'s self-evaluations (in the following year) and whether `today`
 * is within the warning window before it (or past it).
 */
export function coverageDeadline(
  fiscalYear: number,
  today: string,
  config: PolicyConfig,
): { deadline: string; warnFrom: string; due: boolean } {
  const c = config.coverage;
  const deadline = `${fiscalYear + 1}-${c.selfEvaluationDeadline}`;
  const d = new Date(`${deadline}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - c.warnDaysBefore);
  const warnFrom = d.toISOString().slice(0, 10);
  return { deadline, warnFrom, due: today >= warnFrom };
}
