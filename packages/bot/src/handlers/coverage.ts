import { ratioBp } from '@jixiao/core';
import { type SelfEvaluationCoverage, selfEvaluationCoverage } from '@jixiao/db/chat';
import { type Answer, type BotContext, data } from '../context.ts';
import { currentYear } from '../progress.ts';
import { formatBp, formatWanYuan } from '../render/format.ts';

function line(c: SelfEvaluationCoverage): string {
  if (c.items === 0) return `- ${c.fiscalYear}年：没有已批复的项目`;
  return `- ${c.fiscalYear}年：${c.items} 个项目中已自评 ${c.evaluatedItems} 个；按资金 ${formatWanYuan(c.evaluatedFen)} / ${formatWanYuan(c.approvedFen)}，覆盖率 **${formatBp(ratioBp(c.evaluatedFen, c.approvedFen))}**`;
}

/** 自评覆盖率: last year's (the year being self-evaluated) and this year's, by amount. */
export async function coverageAnswer(ctx: BotContext): Promise<Answer> {
  const year = currentYear(ctx);
  const [last, current] = await Promise.all([
    selfEvaluationCoverage(ctx.platform.db, ctx.dataActor, year - 1),
    selfEvaluationCoverage(ctx.platform.db, ctx.dataActor, year),
  ]);
  const min = ctx.platform.config.coverage.selfEvaluationMinShare;
  const lastShare = ratioBp(last.evaluatedFen, last.approvedFen);
  const verdict =
    last.items === 0
      ? ''
      : lastShare >= Math.round(min * 10_000)
        ? `\n\n${last.fiscalYear}年已达到不低于 ${formatBp(Math.round(min * 10_000))} 的要求。`
        : `\n\n${last.fiscalYear}年尚未达到不低于 ${formatBp(Math.round(min * 10_000))} 的要求，请督促未自评的项目尽快完成。`;
  return data({
    title: '绩效自评覆盖率',
    markdown: `${line(last)}\n${line(current)}${verdict}`,
  });
}
