import { type Answer, type BotContext, neutral } from './context.ts';
import { groupCommand } from './groups.ts';
import { acknowledgeAnswer } from './handlers/acknowledge.ts';
import { prepareAssignment } from './handlers/assign.ts';
import { assentAnswer, cancelAnswer, confirmAnswer, pendingReminder } from './handlers/confirm.ts';
import { controlNumbersAnswer, exitCandidatesAnswer } from './handlers/control-numbers.ts';
import { coverageAnswer } from './handlers/coverage.ts';
import { departmentSelfEvaluationAnswer } from './handlers/department-self-evaluation.ts';
import { prepareDigest } from './handlers/digest.ts';
import {
  countyRankingAnswer,
  countyRankingQuestion,
  evaluationCommandAnswer,
  explicitEvaluationCommand,
} from './handlers/evaluation.ts';
import { explainAnswer, prepareExplanation } from './handlers/explain.ts';
import { greetingAnswer, helpAnswer } from './handlers/help.ts';
import { itemIndicators, itemPayments, itemStatus } from './handlers/item.ts';
import { laggingAnswer } from './handlers/lagging.ts';
import { managementAssessmentAnswer } from './handlers/management-assessment.ts';
import { publicationsAnswer } from './handlers/publications.ts';
import { ownerRectificationsAnswer, rectificationsAnswer } from './handlers/rectifications.ts';
import { prepareReport } from './handlers/report.ts';
import { explicitReview, prepareReview } from './handlers/review.ts';
import {
  answerSelfEvaluation,
  isSelfEvaluationReply,
  selfEvaluationCommand,
  startSelfEvaluation,
} from './handlers/self-evaluation.ts';
import { prepareSubmission } from './handlers/submit.ts';
import { summaryAnswer } from './handlers/summary.ts';
import { targetFormCommand } from './handlers/target-forms.ts';
import { prepareTargetReview, targetCommand } from './handlers/targets.ts';
import { todosAnswer } from './handlers/todos.ts';
import { transferAllocationAnswer } from './handlers/transfers.ts';
import { unknownAnswer } from './handlers/unknown.ts';
import { warningsAnswer } from './handlers/warnings.ts';
import type { Awaiting } from './memory.ts';
import { commandCore, type Intent, parseIntent } from './parser/index.ts';
import { normalizeSurface, normalizeText } from './parser/normalize.ts';
import { matchPluginCommand, runPluginCommand } from './plugin-commands.ts';
import { choiceCommand, explicitAssignment, explicitExplanation } from './shortcuts.ts';

/** Longest message we look at; the rest cannot change the answer. */
const MAX_MESSAGE_CHARS = 4000;

/** Free text as the user wrote it (punctuation kept), without control characters and leading @mentions. */
function freeText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : ''))
    .trim()
    .replace(/^(?:@[^\s@]{1,30}\s+)+/u, '')
    .trim();
}

/** A question, never an awaited explanation or submission, whatever words it shares with one. */
const QUESTION_MARKERS =
  /吗|么|\?|哪些|哪个|多少|几个|几条|有没有|是否|是不是|什么|怎么|如何|咋|啥|为何|为什么/u;
/** Names another warning or task, or an item: a new question, not the reply. */
const REFERENCE =
  /#\s*\d|\d+\s*号(?:预警|任务|整改)|(?:预警|任务|整改)\s*\d|(?:[a-z][a-z0-9]{0,9}-)*\d{4}-\d{3,8}/u;
/** Words of a command rather than of a narrative reply. */
const COMMAND_MARKERS = /查|看|进度|情况|指标|预警|任务|汇总|统计|帮助|订阅|退订/u;
const STRUCTURED_EXPLANATION = /(?:偏差)?原因\s*[:：]|措施\s*[:：]/u;
const SHORT_COMMAND_MAX = 8;

/**
 * Whether a message is the reply the bot asked for (an explanation, a submission, a reason) or a
 * new question or command. Questions and references to something else are never the reply; a
 * structured "原因：…；措施：…", unplaceable text and long narratives are. Even a reply is only
 * shown on a card: nothing is written until 确认.
 */
function isAwaitedReply(normalized: string, intent: Intent, awaiting: Awaiting['kind']): boolean {
  const length = Array.from(normalized).length;
  if (length < 2 || QUESTION_MARKERS.test(normalized) || REFERENCE.test(normalized)) return false;
  if (awaiting === 'warning_explanation' && STRUCTURED_EXPLANATION.test(normalized)) return true;
  // A reviewer's reason for returning a target names indicators and values: any statement is it.
  if (awaiting === 'target_return_reason') return true;
  if (awaiting === 'submission_text' && intent.kind === 'submit_rectification' && !intent.taskRef)
    return true;
  if (intent.kind === 'unknown') return true;
  return length > SHORT_COMMAND_MAX && !COMMAND_MARKERS.test(normalized);
}

async function dispatch(ctx: BotContext, intent: Intent, text: string, normalized: string): Promise<Answer> {
  switch (intent.kind) {
    case 'help':
      return helpAnswer(ctx);
    case 'greeting':
      return greetingAnswer(ctx);
    case 'assent':
      return assentAnswer();
    case 'todos':
      return todosAnswer(ctx);
    case 'warnings':
      return warningsAnswer(ctx, intent);
    case 'item_status':
      return itemStatus(ctx, intent);
    case 'item_indicators':
      return itemIndicators(ctx, intent);
    case 'item_payments':
      return itemPayments(ctx, intent);
    case 'lagging_items':
      return laggingAnswer(ctx, intent);
    case 'summary':
      return summaryAnswer(ctx, intent);
    case 'rectifications':
      return rectificationsAnswer(ctx, intent);
    case 'explain_warning':
      return explainAnswer(ctx, intent.warningRef);
    case 'report_indicator':
      return (await prepareReport(ctx, intent)).answer;
    case 'submit_rectification':
      return (await prepareSubmission(ctx, intent)).answer;
    case 'subscribe_digest':
      return prepareDigest(ctx, true);
    case 'unsubscribe_digest':
      return prepareDigest(ctx, false);
    case 'acknowledge':
      return acknowledgeAnswer(ctx, { ...(intent.ref ? { ref: intent.ref } : {}), via: 'reply' });
    case 'confirm':
      return confirmAnswer(ctx);
    case 'cancel':
      return cancelAnswer(ctx);
    case 'self_evaluation_coverage':
      return coverageAnswer(ctx);
    case 'department_self_evaluation':
      return departmentSelfEvaluationAnswer(ctx);
    case 'publications':
      return publicationsAnswer(ctx);
    case 'management_assessment':
      return managementAssessmentAnswer(ctx, intent.own);
    case 'control_numbers':
      return controlNumbersAnswer(ctx, intent);
    case 'exit_candidates':
      return exitCandidatesAnswer(ctx);
    case 'transfer_allocation':
      return transferAllocationAnswer(ctx, intent);
    case 'owner_rectifications':
      return ownerRectificationsAnswer(ctx);
    case 'unknown':
      return unknownAnswer(ctx, text, normalized);
  }
}

/** A reply that only looks like consent ("好的", "收到", "谢谢") while a card is waiting. */
function looksLikeConsent(intent: Intent): boolean {
  return (
    intent.kind === 'assent' ||
    intent.kind === 'greeting' ||
    (intent.kind === 'acknowledge' && intent.ref === undefined)
  );
}

/** One chat message → the answers to it. */
export async function routeMessage(ctx: BotContext, raw: unknown): Promise<Answer[]> {
  const text = typeof raw === 'string' ? raw.slice(0, MAX_MESSAGE_CHARS) : '';
  const surface = normalizeSurface(text);
  const normalized = normalizeText(text).slice(0, 500);
  if (!normalized) {
    return [
      neutral({
        title: '请问需要什么帮助？',
        markdown: '请输入要查询的内容，例如“我的预警”，或回复“帮助”查看全部用法。',
      }),
    ];
  }
  const choice = await choiceCommand(ctx, normalized);
  if (choice) return Array.isArray(choice) ? choice : [choice];
  // Anything but the number ends a list of choices: "1" never picks from a list shown earlier.
  ctx.memory.clearChoices();
  const group = await groupCommand(ctx, normalized);
  if (group) return [group];
  const explanation = explicitExplanation(freeText(text));
  if (explanation) return [(await prepareExplanation(ctx, explanation.warningId, explanation.text)).answer];
  const review = explicitReview(freeText(text));
  if (review) return [(await prepareReview(ctx, review)).answer];
  const evaluation = explicitEvaluationCommand(freeText(text));
  if (evaluation) return [await evaluationCommandAnswer(ctx, evaluation)];
  const ranking = countyRankingQuestion(freeText(text));
  if (ranking) return [await countyRankingAnswer(ctx, ranking)];
  const assignment = explicitAssignment(normalized, ctx.memory.lastWarningId);
  if (assignment) return [(await prepareAssignment(ctx, assignment)).answer];
  const selfEvaluation = selfEvaluationCommand(normalized);
  if (selfEvaluation) return [await startSelfEvaluation(ctx, selfEvaluation.query)];
  if (isSelfEvaluationReply(ctx, normalized)) {
    const isCommand = parseIntent(text).kind !== 'unknown';
    const answer = await answerSelfEvaluation(ctx, freeText(text), normalized, isCommand);
    if (answer) return [answer];
  }
  const form = await targetFormCommand(ctx, freeText(text));
  if (form) {
    ctx.memory.clearAwaiting();
    return form;
  }
  const targets = await targetCommand(ctx, freeText(text));
  if (targets) {
    ctx.memory.clearAwaiting();
    return [targets];
  }
  const plugin = matchPluginCommand(ctx.platform.registry, [normalized, surface, commandCore(text)]);
  if (plugin) return [await runPluginCommand(ctx, plugin, surface)];
  const intent = parseIntent(text);
  const awaiting = ctx.memory.awaiting;
  if (awaiting) {
    if (intent.kind === 'cancel') return [cancelAnswer(ctx)];
    if (isAwaitedReply(normalized, intent, awaiting.kind)) {
      const reply = freeText(text);
      if (awaiting.kind === 'warning_explanation')
        return [(await prepareExplanation(ctx, awaiting.id, reply)).answer];
      if (awaiting.kind === 'target_return_reason') {
        return [
          (await prepareTargetReview(ctx, { versionId: awaiting.id, decision: 'return', reason: reply }))
            .answer,
        ];
      }
      if (awaiting.kind === 'return_reason') {
        return [
          (await prepareReview(ctx, { taskId: awaiting.id, decision: 'return', comment: reply })).answer,
        ];
      }
      return [(await prepareSubmission(ctx, { taskRef: String(awaiting.id), text: reply })).answer];
    }
    ctx.memory.clearAwaiting();
  }
  if (looksLikeConsent(intent)) {
    const waiting = pendingReminder(ctx);
    if (waiting) return [waiting];
  }
  return [await dispatch(ctx, intent, text, normalized)];
}
