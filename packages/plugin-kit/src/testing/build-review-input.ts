import type { ExAnteAssessmentInput } from '@jixiao/core';
import type { ReviewInput } from '../types.ts';
import { buildSnapshot, defaultIndicators } from './build-snapshot.ts';
import type { DeepPartial } from './deep-partial.ts';

export type ReviewTarget = NonNullable<ReviewInput<unknown>['target']>;
export type ReviewIndicator = ReviewTarget['indicators'][number];

/** What a test may override on a review input; `item` merges, the rest replace. */
export interface ReviewInputOverrides<A> {
  item?: DeepPartial<ReviewInput<A>['item']>;
  attributes?: A;
  target?: ReviewInput<A>['target'];
  exAnte?: ExAnteAssessmentInput | null;
}

/** The default indicator lines of a target under review (the same set `buildSnapshot` uses). */
export function defaultTargetIndicators(): ReviewIndicator[] {
  return defaultIndicators().map(({ id: _id, latest: _latest, ...line }) => line);
}

/**
 * One indicator line of a target under review; defaults to an output-quantity indicator (≥10个, weight 20).
 *
 * @example
 * buildTargetIndicator({ name: '按期偿债率', level1: 'benefit', level2: 'sustainable', operator: 'eq', targetValue: 100, unit: '%' })
 */
export function buildTargetIndicator(overrides: Partial<ReviewIndicator> = {}): ReviewIndicator {
  return {
    name: '完成建设任务数',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    targetValue: 10,
    targetMin: null,
    targetMax: null,
    targetText: null,
    unit: '个',
    weight: 20,
    ...overrides,
  };
}

/** A supportive ex-ante assessment with full marks, for checks that look at one. */
export function buildExAnte(overrides: Partial<ExAnteAssessmentInput> = {}): ExAnteAssessmentInput {
  return {
    conclusion: 'support',
    scores: { necessity: 18, economy: 17, targetSoundness: 17, feasibility: 18, financingCompliance: 18 },
    summary: '立项必要、投入经济、目标合理、方案可行、筹资合规，予以支持',
    ...overrides,
  };
}

/**
 * The input a review check sees before a target (or ex-ante assessment) is approved: the item
 * in state `targets_submitted`, a complete target with the default indicators, no ex-ante
 * assessment unless given.
 *
 * @example
 * runCheck(check, buildReviewInput({ attributes: { contractYears: 5 } }))
 */
export function buildReviewInput<A = Record<string, unknown>>(
  overrides: ReviewInputOverrides<A> = {},
): ReviewInput<A> {
  const { item } = buildSnapshot<A>({ item: { state: 'targets_submitted', ...overrides.item } });
  return {
    item,
    attributes: overrides.attributes ?? ({} as A),
    target:
      overrides.target !== undefined
        ? overrides.target
        : {
            overallGoal: '按期完成年度建设任务，服务对象满意度达到90%以上',
            indicators: defaultTargetIndicators(),
          },
    exAnte: overrides.exAnte ?? null,
  };
}
