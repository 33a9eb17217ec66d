import { z } from 'zod';
import type { Fen } from './money.ts';
import { fiscalYearSchema, idSchema, isoDateSchema, optionalText, text } from './schemas.ts';
import { BUDGET_ADJUSTMENT_KINDS, type BudgetAdjustmentKind } from './vocabulary.ts';

/**
 * 预算调整 of an item's year (EV-14): 追加 raises the year's budget, 调减 lowers it, 调整 (调剂)
 * moves it either way. The amount is signed: positive raises, negative lowers.
 */
export const budgetAdjustmentInputSchema = z
  .strictObject({
    itemId: idSchema,
    fiscalYear: fiscalYearSchema,
    kind: BUDGET_ADJUSTMENT_KINDS.schema,
    amountFen: z
      .int('调整金额必须是以分为单位的整数')
      .min(-Number.MAX_SAFE_INTEGER, '调整金额超出允许范围')
      .max(Number.MAX_SAFE_INTEGER, '调整金额超出允许范围')
      .refine((v) => v !== 0, '调整金额不能为零'),
    adjustedOn: isoDateSchema,
    reason: text('调整原因', 1000),
    documentNo: optionalText('调整文号', 60),
  })
  .superRefine((v, ctx) => {
    const problem = adjustmentSignProblem(v.kind, v.amountFen);
    if (problem) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: problem });
    if (!v.adjustedOn.startsWith(`${v.fiscalYear}-`)) {
      ctx.addIssue({ code: 'custom', path: ['adjustedOn'], message: `调整日期须在${v.fiscalYear}年度内` });
    }
  });
export type BudgetAdjustmentInput = z.output<typeof budgetAdjustmentInputSchema>;

/** 追加 must raise and 调减 must lower the budget; 调整 may go either way. */
function adjustmentSignProblem(kind: BudgetAdjustmentKind, amountFen: number): string | null {
  if (kind === 'supplement' && amountFen < 0) return '追加预算的金额须为正数';
  if (kind === 'reduction' && amountFen > 0) return '调减预算的金额须为负数（写作 -金额）';
  return null;
}

/** 全年预算数 (EV-14): 年初预算数 plus every adjustment of the year. */
export function adjustedBudgetFen(initialFen: Fen, adjustments: ReadonlyArray<{ amountFen: Fen }>): Fen {
  return adjustments.reduce((s, a) => s + a.amountFen, initialFen);
}

/** An adjustment that would leave the year's budget below zero is refused (EV-14). */
export function adjustmentRefusal(initialFen: Fen, priorAdjustmentsFen: Fen, amountFen: Fen): string | null {
  const after = initialFen + priorAdjustmentsFen + amountFen;
  if (after < 0) {
    return `调整后全年预算数为${(after / 100).toFixed(2)}元，不能小于零（年初预算数${(initialFen / 100).toFixed(2)}元，此前已调整${(priorAdjustmentsFen / 100).toFixed(2)}元）`;
  }
  return null;
}
