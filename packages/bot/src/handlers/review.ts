import {
  hasPermission,
  NotFoundError,
  RECTIFICATION_STATUS_LABELS,
  taskActionSourceStates,
} from '@jixiao/core';
import { getTask } from '@jixiao/db/rectification';
import { type BotContext, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { clip, md } from '../render/format.ts';
import type { Prepared } from './report.ts';

const ask = (title: string, markdown: string): Prepared => ({
  pending: false,
  answer: personal({ title, markdown }),
});

const DEFAULT_ACCEPT_COMMENT = '整改到位，予以验收';

/**
 * 验收 or 退回 a submitted rectification from chat (the buttons on the "整改待验收" notice, or
 * "验收整改 #5" / "退回整改 #5 缺少凭证"). A return needs a reason; either way nothing is written
 * until the reviewer confirms.
 */
export async function prepareReview(
  ctx: BotContext,
  req: { taskId: number; decision: 'accept' | 'return'; comment?: string },
): Promise<Prepared> {
  if (!hasPermission(ctx.official.actor.roles, 'rectifications.manage')) {
    return ask('无法验收', '只有财政部门可以验收或退回整改。');
  }
  let task: Awaited<ReturnType<typeof getTask>>;
  try {
    task = await getTask(ctx.platform.db, ctx.official.actor, req.taskId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return ask('没有找到整改任务', `整改任务 #${req.taskId} 不存在或不在您的数据范围内。`);
    throw err;
  }
  if (!taskActionSourceStates(req.decision).includes(task.status)) {
    return ask(
      '无法验收',
      `整改任务 #${task.id} 当前为“${RECTIFICATION_STATUS_LABELS[task.status]}”，只能验收已提交的整改。`,
    );
  }
  const comment = clip((req.comment ?? '').trim(), 2000);
  if (req.decision === 'return' && Array.from(comment).length < 2) {
    ctx.memory.setAwaiting('return_reason', task.id);
    return ask(
      '请回复退回原因',
      `整改任务 #${task.id}（${md(task.item.name)}）\n提交的整改情况：${md(clip(task.submission ?? '', 300))}\n\n请直接回复退回原因（还缺什么、需如何补正），我会请您确认后再退回。回复“取消”放弃。`,
    );
  }
  ctx.memory.clearAwaiting();
  const decided = comment || DEFAULT_ACCEPT_COMMENT;
  const token = ctx.memory.createPending({
    kind: 'review_task',
    taskId: task.id,
    itemCode: task.item.code,
    itemName: task.item.name,
    decision: req.decision,
    comment: decided,
  });
  const verb = req.decision === 'accept' ? '验收通过' : '退回';
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        `请确认${verb}`,
        `将${verb}整改任务 #${task.id}（${md(task.item.name)}）：`,
        [
          { label: '整改任务', value: `#${task.id} ${task.item.code} ${task.item.name}` },
          { label: '责任人', value: task.assignee.name },
          { label: '整改情况', value: clip(task.submission ?? '', 300) },
          { label: req.decision === 'accept' ? '验收意见' : '退回原因', value: decided },
          // Accepting also settles the warning the task came from: the card says so.
          ...(req.decision === 'accept' && task.warningId !== null
            ? [{ label: '同时办结预警', value: `#${task.warningId}` }]
            : []),
        ],
        token,
      ),
    ),
  };
}

const REVIEW = /^(验收通过|验收|通过|退回|驳回)(?:整改)?(?:任务)?\s*#?\s*(\d{1,9})\s*[,，:：]?\s*(.*)$/u;

/** "验收整改 #5 整改到位" / "退回整改 #5 缺少凭证" typed by a reviewer. */
export function explicitReview(
  text: string,
): { taskId: number; decision: 'accept' | 'return'; comment: string } | null {
  const m = REVIEW.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  return {
    taskId: Number(m[2]),
    decision: m[1] === '退回' || m[1] === '驳回' ? 'return' : 'accept',
    comment: (m[3] ?? '').trim(),
  };
}
