import { renderAssessmentReview } from './assessment-review.ts';
import { renderAuditAlert, renderAuditCheckpoint } from './audit.ts';
import { renderBudgetProposal } from './budget-proposal.ts';
import { renderDigest } from './digest.ts';
import { renderEvaluationAssignment } from './evaluation-assignment.ts';
import { renderEvaluationReminder } from './evaluation-reminder.ts';
import { renderEvaluationResult } from './evaluation-result.ts';
import { renderLeaderDigest } from './leader-digest.ts';
import { renderManagementRanking } from './management-ranking.ts';
import { renderNoticeEscalation } from './notice-escalation.ts';
import { renderOwnerRectifications } from './owner-rectifications.ts';
import { renderPublicFeedback } from './public-feedback.ts';
import { renderSpotCheckResult } from './spot-check.ts';
import { renderSpotCheckAssignment } from './spot-check-assignment.ts';
import { renderTargetReminder } from './target-reminder.ts';
import { renderTargetReview } from './target-review.ts';
import { renderTask } from './task.ts';
import type { Renderer } from './types.ts';
import { renderWarning } from './warning.ts';
import { renderWarningBatch } from './warning-batch.ts';

/** The message renderers by outbox kind ('todo' rows are not messages: see handlers/todo.ts). */
export const RENDERERS: Readonly<Record<string, Renderer>> = {
  warning: renderWarning,
  warning_batch: renderWarningBatch,
  rectification: renderTask,
  digest: renderDigest,
  notice_escalation: renderNoticeEscalation,
  audit_checkpoint: renderAuditCheckpoint,
  audit_alert: renderAuditAlert,
  target_review: renderTargetReview,
  target_reminder: renderTargetReminder,
  assessment_review: renderAssessmentReview,
  evaluation_assignment: renderEvaluationAssignment,
  public_feedback: renderPublicFeedback,
  management_ranking: renderManagementRanking,
  leader_digest: renderLeaderDigest,
  spot_check_result: renderSpotCheckResult,
  spot_check_assignment: renderSpotCheckAssignment,
  evaluation_reminder: renderEvaluationReminder,
  evaluation_result: renderEvaluationResult,
  budget_proposal: renderBudgetProposal,
  owner_rectifications: renderOwnerRectifications,
};
