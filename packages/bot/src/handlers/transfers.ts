import { hasPermission } from '@jixiao/core';
import { transferAllocationFor } from '@jixiao/db/transfers';
import { type Answer, type BotContext, data, neutral } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { formatWanYuan, LIST_CAP, md, moreLine } from '../render/format.ts';

const pct = (share: number) => `${Math.round(share * 10_000) / 100}%`;

/**
 * 转移支付分配 / 浮梁县转移支付为什么是这么多 (seed §十六): each county's comprehensive fiscal score,
 * its performance factor and its share of the pool before and after, explained. The city bureau
 * sees every county, a county bureau only its own line.
 */
export async function transferAllocationAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'transfer_allocation' }>,
): Promise<Answer> {
  const actor = ctx.dataActor;
  if (!hasPermission(actor.roles, 'results.apply')) {
    return neutral({
      title: '转移支付分配',
      markdown: '转移支付分配由财政部门掌握，县（区）财政部门可查询本县的分配。',
    });
  }
  const answer = await transferAllocationFor(ctx.platform, actor);
  if (!answer) {
    return data({
      title: '转移支付分配',
      markdown: '还没有县（区）报送转移支付因素法测算数，无法按综合绩效测算分配。',
    });
  }
  const lines = intent.county ? answer.lines.filter((l) => l.name === intent.county) : answer.lines;
  if (lines.length === 0) {
    return data({
      title: '转移支付分配',
      markdown: `没有在您的数据范围内找到“${md(intent.county ?? '')}”的转移支付分配。`,
    });
  }
  const cfg = ctx.platform.config.resultApplication.transferFactor;
  const shown = lines.slice(0, LIST_CAP).map((l) => {
    const diff = l.allocatedFen - l.formulaFen;
    return [
      `**${md(l.name)}**：分配 **${formatWanYuan(l.allocatedFen)}**，占 ${pct(l.adjustedShare)}（按因素法测算${formatWanYuan(l.formulaFen)}，占 ${pct(l.formulaShare)}；${diff >= 0 ? '多' : '少'}${formatWanYuan(Math.abs(diff))}）。`,
      `   ${l.score === null ? '尚无综合绩效评价得分' : `综合绩效评价 ${l.score} 分`}，绩效系数 ${l.factor}。${l.scoreNote ? `${md(l.scoreNote)}。` : ''}`,
    ].join('\n');
  });
  return data({
    title: `${answer.fiscalYear}年度转移支付分配${intent.county ? `（${intent.county}）` : ''}`,
    markdown: [
      `${answer.counties} 个县（区）的因素法测算数合计 ${formatWanYuan(answer.poolFen)}，按“测算数 × 绩效系数”重新分配，总额不变。`,
      shown.join('\n\n') + moreLine(LIST_CAP, lines.length, '个县（区）'),
      `规则：综合绩效评价得分 ${cfg.lowScore} 分及以下系数 ${cfg.min}，${cfg.highScore} 分及以上系数 ${cfg.max}，其间按分数线性取值（景党发〔2019〕18号§十六：下级政府财政运行综合绩效与转移支付分配挂钩）。这里只是查询，不做任何修改。`,
    ].join('\n\n'),
  });
}
