import type { PolicyConfig } from './policy-config.ts';
import type { Grade } from './vocabulary.ts';

/** Grade of a 100-point score; each lower bound is inclusive (EV-2). */
export function gradeOf(score: number, config: PolicyConfig): Grade {
  const g = config.grading;
  if (score >= g.excellent) return 'excellent';
  if (score >= g.good) return 'good';
  if (score >= g.fair) return 'fair';
  return 'poor';
}

/** Execution-rate points = weight × min(rate, 1) (EV-4); rate given in basis points. */
export function executionRatePoints(rateBp: number, config: PolicyConfig): number {
  const rate = Math.min(1, Math.max(0, rateBp / 10_000));
  return Math.round(config.selfEvaluationWeights.executionRate * rate * 100) / 100;
}

/** Next-year budget control number cut share for a grade (JX-2). */
export function budgetCutShare(grade: Grade, config: PolicyConfig): number {
  if (grade === 'poor') return config.resultApplication.cutForPoor;
  if (grade === 'fair') return config.resultApplication.cutForFair;
  return 0;
}
