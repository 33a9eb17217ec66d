import { hasPermission, type ReplyButton } from '@jixiao/core';
import { listPendingNotices } from '@jixiao/db/notices';
import { listTasks } from '@jixiao/db/rectification';
import { listSelfEvaluations, type SelfEvaluationRow } from '@jixiao/db/self-evaluations';
import { type Answer, type BotContext, personal } from '../context.ts';
import { describePending } from '../pending.ts';
import { callbackButton, clip, commandButton, md } from '../render/format.ts';
import { describeSubject } from './acknowledge.ts';

const SHOWN = 5;

/**
 * 待办 / 我的待办: everything waiting for the asker — rectifications to submit (or, for the finance
 * bureau, to review), notices to sign for, a card to confirm, a reply the bot asked for.
 */
export async function todosAnswer(ctx: BotContext): Promise<Answer> {
  const actor = ctx.official.actor;
  const reviewer = hasPermission(actor.roles, 'rectifications.manage');
  const selfEvaluations = (
    status: SelfEvaluationRow['status'],
    permission: Parameters<typeof hasPermission>[1],
  ) =>
    hasPermission(actor.roles, permission)
      ? listSelfEvaluations(ctx.platform.db, actor, { status, limit: 50 })
      : Promise.resolve([] as SelfEvaluationRow[]);
  const [mine, toReview, notices, drafts, returned, toConfirm, toReceive] = await Promise.all([
    hasPermission(actor.roles, 'rectifications.submit')
      ? listTasks(ctx.platform.db, actor, { status: 'open', assigneeUserId: ctx.official.userId, limit: 50 })
      : Promise.resolve([]),
    reviewer ? listTasks(ctx.platform.db, actor, { status: 'open', limit: 200 }) : Promise.resolve([]),
    listPendingNotices(ctx.platform.db, actor, 11),
    // The finance bureau sees every department's drafts: only officers are reminded of their own.
    hasPermission(actor.roles, 'self_evaluations.review')
      ? Promise.resolve([])
      : selfEvaluations('draft', 'self_evaluations.submit'),
    hasPermission(actor.roles, 'self_evaluations.review')
      ? Promise.resolve([])
      : selfEvaluations('returned', 'self_evaluations.submit'),
    hasPermission(actor.roles, 'self_evaluations.review')
      ? Promise.resolve([])
      : selfEvaluations('submitted', 'self_evaluations.confirm'),
    selfEvaluations('confirmed', 'self_evaluations.review'),
  ]);
  const toSubmit = mine.filter((t) => t.status === 'assigned' || t.status === 'returned');
  const submitted = toReview.filter((t) => t.status === 'submitted');
  const sections: string[] = [];
  const buttons: ReplyButton[] = [];
  const pending = ctx.memory.pending();
  if (pending.status === 'ok') {
    sections.push(`**待确认**：${md(describePending(pending.action))}（回复“确认”办理，“取消”放弃）`);
    buttons.push(callbackButton('确认', 'confirm', { token: pending.token }));
  }
  if (toSubmit.length > 0) {
    sections.push(
      `**待提交整改 ${toSubmit.length} 项**\n${toSubmit
        .slice(0, SHOWN)
        .map((t) => `- #${t.id} ${md(t.item.name)}：${md(clip(t.requirement, 40))}（期限 ${t.deadline}）`)
        .join('\n')}`,
    );
    for (const t of toSubmit.slice(0, 2))
      buttons.push(callbackButton(`提交整改 #${t.id}`, 'submit', { taskId: String(t.id) }));
  }
  if (submitted.length > 0) {
    sections.push(
      `**待验收整改 ${submitted.length} 项**\n${submitted
        .slice(0, SHOWN)
        .map((t) => `- #${t.id} ${md(t.item.name)}，责任人 ${md(t.assignee.name)}`)
        .join('\n')}`,
    );
  }
  if (notices.length > 0) {
    const count = notices.length > 10 ? '10 条以上' : `${notices.length} 条`;
    sections.push(
      `**待签收通知 ${count}**\n${notices
        .slice(0, SHOWN)
        .map((n) => `- ${describeSubject(n.subject)}`)
        .join('\n')}`,
    );
    for (const n of notices.slice(0, 2))
      buttons.push(callbackButton(`收到 ${describeSubject(n.subject)}`, 'ack', { subject: n.subject }));
  }
  const session = ctx.memory.selfEvaluation;
  if (session) {
    sections.push(
      `**未完成的自评**：${md(session.itemName)}（已答 ${session.answers.length} 项），发“自评 ${md(session.itemCode)}”从断点继续`,
    );
    buttons.push(commandButton('继续自评', `自评 ${session.itemCode}`));
  }
  const seList = (title: string, rows: readonly SelfEvaluationRow[]) => {
    if (rows.length === 0) return;
    sections.push(
      `**${title} ${rows.length} 项**\n${rows
        .slice(0, SHOWN)
        .map(
          (r) =>
            `- ${md(r.item.name)}（${md(r.item.code)}，${r.fiscalYear}年）${r.returnComment && r.status === 'returned' ? `：${md(clip(r.returnComment, 40))}` : ''}`,
        )
        .join('\n')}`,
    );
  };
  seList('待填报绩效自评', [...returned, ...drafts]);
  seList('待确认绩效自评', toConfirm);
  seList('待接收绩效自评', toReceive);
  const awaiting = ctx.memory.awaiting;
  if (awaiting) {
    const what =
      awaiting.kind === 'warning_explanation'
        ? `预警 #${awaiting.id} 的原因说明`
        : awaiting.kind === 'return_reason'
          ? `整改任务 #${awaiting.id} 的退回原因`
          : `整改任务 #${awaiting.id} 的整改情况`;
    sections.push(`**待回复**：${what}（直接回复即可，回复“取消”放弃）`);
  }
  return personal({
    title: '我的待办',
    markdown: sections.length > 0 ? sections.join('\n\n') : '您目前没有待办事项。',
    buttons: buttons.slice(0, 6),
  });
}
