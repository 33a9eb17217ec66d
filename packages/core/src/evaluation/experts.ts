import type { EvaluationConfig } from './config.ts';

/** How several experts' scores of one line become one score (rounded to two decimals). */
export function aggregateScores(
  scores: readonly number[],
  rule: EvaluationConfig['experts']['aggregation'],
): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  let value: number;
  if (rule === 'median') {
    const mid = Math.floor(sorted.length / 2);
    value =
      sorted.length % 2
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  } else {
    // Trimmed mean: the highest and the lowest score left out once there are at least three.
    const kept = rule === 'trimmed_mean' && sorted.length >= 3 ? sorted.slice(1, -1) : sorted;
    value = kept.reduce((s, x) => s + x, 0) / kept.length;
  }
  return Math.round(value * 100) / 100;
}

/** An expert or institution as far as conflicts of interest go. */
export interface EvaluatorTies {
  /** The org unit they work for, if it is in the system (a department or unit). */
  employerOrgUnitId: number | null;
  /** Work they did for org units, with the date it ended. */
  pastWork: ReadonlyArray<{ orgUnitId: number; endedOn: string }>;
}

/** The evaluated item's unit and its department (the unit itself when it is a department). */
export interface EvaluatedParty {
  orgUnitId: number;
  departmentId: number;
  name: string;
}

/**
 * Why an expert may not evaluate this party (seed §十三 质量监督; 财监〔2021〕4号 DI-3): working for
 * the evaluated unit or its department, or recent work for either.
 */
export function conflictsOfInterest(
  ties: EvaluatorTies,
  party: EvaluatedParty,
  today: string,
  cfg: EvaluationConfig['experts'],
): string[] {
  const reasons: string[] = [];
  const involved = new Set([party.orgUnitId, party.departmentId]);
  if (ties.employerOrgUnitId !== null && involved.has(ties.employerOrgUnitId)) {
    reasons.push(`本人任职于被评价单位或其主管部门（${party.name}）`);
  }
  const cutoff = `${Number(today.slice(0, 4)) - cfg.recentWorkYears}${today.slice(4)}`;
  const recent = ties.pastWork.filter((w) => involved.has(w.orgUnitId) && w.endedOn >= cutoff);
  if (recent.length) {
    reasons.push(
      `近${cfg.recentWorkYears}年曾为被评价单位或其主管部门提供服务（最近一次至${recent
        .map((w) => w.endedOn)
        .sort()
        .at(-1)}）`,
    );
  }
  return reasons;
}
