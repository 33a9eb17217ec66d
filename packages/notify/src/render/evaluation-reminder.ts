import type { ReplyField } from '@jixiao/core';
import { loadActor, SYSTEM_ACTOR } from '@jixiao/db';
import { getKeyEvaluation } from '@jixiao/db/evaluations';
import { listSelfEvaluations } from '@jixiao/db/self-evaluations';
import { buttons } from './buttons.ts';
import { payloadId, payloadString } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

const SHOWN = 10;

/**
 * 评价到期提醒 (EV-12): a department officer's self-evaluations of the year still to submit before
 * the deadline, or an expert's unsubmitted scores of a key evaluation nearing its due date — read
 * at sending time, so what was done since the row was queued is not repeated. A notice to sign
 * for (收到), sent once per due date and not re-sent.
 */
export const renderEvaluationReminder: Renderer = async (ctx, row): Promise<Rendered> => {
  if (row.recipientUserId === null) return { kind: 'fail', error: '提醒消息缺少收件人' };
  const type = payloadString(row.payload, 'type');
  if (type === 'self') return selfReminder(ctx, row.recipientUserId, row.payload);
  if (type === 'key') return keyReminder(ctx, row.recipientUserId, row.payload);
  if (type === 'report') return reportReminder(ctx, row.recipientUserId, row.payload);
  return { kind: 'fail', error: '提醒消息类型不明' };
};

async function selfReminder(
  ctx: Parameters<Renderer>[0],
  userId: number,
  payload: Record<string, unknown>,
): Promise<Rendered> {
  const fy = payloadId(payload, 'fiscalYear');
  const deadline = payloadString(payload, 'deadline');
  if (fy === null || deadline === null) return { kind: 'fail', error: '提醒消息缺少年度或截止日' };
  const actor = await loadActor(ctx.platform.db, userId);
  if (!actor) return { kind: 'cancel', reason: '用户已停用' };
  const open = [
    ...(await listSelfEvaluations(ctx.platform.db, actor, { fiscalYear: fy, status: 'draft', limit: 200 })),
    ...(await listSelfEvaluations(ctx.platform.db, actor, {
      fiscalYear: fy,
      status: 'returned',
      limit: 200,
    })),
  ];
  if (open.length === 0) return { kind: 'cancel', reason: '已无待报送的绩效自评' };
  const list =
    open
      .slice(0, SHOWN)
      .map((s) => `- ${s.item.name}（${s.item.code}）：${s.statusLabel}`)
      .join('\n') + (open.length > SHOWN ? `\n- 等共 ${open.length} 项` : '');
  const subject = `self_evaluation_reminder:${fy}`;
  const fields: ReplyField[] = [
    { label: '评价年度', value: `${fy}年度` },
    { label: '截止日', value: deadline },
    { label: '待报送', value: `${open.length} 项` },
  ];
  return {
    kind: 'send',
    reply: {
      title: `【绩效自评提醒】${fy}年度自评${deadline}截止`,
      markdown: [
        `${fy}年度项目支出绩效自评须在 **${deadline}** 前报送，以下自评尚未提交：`,
        list,
        `在聊天中发送“自评 项目编码”逐项填报，完成后确认提交。请点“收到”签收。`,
      ].join('\n\n'),
      fields,
      buttons: [buttons.ack(subject)],
    },
    notice: { subject, event: `due:${deadline}`, resend: false },
  };
}

async function keyReminder(
  ctx: Parameters<Renderer>[0],
  userId: number,
  payload: Record<string, unknown>,
): Promise<Rendered> {
  const id = payloadId(payload, 'evaluationId');
  const expertId = payloadId(payload, 'expertId');
  const dueOn = payloadString(payload, 'dueOn');
  if (id === null || expertId === null || dueOn === null)
    return { kind: 'fail', error: '提醒消息缺少评价编号、专家或期限' };
  const e = await getKeyEvaluation(ctx.platform.db, SYSTEM_ACTOR, id).catch(() => null);
  if (!e) return { kind: 'cancel', reason: `重点评价 ${id} 已不存在` };
  const member = e.panel.find((p) => p.expertId === expertId);
  if ((e.status !== 'planned' && e.status !== 'scoring') || !member || member.submitted) {
    return { kind: 'cancel', reason: '已无待提交的评分' };
  }
  if (e.dueOn !== dueOn) return { kind: 'cancel', reason: '评价期限已调整' };
  const subject = `key_evaluation:${e.id}`;
  return {
    kind: 'send',
    reply: {
      title: `【评价到期提醒】${e.title}`,
      markdown: [
        `重点绩效评价“${e.title}”须在 **${dueOn}** 前完成，您的评分尚未提交。`,
        `发送“评分 ${e.id}”查看指标和已打分数，全部打完后发送“提交评分 ${e.id}”。请点“收到”签收。`,
      ].join('\n\n'),
      fields: [
        { label: '评价对象', value: e.item ? `${e.item.name}（${e.item.code}）` : e.orgUnit.name },
        { label: '完成期限', value: dueOn },
      ],
      buttons: [
        buttons.ack(subject),
        buttons.details(ctx.options.viewLink(userId, `/view/evaluations/${e.id}`)),
      ],
    },
    notice: { subject, event: `due:${dueOn}`, resend: false },
  };
}

async function reportReminder(
  ctx: Parameters<Renderer>[0],
  userId: number,
  payload: Record<string, unknown>,
): Promise<Rendered> {
  const id = payloadId(payload, 'evaluationId');
  const dueOn = payloadString(payload, 'dueOn');
  if (id === null || dueOn === null) return { kind: 'fail', error: '提醒消息缺少评价编号或期限' };
  const e = await getKeyEvaluation(ctx.platform.db, SYSTEM_ACTOR, id).catch(() => null);
  if (!e) return { kind: 'cancel', reason: `重点评价 ${id} 已不存在` };
  if (e.status !== 'scoring') return { kind: 'cancel', reason: '评价报告已提交或评价已结束' };
  if (e.dueOn !== dueOn) return { kind: 'cancel', reason: '评价期限已调整' };
  const subject = `key_evaluation:${e.id}`;
  return {
    kind: 'send',
    reply: {
      title: `【评价报告到期提醒】${e.title}`,
      markdown: [
        `重点绩效评价“${e.title}”的评价组专家已全部提交评分，评价报告须在 **${dueOn}** 前提交。`,
        '请填写评价发现的问题、意见建议和证据清单后提交评价报告。请点“收到”签收。',
      ].join('\n\n'),
      fields: [
        { label: '评价对象', value: e.item ? `${e.item.name}（${e.item.code}）` : e.orgUnit.name },
        { label: '完成期限', value: dueOn },
      ],
      buttons: [
        buttons.ack(subject),
        buttons.details(ctx.options.viewLink(userId, `/view/evaluations/${e.id}`)),
      ],
    },
    notice: { subject, event: `report_due:${dueOn}`, resend: false },
  };
}
