import { QUALITATIVE_STATUSES } from '@jixiao/core';
import { reportIndicator } from '@jixiao/db/execution';
import { createTask, reviewTask, submitTask } from '@jixiao/db/rectification';
import { type Answer, type BotContext, personal } from '../context.ts';
import type { PendingAction } from '../pending.ts';
import { commandButton, formatNumber, md } from '../render/format.ts';

async function execute(ctx: BotContext, action: PendingAction): Promise<Answer> {
  const { platform } = ctx;
  const actor = ctx.official.actor;
  switch (action.kind) {
    case 'report_indicator': {
      await reportIndicator(platform, actor, action.itemId, {
        indicatorId: action.indicatorId,
        reportedOn: ctx.today,
        ...(action.actualValue !== undefined ? { actualValue: action.actualValue } : {}),
        ...(action.qualitativeStatus !== undefined ? { qualitativeStatus: action.qualitativeStatus } : {}),
      });
      const value =
        action.qualitativeStatus !== undefined
          ? QUALITATIVE_STATUSES.labels[action.qualitativeStatus]
          : `${formatNumber(action.actualValue ?? 0)}${action.unit}`;
      return personal({
        title: '已填报',
        markdown: `已填报 **${md(action.itemName)}**（${md(action.itemCode)}）的“${md(action.indicatorName)}”：${md(value)}（目标 ${md(action.target)}，${ctx.today}）。`,
        buttons: [commandButton('查看指标', `${action.itemCode} 的指标`)],
      });
    }
    case 'submit_rectification': {
      const task = await submitTask(platform, actor, action.taskId, { submission: action.submission });
      return personal({
        title: '已提交整改',
        markdown: `已提交整改任务 #${task.id}（${md(task.item.name)}），等待财政部门验收。`,
        buttons: [commandButton('我的整改任务', '我的整改任务')],
      });
    }
    case 'create_task': {
      const task = await createTask(platform, actor, {
        warningId: action.warningId,
        assigneeUserId: action.assigneeUserId,
        deadline: action.deadline,
        requirement: action.requirement,
      });
      return personal({
        title: '已下达整改',
        markdown: `已下达整改任务 #${task.id}：**${md(task.item.name)}**，责任人 ${md(task.assignee.name)}，期限 ${task.deadline}。责任人将收到通知和待办。`,
        buttons: [commandButton('整改任务', '整改任务')],
      });
    }
    case 'review_task': {
      const task = await reviewTask(platform, actor, action.taskId, {
        decision: action.decision,
        comment: action.comment,
      });
      const done = action.decision === 'accept' ? '验收通过' : '退回';
      return personal({
        title: `已${done}`,
        markdown: `已${done}整改任务 #${task.id}（${md(task.item.name)}）：${md(action.comment)}。责任人将收到通知${action.decision === 'accept' ? '，待办已完成' : '，请其重新整改'}。`,
        buttons: [commandButton('整改任务', '整改任务')],
      });
    }
  }
}

/** 确认 (typed, or the button with its token): runs the pending write as the asker, once. */
export async function confirmAnswer(ctx: BotContext, token?: string): Promise<Answer> {
  const found = ctx.memory.pending(token);
  if (found.status === 'expired') {
    if (token === undefined) ctx.memory.clearPending();
    return personal({
      title: '操作已失效',
      markdown: '这项操作已过期或已处理，没有执行。如仍需办理，请重新发起。',
    });
  }
  if (found.status === 'none') {
    return personal({
      title: '没有待确认的操作',
      markdown: '当前没有需要您确认的操作。需要帮助请回复“帮助”。',
    });
  }
  ctx.memory.clearPending();
  return execute(ctx, found.action);
}

/** 取消: drops the pending write (and any reply the bot was waiting for). */
export function cancelAnswer(ctx: BotContext, token?: string): Answer {
  const found = ctx.memory.pending(token);
  const awaiting = ctx.memory.awaiting;
  ctx.memory.clearAwaiting();
  if (found.status === 'ok') {
    ctx.memory.clearPending();
    return personal({ title: '已取消', markdown: '已取消，没有做任何修改。' });
  }
  if (token === undefined) ctx.memory.clearPending();
  return personal({
    title: '已取消',
    markdown: awaiting ? '好的，已取消。' : '当前没有待确认的操作，没有做任何修改。',
  });
}
