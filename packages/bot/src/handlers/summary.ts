import { monitoringSummary, type SummaryRow } from '@jixiao/db/monitoring';
import { type Answer, type BotContext, data } from '../context.ts';
import { fuzzyMatch, type Intent } from '../parser/index.ts';
import { SCOPE_DEPARTMENT } from '../parser/lexicon.ts';
import { currentYear } from '../progress.ts';
import {
  commandButton,
  echo,
  formatBp,
  formatWanYuan,
  LIST_CAP,
  md,
  moreLine,
  rateVsProgress,
} from '../render/format.ts';
import { actorForScope } from '../scopes.ts';

const BY_LABEL = { department: '部门', fund_type: '资金类型', region: '地区' } as const;

function rowLine(r: SummaryRow): string {
  const w = r.warnings;
  const warn = w.red + w.orange + w.yellow > 0 ? `，预警 红${w.red} 橙${w.orange} 黄${w.yellow}` : '';
  const lag = r.lagBp > 0 ? `，落后 ${(r.lagBp / 100).toFixed(1)} 个百分点` : '';
  return `**${md(r.name)}**：${r.items} 个项目，批复 ${formatWanYuan(r.approvedFen)}，执行率 ${formatBp(r.executionRateBp)}${lag}，滞后 ${r.laggingItems} 个${warn}`;
}

/** 执行情况汇总 by department, fund type or region (or one of them by name), against 序时进度. */
export async function summaryAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'summary' }>,
  text: string,
): Promise<Answer> {
  const ownDepartment = intent.by === 'department' && !intent.name && SCOPE_DEPARTMENT.test(text);
  const actor = ownDepartment ? actorForScope(ctx.dataActor, 'department', ctx.official) : ctx.dataActor;
  const fiscalYear = currentYear(ctx);
  const s = await monitoringSummary(ctx.platform.db, actor, {
    by: intent.by,
    fiscalYear,
    asOf: ctx.today,
    config: ctx.platform.config,
  });
  const basis = `${fiscalYear}年，截至 ${ctx.today}，序时进度 ${formatBp(s.timeProgressBp)}`;
  let rows = [...s.rows].sort((a, b) => b.lagBp - a.lagBp);
  let title = `按${BY_LABEL[intent.by]}汇总`;
  if (intent.name) {
    const matches = fuzzyMatch(intent.name, s.rows, (r) => r.name, { limit: 3, minScore: 0.7 });
    const top = matches[0];
    if (!top) {
      return data({
        title: '没有找到',
        markdown: `没有找到“${echo(intent.name)}”在${fiscalYear}年正在执行的项目，或不在您的数据范围内。`,
      });
    }
    rows = [top.item];
    title = `${top.item.name}执行情况`;
  } else if (ownDepartment) {
    title = `${ctx.official.departmentName}执行情况`;
    rows = [];
  }
  if (s.total.items === 0) {
    return data({ title, markdown: `${basis}。当前范围内没有正在执行的项目。` });
  }
  const shown = rows.slice(0, LIST_CAP);
  const body = shown.length > 0 ? `\n\n${shown.map((r, i) => `${i + 1}. ${rowLine(r)}`).join('\n')}` : '';
  return data({
    title,
    markdown: `${basis}。${body}${moreLine(shown.length, rows.length, '项')}`,
    fields: intent.name
      ? undefined
      : [
          { label: ownDepartment ? '项目数' : '合计项目数', value: String(s.total.items) },
          { label: '批复金额', value: formatWanYuan(s.total.approvedFen) },
          { label: '已支付', value: formatWanYuan(s.total.paidFen) },
          { label: '执行进度', value: rateVsProgress(s.total.executionRateBp, s.timeProgressBp) },
          { label: '滞后项目', value: String(s.total.laggingItems) },
          {
            label: '预警',
            value: `红${s.total.warnings.red} 橙${s.total.warnings.orange} 黄${s.total.warnings.yellow}`,
          },
        ],
    buttons: [commandButton('滞后项目', '滞后项目'), commandButton('红色预警', '红色预警')],
  });
}
