import { GRADES, type Grade } from '../vocabulary.ts';
import type { ResultApplicationConfig } from './config.ts';

/** What the system knows of a policy or project over the years. */
export interface ItemRecord {
  itemId: number;
  name: string;
  fiscalYearEnd: number;
  /** Final grade by fiscal year. */
  grades: Readonly<Record<number, Grade>>;
  /** Execution rate (paid ÷ budget) by fiscal year, basis points. */
  executionRateBp: Readonly<Record<number, number>>;
}

export type ExitReasonCode = 'expired' | 'poor_repeatedly' | 'low_execution';

export interface ExitCandidate {
  itemId: number;
  name: string;
  reasons: Array<{ code: ExitReasonCode; message: string }>;
}

/**
 * Policies and projects due for exit (seed §五: 政策到期、绩效低下的政策和项目要及时清理退出): expired,
 * graded 差 repeatedly, or spending far below budget year after year. The finance bureau decides.
 */
export function exitCandidates(
  records: readonly ItemRecord[],
  year: number,
  cfg: ResultApplicationConfig,
): ExitCandidate[] {
  const e = cfg.exit;
  const out: ExitCandidate[] = [];
  for (const r of records) {
    const reasons: ExitCandidate['reasons'] = [];
    if (r.fiscalYearEnd < year) {
      reasons.push({ code: 'expired', message: `实施期已于${r.fiscalYearEnd}年结束（政策到期）` });
    }
    const evaluated = Object.keys(r.grades)
      .map(Number)
      .filter((y) => y <= year)
      .sort((a, b) => b - a)
      .slice(0, e.withinYears);
    const poorYears = evaluated.filter((y) => r.grades[y] === 'poor').sort((a, b) => a - b);
    if (poorYears.length >= e.poorGrades) {
      reasons.push({
        code: 'poor_repeatedly',
        message: `${poorYears.join('、')}年度绩效评价均为“${GRADES.labels.poor}”（近${e.withinYears}个评价年度内${poorYears.length}次）`,
      });
    }
    const threshold = Math.round(e.lowExecutionShare * 10_000);
    const lowYears: number[] = [];
    for (let y = year; ; y--) {
      const rate = r.executionRateBp[y];
      if (rate === undefined || rate >= threshold) break;
      lowYears.unshift(y);
    }
    if (lowYears.length >= e.lowExecutionYears) {
      const rates = lowYears
        .map((y) => `${y}年${((r.executionRateBp[y] ?? 0) / 100).toFixed(1)}%`)
        .join('、');
      reasons.push({
        code: 'low_execution',
        message: `连续${lowYears.length}年预算执行率低于${e.lowExecutionShare * 100}%（${rates}）`,
      });
    }
    if (reasons.length) out.push({ itemId: r.itemId, name: r.name, reasons });
  }
  return out;
}
