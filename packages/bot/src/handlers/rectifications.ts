import {
  daysBetween,
  hasPermission,
  ownerRectificationLine,
  RECTIFICATION_STATUS_LABELS,
  TASK_STATUSES_AWAITING_ASSIGNEE,
} from '@jixiao/core';
import { ownerRectifications } from '@jixiao/db/accountability';
import { pendingNoticeSubjects } from '@jixiao/db/notices';
import { listTasks, type TaskRow } from '@jixiao/db/rectification';
import { type Answer, type BotContext, personal } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { callbackButton, LIST_CAP, md, moreLine } from '../render/format.ts';
import { isOverseer } from '../scopes.ts';

const awaitingAssignee = (t: TaskRow) => TASK_STATUSES_AWAITING_ASSIGNEE.includes(t.status);

function due(task: TaskRow, today: string): string {
  if (!awaitingAssignee(task)) return '';
  const days = daysBetween(today, task.deadline);
  return days < 0 ? `，**已逾期 ${-days} 天**` : days === 0 ? '，今天到期' : `，还剩 ${days} 天`;
}

function taskLine(task: TaskRow, today: string, withAssignee: boolean): string {
  const who = withAssignee ? `，责任人 ${md(task.assignee.name)}` : '';
  return `#${task.id} **${md(task.item.name)}**（${md(task.item.code)}）${RECTIFICATION_STATUS_LABELS[task.status]}，期限 ${task.deadline}${due(task, today)}${who}\n   要求：${md(task.requirement)}`;
}

/**
 * 我的整改任务: an officer's own tasks; the finance bureau and leaders, who oversee, see every task
 * in their scope. Open ones by default, soonest deadline first.
 */
export async function rectificationsAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'rectifications' }>,
): Promise<Answer> {
  const actor = ctx.official.actor;
  const overseer = isOverseer(actor);
  const status = intent.status === 'all' ? undefined : 'open';
  const tasks = await listTasks(ctx.platform.db, actor, {
    status,
    assigneeUserId: overseer ? undefined : ctx.official.userId,
    limit: 500,
  });
  tasks.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id - b.id);
  const title = overseer ? '整改任务' : '我的整改任务';
  const which = status === 'open' ? '未完成的' : '';
  if (tasks.length === 0) {
    return personal({ title, markdown: `${overseer ? '您的数据范围内' : '您'}没有${which}整改任务。` });
  }
  const shown = tasks.slice(0, LIST_CAP);
  const pending = await pendingNoticeSubjects(
    ctx.platform.db,
    actor,
    shown.map((t) => `task:${t.id}`),
  );
  const overdue = tasks.filter((t) => awaitingAssignee(t) && t.deadline < ctx.today).length;
  const lines = shown.map((t, i) => `${i + 1}. ${taskLine(t, ctx.today, overseer)}`);
  const mayRectify = hasPermission(actor.roles, 'rectifications.submit');
  const buttons = shown
    .slice(0, 3)
    .flatMap((t) => [
      ...(mayRectify && t.assignee.id === ctx.official.userId && awaitingAssignee(t)
        ? [callbackButton(`提交整改 #${t.id}`, 'submit', { taskId: String(t.id) })]
        : []),
      ...(pending.has(`task:${t.id}`)
        ? [callbackButton(`收到 #${t.id}`, 'ack', { subject: `task:${t.id}` })]
        : []),
    ]);
  return personal({
    title,
    markdown: `${which}整改任务 ${tasks.length} 项${overdue > 0 ? `，其中 ${overdue} 项已逾期` : ''}：\n\n${lines.join('\n')}${moreLine(shown.length, tasks.length, '项')}`,
    buttons,
  });
}

/**
 * 我负责的整改 (§十五): the open rectifications on the projects the asker owns by the responsibility
 * register (whoever the assignee is), with deadlines, whether overdue, and whether an
 * accountability case is open or the project is a major one owned for life.
 */
export async function ownerRectificationsAnswer(ctx: BotContext): Promise<Answer> {
  const open = await ownerRectifications(ctx.platform.db, ctx.official.actor, ctx.today);
  const title = '我负责项目的整改';
  if (open.length === 0) {
    return personal({ title, markdown: '您作为项目责任人的项目没有未完成的整改。' });
  }
  const overdue = open.filter((r) => r.overdueDays > 0).length;
  const cases = new Set(open.flatMap((r) => r.openCases.map((c) => c.id))).size;
  const lines = open.slice(0, LIST_CAP).map((r, i) => `${i + 1}. ${ownerRectificationLine(r, md)}`);
  return personal({
    title,
    markdown: [
      `您作为项目责任人，${open.length} 项整改尚未完成${overdue ? `，其中 ${overdue} 项已逾期` : ''}${cases ? `，${cases} 件问责调查中` : ''}：`,
      lines.join('\n') + moreLine(lines.length, open.length, '项'),
      '项目责任人对项目预算绩效负责，重大项目实行绩效终身责任追究（景党发〔2019〕18号§十五）。',
    ].join('\n\n'),
  });
}
