import type { EvaluationResultSource, ResultSubjectKind } from '../vocabulary.ts';

/** The subject each source evaluates. */
export const SOURCE_SUBJECT: Readonly<Record<EvaluationResultSource, ResultSubjectKind>> = {
  self_evaluation: 'item',
  spot_check: 'item',
  key_evaluation: 'item',
  department_evaluation: 'department',
  county_evaluation: 'region',
  department_self_evaluation: 'department',
};

/**
 * Which of an item's results for a year is final (JX-2): the finance bureau's key evaluation over
 * a spot check's re-grading over the department's reviewed self-evaluation. Higher wins. For a
 * department as a whole, the finance bureau's 部门整体绩效评价 over its reviewed self-evaluation (DW-4).
 */
export const SOURCE_PRECEDENCE: Readonly<Record<EvaluationResultSource, number>> = {
  self_evaluation: 1,
  spot_check: 2,
  key_evaluation: 3,
  department_evaluation: 2,
  county_evaluation: 1,
  department_self_evaluation: 1,
};

/** A finding is rectified once its task is accepted (验收); a result once all its findings are. */
export function isRectificationComplete(taskStatuses: ReadonlyArray<string | null>): boolean {
  return taskStatuses.every((s) => s === 'accepted');
}
