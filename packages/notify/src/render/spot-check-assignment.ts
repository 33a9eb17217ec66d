import { NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getSpotCheckEntry, type SpotCheckEntryRow } from '@jixiao/db/spot-checks';
import { buttons } from './buttons.ts';
import { payloadId, payloadResend } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

/**
 * 抽查复核指派: an expert from the library learns they are to re-score a sampled self-evaluation,
 * how to do it in chat, and signs for it (收到); re-sent while unacknowledged and not yet reviewed.
 */
export const renderSpotCheckAssignment: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'entryId');
  if (id === null || row.recipientUserId === null)
    return { kind: 'fail', error: '消息内容缺少抽查记录编号或收件人' };
  let e: SpotCheckEntryRow;
  try {
    e = await getSpotCheckEntry(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'cancel', reason: `抽查记录 ${id} 已不存在` };
    throw err;
  }
  if (e.reviewer?.userId !== row.recipientUserId) return { kind: 'cancel', reason: '复核专家已更换' };
  if (e.reviewedAt) return { kind: 'cancel', reason: '该抽查记录已复核' };
  const fields: ReplyField[] = [
    { label: '项目', value: `${e.item.name}（${e.item.code}）` },
    { label: '单位', value: e.orgUnit.name },
    {
      label: '自评得分',
      value: e.selfScore === null ? '—' : `${e.selfScore}分（${e.selfGrade?.label ?? '—'}）`,
    },
    { label: '抽中原因', value: e.reasonLabel },
  ];
  const subject = `spot_check_review:${e.id}`;
  return {
    kind: 'send',
    reply: {
      title: `${payloadResend(row.payload) > 0 ? '【再次提醒·抽查复核】' : '【抽查复核】'}${e.item.name}`,
      markdown: [
        '财政部门指派您复核该项目的绩效自评：请对照佐证材料重新打分，复核分与自评分相差超过规定分值或等级改变的，将认定为自评失真。',
        `在聊天中发送“复核抽查 ${e.id} 分数 复核意见”，例如“复核抽查 ${e.id} 82 产出数量与佐证不符”，确认后提交。`,
        '请点“收到”签收。',
      ].join('\n\n'),
      fields,
      buttons: [
        buttons.ack(subject),
        buttons.details(
          ctx.options.viewLink(row.recipientUserId, `/view/self-evaluations/${e.selfEvaluationId}`),
        ),
      ],
    },
    notice: { subject, event: 'assigned', resend: true },
  };
};
