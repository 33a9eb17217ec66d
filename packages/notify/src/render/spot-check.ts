import { chinaDateTime, NotFoundError, type ReplyField } from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getSpotCheckEntry, type SpotCheckEntryRow } from '@jixiao/db/spot-checks';
import { buttons } from './buttons.ts';
import { payloadId } from './payload.ts';
import type { RenderContext, Rendered, Renderer } from './types.ts';

async function load(ctx: RenderContext, id: number): Promise<SpotCheckEntryRow | null> {
  try {
    return await getSpotCheckEntry(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/** 抽查结果: the department learns the re-score of its self-evaluation, and signs for it (收到). */
export const renderSpotCheckResult: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'entryId');
  if (id === null) return { kind: 'fail', error: '消息内容缺少抽查记录编号' };
  const e = await load(ctx, id);
  if (!e) return { kind: 'cancel', reason: `抽查记录 ${id} 已不存在` };
  if (!e.reviewedAt || e.reviewScore === null) return { kind: 'cancel', reason: '该抽查尚未复核' };
  const fields: ReplyField[] = [
    { label: '项目', value: `${e.item.name}（${e.item.code}）` },
    {
      label: '自评得分',
      value: e.selfScore === null ? '—' : `${e.selfScore}分（${e.selfGrade?.label ?? '—'}）`,
    },
    { label: '复核得分', value: `${e.reviewScore}分（${e.reviewGrade?.label ?? '—'}）` },
    { label: '复核人', value: e.reviewedBy?.name ?? '—' },
    { label: '复核时间', value: chinaDateTime(e.reviewedAt) },
  ];
  const lead = e.distorted
    ? `财政部门抽查认定该项目绩效自评**失真**：${e.reasons.join('；')}。已下达整改任务，请按要求整改。`
    : '财政部门抽查复核了该项目的绩效自评，结果与自评相符。';
  return {
    kind: 'send',
    reply: {
      title: e.distorted ? `【自评抽查·失真】${e.item.name}` : `【自评抽查结果】${e.item.name}`,
      markdown: [lead, e.reviewNote ? `复核意见：${e.reviewNote}` : null, '请回复“收到”签收。']
        .filter((s): s is string => s !== null)
        .join('\n\n'),
      fields,
      buttons: [buttons.ack(`spot_check:${e.id}`)],
    },
    notice: { subject: `spot_check:${e.id}`, event: 'result', resend: true },
  };
};
