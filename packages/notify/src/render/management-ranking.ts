import { NotFoundError, type ReplyField } from '@jixiao/core';
import { getManagementAssessmentById } from '@jixiao/db/management-work';
import { buttons } from './buttons.ts';
import { payloadId } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

const OUTCOME = { commended: '通报表扬', interviewed: '约谈并限期整改' } as const;

/** 预算绩效管理工作考核通报 (DI-6): the ranking to every department, with its own score and why. */
export const renderManagementRanking: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'assessmentId');
  const partyId = payloadId(row.payload, 'partyId');
  if (id === null) return { kind: 'fail', error: '消息内容缺少考核编号' };
  let a: Awaited<ReturnType<typeof getManagementAssessmentById>>;
  try {
    a = await getManagementAssessmentById(ctx.platform.db, id);
  } catch (err) {
    if (err instanceof NotFoundError) return { kind: 'cancel', reason: `考核 ${id} 已不存在` };
    throw err;
  }
  const own = a.scores.find((s) => s.partyId === partyId);
  const commended = a.scores.filter((s) => s.outcome === 'commended').map((s) => s.name);
  const interviewed = a.scores.filter((s) => s.outcome === 'interviewed').map((s) => s.name);
  const lines = [
    `${a.fiscalYear}年度预算绩效管理工作考核结果已出，共 ${a.scores.length} 个单位参加排名。`,
    commended.length > 0 ? `通报表扬：${commended.join('、')}。` : null,
    interviewed.length > 0 ? `约谈并限期整改：${interviewed.join('、')}。` : null,
  ];
  const fields: ReplyField[] = [];
  if (own) {
    fields.push({ label: '本单位得分', value: `${own.total} 分，排名第 ${own.rank}` });
    if (own.outcome) fields.push({ label: '考核结果', value: OUTCOME[own.outcome] });
    for (const i of own.indicators.filter((x) => x.score < x.points)) {
      fields.push({ label: i.name, value: `${i.score}/${i.points} 分：${i.evidence}` });
    }
  }
  const subject = `ranking:${a.id}`;
  return {
    kind: 'send',
    reply: {
      title: `【通报】${a.fiscalYear}年度预算绩效管理工作考核`,
      markdown: lines.filter((l): l is string => l !== null).join('\n\n'),
      fields,
      buttons: [buttons.ack(subject)],
    },
    notice: { subject, event: 'published', resend: true },
  };
};
