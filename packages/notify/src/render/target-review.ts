import {
  chinaDateTime,
  NotFoundError,
  REVIEW_CRITERIA,
  type ReplyField,
  type ReviewCriterion,
} from '@jixiao/core';
import { SYSTEM_ACTOR } from '@jixiao/db';
import { getVersion, type TargetVersionRow } from '@jixiao/db/target-reviews';
import { payloadId, payloadString } from './payload.ts';
import type { RenderContext, Rendered, Renderer } from './types.ts';

async function loadVersion(ctx: RenderContext, id: number): Promise<TargetVersionRow | null> {
  try {
    return await getVersion(ctx.platform.db, SYSTEM_ACTOR, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

function subjectName(v: TargetVersionRow): string {
  const year = v.fiscalYear === null ? '全周期' : `${v.fiscalYear}年度`;
  return v.item ? `${v.item.name}${year}绩效目标` : `${v.orgUnit.name}${year}部门整体绩效目标`;
}

/** What the reviewer said: the reasons, each criterion not met, each indicator's comment. */
function reviewLines(v: TargetVersionRow): string[] {
  const lines: string[] = [];
  if (v.opinion) lines.push(`审核意见：${v.opinion}`);
  const unmet = Object.entries(v.criteria ?? {}).filter(([, m]) => !m.met);
  for (const [key, m] of unmet) {
    const label = REVIEW_CRITERIA.labels[key as ReviewCriterion] ?? key;
    lines.push(`- 审核要点“${label}”不符合${m.note ? `：${m.note}` : ''}`);
  }
  for (const c of v.comments) lines.push(`- 指标“${c.indicator}”：${c.comment}`);
  return lines;
}

/** 绩效目标退回: the submitter learns the target was returned, with the reviewer's reasons and comments. */
export const renderTargetReview: Renderer = async (ctx, row): Promise<Rendered> => {
  const id = payloadId(row.payload, 'versionId');
  if (id === null || payloadString(row.payload, 'event') !== 'returned') {
    return { kind: 'fail', error: '消息内容缺少绩效目标审核记录编号或事件' };
  }
  const v = await loadVersion(ctx, id);
  if (!v) return { kind: 'cancel', reason: `绩效目标审核记录 ${id} 已不存在` };
  if (v.status !== 'returned') return { kind: 'cancel', reason: '审核结果已变化，该消息已过时' };
  const what = subjectName(v);
  const adjustment = v.kind === 'adjustment' ? '调整' : '';
  const lead = `财政部门审核后退回了您报送的${what}${adjustment}（第 ${v.version} 版），请按下列意见修改后重新报送。`;
  const fields: ReplyField[] = [];
  if (v.item) fields.push({ label: '项目', value: `${v.item.name}（${v.item.code}）` });
  fields.push({ label: '单位', value: v.orgUnit.name });
  if (v.reviewedBy) fields.push({ label: '审核人', value: v.reviewedBy.name });
  if (v.reviewedAt) fields.push({ label: '审核时间', value: chinaDateTime(v.reviewedAt) });
  return {
    kind: 'send',
    reply: {
      title: `【绩效目标退回】${what}`,
      markdown: [lead, ...reviewLines(v)].join('\n\n'),
      fields,
    },
  };
};
