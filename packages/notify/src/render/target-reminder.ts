import { budgetDeadline, type ReplyField } from '@jixiao/core';
import { loadActor } from '@jixiao/db';
import { loadExAnteStatus } from '@jixiao/db/assessments';
import { listItems } from '@jixiao/db/items';
import { loadTargets } from '@jixiao/db/targets';
import { buttons } from './buttons.ts';
import { payloadId, payloadString } from './payload.ts';
import type { Renderer } from './types.ts';

const SHOWN = 10;
const TARGET_STATE: Readonly<Record<string, string>> = { draft: '编制中', returned: '已退回待修改' };

/**
 * 预算编报提醒: what the officer still has to do for a budget year before its preparation
 * deadline — items needing an ex-ante assessment not yet accepted, and targets not yet
 * submitted — read at sending time, so what was done since the row was queued is not repeated.
 * A notice: signed for with 收到 (never re-sent; tomorrow's reminder follows if still needed).
 */
export const renderTargetReminder: Renderer = async (ctx, row) => {
  const fy = payloadId(row.payload, 'fiscalYear');
  const on = payloadString(row.payload, 'on');
  if (fy === null || on === null || row.recipientUserId === null)
    return { kind: 'fail', error: '提醒消息缺少预算年度、日期或收件人' };
  const actor = await loadActor(ctx.platform.db, row.recipientUserId);
  if (!actor) return { kind: 'cancel', reason: '用户已停用' };
  const db = ctx.platform.db;
  const items = (await listItems(db, actor, { fiscalYear: fy, limit: 500 })).filter(
    (i) => i.currentFiscalYear === fy && (i.state === 'draft' || i.state === 'assessed'),
  );
  const assess: string[] = [];
  const targets: string[] = [];
  for (const item of items) {
    const [target] = (await loadTargets(db, item.id, fy)).filter((t) => t.fiscalYear === fy);
    if (target && (target.status === 'submitted' || target.status === 'approved')) continue;
    const exAnte = await loadExAnteStatus(db, item, ctx.platform.config);
    if (exAnte.requirement.required && exAnte.accepted === null) {
      assess.push(`${item.name}（${item.code}）`);
    }
    targets.push(
      `${item.name}（${item.code}）：${target ? (TARGET_STATE[target.status] ?? target.status) : '未填报'}`,
    );
  }
  if (targets.length === 0) return { kind: 'cancel', reason: '已无待办的评估和目标' };
  const deadline = budgetDeadline(fy, ctx.platform.config.budgetPreparation);
  const list = (lines: string[]) =>
    lines
      .slice(0, SHOWN)
      .map((l) => `- ${l}`)
      .join('\n') + (lines.length > SHOWN ? `\n- 等共 ${lines.length} 项` : '');
  const parts = [`${fy}年预算编报截止日为 **${deadline}**，以下事项尚未办结：`];
  if (assess.length > 0) {
    parts.push(
      `**须先完成事前绩效评估（${assess.length}）**：评估结论经财政审核后方可报送绩效目标。\n${list(assess)}`,
    );
  }
  parts.push(`**绩效目标尚未报送（${targets.length}）**：\n${list(targets)}`);
  parts.push('可在系统中导出“项目支出绩效目标申报表”填写后导入报送。请点击“收到”签收。');
  const fields: ReplyField[] = [
    { label: '预算年度', value: String(fy) },
    { label: '截止日', value: deadline },
  ];
  const subject = `target_reminder:${fy}`;
  return {
    kind: 'send',
    reply: {
      title: `【预算编报提醒】${fy}年绩效目标`,
      markdown: parts.join('\n\n'),
      fields,
      buttons: [buttons.ack(subject)],
    },
    notice: { subject, event: `reminder:${on}`, resend: false },
  };
};
