import { formatWanYuan, NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getProposal, type ProposalView } from '@jixiao/db/budget-proposals';
import { buttons } from './buttons.ts';
import { payloadId } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

/** 预算安排建议下达 (JX-2): the department learns next year's control number, the cuts and why. */
export const renderBudgetProposal: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'proposalId');
  if (id === null) return { kind: 'fail', error: '消息内容缺少预算安排建议编号' };
  let p: ProposalView;
  try {
    p = await getProposal(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'cancel', reason: `预算安排建议 ${id} 已不存在` };
    throw err;
  }
  if (p.status !== 'issued') return { kind: 'cancel', reason: '预算安排建议尚未下达' };
  const subject = `budget_proposal:${p.id}`;
  const cut = (p.lines ?? []).filter((l) => l.cutFen > 0 || l.override);
  const priority = (p.lines ?? []).filter((l) => l.priority);
  const fields: ReplyField[] = [
    { label: '本年度项目预算', value: formatWanYuan(p.baseFen) },
    { label: `${p.fiscalYear}年建议控制数`, value: formatWanYuan(p.proposedFen) },
  ];
  const lines = cut
    .slice(0, 10)
    .map((l) => `- ${l.item.name}：${l.reasons.join('；')}，建议${formatWanYuan(l.proposedFen)}`);
  return {
    kind: 'send',
    reply: {
      title: `【预算安排建议】${p.department.name}${p.fiscalYear}年度`,
      markdown: [
        `财政部门根据${p.basisYear}年度绩效评价结果下达了${p.fiscalYear}年度预算安排建议。`,
        ...p.reasons,
        cut.length
          ? `扣减或调整的项目：\n${lines.join('\n')}${cut.length > 10 ? `\n…等${cut.length}项` : ''}`
          : null,
        priority.length ? `优先保障：${priority.map((l) => l.item.name).join('、')}` : null,
        '可在聊天中问“明年控制数”“为什么扣减”。请点“收到”签收。',
      ]
        .filter((s): s is string => !!s)
        .join('\n\n'),
      fields,
      buttons: [buttons.ack(subject)],
    },
    notice: { subject, event: 'issued', resend: false },
  };
};
