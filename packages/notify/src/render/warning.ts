import { chinaDateTime, NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getWarning, type WarningRow } from '@jixiao/db/monitoring';
import { buttons } from './buttons.ts';
import { payloadId, payloadString } from './payload.ts';
import { checkResend } from './resend-guard.ts';
import type { Renderer } from './types.ts';

function bpText(v: unknown): string | null {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v / 100).toFixed(2)}%` : null;
}

function fields(w: WarningRow): ReplyField[] {
  const out: ReplyField[] = [
    { label: '项目', value: `${w.item.name}（${w.item.code}）` },
    { label: '单位', value: w.orgUnit.name },
    { label: '预警等级', value: w.severityLabel },
  ];
  const rate = bpText(w.details.executionRateBp);
  const tp = bpText(w.details.timeProgressBp);
  if (rate) out.push({ label: '执行进度', value: rate });
  if (tp) out.push({ label: '序时进度', value: tp });
  out.push({ label: '建议措施', value: w.suggestedActionLabel });
  out.push({ label: '发现时间', value: chinaDateTime(w.firstSeenAt) });
  return out;
}

/** 预警通知 (new) and 预警升级 (escalated), from the warning as it is now. */
export const renderWarning: Renderer = async (ctx, row) => {
  const id = payloadId(row.payload, 'warningId');
  const event = payloadString(row.payload, 'event') ?? 'new';
  if (id === null) return { kind: 'fail', error: '消息内容缺少预警编号（warningId）' };
  let w: WarningRow;
  try {
    w = await getWarning(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'cancel', reason: `预警 ${id} 已不存在` };
    throw err;
  }
  if (w.status === 'closed') return { kind: 'cancel', reason: `预警已关闭：${w.closeReason ?? ''}` };
  if (w.status === 'resolved') return { kind: 'cancel', reason: '预警已办结' };
  const subject = `warning:${id}`;
  const resend = await checkResend(ctx, row, subject, event);
  if ('cancel' in resend) return { kind: 'cancel', reason: resend.cancel };

  const escalated = event === 'escalated';
  const reason = payloadString(row.payload, 'reason');
  const lines: string[] = [];
  if (resend.line) lines.push(resend.line);
  if (escalated) lines.push(`**预警已升级为${w.severityLabel}**${reason ? `：${reason}` : ''}`);
  lines.push(w.message);
  lines.push('请点击“收到”签收；如有特殊情况，请点击“说明原因”。');
  return {
    kind: 'send',
    reply: {
      title: `【${escalated ? '预警升级·' : ''}${w.severityLabel}】${w.item.name}`,
      markdown: lines.join('\n\n'),
      fields: fields(w),
      buttons: [
        buttons.ack(subject),
        buttons.explain(id),
        ...(row.recipientUserId !== null
          ? [buttons.details(ctx.options.viewLink(row.recipientUserId, `/view/warnings/${id}`))]
          : []),
      ],
    },
    notice: { subject, event, resend: true },
  };
};
