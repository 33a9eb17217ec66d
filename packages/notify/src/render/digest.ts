import { formatBp, parseIsoDate, type ReplyField } from '@jixiao/core';
import { loadActor } from '@jixiao/db';
import { digestCounts } from '@jixiao/db/digest';
import { monitoringSummary } from '@jixiao/db/monitoring';
import { payloadString } from './payload.ts';
import type { Renderer } from './types.ts';

/** 绩效周报: execution against 序时进度 in the user's scope, and what waits for them. */
export const renderDigest: Renderer = async (ctx, row) => {
  const asOf = payloadString(row.payload, 'asOf');
  if (asOf === null || row.recipientUserId === null)
    return { kind: 'fail', error: '周报消息缺少日期或收件人' };
  const actor = await loadActor(ctx.platform.db, row.recipientUserId);
  if (!actor) return { kind: 'cancel', reason: '用户已停用' };
  const summary = await monitoringSummary(ctx.platform.db, actor, {
    by: 'department',
    fiscalYear: parseIsoDate(asOf).year,
    asOf,
    config: ctx.platform.config,
  });
  const counts = await digestCounts(ctx.platform.db, actor, asOf);
  const t = summary.total;
  const lines = [
    `截至 ${asOf}，您范围内在执行项目 ${t.items} 个，预算执行率 ${formatBp(t.executionRateBp)}，序时进度 ${formatBp(
      summary.timeProgressBp,
    )}，执行滞后项目 ${t.laggingItems} 个。`,
  ];
  const lagging = summary.rows
    .filter((r) => r.lagBp > 0)
    .sort((a, b) => b.lagBp - a.lagBp)
    .slice(0, 5);
  if (lagging.length > 0) {
    lines.push(
      [
        '**执行进度落后较多的部门：**',
        ...lagging.map(
          (r) => `- ${r.name}：执行率 ${formatBp(r.executionRateBp)}，落后 ${formatBp(r.lagBp)}`,
        ),
      ].join('\n'),
    );
  }
  const fields: ReplyField[] = [
    { label: '在办预警', value: `${counts.openWarnings} 条（红色 ${counts.redWarnings} 条）` },
    { label: '我的整改任务', value: `${counts.myOpenTasks} 项（已逾期 ${counts.myOverdueTasks} 项）` },
    { label: '待我验收', value: `${counts.awaitingMyReview} 项` },
    { label: '未签收通知', value: `${counts.unacknowledgedNotices} 条` },
  ];
  return {
    kind: 'send',
    reply: {
      title: `【绩效周报】${asOf}`,
      markdown: lines.join('\n\n'),
      fields,
      buttons: [
        { label: '查看预警', kind: 'command', text: '预警' },
        { label: '我的整改', kind: 'command', text: '整改任务' },
      ],
    },
  };
};
