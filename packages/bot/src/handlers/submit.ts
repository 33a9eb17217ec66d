import {
  hasPermission,
  NotFoundError,
  RECTIFICATION_STATUS_LABELS,
  taskActionSourceStates,
} from '@jixiao/core';
import { getTask, listTasks, type TaskRow } from '@jixiao/db/rectification';
import { type BotContext, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { callbackButton, clip, md } from '../render/format.ts';
import type { Prepared } from './report.ts';

const ask = (
  title: string,
  markdown: string,
  buttons?: Prepared['answer']['reply']['buttons'],
): Prepared => ({
  pending: false,
  answer: personal({ title, markdown, ...(buttons ? { buttons } : {}) }),
});

const submittable = (t: TaskRow) => taskActionSourceStates('submit').includes(t.status);

async function whichTask(ctx: BotContext, taskRef: string | undefined): Promise<TaskRow | Prepared> {
  const actor = ctx.official.actor;
  if (taskRef !== undefined) {
    if (!/^\d{1,9}$/.test(taskRef))
      return ask('没有找到整改任务', '请写明任务编号，例如“提交整改 #5 已完成资金拨付”。');
    try {
      return await getTask(ctx.platform.db, actor, Number(taskRef));
    } catch (err) {
      if (err instanceof NotFoundError)
        return ask('没有找到整改任务', `整改任务 #${taskRef} 不存在或不在您的数据范围内。`);
      throw err;
    }
  }
  const mine = (
    await listTasks(ctx.platform.db, actor, {
      status: 'open',
      assigneeUserId: ctx.official.userId,
      limit: 50,
    })
  ).filter(submittable);
  const [only] = mine;
  if (mine.length === 1 && only) return only;
  if (mine.length === 0) return ask('没有待提交的整改', '您目前没有需要提交的整改任务。');
  return ask(
    '提交哪项整改？',
    `您有 ${mine.length} 项整改任务待提交：\n\n${mine
      .slice(0, 5)
      .map((t) => `- #${t.id} ${md(t.item.name)}：${md(clip(t.requirement, 40))}（期限 ${t.deadline}）`)
      .join('\n')}\n\n请点击要提交的任务，或回复“提交整改 #编号 整改情况”。`,
    mine.slice(0, 5).map((t) => callbackButton(`提交整改 #${t.id}`, 'submit', { taskId: String(t.id) })),
  );
}

/**
 * 提交整改 from chat: finds the task (by number, or the asker's only open one), asks for the text if
 * missing, and returns a confirmation. Nothing is written until the user confirms.
 */
export async function prepareSubmission(
  ctx: BotContext,
  req: { taskRef?: string; text?: string },
): Promise<Prepared> {
  if (!hasPermission(ctx.official.actor.roles, 'rectifications.submit'))
    return ask('无法提交', '您的角色无权提交整改。');
  const found = await whichTask(ctx, req.taskRef);
  if ('answer' in found) return found;
  const task = found;
  if (task.assignee.id !== ctx.official.userId)
    return ask('无法提交', `整改任务 #${task.id} 的责任人是${md(task.assignee.name)}，只能由其提交。`);
  if (!submittable(task))
    return ask(
      '无法提交',
      `整改任务 #${task.id} 当前为“${RECTIFICATION_STATUS_LABELS[task.status]}”，不能提交。`,
    );
  const text = clip((req.text ?? '').trim(), 2000);
  if (Array.from(text).length < 2) {
    ctx.memory.setAwaiting('submission_text', task.id);
    return ask(
      '请回复整改情况',
      `整改任务 #${task.id}（${md(task.item.name)}）\n要求：${md(task.requirement)}\n\n请直接回复整改情况（做了什么、结果如何），我会请您确认后再提交。回复“取消”放弃。`,
    );
  }
  ctx.memory.clearAwaiting();
  const token = ctx.memory.createPending({
    kind: 'submit_rectification',
    taskId: task.id,
    itemCode: task.item.code,
    itemName: task.item.name,
    requirement: task.requirement,
    submission: text,
  });
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        '请确认提交整改',
        `将提交整改任务 #${task.id}（${md(task.item.name)}）：`,
        [
          { label: '整改任务', value: `#${task.id} ${task.item.code} ${task.item.name}` },
          { label: '整改要求', value: clip(task.requirement, 200) },
          { label: '整改情况', value: text },
        ],
        token,
      ),
    ),
  };
}
