import { chinaDateTime, warningBatchTitle } from '@jixiao/core';
import { getNoticeState, type NoticeState } from '@jixiao/db/notices';
import { payloadId } from './payload.ts';
import { loadTask } from './task.ts';
import type { RenderContext, Renderer } from './types.ts';
import { loadWarningTitle } from './warning-title.ts';

const EVENT_LABELS: Record<string, string> = {
  new: '预警通知',
  escalated: '预警升级通知',
  assigned: '整改通知',
  returned: '整改退回通知',
};

async function subjectTitle(ctx: RenderContext, n: NoticeState): Promise<string | null> {
  const [kind, raw] = n.subject.split(':');
  const id = Number(raw);
  if (kind === 'warning') return loadWarningTitle(ctx, id);
  if (kind === 'task') {
    const task = await loadTask(ctx, id);
    return task ? `整改任务：${task.item.name}` : null;
  }
  if (kind === 'warning_batch') return warningBatchTitle(id);
  return null;
}

/** 未签收督办: tells a department head that someone has not acknowledged a notice after the re-sends. */
export const renderNoticeEscalation: Renderer = async (ctx, row) => {
  const id = payloadId(row.payload, 'noticeId');
  if (id === null) return { kind: 'fail', error: '督办消息缺少通知编号（noticeId）' };
  const n = await getNoticeState(ctx.platform.db, id);
  if (!n) return { kind: 'cancel', reason: `通知 ${id} 已不存在` };
  if (n.acknowledgedAt) return { kind: 'cancel', reason: `${n.recipientName}已签收` };
  const title = await subjectTitle(ctx, n);
  if (!title) return { kind: 'cancel', reason: '通知所涉事项已不存在' };
  const since = n.firstSentAt ? `于 ${chinaDateTime(n.firstSentAt)} ` : '';
  return {
    kind: 'send',
    reply: {
      title: `【未签收督办】${n.recipientName}未签收通知`,
      markdown: `${n.recipientName}（${n.recipientOrgName}）${since}收到“${title}”的${
        EVENT_LABELS[n.event] ?? '通知'
      }，已再次提醒 ${n.resendCount} 次，至今未签收。请督促其尽快签收并办理。`,
      fields: [
        { label: '未签收人', value: `${n.recipientName}（${n.recipientOrgName}）` },
        { label: '事项', value: title },
      ],
    },
  };
};
