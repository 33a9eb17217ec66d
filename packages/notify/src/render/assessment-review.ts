import { chinaDateTime, EX_ANTE_CONCLUSIONS, NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { type AssessmentRow, getAssessment } from '@jixiao/db/assessments';
import { payloadId, payloadString } from './payload.ts';
import type { RenderContext, Rendered, Renderer } from './types.ts';

async function loadAssessment(ctx: RenderContext, id: number): Promise<AssessmentRow | null> {
  try {
    return await getAssessment(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/** 事前评估审核结果: the assessor learns whether the finance bureau accepted the assessment or returned it. */
export const renderAssessmentReview: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'assessmentId');
  const event = payloadString(row.payload, 'event');
  if (id === null || (event !== 'returned' && event !== 'accepted')) {
    return { kind: 'fail', error: '消息内容缺少事前评估编号或事件' };
  }
  const a = await loadAssessment(ctx, id);
  if (!a) return { kind: 'cancel', reason: `事前评估 ${id} 已不存在` };
  if (a.status !== event) return { kind: 'cancel', reason: `事前评估当前为“${a.statusLabel}”，该消息已过时` };
  const conclusion = a.conclusion ? EX_ANTE_CONCLUSIONS.labels[a.conclusion] : '未定';
  const lead =
    event === 'returned'
      ? '财政部门审核后退回了事前绩效评估，请按审核意见修改后重新提交。'
      : `事前绩效评估已经财政部门审核通过，结论为“${conclusion}”。${
          a.conclusion === 'support_after_revision' ? '请逐项答复调整完善意见，答复完毕后方可安排预算。' : ''
        }${a.conclusion === 'reject' ? '该项目不得安排预算。' : ''}`;
  const fields: ReplyField[] = [
    { label: '项目', value: `${a.item.name}（${a.item.code}）` },
    { label: '评估得分', value: a.totalScore === null ? '—' : `${a.totalScore}分` },
    { label: '评估结论', value: conclusion },
  ];
  if (a.reviewedBy) fields.push({ label: '审核人', value: a.reviewedBy.name });
  if (a.reviewedAt) fields.push({ label: '审核时间', value: chinaDateTime(a.reviewedAt) });
  return {
    kind: 'send',
    reply: {
      title: event === 'returned' ? `【事前评估退回】${a.item.name}` : `【事前评估审核通过】${a.item.name}`,
      markdown: [lead, a.reviewComment ? `审核意见：${a.reviewComment}` : null]
        .filter((s): s is string => s !== null)
        .join('\n\n'),
      fields,
    },
  };
};
