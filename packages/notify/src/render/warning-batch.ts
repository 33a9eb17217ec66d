import { NotFoundError } from '@jixiao/core';
import { loadActor } from '@jixiao/db';
import { getWarning, type WarningRow } from '@jixiao/db/monitoring';
import { buttons } from './buttons.ts';
import { payloadId } from './payload.ts';
import { checkResend } from './resend-guard.ts';
import type { Renderer } from './types.ts';

/** A non-negative count from an outbox payload, or null. */
function payloadCount(payload: Record<string, unknown>, key: string): number | null {
  const v = payload[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

/** A listed warning's message, kept short: the summary names five and must stay one chat message. */
function brief(message: string): string {
  const chars = [...message];
  return chars.length > BRIEF_CHARS ? `${chars.slice(0, BRIEF_CHARS).join('')}…` : message;
}
const BRIEF_CHARS = 120;

/**
 * 预警汇总: the warnings one sweep opened or escalated for someone who would otherwise have got
 * a message for each. Counts by severity, the most severe still open (as the recipient may see
 * them now), and the way to go through them all. Like a warning, it is a notice: signed for with
 * 收到, re-sent and finally taken to the department head while it is not.
 */
export const renderWarningBatch: Renderer = async (ctx, row) => {
  const runId = payloadId(row.payload, 'runId');
  const counts = {
    created: payloadCount(row.payload, 'created'),
    escalated: payloadCount(row.payload, 'escalated'),
    red: payloadCount(row.payload, 'red'),
    orange: payloadCount(row.payload, 'orange'),
    yellow: payloadCount(row.payload, 'yellow'),
  };
  const ids = row.payload.warningIds;
  if (
    runId === null ||
    row.recipientUserId === null ||
    Object.values(counts).includes(null) ||
    !Array.isArray(ids)
  )
    return {
      kind: 'fail',
      error: '预警汇总消息缺少扫描编号、收件人、条数或预警编号（runId/created/warningIds）',
    };
  const actor = await loadActor(ctx.platform.db, row.recipientUserId);
  if (!actor) return { kind: 'cancel', reason: '用户已停用' };
  const subject = `warning_batch:${runId}`;
  const resend = await checkResend(ctx, row, subject, 'new');
  if ('cancel' in resend) return { kind: 'cancel', reason: resend.cancel };

  const live: WarningRow[] = [];
  for (const id of ids) {
    if (!Number.isInteger(id)) continue;
    try {
      const w = await getWarning(ctx.platform.db, actor, id as number);
      if (w.status !== 'closed' && w.status !== 'resolved') live.push(w);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const { created, escalated, red, orange, yellow } = counts as Record<keyof typeof counts, number>;
  const headline = [created > 0 ? `新增预警 ${created} 条` : '', escalated > 0 ? `升级 ${escalated} 条` : '']
    .filter(Boolean)
    .join('、');
  const lines = resend.line ? [resend.line] : [];
  lines.push(
    `第 ${runId} 次监控扫描在您负责的范围内${headline}：红色 ${red} 条，橙色 ${orange} 条，黄色 ${yellow} 条。`,
  );
  if (live.length > 0) {
    lines.push(
      [
        '**请优先处理：**',
        ...live.map((w) => `- 【${w.severityLabel}】${w.item.name}（${w.item.code}）：${brief(w.message)}`),
      ].join('\n'),
    );
  }
  lines.push('请点击“收到”签收本汇总，并回复“我的预警”逐条查看、签收并说明原因。');
  return {
    kind: 'send',
    reply: {
      title: `【预警汇总】${headline}`,
      markdown: lines.join('\n\n'),
      fields: [
        { label: '红色预警', value: `${red} 条` },
        { label: '橙色预警', value: `${orange} 条` },
        { label: '黄色预警', value: `${yellow} 条` },
      ],
      buttons: [buttons.ack(subject), { label: '查看预警', kind: 'command', text: '我的预警' }],
    },
    notice: { subject, event: 'new', resend: true },
  };
};
