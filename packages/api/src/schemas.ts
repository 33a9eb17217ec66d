import { z } from '@hono/zod-openapi';
import {
  decimalIdSchema,
  fiscalYearSchema,
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  InputError,
  ITEM_KINDS,
  ITEM_STATES,
  OPERATORS,
  SECTORS,
} from '@jixiao/core';

const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'invalid_input' }),
    message: z.string().openapi({ example: '请求体字段 approvedAmountFen：金额不能为负数' }),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('Error');

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: {
    description: '输入不合法（字段名见 message 与 details.issues）',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  401: { description: '未认证', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: '无权操作', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: '不存在或不在数据范围内', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: '状态冲突', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/** An id in a path or query string: decimal digits only (`0x1F`, `%201`, `00001` are refused). */
export const decimalId = () =>
  z
    .string()
    .openapi({ pattern: '^[1-9][0-9]{0,15}$', example: '1', description: '十进制正整数编号' })
    .pipe(decimalIdSchema);

export const IdParam = z.object({
  id: decimalId().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const PageQuery = {
  cursor: z.string().max(200).optional().openapi({ description: '上一页返回的 nextCursor' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ description: '每页条数（1–200，默认50）' }),
};

export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ a: lastId })).toString('base64url');
}

/** Decodes a cursor; undefined when absent, NaN when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof parsed.a === 'number' && Number.isSafeInteger(parsed.a) && parsed.a >= 0) return parsed.a;
  } catch {
    // fall through
  }
  return Number.NaN;
}

/** The id a page starts after, from the `cursor` query parameter; refuses a cursor we did not issue. */
export function afterIdOf(cursor: string | undefined): number | undefined {
  const afterId = decodeCursor(cursor);
  if (Number.isNaN(afterId)) {
    throw new InputError('查询参数字段 cursor：游标无效', [{ path: 'cursor', message: '游标无效' }]);
  }
  return afterId;
}

/**
 * One page of `rows`, which were fetched with `limit + 1` so a further page shows itself, and the
 * cursor of that next page (null on the last one).
 */
export function pageOf<R extends { id: number }>(
  rows: readonly R[],
  limit: number,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** A required JSON request body with this schema. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Free text a person writes: trimmed, not empty, at most `max` characters; errors name the field. */
export const requiredText = (label: string, max: number) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}个字符`);

const OrgRefSchema = z.object({ id: z.number(), name: z.string() });

export const ItemSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(ITEM_KINDS.values),
    fundTypeId: z.string(),
    orgUnit: OrgRefSchema,
    fiscalYearStart: z.number(),
    fiscalYearEnd: z.number(),
    currentFiscalYear: z.number(),
    approvedAmountFen: z.number().openapi({ description: '批复金额（分）' }),
    responsiblePerson: z.string(),
    isNewMajor: z.boolean(),
    isSpecialTransfer: z.boolean(),
    isNew: z.boolean().openapi({ description: '新增项目（非延续）' }),
    isCapitalConstruction: z.boolean().openapi({ description: '基本建设投资项目' }),
    sector: z.enum(SECTORS.values).nullable().openapi({ description: '行业领域（支出功能分类）' }),
    description: z.string().nullable(),
    functionalSubject: z.string().nullable().openapi({ description: '支出功能分类科目编码（类、款、项）' }),
    attributes: z.record(z.string(), z.unknown()),
    state: z.enum(ITEM_STATES.values),
    stateLabel: z.string(),
    version: z.number(),
    paidFen: z.number().openapi({ description: '本年度已支付（分）' }),
    executionRateBp: z.number().openapi({ description: '执行率（万分比）' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('BudgetItem');

export const ReportSchema = z
  .object({
    id: z.number(),
    indicatorId: z.number(),
    reportedOn: z.string(),
    actualValue: z.number().nullable(),
    qualitativeStatus: z.string().nullable(),
    forecastValue: z.number().nullable(),
    likelihood: z.string().nullable(),
    deviationReason: z.string().nullable(),
    deviationNote: z.string().nullable(),
    correctiveMeasure: z.string().nullable(),
    reportedBy: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi('IndicatorReport');

const IndicatorSchema = z
  .object({
    id: z.number(),
    position: z.number(),
    name: z.string(),
    level1: z.enum(INDICATOR_LEVEL1.values),
    level2: z.enum(INDICATOR_LEVEL2.values),
    operator: z.enum(OPERATORS.values),
    targetValue: z.number().nullable(),
    targetMin: z.number().nullable(),
    targetMax: z.number().nullable(),
    targetText: z.string().nullable(),
    unit: z.string(),
    weight: z.number(),
    basis: z.string(),
    libraryIndicatorId: z.number().nullable(),
    latestReport: ReportSchema.nullable(),
  })
  .openapi('Indicator');

export const TargetSchema = z
  .object({
    id: z.number(),
    itemId: z.number(),
    fiscalYear: z.number().nullable(),
    overallGoal: z.string(),
    status: z.enum(['draft', 'submitted', 'approved', 'returned']),
    approvedAt: z.string().nullable(),
    indicators: z.array(IndicatorSchema),
  })
  .openapi('PerformanceTarget');

const ExecutionSummarySchema = z
  .object({
    fiscalYear: z.number(),
    approvedAmountFen: z.number(),
    paidFen: z.number(),
    paymentCount: z.number(),
    lastPaidOn: z.string().nullable(),
    paidByMonth: z.array(z.number()),
    executionRateBp: z.number(),
    timeProgressBp: z.number(),
  })
  .openapi('ExecutionSummary');

export const PaymentSchema = z
  .object({
    id: z.number(),
    itemId: z.number(),
    fiscalYear: z.number(),
    paidOn: z.string(),
    amountFen: z.number(),
    source: z.string(),
    voucherNo: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Payment');

const LifecycleEventSchema = z
  .object({
    id: z.number(),
    action: z.string(),
    fromState: z.string(),
    toState: z.string(),
    actorUserId: z.number().nullable(),
    reason: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()).nullable(),
    at: z.string(),
  })
  .openapi('LifecycleEvent');

export const ItemDetailSchema = ItemSchema.extend({
  targets: z.array(TargetSchema),
  execution: ExecutionSummarySchema,
  events: z.array(LifecycleEventSchema),
  availableActions: z.array(z.string()),
}).openapi('BudgetItemDetail');

export const YearQuery = z.object({ fiscalYear: z.coerce.number().pipe(fiscalYearSchema).optional() });

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const UserRefSchema = z.object({ id: z.number(), name: z.string() });

/** `/regions/{id}/…/{year}`: a region and a fiscal year in the path. */
export const RegionYearParams = z.object({
  id: decimalId().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  year: z
    .string()
    .regex(/^20\d{2}$/, '年度须为四位数字')
    .openapi({ param: { name: 'year', in: 'path' }, example: '2025' })
    .transform(Number),
});
