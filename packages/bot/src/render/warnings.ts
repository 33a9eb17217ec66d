import { hasPermission, type Reply, type ReplyButton, WARNING_STATUS_LABELS } from '@jixiao/core';
import type { Actor } from '@jixiao/db';
import type { ChatWarningRow, ChatWarnings } from '@jixiao/db/chat';
import { callbackButton, LIST_CAP, md, moreLine, SEVERITY_SHORT, SEVERITY_TAG } from './format.ts';

/** Buttons for one warning: 说明原因, and 收到 (a notice is waiting) or 下达整改 (finance, no task yet). */
export function warningButtons(w: ChatWarningRow, asker: Actor, withRef: boolean): ReplyButton[] {
  const ref = withRef ? ` #${w.id}` : '';
  const out: ReplyButton[] = [callbackButton(`说明原因${ref}`, 'explain', { warningId: String(w.id) })];
  if (w.pendingNotice) out.push(callbackButton(`收到${ref}`, 'ack', { subject: `warning:${w.id}` }));
  else if (hasPermission(asker.roles, 'rectifications.manage') && !w.hasTask && w.status !== 'resolved')
    out.push(callbackButton(`下达整改${ref}`, 'assign', { warningId: String(w.id) }));
  return out;
}

export function severityCounts(counts: ChatWarnings['counts']): string {
  return (['red', 'orange', 'yellow'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${SEVERITY_SHORT[s]}${counts[s]}`)
    .join(' ');
}

export function warningLine(w: ChatWarningRow, withItem: boolean): string {
  const tags: string[] = [];
  if (w.status !== 'open') tags.push(WARNING_STATUS_LABELS[w.status]);
  if (w.hasTask) tags.push('已下达整改');
  if (w.pendingNotice) tags.push('待您签收');
  const tail = tags.length ? `（${tags.join('，')}）` : '';
  const item = withItem ? `**${md(w.item.name)}**（${md(w.item.code)}，${md(w.orgName)}）：` : '';
  return `${SEVERITY_TAG[w.severity]}${item}${md(w.message)} #${w.id}${tail}`;
}

/** A list of warnings, red first, capped, with 说明原因/收到 buttons for the top ones. */
export function renderWarningList(title: string, list: ChatWarnings, asker: Actor, emptyText: string): Reply {
  if (list.total === 0) return { title, markdown: emptyText };
  const shown = list.rows.slice(0, LIST_CAP);
  const lines = shown.map((w, i) => `${i + 1}. ${warningLine(w, true)}`);
  const buttons = shown.slice(0, 3).flatMap((w) => warningButtons(w, asker, true));
  return {
    title,
    markdown: `共 ${list.total} 条（${severityCounts(list.counts)}）：\n\n${lines.join('\n')}${moreLine(shown.length, list.total)}`,
    buttons,
  };
}
