import { findNoticeState } from '@jixiao/db/notices';
import type { OutboxRecord } from '@jixiao/db/outbox';
import { resendLine } from './format.ts';
import { payloadResend } from './payload.ts';
import type { RenderContext } from './types.ts';

/**
 * For a re-sent notice: a cancel reason if it was acknowledged (or escalated) after the re-send
 * was queued, otherwise the line that opens the message. For a first sending: no line.
 */
export async function checkResend(
  ctx: RenderContext,
  row: OutboxRecord,
  subject: string,
  event: string,
): Promise<{ cancel: string } | { line: string | null }> {
  const resend = payloadResend(row.payload);
  if (resend === 0 || row.recipientUserId === null) return { line: null };
  const state = await findNoticeState(ctx.platform.db, {
    subject,
    event,
    recipientUserId: row.recipientUserId,
  });
  if (state?.acknowledgedAt) return { cancel: '收件人已签收，无需再次提醒' };
  if (state?.escalatedAt) return { cancel: '已升级督办，不再提醒' };
  return { line: resendLine(resend, state?.firstSentAt ?? null) };
}
