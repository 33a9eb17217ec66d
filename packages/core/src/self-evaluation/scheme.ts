import { z } from 'zod';
import type { PolicyConfig } from '../policy-config.ts';
import { DEFAULT_QUALITATIVE_WORDS } from './printed-value.ts';

/**
 * How a self-evaluation table is scored (EV-3…EV-6). The default follows 财预〔2020〕10号; local
 * tables that score differently (budget 20 + targets 80, an extra 长效管理 block, no weight per
 * indicator) are further schemes in configuration, not code.
 */
export const selfEvaluationSchemeSchema = z.strictObject({
  name: z.string().min(1),
  /** Points of the budget-execution row (执行率 × weight, capped at the weight). */
  budgetWeight: z.number().min(0).max(100),
  /**
   * Points of each level-1 block, keyed by the block's printed name without "指标" (产出, 效益,
   * 满意度, 成本, 长效管理 …). Empty: only the total is checked.
   */
  level1: z.record(z.string().min(1), z.number().min(0).max(100)).default({}),
  /** A block whose points count toward another's split (成本 under 产出 in the 10号 layout). */
  countsToward: z.record(z.string(), z.string()).default({}),
  /** Where a block's points go when the table has no such block (满意度 → 效益 in 10号). */
  movesToWhenAbsent: z.record(z.string(), z.string()).default({}),
  /** Each block's split must add up exactly (the 10号 layout); otherwise only the total must. */
  checkLevel1Split: z.boolean().default(true),
  /** `per_row`: each indicator has its own weight; `even`: a block's points split evenly over its rows. */
  indicatorWeights: z.enum(['per_row', 'even']).default('per_row'),
  /** What a target printed without an operator means ("100%", "192只"); cost indicators are always reverse. */
  bareTargetOperator: z.enum(['gte', 'eq']).default('gte'),
  /** A printed score may differ from the computed one by this many points before it is a problem. */
  scoreTolerance: z.number().min(0).default(0.5),
  qualitativeWords: z
    .strictObject({
      notMetPrefixes: z.array(z.string().min(1)),
      partlyMetPrefixes: z.array(z.string().min(1)),
      notMet: z.array(z.string().min(1)),
      partlyMet: z.array(z.string().min(1)),
      met: z.array(z.string().min(1)),
    })
    .default({
      notMetPrefixes: [...DEFAULT_QUALITATIVE_WORDS.notMetPrefixes],
      partlyMetPrefixes: [...DEFAULT_QUALITATIVE_WORDS.partlyMetPrefixes],
      notMet: [...DEFAULT_QUALITATIVE_WORDS.notMet],
      partlyMet: [...DEFAULT_QUALITATIVE_WORDS.partlyMet],
      met: [...DEFAULT_QUALITATIVE_WORDS.met],
    }),
});
export type SelfEvaluationScheme = z.output<typeof selfEvaluationSchemeSchema>;

/** Configured schemes by id; the default one is derived from `selfEvaluationWeights`. */
export const selfEvaluationConfigSchema = z
  .strictObject({
    defaultScheme: z.string().min(1).default('caiyu-2020-10'),
    /** The scheme 部门整体支出绩效自评 is scored by (DW-4). */
    departmentScheme: z.string().min(1).default('department-wide'),
    schemes: z.record(z.string().regex(/^[a-z0-9-]+$/), selfEvaluationSchemeSchema).default({}),
  })
  .default({ defaultScheme: 'caiyu-2020-10', departmentScheme: 'department-wide', schemes: {} });

const DEFAULT_SCHEME_ID = 'caiyu-2020-10';

/** The 财预〔2020〕10号 scheme with this jurisdiction's weights (EV-3). */
export function defaultScheme(config: PolicyConfig): SelfEvaluationScheme {
  const w = config.selfEvaluationWeights;
  return selfEvaluationSchemeSchema.parse({
    name: '财预〔2020〕10号（执行率、产出、效益、满意度）',
    budgetWeight: w.executionRate,
    level1: { 产出: w.output, 效益: w.benefit, 满意度: w.satisfaction },
    countsToward: { 成本: '产出' },
    movesToWhenAbsent: { 满意度: '效益' },
    checkLevel1Split: config.weightScheme === 'by_level1',
  });
}

/**
 * 部门整体支出绩效自评 (DW-4): the budget-execution row as in EV-4, the department-wide
 * indicators share the remaining points by their target weights, with no fixed split by dimension.
 */
export function departmentWideScheme(config: PolicyConfig): SelfEvaluationScheme {
  return selfEvaluationSchemeSchema.parse({
    name: '部门整体支出绩效自评（预算执行率与部门整体绩效指标）',
    budgetWeight: config.selfEvaluationWeights.executionRate,
    checkLevel1Split: false,
  });
}

/** Every scheme this jurisdiction has: the default, the department-wide and the configured ones. */
export function selfEvaluationSchemes(config: PolicyConfig): Readonly<Record<string, SelfEvaluationScheme>> {
  return {
    [DEFAULT_SCHEME_ID]: defaultScheme(config),
    'department-wide': departmentWideScheme(config),
    ...config.selfEvaluation.schemes,
  };
}
