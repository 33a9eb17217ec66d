import { z } from 'zod';
import { DEPARTMENT_DIMENSIONS, SECTORS, type Sector } from '../vocabulary.ts';

/** The named quality checks a target goes through on submission (IN-7). */
export const TARGET_QUALITY_RULES = [
  'level1-complete',
  'quantified-share',
  'weights-total',
  'construction-cost',
  'duplicate-indicator',
  'unit-missing',
  'library-range',
  'history-deviation',
  'cycle-consistency',
] as const;
export type TargetQualityRule = (typeof TARGET_QUALITY_RULES)[number];

/** `block`: the submission is refused until fixed; `flag`: it goes to the reviewer marked; `off`. */
export const qualitySeveritySchema = z.enum(['block', 'flag', 'off']);
export type QualitySeverity = z.output<typeof qualitySeveritySchema>;

const DEFAULT_SEVERITY: Readonly<Record<TargetQualityRule, QualitySeverity>> = {
  'level1-complete': 'block',
  'quantified-share': 'block',
  'weights-total': 'block',
  'construction-cost': 'block',
  'duplicate-indicator': 'block',
  'unit-missing': 'block',
  'library-range': 'flag',
  'history-deviation': 'flag',
  'cycle-consistency': 'block',
};

/** Sectors whose items serve the public, so 服务对象满意度 is required (IN-2). */
const PUBLIC_SERVICE_SECTORS: readonly Sector[] = [
  'education',
  'culture',
  'social_security',
  'health',
  'environment',
  'urban_rural',
  'agriculture',
  'transport',
  'housing',
];

export const targetQualityConfigSchema = z
  .object({
    /** Quantified (定量) indicators must be at least this share of a target's indicators. */
    minQuantifiedShare: z.number().min(0).max(1).default(0.7),
    /** A target value further than this share from the item's own earlier value is flagged. */
    historyDeviationShare: z.number().min(0).default(0.5),
    publicServiceSectors: z.array(SECTORS.schema).default([...PUBLIC_SERVICE_SECTORS]),
    severity: z
      .object(
        Object.fromEntries(
          TARGET_QUALITY_RULES.map((r) => [r, qualitySeveritySchema.default(DEFAULT_SEVERITY[r])]),
        ) as Record<TargetQualityRule, z.ZodDefault<typeof qualitySeveritySchema>>,
      )
      .default({ ...DEFAULT_SEVERITY }),
  })
  .default({
    minQuantifiedShare: 0.7,
    historyDeviationShare: 0.5,
    publicServiceSectors: [...PUBLIC_SERVICE_SECTORS],
    severity: { ...DEFAULT_SEVERITY },
  });

/** Department-wide targets (DW-1, 景党发〔2019〕18号§四、§七). */
export const departmentTargetConfigSchema = z
  .object({
    /** Dimensions every department-wide target must cover. */
    requiredDimensions: z.array(DEPARTMENT_DIMENSIONS.schema).default([...DEPARTMENT_DIMENSIONS.values]),
    /** The department's budget is issued only once its department-wide target is approved. */
    requiredForBudget: z.boolean().default(false),
  })
  .default({ requiredDimensions: [...DEPARTMENT_DIMENSIONS.values], requiredForBudget: false });
