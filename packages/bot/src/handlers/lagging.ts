import { lagThresholdsBp } from '@jixiao/core';
import { listSlowestItems } from '@jixiao/db/chat';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { currentYear, timeProgressFor } from '../progress.ts';
import { commandButton, formatBp, formatWanYuan, LIST_CAP, md, moreLine } from '../render/format.ts';
import { actorForScope } from '../scopes.ts';

/** 滞后项目: items trailing 序时进度 by more than the yellow threshold, slowest first. */
export async function laggingAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'lagging_items' }>,
): Promise<Answer> {
  const mine = intent.scope === 'mine';
  const actor = actorForScope(mine ? ctx.official.actor : ctx.dataActor, intent.scope, ctx.official);
  const fiscalYear = currentYear(ctx);
  const tp = timeProgressFor(ctx, fiscalYear);
  const thresholdBp = lagThresholdsBp(ctx.platform.config).yellow;
  const limit = Math.min(intent.limit ?? LIST_CAP, 30);
  const result = await listSlowestItems(ctx.platform.db, actor, {
    fiscalYear,
    timeProgressBp: tp,
    config: ctx.platform.config,
    limit,
  });
  const who = mine ? '我的' : intent.scope === 'department' ? '本部门' : '';
  const wrap = mine ? personal : data;
  const title = `${who}滞后项目（${fiscalYear}年）`;
  if (result.total === 0) {
    return wrap({ title, markdown: `${who || '当前范围内'}没有${fiscalYear}年正在执行的项目。` });
  }
  const lagging = result.rows.filter((r) => r.lagging);
  const rows = lagging.length > 0 ? lagging : result.rows.slice(0, 5);
  const head =
    lagging.length > 0
      ? `序时进度 ${formatBp(tp)}，${result.total} 个在执行项目中有 **${result.laggingTotal}** 个落后超过 ${formatBp(thresholdBp)}：`
      : `序时进度 ${formatBp(tp)}，${result.total} 个在执行项目均未明显滞后。执行率最低的是：`;
  const lines = rows.map(
    (r, i) =>
      `${i + 1}. **${md(r.name)}**（${md(r.code)}，${md(r.orgName)}）执行率 ${formatBp(r.executionRateBp)}，落后 ${(r.lagBp / 100).toFixed(1)} 个百分点，批复 ${formatWanYuan(r.approvedFen)}`,
  );
  const more = lagging.length > 0 ? moreLine(rows.length, result.laggingTotal, '个') : '';
  const first = rows[0];
  if (first && rows.length === 1) ctx.memory.rememberItem(first);
  return wrap({
    title,
    markdown: `${head}\n\n${lines.join('\n')}${more}`,
    buttons: rows.slice(0, 3).map((r) => commandButton(`查看 ${r.code}`, `查项目 ${r.code}`)),
  });
}
