import { z } from 'zod';
import type { Permission } from '../permissions.ts';
import { optionalText, text } from '../schemas.ts';
import {
  REVIEW_CRITERIA,
  type ReviewCriterion,
  TARGET_VERSION_STATUSES,
  type TargetVersionStatus,
} from '../vocabulary.ts';

const mark = z.strictObject({
  met: z.boolean('须标注是否符合'),
  note: optionalText('说明', 500),
});

/** The reviewer's marks on the four criteria (IN-4, 财预〔2015〕88号). */
const reviewCriteriaSchema = z.strictObject({
  specific: mark.optional(),
  quantified: mark.optional(),
  feasible: mark.optional(),
  matched: mark.optional(),
});

/** A finance reviewer's decision on a submitted target version. */
export const targetReviewInputSchema = z.strictObject({
  criteria: reviewCriteriaSchema.default({}),
  /** Per-indicator comments, by indicator name. */
  comments: z
    .array(z.strictObject({ indicator: text('指标名称', 100), comment: text('审核意见', 1000) }))
    .max(100, '逐项意见不能超过100条')
    .default([]),
  /** The overall opinion; the reasons when returning. */
  opinion: optionalText('审核意见', 2000),
});
export type TargetReviewInput = z.output<typeof targetReviewInputSchema>;

export type TargetReviewDecision = 'approve' | 'return';

export interface TargetReviewFacts {
  status: TargetVersionStatus;
  permissions: readonly Permission[];
  /** The target belongs to the reviewer's own department. */
  ownDepartment: boolean;
  input: TargetReviewInput;
}

export type ReviewRefusal = {
  code: 'not_allowed' | 'transition_refused' | 'invalid_input';
  message: string;
  path?: string;
};

const LABEL: Readonly<Record<TargetReviewDecision, string>> = {
  approve: '审核通过绩效目标',
  return: '退回绩效目标',
};

/**
 * Whether a reviewer may take a decision (IN-4, IN-5): only a submitted version, only with the
 * review permission, never on the reviewer's own department; approving needs all four criteria
 * marked as met, returning needs the reasons.
 */
export function decideTargetReview(
  decision: TargetReviewDecision,
  f: TargetReviewFacts,
): ReviewRefusal | null {
  if (f.status !== 'submitted') {
    return {
      code: 'transition_refused',
      message: `该绩效目标当前为“${TARGET_VERSION_STATUSES.labels[f.status]}”，不能${LABEL[decision]}（仅限待审核的）`,
    };
  }
  if (!f.permissions.includes('targets.review'))
    return { code: 'not_allowed', message: `您的角色无权${LABEL[decision]}` };
  if (f.ownDepartment) return { code: 'not_allowed', message: '审核人不能审核本部门的绩效目标' };
  if (decision === 'approve') {
    for (const c of REVIEW_CRITERIA.values as readonly ReviewCriterion[]) {
      const m = f.input.criteria[c];
      const label = REVIEW_CRITERIA.labels[c];
      if (!m)
        return {
          code: 'invalid_input',
          path: `criteria.${c}`,
          message: `审核通过须逐项标注审核要点：“${label}”未标注`,
        };
      if (!m.met) {
        return {
          code: 'transition_refused',
          path: `criteria.${c}`,
          message: `审核要点“${label}”标为不符合，不能审核通过，请退回修改`,
        };
      }
    }
    return null;
  }
  if (!f.input.opinion) return { code: 'invalid_input', path: 'opinion', message: '退回须写明理由' };
  return null;
}

export type TargetSubmission = 'submit' | 'adjust';

export interface TargetSubmissionFacts {
  /** Status of the target itself (draft, submitted, returned, approved). */
  targetStatus: 'draft' | 'submitted' | 'returned' | 'approved';
  permissions: readonly Permission[];
  /** An adjustment of this target is already waiting for review. */
  pendingAdjustment: boolean;
  reason?: string | null;
}

/**
 * Whether a target may go to review: a first submission (or a resubmission after a return) from
 * draft or returned; an adjustment (IN-9) only of an approved target, with its reason, one at a time.
 */
export function decideTargetSubmission(
  kind: TargetSubmission,
  f: TargetSubmissionFacts,
): ReviewRefusal | null {
  if (!f.permissions.includes('targets.write'))
    return { code: 'not_allowed', message: '您的角色无权填报绩效目标' };
  if (kind === 'submit') {
    if (f.targetStatus === 'submitted')
      return { code: 'transition_refused', message: '该绩效目标已报送，正在审核' };
    if (f.targetStatus === 'approved') {
      return {
        code: 'transition_refused',
        message: '该绩效目标已审核通过；年度中需要调整的，请提交绩效目标调整',
      };
    }
    return null;
  }
  if (f.targetStatus !== 'approved') {
    return {
      code: 'transition_refused',
      message: '只有审核通过的绩效目标才能调整；尚未通过的请直接修改后报送',
    };
  }
  if (f.pendingAdjustment)
    return { code: 'transition_refused', message: '该绩效目标已有一项调整正在审核，请等待审核结果' };
  if (!f.reason?.trim()) return { code: 'invalid_input', path: 'reason', message: '调整绩效目标须说明理由' };
  return null;
}
