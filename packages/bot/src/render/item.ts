import { ITEM_STATES, RECTIFICATION_STATUS_LABELS, type Reply, type ReplyButton } from '@jixiao/core';
import type { Actor } from '@jixiao/db';
import type { ChatWarnings } from '@jixiao/db/chat';
import type { ItemRow } from '@jixiao/db/items';
import type { TaskRow } from '@jixiao/db/rectification';
import { commandButton, formatWanYuan, md, moreLine, rateVsProgress } from './format.ts';
import { severityCounts, warningButtons, warningLine } from './warnings.ts';

export interface ItemStatusView {
  item: ItemRow;
  fundTypeName: string;
  timeProgressBp: number;
  warnings: ChatWarnings;
  tasks: readonly TaskRow[];
}

/** 项目概况: the numbers an official asks for first, then open warnings and tasks. */
export function renderItemStatus(v: ItemStatusView, asker: Actor): Reply {
  const { item } = v;
  const lines = [
    `**${md(item.name)}**（${md(item.code)}）`,
    `${md(item.orgUnit.name)} · ${md(v.fundTypeName)} · ${ITEM_STATES.labels[item.state]}`,
  ];
  if (v.warnings.total > 0) {
    lines.push('', `**预警 ${v.warnings.total} 条**（${severityCounts(v.warnings.counts)}）`);
    const shown = v.warnings.rows.slice(0, 5);
    for (const w of shown) lines.push(`- ${warningLine(w, false)}`);
    const more = moreLine(shown.length, v.warnings.total).trim();
    if (more) lines.push(more);
  } else {
    lines.push('', '暂无未处理的预警。');
  }
  if (v.tasks.length > 0) {
    lines.push('', '**整改任务**');
    for (const t of v.tasks.slice(0, 3)) {
      lines.push(
        `- #${t.id} ${RECTIFICATION_STATUS_LABELS[t.status]}，责任人 ${md(t.assignee.name)}，期限 ${t.deadline}`,
      );
    }
  }
  const buttons: ReplyButton[] = [
    commandButton('查看指标', `${item.code} 的指标`),
    commandButton('支付情况', `${item.code} 的支付情况`),
  ];
  const top = v.warnings.rows[0];
  if (top) buttons.push(...warningButtons(top, asker, false));
  return {
    title: `${item.code} ${item.name}`,
    markdown: lines.join('\n'),
    fields: [
      { label: '批复金额', value: formatWanYuan(item.approvedAmountFen) },
      { label: `${item.currentFiscalYear}年已支付`, value: formatWanYuan(item.paidFen) },
      { label: '执行进度', value: rateVsProgress(item.executionRateBp, v.timeProgressBp) },
      { label: '责任人', value: item.responsiblePerson },
    ],
    buttons,
  };
}
