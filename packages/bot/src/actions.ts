import { NOTICE_SUBJECT } from '@jixiao/core';
import { type Answer, type BotContext, neutral } from './context.ts';
import { bindTo } from './groups.ts';
import { acknowledgeAnswer } from './handlers/acknowledge.ts';
import { prepareAssignment } from './handlers/assign.ts';
import { cancelAnswer, confirmAnswer } from './handlers/confirm.ts';
import { explainAnswer } from './handlers/explain.ts';
import { prepareReview } from './handlers/review.ts';
import { prepareSubmission } from './handlers/submit.ts';
import { prepareTargetReview } from './handlers/targets.ts';
import { routeMessage } from './router.ts';

const ID = /^\d{1,9}$/;

const expired = (): Answer => neutral({ title: '按钮已失效', markdown: '这个按钮已失效，请重新发起查询。' });

function str(payload: Record<string, unknown>, key: string): string | undefined {
  const v = payload[key];
  return typeof v === 'string' ? v.slice(0, 2000) : undefined;
}

/**
 * Button callbacks. Every payload value is a string; ids are checked here and again by the scoped
 * repository functions, so a forged payload reaches nothing outside the user's scope.
 *
 * - `ack` {subject: "warning:12" | "task:5"}: 签收 the user's notice about it
 * - `explain` {warningId}: the warning explained; invites the officer's explanation
 * - `submit` {taskId, text?}: submit a rectification (asks for the text, then for confirmation)
 * - `assign` {warningId}: 下达整改 from a warning (finance admins; asks for confirmation)
 * - `accept` {taskId} / `return` {taskId}: 验收 or 退回 a submitted rectification (asks a reason to return; confirmation)
 * - `target_approve` {versionId} / `target_return` {versionId}: 通过 or 退回 a submitted performance target (asks a reason to return; confirmation)
 * - `confirm` {token} / `cancel` {token?}: the pending write
 * - `bind` {orgUnitId}: bind the current group to a department
 * - `command` {text}: as if the user had typed `text`
 */
export async function routeAction(
  ctx: BotContext,
  action: unknown,
  payload: Record<string, unknown> | null | undefined,
): Promise<Answer[]> {
  const p = payload && typeof payload === 'object' ? payload : {};
  const id = (key: string) => {
    const v = str(p, key);
    return v !== undefined && ID.test(v) ? Number(v) : undefined;
  };
  switch (action) {
    case 'ack': {
      const subject = str(p, 'subject');
      if (!subject || !NOTICE_SUBJECT.test(subject)) return [expired()];
      return [await acknowledgeAnswer(ctx, { subject, via: 'button' })];
    }
    case 'explain': {
      const warningId = id('warningId');
      return warningId === undefined ? [expired()] : [await explainAnswer(ctx, String(warningId))];
    }
    case 'submit': {
      const taskId = id('taskId');
      if (taskId === undefined) return [expired()];
      const text = str(p, 'text');
      return [(await prepareSubmission(ctx, { taskRef: String(taskId), ...(text ? { text } : {}) })).answer];
    }
    case 'assign': {
      const warningId = id('warningId');
      return warningId === undefined ? [expired()] : [(await prepareAssignment(ctx, { warningId })).answer];
    }
    case 'accept':
    case 'return': {
      const taskId = id('taskId');
      if (taskId === undefined) return [expired()];
      return [(await prepareReview(ctx, { taskId, decision: action, comment: str(p, 'comment') })).answer];
    }
    case 'target_approve':
    case 'target_return': {
      const versionId = id('versionId');
      if (versionId === undefined) return [expired()];
      const decision = action === 'target_approve' ? 'approve' : 'return';
      return [(await prepareTargetReview(ctx, { versionId, decision })).answer];
    }
    case 'confirm': {
      const token = str(p, 'token');
      return [await confirmAnswer(ctx, token ?? '')];
    }
    case 'cancel':
      return [cancelAnswer(ctx, str(p, 'token'))];
    case 'bind': {
      const orgUnitId = id('orgUnitId');
      return orgUnitId === undefined ? [expired()] : [await bindTo(ctx, orgUnitId)];
    }
    case 'command':
      return routeMessage(ctx, str(p, 'text') ?? '');
    default:
      return [expired()];
  }
}
