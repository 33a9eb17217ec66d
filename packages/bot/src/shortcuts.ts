import { type Answer, type BotContext, neutral } from './context.ts';
import { isoDateOrUndefined } from './dates.ts';
import type { AssignRequest } from './handlers/assign.ts';
import { evaluationResultAnswer } from './handlers/evaluation.ts';
import { itemIndicators, itemPayments, itemStatus } from './handlers/item.ts';
import { prepareReport } from './handlers/report.ts';
import { startSelfEvaluation } from './handlers/self-evaluation.ts';
import { targetFormCommand } from './handlers/target-forms.ts';
import { warningsAnswer } from './handlers/warnings.ts';

const EXPLANATION =
  /^(?:预警)?\s*#?\s*(\d{1,9})\s*(?:号预警|号)?\s*[,.:;，。：；]?\s*((?:偏差)?原因\s*[:：][\s\S]+|说明\s*[:：][\s\S]+)$/u;

/** "预警12 原因：资金未到位；措施：9月底前拨付" — an explanation written in one message. */
export function explicitExplanation(surface: string): { warningId: number; text: string } | null {
  const m = EXPLANATION.exec(surface);
  if (!m?.[1] || !m[2]) return null;
  return { warningId: Number(m[1]), text: m[2].replace(/^说明\s*[:：]\s*/u, '') };
}

const ASSIGN =
  /^(?:下达整改|下发整改|发起整改|布置整改|安排整改)(?:任务)?\s*(?:预警)?\s*#?\s*(\d{1,9})?\s*(?:号预警|号)?(.*)$/u;

/** "下达整改 预警12 责任人 李教育 期限 2026-09-30" (or the warning last discussed). */
export function explicitAssignment(
  normalized: string,
  lastWarningId: number | undefined,
): AssignRequest | null {
  const m = ASSIGN.exec(normalized);
  if (!m) return null;
  const id = m[1] ? Number(m[1]) : lastWarningId;
  if (id === undefined) return null;
  const rest = m[2] ?? '';
  const assignee = /责任人\s*[:：为是]?\s*([\p{Script=Han}]{2,6})/u.exec(rest)?.[1];
  const deadline = isoDateOrUndefined(
    /(?:期限|截止|完成时间|前)\s*[:：为是]?\s*(\d{4}-\d{2}-\d{2})/u.exec(rest)?.[1] ??
      /(\d{4}-\d{2}-\d{2})/u.exec(rest)?.[1],
  );
  const days = /(\d{1,3})\s*(?:天|日)/u.exec(rest)?.[1];
  return {
    warningId: id,
    ...(assignee ? { assigneeName: assignee } : {}),
    ...(deadline ? { deadline } : {}),
    ...(days && Number(days) > 0 ? { days: Number(days) } : {}),
  };
}

const CHOICE = /^(?:第\s*)?([1-9])\s*(?:个|项|号|条)?$/u;

/**
 * "1" / "第2个" right after the bot listed candidates: the same question about that one. A list
 * is valid for the configured minutes and only until the next message that is not the choice
 * (router); after that a number picks nothing and says so. Null when the message is not a number.
 */
export async function choiceCommand(ctx: BotContext, normalized: string): Promise<Answer | Answer[] | null> {
  const m = CHOICE.exec(normalized);
  if (!m) return null;
  const choices = ctx.memory.choices;
  const code = choices?.codes[Number(m[1]) - 1];
  if (!choices || !code) {
    ctx.memory.clearChoices();
    return neutral({
      title: '没有可选的列表',
      markdown: choices
        ? `列表里没有第 ${m[1]} 项，请重新提问。`
        : '没有可以按序号选择的列表（之前列出的选项已过期，或已被新的问题取代），没有办理任何事项。请重新提问。',
    });
  }
  ctx.memory.clearChoices();
  switch (choices.purpose) {
    case 'item_status':
      return itemStatus(ctx, { kind: 'item_status', query: code });
    case 'item_indicators':
      return itemIndicators(ctx, { kind: 'item_indicators', query: code });
    case 'item_payments':
      return itemPayments(ctx, { kind: 'item_payments', query: code });
    case 'item_warnings':
      return warningsAnswer(ctx, { kind: 'warnings', scope: 'all', subject: code });
    case 'report_indicator':
      return (await prepareReport(ctx, { ...choices.report, query: code })).answer;
    case 'evaluation_result':
      return evaluationResultAnswer(ctx, code);
    case 'self_evaluation':
      return startSelfEvaluation(ctx, code);
    case 'target_form':
      return targetFormCommand(ctx, `导出目标申报表 ${code}`);
  }
}
