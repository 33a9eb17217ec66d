import { z } from 'zod';
import type { FieldIssue } from '../errors.ts';
import { finiteNumberSchema, refineTargetValue } from '../indicators.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { fiscalYearSchema, text } from '../schemas.ts';
import { DEPARTMENT_DIMENSIONS, OPERATORS } from '../vocabulary.ts';

/** One indicator of a department-wide target, under one of the DW-1 dimensions. */
export const departmentIndicatorInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, '指标名称不能为空').max(100, '指标名称不能超过100个字符'),
    dimension: DEPARTMENT_DIMENSIONS.schema,
    operator: OPERATORS.schema,
    targetValue: finiteNumberSchema.optional(),
    targetMin: finiteNumberSchema.optional(),
    targetMax: finiteNumberSchema.optional(),
    targetText: z.string().trim().max(500, '定性目标不能超过500个字符').optional(),
    unit: z.string().trim().max(20, '计量单位不能超过20个字符').default(''),
    weight: z.number('权重必须是数字').min(0, '权重不能为负数').max(100, '权重不能超过100'),
  })
  .superRefine(refineTargetValue);
export type DepartmentIndicatorInput = z.output<typeof departmentIndicatorInputSchema>;

/** 部门整体绩效目标 of one fiscal year (景党发〔2019〕18号§四、§七). */
export const departmentTargetInputSchema = z.strictObject({
  fiscalYear: fiscalYearSchema,
  overallGoal: text('总体目标', 2000),
  indicators: z
    .array(departmentIndicatorInputSchema)
    .min(1, '至少设置一个绩效指标')
    .max(100, '绩效指标不能超过100个'),
});
export type DepartmentTargetInput = z.output<typeof departmentTargetInputSchema>;

/** A change to an approved department-wide target (IN-9): the new content and why. */
export const departmentTargetAdjustmentSchema = departmentTargetInputSchema
  .omit({ fiscalYear: true })
  .extend({ reason: text('调整理由', 1000) });
export type DepartmentTargetAdjustment = z.output<typeof departmentTargetAdjustmentSchema>;

/**
 * The quality checks of a department-wide target (DW-1, IN-7): every required dimension
 * covered, enough quantified indicators, weights adding up to 100, no duplicates, units present.
 * All of them block submission.
 */
export function departmentTargetIssues(
  indicators: readonly DepartmentIndicatorInput[],
  config: PolicyConfig,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const d of config.departmentTargets.requiredDimensions) {
    if (!indicators.some((i) => i.dimension === d)) {
      issues.push({ path: 'indicators', message: `缺少“${DEPARTMENT_DIMENSIONS.labels[d]}”方面的指标` });
    }
  }
  const quantified = indicators.filter((i) => i.operator !== 'qualitative').length;
  const min = config.targetQuality.minQuantifiedShare;
  if (indicators.length > 0 && quantified / indicators.length < min) {
    issues.push({
      path: 'indicators',
      message: `定量指标${quantified}项，占${Math.round((quantified / indicators.length) * 1000) / 10}%，低于${Math.round(min * 1000) / 10}%；请把定性指标细化量化`,
    });
  }
  const total = indicators.reduce((s, i) => s + Math.round(i.weight * 100), 0);
  if (total !== 10_000) issues.push({ path: 'indicators', message: `指标权重合计${total / 100}，应为100` });
  const seen = new Set<string>();
  indicators.forEach((i, position) => {
    if (seen.has(i.name))
      issues.push({ path: `indicators.${position}.name`, message: `指标“${i.name}”重复，请合并或改名` });
    seen.add(i.name);
    if (i.operator !== 'qualitative' && i.unit === '') {
      issues.push({ path: `indicators.${position}.unit`, message: `指标“${i.name}”缺少计量单位` });
    }
  });
  return issues;
}
