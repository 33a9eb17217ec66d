import { z } from 'zod';
import { finiteNumberSchema } from '../indicators.ts';
import { optionalText, text } from '../schemas.ts';
import {
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  INDICATOR_STANDARDS,
  LEVEL2_UNDER_LEVEL1,
  OPERATORS,
  SECTORS,
} from '../vocabulary.ts';

const entryFields = {
  name: text('指标名称', 100),
  level1: INDICATOR_LEVEL1.schema,
  level2: INDICATOR_LEVEL2.schema,
  operator: OPERATORS.schema,
  unit: z.string().trim().max(20, '计量单位不能超过20个字符'),
  standard: INDICATOR_STANDARDS.schema,
  /** Fund type (plugin id) the indicator is for; with no sector either: the common framework. */
  fundTypeId: z.string().trim().min(1).max(60).nullable(),
  sector: SECTORS.schema.nullable(),
  referenceValue: finiteNumberSchema.nullable(),
  referenceMin: finiteNumberSchema.nullable(),
  referenceMax: finiteNumberSchema.nullable(),
  guidance: optionalText('指标解释', 1000),
  source: text('依据', 200),
};

/**
 * An entry of the indicator library (景党发〔2019〕18号§十四; IN-1, IN-3): a core indicator of the
 * common framework, of a fund type or of a sector, with its standard and, where one exists, a
 * reference value or range.
 */
export const libraryIndicatorInputSchema = z
  .strictObject({
    ...entryFields,
    unit: entryFields.unit.default(''),
    standard: entryFields.standard.default('industry'),
    fundTypeId: entryFields.fundTypeId.default(null),
    sector: entryFields.sector.default(null),
    referenceValue: entryFields.referenceValue.default(null),
    referenceMin: entryFields.referenceMin.default(null),
    referenceMax: entryFields.referenceMax.default(null),
  })
  .superRefine((v, ctx) => {
    if (!LEVEL2_UNDER_LEVEL1[v.level1].includes(v.level2)) {
      ctx.addIssue({
        code: 'custom',
        path: ['level2'],
        message: `“${INDICATOR_LEVEL2.labels[v.level2]}”不能放在“${INDICATOR_LEVEL1.labels[v.level1]}”之下`,
      });
    }
    if (v.referenceMin !== null && v.referenceMax !== null && v.referenceMin > v.referenceMax) {
      ctx.addIssue({ code: 'custom', path: ['referenceMax'], message: '参考区间上限不能小于下限' });
    }
    if (v.operator !== 'qualitative' && v.unit === '') {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: '定量指标须填写计量单位' });
    }
  });
export type LibraryIndicatorInput = z.output<typeof libraryIndicatorInputSchema>;

/** Which part of the library an entry belongs to. */
export function libraryScope(e: {
  fundTypeId: string | null;
  sector: string | null;
}): 'common' | 'fund_type' | 'sector' {
  if (e.sector) return 'sector';
  if (e.fundTypeId) return 'fund_type';
  return 'common';
}

/** A change to a library entry: any of its fields; the result is checked as a whole. */
export const libraryIndicatorPatchSchema = z
  .strictObject(entryFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, '至少修改一个字段');
export type LibraryIndicatorPatch = z.output<typeof libraryIndicatorPatchSchema>;
