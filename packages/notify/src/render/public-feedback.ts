import { NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { type FeedbackRow, getFeedback } from '@jixiao/db/publications';
import { buttons } from './buttons.ts';
import { payloadId } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

const SATISFACTION = ['', '很不满意', '不满意', '一般', '满意', '很满意'];

async function load(ctx: Parameters<Renderer>[0], id: number): Promise<FeedbackRow | null> {
  try {
    return await getFeedback(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/** 公众留言 (DI-5): a member of the public commented on a published item; the department answers. */
export const renderPublicFeedback: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'feedbackId');
  if (id === null) return { kind: 'fail', error: '消息内容缺少公众留言编号' };
  const f = await load(ctx, id);
  if (!f) return { kind: 'cancel', reason: `公众留言 ${id} 已不存在` };
  if (f.reply) return { kind: 'cancel', reason: '该留言已答复' };
  const fields: ReplyField[] = [
    { label: '项目编号', value: f.itemKey },
    { label: '年度', value: String(f.fiscalYear) },
    { label: '留言', value: f.comment ?? '' },
  ];
  if (f.satisfaction) fields.push({ label: '满意度', value: SATISFACTION[f.satisfaction] ?? '' });
  if (f.contact) fields.push({ label: '留言人联系方式', value: f.contact });
  const subject = `feedback:${f.id}`;
  return {
    kind: 'send',
    reply: {
      title: `【公众留言】${f.orgUnit.name}的公开项目收到留言`,
      markdown: `社会公众在绩效信息公开网站对本部门项目 ${f.itemKey} 留言，请核实并答复（答复可选择公开）。`,
      fields,
      buttons: [buttons.ack(subject)],
    },
    notice: { subject, event: 'received', resend: true },
  };
};
