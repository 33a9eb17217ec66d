import type { DepartmentIndicatorInput } from '../targets/department.ts';
import { DEPARTMENT_DIMENSIONS } from '../vocabulary.ts';
import { prepareSelfEvaluation, type SelfEvaluationContent, type SelfEvaluationSource } from './prepare.ts';
import type { SelfEvaluationScheme } from './scheme.ts';

/** What the system knows about a department's year (DW-4): its budget totals and its department-wide target. */
export interface DepartmentSelfEvaluationSource {
  /** Sums over the department's items of the year (EV-14 for 全年预算数). */
  budget: SelfEvaluationSource['budget'];
  indicators: readonly DepartmentIndicatorInput[];
}

/**
 * 准备部门整体支出绩效自评 (DW-4): one row per department-wide indicator, its dimension
 * (履职效能, 运行成本 …) as the level-1 name, printed as an item's target is. The target's weights
 * add up to 100; on the table they share what the scheme leaves after the budget-execution row
 * (90 of 100 by default), in proportion.
 */
export function prepareDepartmentSelfEvaluation(
  source: DepartmentSelfEvaluationSource,
  scheme: SelfEvaluationScheme,
): SelfEvaluationContent {
  const share = (100 - scheme.budgetWeight) / 100;
  const content = prepareSelfEvaluation({
    budget: source.budget,
    indicators: source.indicators.map((i, position) => ({
      indicatorId: position + 1,
      position,
      level1: 'output',
      level2: 'quantity',
      name: i.name,
      operator: i.operator,
      targetValue: i.targetValue ?? null,
      targetMin: i.targetMin ?? null,
      targetMax: i.targetMax ?? null,
      targetText: i.targetText ?? null,
      unit: i.unit,
      weight: i.weight * share,
      latest: null,
    })),
  });
  return {
    ...content,
    lines: content.lines.map((l, position) => {
      const dimension = source.indicators[position]?.dimension;
      return {
        ...l,
        indicatorId: null,
        level1: dimension ? DEPARTMENT_DIMENSIONS.labels[dimension] : '',
        level2: '',
      };
    }),
  };
}
