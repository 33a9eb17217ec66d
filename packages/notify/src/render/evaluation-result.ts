import { NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { type EvaluationResultView, getEvaluationResult } from '@jixiao/db/evaluation-results';
import { buttons } from './buttons.ts';
import { payloadId } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

/**
 * 评价结果反馈 (JX-2, EV-11): the department learns its grade and findings, which findings became
 * rectification tasks (and who must do them), and that the grade feeds next year's budget; it
 * signs for it with 收到.
 */
export const renderEvaluationResult: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'resultId');
  if (id === null) return { kind: 'fail', error: '消息内容缺少评价结果编号' };
  let r: EvaluationResultView;
  try {
    r = await getEvaluationResult(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'cancel', reason: `评价结果 ${id} 已不存在` };
    throw err;
  }
  const subject = `evaluation_result:${r.id}`;
  const fields: ReplyField[] = [
    { label: '评价对象', value: r.subject.name },
    { label: '评价来源', value: r.sourceLabel },
    { label: '年度', value: `${r.fiscalYear}年度` },
    { label: '得分', value: `${r.score}分` },
    { label: '等级', value: r.gradeLabel },
  ];
  if (r.distortion) fields.push({ label: '自评失真', value: '是' });
  const lines = r.findings.map(
    (f, i) =>
      `${i + 1}. ${f.finding}${f.requiredAction ? `——整改要求：${f.requiredAction}` : ''}${
        f.task ? `（已下达整改任务 #${f.task.id}，责任人${f.task.assignee}，${f.deadline}前完成）` : ''
      }`,
  );
  const consequence =
    r.grade === 'fair' || r.grade === 'poor'
      ? '按规定，评价结果为“中（一般）”或“差”的，相应扣减下年度项目预算控制数；未整改到位的进一步扣减。'
      : r.grade === 'excellent'
        ? '评价结果为“优”的，下年度原则上优先保障。'
        : '评价结果将作为下年度预算安排的重要依据。';
  return {
    kind: 'send',
    reply: {
      title: `【绩效评价结果】${r.subject.name} ${r.fiscalYear}年度：${r.gradeLabel}`,
      markdown: [
        r.summary,
        lines.length ? `发现的问题：\n${lines.join('\n')}` : null,
        consequence,
        '请点“收到”签收。',
      ]
        .filter((s): s is string => !!s)
        .join('\n\n'),
      fields,
      buttons: [buttons.ack(subject)],
    },
    notice: { subject, event: 'recorded', resend: false },
  };
};
