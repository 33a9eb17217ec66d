import {
  ACTIVE_WARNING_STATUSES,
  DEVIATION_REASONS,
  describeTarget,
  ITEM_STATES,
  QUALITATIVE_STATUSES,
  quantitativeCompletion,
} from '@jixiao/core';
import { listChatWarnings } from '@jixiao/db/chat';
import { executionSummary } from '@jixiao/db/execution';
import type { ItemRow } from '@jixiao/db/items';
import { listTasks } from '@jixiao/db/rectification';
import { type IndicatorRow, loadTargets } from '@jixiao/db/targets';
import { type Answer, type BotContext, data } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { timeProgressFor } from '../progress.ts';
import {
  commandButton,
  formatBp,
  formatNumber,
  formatWanYuan,
  md,
  rateVsProgress,
} from '../render/format.ts';
import { renderItemStatus } from '../render/item.ts';
import { fundTypeLabel } from '../render/labels.ts';
import { resolveItem } from '../resolve-item.ts';

/** 查项目: code, name, department, state, money against 序时进度, open warnings and tasks. */
export async function itemStatusAnswer(ctx: BotContext, item: ItemRow): Promise<Answer> {
  const [warnings, tasks] = await Promise.all([
    listChatWarnings(ctx.platform.db, ctx.dataActor, {
      itemId: item.id,
      statuses: ACTIVE_WARNING_STATUSES,
      noticeUserId: ctx.official.userId,
      limit: 10,
    }),
    listTasks(ctx.platform.db, ctx.dataActor, { itemId: item.id, status: 'open', limit: 5 }),
  ]);
  ctx.memory.rememberItem(item);
  const top = warnings.rows[0];
  if (top) ctx.memory.rememberWarning(top.id);
  return data(
    renderItemStatus(
      {
        item,
        fundTypeName: fundTypeLabel(ctx.platform.registry, item.fundTypeId),
        timeProgressBp: timeProgressFor(ctx, item.currentFiscalYear),
        warnings,
        tasks,
      },
      ctx.official.actor,
    ),
  );
}

export async function itemStatus(ctx: BotContext, intent: Extract<Intent, { kind: 'item_status' }>) {
  const r = await resolveItem(ctx, intent.query, { purpose: 'item_status' });
  return r.kind === 'found' ? itemStatusAnswer(ctx, r.item) : r.answer;
}

function indicatorLine(ind: IndicatorRow): string {
  const target = describeTarget(ind);
  const rep = ind.latestReport;
  let progress = '尚未填报';
  if (rep) {
    if (rep.qualitativeStatus) progress = QUALITATIVE_STATUSES.labels[rep.qualitativeStatus];
    else if (rep.actualValue !== null) {
      const completion = quantitativeCompletion(ind, rep.actualValue);
      const share = completion === null ? '' : `，完成 ${formatNumber(completion * 100)}%`;
      progress = `${formatNumber(rep.actualValue)}${ind.unit}${share}`;
    }
    progress += `（${rep.reportedOn}）`;
    if (rep.deviationReason) progress += `；偏差原因：${DEVIATION_REASONS.labels[rep.deviationReason]}`;
    if (rep.correctiveMeasure) progress += `；纠偏措施：${md(rep.correctiveMeasure)}`;
  }
  return `- ${md(ind.name)}：目标 ${md(target)}；最新 ${progress}`;
}

/** 它的指标: the item's indicators this year with their latest reported progress. */
export async function itemIndicators(ctx: BotContext, intent: Extract<Intent, { kind: 'item_indicators' }>) {
  const r = await resolveItem(ctx, intent.query, { purpose: 'item_indicators' });
  if (r.kind !== 'found') return r.answer;
  const item = r.item;
  ctx.memory.rememberItem(item);
  const targets = await loadTargets(ctx.platform.db, item.id, item.currentFiscalYear);
  const title = `${item.code} 绩效指标`;
  if (targets.length === 0) {
    return data({ title, markdown: `**${md(item.name)}** 尚未设定${item.currentFiscalYear}年度绩效目标。` });
  }
  const lines: string[] = [`**${md(item.name)}**（${md(item.code)}）`];
  for (const t of targets) {
    const year = t.fiscalYear === null ? '整体周期' : `${t.fiscalYear}年度`;
    const status = t.status === 'approved' ? '' : `（${t.status === 'returned' ? '已退回' : '未审核'}）`;
    lines.push('', `**${year}目标**${status}：${md(t.overallGoal)}`);
    for (const ind of t.indicators) lines.push(indicatorLine(ind));
  }
  const first = targets[0]?.indicators[0];
  if (first) lines.push('', `填报进度示例：“填报 ${item.code} ${first.name} 完成 100${first.unit}”`);
  return data({
    title,
    markdown: lines.join('\n'),
    buttons: [
      commandButton('项目概况', `查项目 ${item.code}`),
      commandButton('支付情况', `${item.code} 的支付情况`),
    ],
  });
}

/** 支付情况: paid this year by month, against 序时进度. */
export async function itemPayments(ctx: BotContext, intent: Extract<Intent, { kind: 'item_payments' }>) {
  const r = await resolveItem(ctx, intent.query, { purpose: 'item_payments' });
  if (r.kind !== 'found') return r.answer;
  const item = r.item;
  ctx.memory.rememberItem(item);
  const fy = item.currentFiscalYear;
  const summary = await executionSummary(ctx.platform.db, item.id, fy);
  const months = summary.paidByMonth
    .map((fen, i) => (fen > 0 ? `${i + 1}月 ${formatWanYuan(fen)}` : ''))
    .filter(Boolean);
  const lines = [
    `**${md(item.name)}**（${md(item.code)}，${ITEM_STATES.labels[item.state]}）`,
    '',
    `${fy}年批复 ${formatWanYuan(item.approvedAmountFen)}，已支付 ${formatWanYuan(summary.paidFen)}（${summary.paymentCount} 笔${summary.lastPaidOn ? `，最近一笔 ${summary.lastPaidOn}` : ''}）。`,
    `${rateVsProgress(item.executionRateBp, timeProgressFor(ctx, fy))}。`,
  ];
  if (months.length > 0) lines.push('', `按月：${months.join('；')}`);
  else lines.push('', '本年度尚无支付记录。');
  return data({
    title: `${item.code} 支付情况`,
    markdown: lines.join('\n'),
    fields: [
      { label: '批复金额', value: formatWanYuan(item.approvedAmountFen) },
      { label: '已支付', value: formatWanYuan(summary.paidFen) },
      { label: '执行率', value: formatBp(item.executionRateBp) },
    ],
    buttons: [
      commandButton('项目概况', `查项目 ${item.code}`),
      commandButton('查看指标', `${item.code} 的指标`),
    ],
  });
}
