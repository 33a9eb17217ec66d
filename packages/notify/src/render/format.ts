import { chinaDateTime, daysBetween } from '@jixiao/core';

export { chinaDateTime };

/** `2026-08-31（剩余 3 天）`, `（今日到期）`, `（已逾期 2 天）`. */
export function deadlineText(deadline: string, today: string): string {
  const days = daysBetween(today, deadline);
  if (days > 0) return `${deadline}（剩余 ${days} 天）`;
  if (days === 0) return `${deadline}（今日到期）`;
  return `${deadline}（已逾期 ${-days} 天）`;
}

/** Epoch ms of 23:59:59 China time on a YYYY-MM-DD date. */
export function endOfChinaDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, 23, 59, 59) - 8 * 3_600_000;
}

/** The line that opens a re-sent notice. */
export function resendLine(resend: number, firstSentAt: Date | null): string {
  const since = firstSentAt ? `已于 ${chinaDateTime(firstSentAt)} 发送，` : '';
  return `> 此通知${since}尚未签收，现第 ${resend} 次提醒。`;
}
