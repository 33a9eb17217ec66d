import { listSlowestItems } from '@jixiao/db/chat';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { currentYear, timeProgressFor } from '../progress.ts';
import { commandButton, formatBp, formatWanYuan, LIST_CAP, md, moreLine } from '../render/format.ts';
import { actorForPlace, resolveFundType, resolveTarget, unknownFundType } from '../resolve-subject.ts';
import { actorForScope } from '../scopes.ts';
import { itemStatusAnswer } from './item.ts';

/**
 * 滞后项目: items trailing 序时进度 by more than the yellow threshold, slowest first; narrowed to a
 * department or unit ("城市建设服务中心的滞后项目") or a fund type ("PPP项目滞后的"). Asked of one
 * item, its status (execution against 序时进度) answers.
 */
export async function laggingAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'lagging_items' }>,
): Promise<Answer> {
  const mine = intent.scope === 'mine';
  let actor = actorForScope(mine ? ctx.official.actor : ctx.dataActor, intent.scope, ctx.official);
  let fundType: { id: string; name: string } | null = null;
  if (intent.fundType) {
    fundType = resolveFundType(ctx.platform.registry, intent.fundType);
    if (!fundType) return unknownFundType(ctx.platform.registry, intent.fundType, (n) => `${n}滞后项目`);
  }
  const target = await resolveTarget(ctx, actor, intent.subject, { purpose: 'item_status' });
  if (target.kind === 'answer') return target.answer;
  if (target.kind === 'item') return itemStatusAnswer(ctx, target.item);
  let who = mine ? '我的' : intent.scope === 'department' ? '本部门' : '';
  let note = '';
  if (target.kind === 'place') {
    const directory = await ctx.orgDirectory.get(ctx.platform);
    const scoped = actorForPlace(
      actor,
      target.place,
      directory.scopeName(actor) ?? ctx.official.departmentName,
    );
    actor = scoped.actor;
    who = scoped.title;
    note = scoped.note ? `${scoped.note}\n\n` : '';
  }
  if (fundType) who = `${who}${fundType.name}`;
  const fiscalYear = currentYear(ctx);
  const tp = timeProgressFor(ctx, fiscalYear);
  const { config } = ctx.platform;
  const limit = Math.min(intent.limit ?? LIST_CAP, 30);
  const result = await listSlowestItems(ctx.platform.db, actor, {
    fiscalYear,
    timeProgressBp: tp,
    config,
    limit,
    ...(fundType ? { fundTypeId: fundType.id } : {}),
  });
  const ownBands = Object.values(config.fundTypes).some((f) => f.monitoring.lagYellowPoints !== undefined);
  const threshold = `${config.monitoring.lagYellowPoints} 个百分点${ownBands ? '（部分资金类型另有规定）' : ''}`;
  const wrap = mine ? personal : data;
  const title = `${who}滞后项目（${fiscalYear}年）`;
  if (result.total === 0) {
    return wrap({ title, markdown: `${note}${who || '当前范围内'}没有${fiscalYear}年正在执行的项目。` });
  }
  const lagging = result.rows.filter((r) => r.lagging);
  const rows = lagging.length > 0 ? lagging : result.rows.slice(0, 5);
  const head =
    lagging.length > 0
      ? `${note}序时进度 ${formatBp(tp)}，${result.total} 个在执行项目中有 **${result.laggingTotal}** 个执行率落后序时进度超过 ${threshold}：`
      : `${note}序时进度 ${formatBp(tp)}，${result.total} 个在执行项目均未明显滞后。执行率最低的是：`;
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
