import { type Answer, type BotContext, neutral } from './context.ts';
import { groupCommand } from './groups.ts';
import { acknowledgeAnswer } from './handlers/acknowledge.ts';
import { prepareAssignment } from './handlers/assign.ts';
import { cancelAnswer, confirmAnswer } from './handlers/confirm.ts';
import { coverageAnswer } from './handlers/coverage.ts';
import { digestAnswer } from './handlers/digest.ts';
import { explainAnswer, submitExplanation } from './handlers/explain.ts';
import { greetingAnswer, helpAnswer } from './handlers/help.ts';
import { itemIndicators, itemPayments, itemStatus } from './handlers/item.ts';
import { laggingAnswer } from './handlers/lagging.ts';
import { rectificationsAnswer } from './handlers/rectifications.ts';
import { prepareReport } from './handlers/report.ts';
import { explicitReview, prepareReview } from './handlers/review.ts';
import { prepareSubmission } from './handlers/submit.ts';
import { summaryAnswer } from './handlers/summary.ts';
import { unknownAnswer } from './handlers/unknown.ts';
import { warningsAnswer } from './handlers/warnings.ts';
import type { Awaiting } from './memory.ts';
import { type Intent, parseIntent } from './parser/index.ts';
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

/** Words that make a message a question or a command rather than a narrative reply. */
const QUERY_MARKERS =
  /吗|么|\?|哪些|哪个|多少|几个|有没有|是否|什么|怎么|如何|查|看|进度|情况|指标|预警|任务|汇总|统计|帮助|订阅|退订|(?:[a-z][a-z0-9]{0,9}-)*\d{4}-\d{3,8}/u;
const SHORT_COMMAND_MAX = 8;

/**
 * Whether a message is the reply the bot asked for (an explanation, a submission) or a new command:
 * unplaceable text and narratives are replies; short or question-like messages that parse as a
 * command are commands ("我的预警", "JDZ-2026-0001的指标", "滞后项目").
 */
function isAwaitedReply(normalized: string, intent: Intent, awaiting: Awaiting['kind']): boolean {
  const length = Array.from(normalized).length;
  if (length < 2) return false;
  if (intent.kind === 'unknown') return true;
  if (awaiting === 'warning_explanation' && /原因|措施/u.test(normalized)) return true;
  if (awaiting === 'submission_text' && intent.kind === 'submit_rectification' && !intent.taskRef)
    return true;
  return length > SHORT_COMMAND_MAX && !QUERY_MARKERS.test(normalized);
}

async function dispatch(ctx: BotContext, intent: Intent, text: string, normalized: string): Promise<Answer> {
  switch (intent.kind) {
    case 'help':
      return helpAnswer(ctx);
    case 'greeting':
      return greetingAnswer(ctx);
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
      return summaryAnswer(ctx, intent, normalized);
    case 'rectifications':
      return rectificationsAnswer(ctx, intent);
    case 'explain_warning':
      return explainAnswer(ctx, intent.warningRef);
    case 'report_indicator':
      return (await prepareReport(ctx, intent)).answer;
    case 'submit_rectification':
      return (await prepareSubmission(ctx, intent)).answer;
    case 'subscribe_digest':
      return digestAnswer(ctx, true);
    case 'unsubscribe_digest':
      return digestAnswer(ctx, false);
    case 'acknowledge':
      return acknowledgeAnswer(ctx, { ...(intent.ref ? { ref: intent.ref } : {}), via: 'reply' });
    case 'confirm':
      return confirmAnswer(ctx);
    case 'cancel':
      return cancelAnswer(ctx);
    case 'self_evaluation_coverage':
      return coverageAnswer(ctx);
    case 'unknown':
      return unknownAnswer(ctx, text, normalized);
  }
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
  const group = await groupCommand(ctx, normalized);
  if (group) return [group];
  const explanation = explicitExplanation(freeText(text));
  if (explanation) return [await submitExplanation(ctx, explanation.warningId, explanation.text)];
  const review = explicitReview(freeText(text));
  if (review) return [(await prepareReview(ctx, review)).answer];
  const assignment = explicitAssignment(normalized, ctx.memory.lastWarningId);
  if (assignment) return [(await prepareAssignment(ctx, assignment)).answer];
  const plugin = matchPluginCommand(ctx.platform.registry, [normalized, surface]);
  if (plugin) return [await runPluginCommand(ctx, plugin, surface)];
  const intent = parseIntent(text);
  const awaiting = ctx.memory.awaiting;
  if (awaiting) {
    if (intent.kind === 'cancel') return [cancelAnswer(ctx)];
    if (isAwaitedReply(normalized, intent, awaiting.kind)) {
      const reply = freeText(text);
      if (awaiting.kind === 'warning_explanation') return [await submitExplanation(ctx, awaiting.id, reply)];
      if (awaiting.kind === 'return_reason') {
        return [
          (await prepareReview(ctx, { taskId: awaiting.id, decision: 'return', comment: reply })).answer,
        ];
      }
      return [(await prepareSubmission(ctx, { taskRef: String(awaiting.id), text: reply })).answer];
    }
    ctx.memory.clearAwaiting();
  }
  const choice = await choiceCommand(ctx, normalized);
  if (choice) return [choice];
  return [await dispatch(ctx, intent, text, normalized)];
}
