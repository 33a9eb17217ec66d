import { PUBLICATION_DRAFT_LABELS, PUBLICATION_STATUS_LABELS } from '@jixiao/core';
import { publicationOverview } from '@jixiao/db/publications';
import { type Answer, type BotContext, data } from '../context.ts';

const SHOWN = 12;

/**
 * 公开了哪些: each year's publication with the draft it goes with, its version, review state and
 * date; for a department's officer, what of their department is in it.
 */
export async function publicationsAnswer(ctx: BotContext): Promise<Answer> {
  const overview = await publicationOverview(ctx.platform.db, ctx.dataActor);
  if (overview.length === 0) {
    return data({ title: '绩效信息公开', markdown: '本级尚未选编绩效信息公开内容。' });
  }
  const lines = overview.map(({ publication: p, mine }) => {
    const items = p.public.subjects.filter((s) => s.kind === 'item').length;
    const state =
      p.status === 'approved' ? `已审定，${p.publishOn} 公开` : PUBLICATION_STATUS_LABELS[p.status];
    const head = `**${p.fiscalYear}年${PUBLICATION_DRAFT_LABELS[p.draft]}**：第 ${p.version} 版，${state}；${p.public.departments.length} 个部门、${items} 个重大政策和项目${p.note ? `（更正说明：${p.note}）` : ''}`;
    if (mine === null) return `- ${head}`;
    if (mine.length === 0) return `- ${head}\n  本部门没有内容在其中`;
    const shown = mine.slice(0, SHOWN).join('、');
    return `- ${head}\n  本部门在其中：${shown}${mine.length > SHOWN ? ` 等 ${mine.length} 项` : ''}`;
  });
  return data({
    title: '绩效信息公开',
    markdown: `${lines.join('\n')}\n\n公开内容不含个人姓名和内部意见；已公开的可在公开网站 /public/ 查看。`,
  });
}
