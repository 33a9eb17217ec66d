import {
  NotFoundError,
  RECTIFICATION_STATUS_LABELS,
  type RectificationStatus,
  type ReplyButton,
  type ReplyField,
  TASK_STATUSES_AWAITING_ASSIGNEE,
} from '@jixiao/core';
import { SYSTEM_ACTOR, today } from '@jixiao/db';
import { getWarning } from '@jixiao/db/monitoring';
import { getTask, type TaskRow } from '@jixiao/db/rectification';
import { buttons } from './buttons.ts';
import { deadlineText } from './format.ts';
import { payloadId, payloadString } from './payload.ts';
import { checkResend } from './resend-guard.ts';
import type { NoticeSpec, RenderContext, Rendered, Renderer } from './types.ts';

const OPEN = TASK_STATUSES_AWAITING_ASSIGNEE;

/** The task states in which news of each event is still worth sending. */
const LIVE: Record<string, readonly RectificationStatus[]> = {
  assigned: OPEN,
  returned: ['returned'],
  reminder: OPEN,
  overdue: OPEN,
  submitted: ['submitted'],
  accepted: ['accepted'],
  cancelled: ['cancelled'],
};

async function warningMessage(ctx: RenderContext, task: TaskRow): Promise<string | null> {
  if (task.warningId === null) return null;
  try {
    return (await getWarning(ctx.platform.db, SYSTEM_ACTOR, task.warningId)).message;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export async function loadTask(ctx: RenderContext, id: number): Promise<TaskRow | null> {
  try {
    return await getTask(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

interface View {
  title: string;
  lead: string;
  buttons: ReplyButton[];
  notice?: NoticeSpec;
}

function view(task: TaskRow, event: string, head: boolean, on: string | null): View | null {
  const subject = `task:${task.id}`;
  const name = task.item.name;
  const ack = buttons.ack(subject);
  const work = [ack, buttons.submit(task.id)];
  switch (event) {
    case 'assigned':
      return {
        title: `【整改通知】${name}`,
        lead: '您有一项整改任务，请按要求在期限内完成整改并提交。',
        buttons: work,
        notice: { subject, event, resend: true },
      };
    case 'returned':
      return {
        title: `【整改退回】${name}`,
        lead: `您提交的整改未通过验收，已退回重新整改（第 ${task.round} 轮）。${
          task.reviewComment ? `\n\n退回意见：${task.reviewComment}` : ''
        }`,
        buttons: work,
        notice: { subject, event, resend: true },
      };
    case 'reminder':
      return {
        title: `【整改提醒】${name}`,
        lead: '整改期限临近，请尽快完成整改并提交。',
        buttons: work,
        notice: { subject, event: `reminder:${on ?? ''}`, resend: false },
      };
    case 'overdue':
      return head
        ? {
            title: `【整改逾期督办】${name}`,
            lead: `${task.assignee.name}负责的整改任务已超过期限仍未提交，请督促办理。`,
            buttons: [ack],
            notice: { subject, event, resend: false },
          }
        : {
            title: `【整改逾期】${name}`,
            lead: '整改任务已超过期限，已报告部门负责人，请立即完成整改并提交。',
            buttons: work,
            notice: { subject, event, resend: false },
          };
    case 'submitted':
      return {
        title: `【整改待验收】${name}`,
        lead: `${task.assignee.name}已提交整改（第 ${task.round} 轮），请验收。\n\n整改情况：${task.submission ?? ''}${
          task.evidence.length ? `\n\n佐证材料 ${task.evidence.length} 份` : ''
        }`,
        buttons: [buttons.accept(task.id), buttons.return(task.id)],
      };
    case 'accepted':
      return {
        title: `【整改已验收】${name}`,
        lead: `整改已通过验收。${task.reviewComment ? `\n\n验收意见：${task.reviewComment}` : ''}`,
        buttons: [],
      };
    case 'cancelled':
      return { title: `【整改撤销】${name}`, lead: '该整改任务已撤销，无需继续办理。', buttons: [] };
    default:
      return null;
  }
}

/** Rectification messages (整改通知、退回、提醒、逾期、待验收、已验收), from the task as it is now. */
export const renderTask: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'taskId');
  const event = payloadString(row.payload, 'event');
  if (id === null || event === null) return { kind: 'fail', error: '消息内容缺少整改任务编号或事件' };
  const task = await loadTask(ctx, id);
  if (!task) return { kind: 'cancel', reason: `整改任务 ${id} 已不存在` };
  const live = LIVE[event];
  if (!live) return { kind: 'fail', error: `未知的整改消息事件：${event}` };
  if (!live.includes(task.status))
    return {
      kind: 'cancel',
      reason: `整改任务当前为“${RECTIFICATION_STATUS_LABELS[task.status]}”，该消息已过时`,
    };
  const v = view(task, event, row.payload.role === 'head', payloadString(row.payload, 'on'));
  if (!v) return { kind: 'fail', error: `未知的整改消息事件：${event}` };
  let line: string | null = null;
  if (v.notice) {
    const resend = await checkResend(ctx, row, v.notice.subject, v.notice.event);
    if ('cancel' in resend) return { kind: 'cancel', reason: resend.cancel };
    line = resend.line;
  }
  const fields: ReplyField[] = [
    { label: '项目', value: `${task.item.name}（${task.item.code}）` },
    { label: '单位', value: task.orgUnit.name },
    { label: '整改要求', value: task.requirement },
    { label: '整改期限', value: deadlineText(task.deadline, today(ctx.platform)) },
    { label: '责任人', value: task.assignee.name },
  ];
  const warning = await warningMessage(ctx, task);
  if (warning) fields.push({ label: '来源预警', value: warning });
  if (row.recipientUserId !== null) {
    v.buttons.push(buttons.details(ctx.options.viewLink(row.recipientUserId, `/view/tasks/${task.id}`)));
  }
  return {
    kind: 'send',
    reply: {
      title: v.title,
      markdown: [line, v.lead].filter((s): s is string => s !== null).join('\n\n'),
      fields,
      ...(v.buttons.length ? { buttons: v.buttons } : {}),
    },
    ...(v.notice ? { notice: v.notice } : {}),
  };
};
