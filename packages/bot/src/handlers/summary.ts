import type { Actor } from '@jixiao/db';
import { monitoringSummary, type SummaryRow } from '@jixiao/db/monitoring';
import { type Answer, type BotContext, data } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { currentYear } from '../progress.ts';
import {
  commandButton,
  formatBp,
  formatWanYuan,
  LIST_CAP,
  md,
  moreLine,
  rateVsProgress,
} from '../render/format.ts';
import { actorForPlace, resolveFundType, resolveTarget, unknownFundType } from '../resolve-subject.ts';
import { actorForScope, isOverseer } from '../scopes.ts';
import { itemStatusAnswer } from './item.ts';

const BY_LABEL = { department: '部门', fund_type: '资金类型', region: '地区' } as const;

function rowLine(r: SummaryRow): string {
  const w = r.warnings;
  const warn = w.red + w.orange + w.yellow > 0 ? `，预警 红${w.red} 橙${w.orange} 黄${w.yellow}` : '';
  const lag = r.lagBp > 0 ? `，落后 ${(r.lagBp / 100).toFixed(1)} 个百分点` : '';
  return `**${md(r.name)}**：${r.items} 个项目，批复 ${formatWanYuan(r.approvedFen)}，执行率 ${formatBp(r.executionRateBp)}${lag}，滞后 ${r.laggingItems} 个${warn}`;
}

function totals(t: SummaryRow, timeProgressBp: number, label: string) {
  return [
    { label, value: String(t.items) },
    { label: '批复金额', value: formatWanYuan(t.approvedFen) },
    { label: '已支付', value: formatWanYuan(t.paidFen) },
    { label: '执行进度', value: rateVsProgress(t.executionRateBp, timeProgressBp) },
    { label: '滞后项目', value: String(t.laggingItems) },
    { label: '预警', value: `红${t.warnings.red} 橙${t.warnings.orange} 黄${t.warnings.yellow}` },
  ];
}

/** What a summary question covers once its words are resolved. */
interface Plan {
  actor: Actor;
  /** The place the figures are of ("景德镇市住房和城乡建设局"); '' for the whole scope. */
  label: string;
  /** Said first: the place asked about is outside the asker's scope. */
  note: string;
  by: 'department' | 'fund_type' | 'region';
  /** One place: its totals, without a row per department. */
  single: boolean;
}

async function plan(ctx: BotContext, intent: Extract<Intent, { kind: 'summary' }>): Promise<Plan | Answer> {
  const base = ctx.dataActor;
  if (intent.name) {
    const target = await resolveTarget(ctx, base, intent.name, { purpose: 'item_status' });
    if (target.kind === 'answer') return target.answer;
    if (target.kind === 'item') return itemStatusAnswer(ctx, target.item);
    if (target.kind === 'place') {
      const directory = await ctx.orgDirectory.get(ctx.platform);
      const scoped = actorForPlace(
        base,
        target.place,
        directory.scopeName(base) ?? ctx.official.departmentName,
      );
      const region = directory.regions.some((r) => r.path === target.place.path);
      return {
        actor: scoped.actor,
        label: scoped.title,
        note: scoped.note ?? '',
        by: 'department',
        single: !(region && target.place.relation === 'inside'),
      };
    }
  }
  // 本部门 of an overseer is the whole scope, except in a group bound to a department, where it is
  // their own bureau (outside the group's department: said so, as for everyone).
  if (intent.own && (!isOverseer(base) || ctx.group.kind === 'bound')) {
    return {
      actor: actorForScope(base, 'department', ctx.official),
      label: ctx.official.departmentName,
      note: '',
      by: 'department',
      single: true,
    };
  }
  return { actor: base, label: '', note: '', by: intent.by, single: false };
}

/**
 * 执行情况 against 序时进度: by department, fund type or region; of one department, unit or region
 * ("住建局执行情况", "城市建设服务中心", "浮梁县") or the asker's own department ("本部门", "全局");
 * of one fund type ("一般公共预算项目执行率"). A place outside the asker's scope is said to be so,
 * then the asker's own figures follow.
 */
export async function summaryAnswer(
  ctx: BotContext,
  intent: Extract<Intent, { kind: 'summary' }>,
): Promise<Answer> {
  let fundType: { id: string; name: string } | null = null;
  if (intent.fundType) {
    fundType = resolveFundType(ctx.platform.registry, intent.fundType);
    if (!fundType) return unknownFundType(ctx.platform.registry, intent.fundType, (n) => `${n}执行情况`);
  }
  const p = await plan(ctx, intent);
  if ('reply' in p) return p;
  const fiscalYear = currentYear(ctx);
  const s = await monitoringSummary(ctx.platform.db, p.actor, {
    by: fundType ? 'fund_type' : p.by,
    fiscalYear,
    asOf: ctx.today,
    config: ctx.platform.config,
  });
  const basis = `${p.note ? `${p.note}\n\n` : ''}${fiscalYear}年，截至 ${ctx.today}，序时进度 ${formatBp(s.timeProgressBp)}`;
  const buttons = [commandButton('滞后项目', '滞后项目'), commandButton('红色预警', '红色预警')];
  if (fundType) {
    const ft = fundType;
    const row = s.rows.find((r) => r.key === ft.id);
    const title = `${p.label}${ft.name}执行情况`;
    if (!row) return data({ title, markdown: `${basis}。当前范围内没有正在执行的${md(ft.name)}项目。` });
    return data({
      title,
      markdown: `${basis}。\n\n${rowLine(row)}`,
      fields: totals(row, s.timeProgressBp, '项目数'),
      buttons,
    });
  }
  const title = p.label ? `${p.label}执行情况` : `按${BY_LABEL[p.by]}汇总`;
  if (s.total.items === 0) {
    return data({ title, markdown: `${basis}。当前范围内没有正在执行的项目。` });
  }
  const rows = p.single ? [] : [...s.rows].sort((a, b) => b.lagBp - a.lagBp);
  const shown = rows.slice(0, LIST_CAP);
  const body = shown.length > 0 ? `\n\n${shown.map((r, i) => `${i + 1}. ${rowLine(r)}`).join('\n')}` : '';
  return data({
    title,
    markdown: `${basis}。${body}${moreLine(shown.length, rows.length, '项')}`,
    fields: totals(s.total, s.timeProgressBp, p.single ? '项目数' : '合计项目数'),
    buttons,
  });
}
