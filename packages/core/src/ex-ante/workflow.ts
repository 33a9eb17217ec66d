import { z } from 'zod';
import type { Permission } from '../permissions.ts';
import { idSchema, optionalText, text } from '../schemas.ts';
import { ASSESSMENT_STATUSES, ASSESSORS, type AssessmentStatus } from '../vocabulary.ts';

/**
 * The ex-ante assessment as a state machine: the assessor (the department itself, or the
 * third-party institution the finance bureau commissioned) records and submits; the finance
 * bureau reviews it (预算审核): accepts, or returns it with comments; after a 调整完善 conclusion
 * the department answers the listed changes.
 */
export const ASSESSMENT_ACTIONS = ['record', 'submit', 'accept', 'return', 'respond'] as const;
export type AssessmentAction = (typeof ASSESSMENT_ACTIONS)[number];

const ASSESSMENT_ACTION_LABELS: Readonly<Record<AssessmentAction, string>> = {
  record: '填写评估内容',
  submit: '提交财政审核',
  accept: '审核通过事前评估',
  return: '退回事前评估',
  respond: '答复调整完善意见',
};

export interface AssessmentFacts {
  status: AssessmentStatus;
  permissions: readonly Permission[];
  /** The actor carries out this assessment (its department, or the commissioned institution). */
  isAssessor: boolean;
  /** The item belongs to the actor's own department (a reviewer may not review it). */
  ownDepartment: boolean;
  /** The actor submitted it (nobody accepts their own submission). */
  isSubmitter: boolean;
  /** The accepted conclusion is 调整完善后予以支持. */
  awaitsChanges: boolean;
  comment?: string | null;
}

export type AssessmentDecision =
  | { ok: true; to: AssessmentStatus }
  | { ok: false; code: 'not_allowed' | 'transition_refused'; message: string };

interface Spec {
  from: readonly AssessmentStatus[];
  to: (f: AssessmentFacts) => AssessmentStatus;
  permission: Permission;
  guard?: (f: AssessmentFacts) => { code: 'not_allowed' | 'transition_refused'; message: string } | null;
}

const refuse = (message: string) => ({ code: 'transition_refused' as const, message });
const deny = (message: string) => ({ code: 'not_allowed' as const, message });

const assessorOnly = (f: AssessmentFacts) =>
  f.isAssessor ? null : deny('只有承担本次评估的部门或受托第三方机构可以填写和提交');

const reviewerGuard = (f: AssessmentFacts) => {
  if (f.ownDepartment) return deny('审核人不能审核本部门的项目');
  if (f.isSubmitter) return deny('不能审核本人提交的事前评估');
  return null;
};

const SPECS: Readonly<Record<AssessmentAction, Spec>> = {
  record: {
    from: ['draft', 'returned'],
    to: (f) => f.status,
    permission: 'assessments.write',
    guard: assessorOnly,
  },
  submit: {
    from: ['draft', 'returned'],
    to: () => 'submitted',
    permission: 'assessments.write',
    guard: assessorOnly,
  },
  accept: {
    from: ['submitted'],
    to: () => 'accepted',
    permission: 'assessments.review',
    guard: reviewerGuard,
  },
  return: {
    from: ['submitted'],
    to: () => 'returned',
    permission: 'assessments.review',
    guard: (f) => reviewerGuard(f) ?? (f.comment?.trim() ? null : refuse('退回须填写审核意见')),
  },
  respond: {
    from: ['accepted'],
    to: () => 'accepted',
    permission: 'assessments.write',
    guard: (f) => (f.awaitsChanges ? null : refuse('只有“调整完善后予以支持”的评估需要答复调整完善意见')),
  },
};

/** Decides an assessment action from the facts; never throws. */
export function decideAssessmentAction(action: AssessmentAction, f: AssessmentFacts): AssessmentDecision {
  const spec = SPECS[action];
  if (!spec.from.includes(f.status)) {
    const allowed = spec.from.map((s) => `“${ASSESSMENT_STATUSES.labels[s]}”`).join('、');
    return {
      ok: false,
      code: 'transition_refused',
      message: `事前评估当前为“${ASSESSMENT_STATUSES.labels[f.status]}”，不能${ASSESSMENT_ACTION_LABELS[action]}（仅限${allowed}）`,
    };
  }
  if (!f.permissions.includes(spec.permission)) {
    return { ok: false, code: 'not_allowed', message: `您的角色无权${ASSESSMENT_ACTION_LABELS[action]}` };
  }
  const refusal = spec.guard?.(f);
  if (refusal) return { ok: false, ...refusal };
  return { ok: true, to: spec.to(f) };
}

/** Starting an assessment: the department's own, or one the finance bureau commissions from an institution. */
export const assessmentCreateSchema = z
  .strictObject({
    itemId: idSchema,
    assessor: ASSESSORS.schema.default('department'),
    institutionId: idSchema.optional(),
  })
  .refine((v) => (v.assessor === 'third_party') === (v.institutionId !== undefined), {
    path: ['institutionId'],
    message: '委托第三方评估须指定机构；部门自行评估不指定机构',
  });
export type AssessmentCreate = z.output<typeof assessmentCreateSchema>;

/** The finance bureau's review comment: optional when accepting, required when returning. */
export const assessmentReviewSchema = z.strictObject({ comment: optionalText('审核意见', 2000) });

/** The finance bureau requires an assessment of an item outside the scope rules (景党发〔2019〕18号§六). */
export const assessmentRequirementSchema = z.strictObject({ reason: text('要求评估的理由', 1000) });
