import {
  ACTIVE_WARNING_STATUSES,
  chinaDateTime,
  DEVIATION_REASONS,
  hasPermission,
  NotFoundError,
  RESPONSIBLE_ROLES,
  WARNING_STATUS_LABELS,
} from '@jixiao/core';
import { listChatWarnings } from '@jixiao/db/chat';
import { getWarning, type WarningRow } from '@jixiao/db/monitoring';
import { listNotices, pendingNoticeSubjects } from '@jixiao/db/notices';
import { listTasks } from '@jixiao/db/rectification';
import { loadTargets } from '@jixiao/db/targets';
import { type Answer, type BotContext, data, personal } from '../context.ts';
import { renderConfirmation } from '../render/confirm.ts';
import { callbackButton, clip, commandButton, formatBp, md, SEVERITY_TAG } from '../render/format.ts';
import { NOTICE_VIA_LABELS, ruleLabel } from '../render/labels.ts';
import type { Prepared } from './report.ts';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

async function whichWarning(ctx: BotContext, ref: string | undefined): Promise<number | undefined> {
  if (ref && /^\d{1,9}$/.test(ref)) return Number(ref);
  if (ctx.memory.lastWarningId !== undefined) return ctx.memory.lastWarningId;
  const itemId = ctx.memory.lastItemId;
  if (itemId === undefined) return undefined;
  const list = await listChatWarnings(ctx.platform.db, ctx.dataActor, {
    itemId,
    statuses: ACTIVE_WARNING_STATUSES,
    noticeUserId: null,
    limit: 1,
  });
  return list.rows[0]?.id;
}

/** Why it was raised, in figures: execution against time progress, or the indicators at risk. */
async function findingLines(ctx: BotContext, w: WarningRow): Promise<string[]> {
  const d = w.details;
  const out: string[] = [];
  const rate = num(d.executionRateBp);
  const tp = num(d.timeProgressBp);
  if (rate !== undefined && tp !== undefined) {
    out.push(
      `- 执行率 ${formatBp(rate)}，序时进度 ${formatBp(tp)}，落后 ${((tp - rate) / 100).toFixed(1)} 个百分点`,
    );
  }
  const listed = Array.isArray(d.indicators) ? d.indicators : [];
  if (listed.length > 0) {
    const targets = await loadTargets(ctx.platform.db, w.item.id, w.fiscalYear);
    const byId = new Map(targets.flatMap((t) => t.indicators).map((i) => [i.id, i]));
    for (const entry of listed.slice(0, 8)) {
      const e = (entry ?? {}) as Record<string, unknown>;
      const ind = byId.get(num(e.indicatorId) ?? -1);
      const completion = num(e.completion);
      const rep = ind?.latestReport ?? null;
      const parts = [`- ${md(String(e.name ?? ind?.name ?? '指标'))}`];
      if (completion !== undefined) parts.push(`预计完成 ${Math.round(completion * 100)}%`);
      parts.push(
        rep?.deviationReason
          ? `偏差原因：${DEVIATION_REASONS.labels[rep.deviationReason]}${rep.deviationNote ? `（${md(rep.deviationNote)}）` : ''}`
          : '偏差原因：未填报',
      );
      parts.push(rep?.correctiveMeasure ? `纠偏措施：${md(rep.correctiveMeasure)}` : '纠偏措施：未填报');
      out.push(parts.join('；'));
    }
  }
  return out;
}

/** 预警#12是怎么回事 / 说明原因: the finding, its figures, deviation reasons and measures, who acknowledged. */
export async function explainAnswer(ctx: BotContext, ref: string | undefined): Promise<Answer> {
  const id = await whichWarning(ctx, ref);
  if (id === undefined) {
    return data({
      title: '是哪条预警？',
      markdown: '请告诉我预警编号，例如“预警#12是怎么回事”；也可以先发送“我的预警”查看列表。',
    });
  }
  let w: WarningRow;
  try {
    w = await getWarning(ctx.platform.db, ctx.dataActor, id);
  } catch (err) {
    if (err instanceof NotFoundError)
      return data({ title: '没有找到预警', markdown: `预警 #${id} 不存在或不在您的数据范围内。` });
    throw err;
  }
  ctx.memory.rememberWarning(w.id);
  ctx.memory.rememberItem({ id: w.item.id, code: w.item.code });
  const subject = `warning:${w.id}`;
  const [findings, notices, pending, tasks] = await Promise.all([
    findingLines(ctx, w),
    listNotices(ctx.platform.db, subject),
    pendingNoticeSubjects(ctx.platform.db, ctx.official.actor, [subject]),
    listTasks(ctx.platform.db, ctx.dataActor, { itemId: w.item.id, status: 'open', limit: 20 }),
  ]);
  const task = tasks.find((t) => t.warningId === w.id);
  const lines = [
    `${SEVERITY_TAG[w.severity]}**${md(w.item.name)}**（${md(w.item.code)}，${md(w.orgUnit.name)}）`,
    '',
    md(w.message),
    '',
    `- 监控规则：${md(ruleLabel(ctx.platform.registry, w.ruleId))}`,
    `- 建议处置：${w.suggestedActionLabel}`,
    `- 状态：${WARNING_STATUS_LABELS[w.status]}，首次发现 ${chinaDateTime(w.firstSeenAt)}`,
    ...findings,
  ];
  if (w.acknowledgedBy && w.acknowledgedAt) {
    lines.push(
      '',
      `**单位说明**：${md(w.acknowledgedBy.name)} 于 ${chinaDateTime(w.acknowledgedAt)} 签收${w.acknowledgement ? `并说明：${md(clip(w.acknowledgement, 300))}` : ''}`,
    );
  }
  if (task)
    lines.push('', `**整改任务** #${task.id}：责任人 ${md(task.assignee.name)}，期限 ${task.deadline}`);
  if (notices.length > 0) {
    const receipts = notices.map((n) =>
      n.acknowledgedAt
        ? `${md(n.recipient.name)} ${chinaDateTime(n.acknowledgedAt)} 已签收（${NOTICE_VIA_LABELS[n.acknowledgedVia ?? ''] ?? '—'}）`
        : `${md(n.recipient.name)} 未签收`,
    );
    lines.push('', `**通知签收**：${receipts.join('；')}`);
  }
  const open = ACTIVE_WARNING_STATUSES.includes(w.status);
  // The responsible officers explain; the finance bureau reads the explanation.
  const mayExplain =
    open &&
    hasPermission(ctx.official.actor.roles, 'warnings.acknowledge') &&
    ctx.official.actor.roles.some((r) => RESPONSIBLE_ROLES.includes(r));
  if (mayExplain) {
    ctx.memory.setAwaiting('warning_explanation', w.id);
    lines.push(
      '',
      '如需说明原因，请直接回复偏差原因和纠偏措施，例如：“原因：配套资金未到位；措施：9月底前完成拨付”，确认后记录。回复“取消”不说明。',
    );
  }
  const buttons = [commandButton('查看项目', `查项目 ${w.item.code}`)];
  if (pending.has(subject)) buttons.push(callbackButton('收到', 'ack', { subject }));
  if (open && !task && hasPermission(ctx.official.actor.roles, 'rectifications.manage'))
    buttons.push(callbackButton('下达整改', 'assign', { warningId: String(w.id) }));
  return data({ title: `预警 #${w.id} ${w.severityLabel}`, markdown: lines.join('\n'), buttons });
}

const REASON = /(?:偏差)?原因\s*[:：为是]\s*(.+?)(?=[;；。,，]?\s*(?:纠偏)?措施\s*[:：为是]|$)/su;
const MEASURE = /(?:纠偏)?措施\s*[:：为是]\s*(.+)$/su;

/** "原因：…；措施：…" → "偏差原因：…；纠偏措施：…"; free text stays as written. */
function formatExplanation(text: string): string {
  const t = text.trim();
  const reason = REASON.exec(t)?.[1]?.trim();
  const measure = MEASURE.exec(t)?.[1]?.trim();
  if (!reason && !measure) return t;
  return [reason ? `偏差原因：${reason}` : '', measure ? `纠偏措施：${measure}` : '']
    .filter(Boolean)
    .join('；');
}

const ask = (title: string, markdown: string): Prepared => ({
  pending: false,
  answer: personal({ title, markdown }),
});

/**
 * 签收并说明, prepared: the officer's explanation of a warning is shown on a card and recorded
 * (with the warning and its notice signed for) only when they confirm that card.
 */
export async function prepareExplanation(
  ctx: BotContext,
  warningId: number,
  text: string,
): Promise<Prepared> {
  ctx.memory.clearAwaiting();
  const explanation = clip(formatExplanation(text), 1000);
  if (Array.from(explanation).length < 4) {
    return ask('说明太短', '请写明偏差原因和纠偏措施，例如：“原因：配套资金未到位；措施：9月底前完成拨付”。');
  }
  if (!hasPermission(ctx.official.actor.roles, 'warnings.acknowledge'))
    return ask('无法说明', '您的角色无权签收预警、说明原因。');
  let w: WarningRow;
  try {
    w = await getWarning(ctx.platform.db, ctx.official.actor, warningId);
  } catch (err) {
    if (err instanceof NotFoundError)
      return ask('没有找到预警', `预警 #${warningId} 不存在或不在您的数据范围内。`);
    throw err;
  }
  if (w.status === 'closed' || w.status === 'resolved')
    return ask('无需说明', `预警 #${w.id} 已${WARNING_STATUS_LABELS[w.status]}，无需再说明。`);
  const token = ctx.memory.createPending({
    kind: 'explain_warning',
    warningId: w.id,
    itemCode: w.item.code,
    itemName: w.item.name,
    explanation,
  });
  return {
    pending: true,
    answer: personal(
      renderConfirmation(
        '请确认签收并说明',
        `将签收预警 #${w.id}（${md(w.item.name)}），并记录以下说明：`,
        [
          { label: '预警', value: `#${w.id} ${w.severityLabel}：${clip(w.message, 100)}` },
          { label: '项目', value: `${w.item.code} ${w.item.name}` },
          { label: '说明', value: explanation },
        ],
        token,
      ),
    ),
  };
}
