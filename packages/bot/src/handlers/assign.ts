import { ACTIVE_WARNING_STATUSES, ConflictError, hasPermission, NotFoundError } from '@jixiao/core';
import { getWarning, type WarningRow } from '@jixiao/db/monitoring';
import { listRectificationAssignees, listTasks } from '@jixiao/db/rectification';
import { type BotContext, personal } from '../context.ts';
import { addDays } from '../dates.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { clip, echo, md } from '../render/format.ts';
import type { Prepared } from './report.ts';

/** Default time allowed for a rectification ordered from chat. */
const DEFAULT_RECTIFICATION_DAYS = 15;

const ask = (title: string, markdown: string): Prepared => ({
  pending: false,
  answer: personal({ title, markdown }),
});

export interface AssignRequest {
  warningId: number;
  assigneeName?: string;
  deadline?: string;
  days?: number;
}

/**
 * 下达整改 from a warning: the item's department officer, 15 days and the warning's finding as the
 * requirement unless the user said otherwise. Returns a confirmation; nothing is written yet.
 */
export async function prepareAssignment(ctx: BotContext, req: AssignRequest): Promise<Prepared> {
  const actor = ctx.official.actor;
  if (!hasPermission(actor.roles, 'rectifications.manage'))
    return ask('无法下达整改', '只有财政绩效管理员可以下达整改任务。');
  let w: WarningRow;
  try {
    w = await getWarning(ctx.platform.db, actor, req.warningId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return ask('没有找到预警', `预警 #${req.warningId} 不存在或不在您的数据范围内。`);
    throw err;
  }
  if (!ACTIVE_WARNING_STATUSES.includes(w.status))
    return ask('无需整改', `预警 #${w.id} 已${w.status === 'closed' ? '关闭' : '办结'}，无需下达整改。`);
  const live = (
    await listTasks(ctx.platform.db, actor, { itemId: w.item.id, status: 'open', limit: 50 })
  ).find((t) => t.warningId === w.id);
  if (live)
    throw new ConflictError(
      `预警 #${w.id} 已有整改任务 #${live.id}（责任人${live.assignee.name}，期限 ${live.deadline}）`,
    );
  const candidates = await listRectificationAssignees(ctx.platform.db, actor, w.item.id);
  const named = req.assigneeName ? candidates.find((c) => c.name === req.assigneeName) : candidates[0];
  if (!named) {
    return ask(
      '请指定责任人',
      req.assigneeName
        ? `“${echo(req.assigneeName)}”不是项目所属单位或其主管部门的绩效专员。可选：${candidates.map((c) => md(c.name)).join('、') || '无'}。`
        : '该项目所属单位及其主管部门没有绩效专员，请先在系统中为其开通账号。',
    );
  }
  const deadline = req.deadline ?? addDays(ctx.today, req.days ?? DEFAULT_RECTIFICATION_DAYS);
  if (deadline < ctx.today) return ask('期限不合理', '整改期限不能早于今天。');
  const requirement = clip(
    `针对预警 #${w.id}（${w.severityLabel}）“${w.message}”，请按“${w.suggestedActionLabel}”要求于 ${deadline} 前完成整改并反馈整改情况。`,
    1000,
  );
  const token = ctx.memory.createPending({
    kind: 'create_task',
    warningId: w.id,
    itemCode: w.item.code,
    itemName: w.item.name,
    assigneeUserId: named.userId,
    assigneeName: named.name,
    deadline,
    requirement,
  });
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        '请确认下达整改',
        `将就预警 #${w.id} 向 **${md(named.name)}**（${md(named.orgName)}）下达整改任务：`,
        [
          { label: '项目', value: `${w.item.code} ${w.item.name}` },
          { label: '责任人', value: `${named.name}（${named.orgName}）` },
          { label: '整改期限', value: deadline },
          { label: '整改要求', value: requirement },
        ],
        token,
      ),
    ),
  };
}
