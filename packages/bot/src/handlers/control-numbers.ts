import { GRADES, hasPermission } from '@jixiao/core';
import { permissionsAt } from '@jixiao/db';
import { getProposal, listProposals, type ProposalView, whatIfProposals } from '@jixiao/db/budget-proposals';
import { listExitCandidates, listOverlaps } from '@jixiao/db/policy-exit';
import { type Answer, type BotContext, data, neutral } from '../context.ts';
import type { Intent } from '../parser/index.ts';
import { currentYear } from '../progress.ts';
import { echo, formatWanYuan, LIST_CAP, md, moreLine } from '../render/format.ts';

type ControlIntent = Extract<Intent, { kind: 'control_numbers' }>;

/** The org unit id at the end of an org path (`…/o12/` → 12). */
export const departmentId = (path: string) => Number(/o(\d+)\/$/.exec(path)?.[1] ?? Number.NaN);
const pct = (bp: number) => `${bp / 100}%`;

/** The department asked about: the one named, else the asker's own. */
async function whichDepartment(
  ctx: BotContext,
  subject: string | undefined,
): Promise<{ id: number; name: string } | Answer> {
  if (!subject) {
    const id = departmentId(ctx.official.departmentPath);
    return { id, name: ctx.official.departmentName };
  }
  const directory = await ctx.orgDirectory.get(ctx.platform);
  const found = directory.find(subject, ctx.dataActor);
  if (
    found?.kind !== 'found' ||
    found.place.relation !== 'inside' ||
    Number.isNaN(departmentId(found.place.path))
  ) {
    return data({
      title: '没有找到该部门',
      markdown: `没有在您的数据范围内找到“${echo(subject)}”。请写部门全称再问一次。`,
    });
  }
  return { id: departmentId(found.place.path), name: found.place.name };
}

function proposalText(p: ProposalView, why: boolean): string {
  const lines = p.lines ?? [];
  const cut = lines.filter((l) => l.cutFen > 0 || (l.override && l.override.fen !== l.baseFen));
  const priority = lines.filter((l) => l.priority);
  const head = [
    `${p.fiscalYear}年度建议控制数 **${formatWanYuan(p.proposedFen)}**（${p.basisYear}年度项目预算${formatWanYuan(p.baseFen)}，${p.statusLabel}）。`,
    ...p.reasons,
  ];
  const cutLines = cut
    .slice(0, LIST_CAP)
    .map(
      (l) =>
        `- ${md(l.item.name)}：评价${l.gradeLabel ? `为“${l.gradeLabel}”` : '结果未出'}，${
          l.cutFen > 0 ? `扣减${pct(l.cutBp)}（${formatWanYuan(l.cutFen)}）` : '财政审核调整'
        }，建议${formatWanYuan(l.proposedFen)}。${why ? l.reasons.join('；') : ''}`,
    );
  return [
    ...head,
    cut.length
      ? `扣减的项目：\n${cutLines.join('\n')}${cut.length > LIST_CAP ? `\n${moreLine(LIST_CAP, cut.length, '项')}` : ''}`
      : '没有扣减的项目。',
    priority.length
      ? `优先保障（评价为“${GRADES.labels.excellent}”）：${priority.map((l) => md(l.item.name)).join('、')}`
      : null,
    why
      ? '依据：评价结果为“中（一般）”或“差”的，相应扣减下年度项目预算控制数；评价发现的问题未整改到位的进一步扣减（景党发〔2019〕18号§十，JX-2、EV-11）。'
      : null,
  ]
    .filter((s): s is string => !!s)
    .join('\n\n');
}

async function whatIfAnswer(ctx: BotContext, intent: ControlIntent): Promise<Answer> {
  const actor = ctx.dataActor;
  if (!hasPermission(actor.roles, 'results.apply')) {
    return neutral({
      title: '无法测算',
      markdown: '控制数测算由财政部门开展。您可以问“明年控制数”或“为什么扣减”。',
    });
  }
  const dept = await whichDepartment(ctx, intent.subject);
  if ('kind' in dept) return dept;
  const latest = (await listProposals(ctx.platform.db, actor, { orgUnitId: dept.id })).at(-1);
  const basisYear = latest?.basisYear ?? currentYear(ctx);
  const r = await whatIfProposals(ctx.platform, actor, { basisYear, ...intent.whatIf, orgUnitId: dept.id });
  const d = r.departments[0];
  if (!d)
    return data({
      title: '没有可测算的项目',
      markdown: `${md(dept.name)}${basisYear}年度没有已批复的项目。`,
    });
  const cfg = ctx.platform.config.resultApplication;
  const asked =
    intent.whatIf?.cutForFair !== undefined
      ? `评价为“中（一般）”的扣减${(r.shares.cutForFair * 100).toFixed(0)}%（现行${(cfg.cutForFair * 100).toFixed(0)}%）`
      : `评价为“差”的扣减${(r.shares.cutForPoor * 100).toFixed(0)}%（现行${(cfg.cutForPoor * 100).toFixed(0)}%）`;
  return data({
    title: `【测算】${dept.name}${r.fiscalYear}年度控制数`,
    markdown: [
      `如果${asked}，${md(dept.name)}${r.fiscalYear}年度控制数为 **${formatWanYuan(d.whatIfFen)}**；按现行比例为${formatWanYuan(d.configuredFen)}，相差${formatWanYuan(d.whatIfFen - d.configuredFen)}。`,
      `本年度项目预算${formatWanYuan(d.baseFen)}，其中项目扣减${formatWanYuan(d.itemsCutFen)}。`,
      '这只是测算，没有修改任何数据。',
    ].join('\n\n'),
  });
}

/** 明年控制数 / 为什么扣减 / 如果差评扣减30%，教育局明年控制数是多少. */
export async function controlNumbersAnswer(ctx: BotContext, intent: ControlIntent): Promise<Answer> {
  if (intent.whatIf) return whatIfAnswer(ctx, intent);
  const actor = ctx.dataActor;
  const overseer = hasPermission(actor.roles, 'results.apply');
  if (overseer && !intent.subject) {
    const all = await listProposals(ctx.platform.db, actor, {});
    const year = all.at(-1)?.fiscalYear;
    const rows = all.filter((p) => p.fiscalYear === year);
    if (!rows.length) return data({ title: '明年控制数', markdown: '还没有编制预算安排建议。' });
    rows.sort((a, b) => a.proposedFen - a.baseFen - (b.proposedFen - b.baseFen));
    return data({
      title: `${year}年度预算安排建议`,
      markdown: rows
        .slice(0, LIST_CAP)
        .map(
          (p) =>
            `- ${md(p.department.name)}：${formatWanYuan(p.proposedFen)}（本年${formatWanYuan(p.baseFen)}，${p.statusLabel}）`,
        )
        .concat(rows.length > LIST_CAP ? [moreLine(LIST_CAP, rows.length, '个部门')] : [])
        .join('\n'),
    });
  }
  const dept = await whichDepartment(ctx, intent.subject);
  if ('kind' in dept) return dept;
  const proposals = await listProposals(ctx.platform.db, actor, { orgUnitId: dept.id });
  const latest = proposals.at(-1);
  if (!latest) {
    return data({
      title: '明年控制数',
      markdown: `${md(dept.name)}的下年度预算安排建议尚未下达。下达后会通知您，届时可再问。`,
    });
  }
  const p = await getProposal(ctx.platform.db, actor, latest.id);
  return data({
    title: intent.why
      ? `【为什么扣减】${dept.name}${p.fiscalYear}年度`
      : `【明年控制数】${dept.name}${p.fiscalYear}年度`,
    markdown: proposalText(p, intent.why === true),
  });
}

/** 清理退出: the exit candidates and overlapping pairs, for the finance bureau. */
export async function exitCandidatesAnswer(ctx: BotContext): Promise<Answer> {
  const actor = ctx.dataActor;
  if (
    !hasPermission(actor.roles, 'results.apply') ||
    !permissionsAt(actor, actor.scopePath).includes('results.apply')
  ) {
    return neutral({ title: '清理退出', markdown: '清理退出的候选名单由财政部门掌握。' });
  }
  const year = currentYear(ctx);
  const [candidates, overlaps] = await Promise.all([
    listExitCandidates(ctx.platform, actor, { fiscalYear: year }),
    listOverlaps(ctx.platform, actor, { fiscalYear: year, limit: LIST_CAP }),
  ]);
  const open = candidates.filter((c) => !c.decision);
  const parts = [
    open.length
      ? `**建议清理退出（${open.length}项）**\n${open
          .slice(0, LIST_CAP)
          .map((c) => `- ${md(c.name)}（${md(c.department)}）：${c.reasons.map((r) => r.message).join('；')}`)
          .join('\n')}${open.length > LIST_CAP ? `\n${moreLine(LIST_CAP, open.length, '项')}` : ''}`
      : '没有待决定的清理退出候选。',
    overlaps.length
      ? `**可能交叉重复（${overlaps.length}对）**\n${overlaps
          .map(
            (o) =>
              `- ${md(o.items[0].name)}（${md(o.items[0].department)}）与 ${md(o.items[1].name)}（${md(o.items[1].department)}）：相似度${Math.round(o.score * 100)}%，${o.explanation.join('；')}`,
          )
          .join('\n')}`
      : '没有发现交叉重复的项目。',
    '保留、整合、压减或退出请在系统中逐项决定（理由记入审计）。这里只是查询，不做任何修改。',
  ];
  return data({ title: `${year}年度清理退出`, markdown: parts.join('\n\n') });
}
