import { NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { expertOfUser, getKeyEvaluation, type KeyEvaluationRow } from '@jixiao/db/evaluations';
import { buttons } from './buttons.ts';
import { payloadId, payloadResend } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

/**
 * 评价任务指派: an expert learns they are on a key evaluation's panel, what it evaluates, the
 * indicator lines and how to score them in chat (背靠背). A notice: signed for with 收到, re-sent
 * while unacknowledged until they have submitted their scores.
 */
export const renderEvaluationAssignment: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'evaluationId');
  if (id === null || row.recipientUserId === null)
    return { kind: 'fail', error: '消息内容缺少评价编号或收件人' };
  // A re-send names only the evaluation: the expert is the recipient's library entry.
  const expertId =
    payloadId(row.payload, 'expertId') ??
    (await expertOfUser(ctx.platform.db, row.recipientUserId))?.id ??
    null;
  if (expertId === null) return { kind: 'cancel', reason: '收件人不是评价专家' };
  let e: KeyEvaluationRow;
  try {
    e = await getKeyEvaluation(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'cancel', reason: `重点评价 ${id} 已不存在` };
    throw err;
  }
  if (e.status !== 'planned' && e.status !== 'scoring') {
    return { kind: 'cancel', reason: `重点评价当前为“${e.statusLabel}”，该消息已过时` };
  }
  const member = e.panel.find((p) => p.expertId === expertId);
  if (!member) return { kind: 'cancel', reason: '专家已不在评价组中' };
  if (member.submitted) return { kind: 'cancel', reason: '专家已提交评分' };
  const fields: ReplyField[] = [
    { label: '评价对象', value: e.item ? `${e.item.name}（${e.item.code}）` : e.orgUnit.name },
    { label: '评价方式', value: e.institution ? `${e.carrierLabel}：${e.institution.name}` : e.carrierLabel },
    { label: '指标', value: `${e.lines.length}项，共100分（${e.templateName}）` },
  ];
  if (e.dueOn) fields.push({ label: '完成期限', value: e.dueOn });
  const subject = `key_evaluation:${e.id}`;
  const resend = payloadResend(row.payload);
  return {
    kind: 'send',
    reply: {
      title: `${resend > 0 ? '【再次提醒·评价任务】' : '【评价任务】'}${e.title}`,
      markdown: [
        '您已被指派为本次重点绩效评价的评价组专家，评分采取背靠背方式，提交前看不到其他专家的评分。',
        `在聊天中发送“评分 ${e.id}”查看指标，发送“评分 ${e.id} 1.1=4 1.2=5 …”逐项打分，确认后保存；全部打完后发送“提交评分 ${e.id}”。`,
        '请点“收到”签收。',
      ].join('\n\n'),
      fields,
      buttons: [
        buttons.ack(subject),
        buttons.details(ctx.options.viewLink(row.recipientUserId, `/view/evaluations/${e.id}`)),
      ],
    },
    notice: { subject, event: 'assigned', resend: true },
  };
};
