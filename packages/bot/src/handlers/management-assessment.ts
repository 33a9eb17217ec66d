import { hasPermission } from '@jixiao/core';
import { latestManagementAssessment } from '@jixiao/db/management-work';
import { type Answer, type BotContext, data } from '../context.ts';

const OUTCOME = { commended: '通报表扬', interviewed: '约谈并限期整改' } as const;

/**
 * 考核排名 / 本部门考核得分 (DI-6): the latest ranking of the region; for "本部门" the asker's own
 * department (or county bureau) with each point lost and why.
 */
export async function managementAssessmentAnswer(ctx: BotContext, own: boolean): Promise<Answer> {
  const a = await latestManagementAssessment(ctx.platform.db, ctx.official.actor);
  if (!a) return data({ title: '预算绩效管理工作考核', markdown: '本级尚未开展预算绩效管理工作考核。' });
  const orgId = ctx.dataActor.orgUnitId;
  const mine = a.scores.find(
    (s) => s.partyId === orgId || ctx.dataActor.scopePath.includes(`o${s.partyId}/`),
  );
  if (own) {
    if (!mine) {
      return data({
        title: '本部门考核得分',
        markdown: `${a.fiscalYear}年度考核中没有您所在部门的得分（考核对象为各部门和县（区）财政部门）。`,
      });
    }
    const lost = mine.indicators
      .filter((i) => i.score < i.points)
      .map((i) => `- ${i.name}：${i.score}/${i.points} 分，${i.evidence}`);
    return data({
      title: `${mine.name}${a.fiscalYear}年度考核得分`,
      markdown: [
        `**${mine.total} 分**，在 ${a.scores.length} 个单位中排名第 ${mine.rank}${mine.outcome ? `，${OUTCOME[mine.outcome]}` : ''}。`,
        lost.length > 0 ? `失分项：\n${lost.join('\n')}` : '各项均得满分。',
      ].join('\n\n'),
    });
  }
  const rows = a.scores
    .slice(0, 30)
    .map(
      (s) =>
        `${s.rank}. ${s.name} ${s.total} 分${s.outcome ? `（${OUTCOME[s.outcome]}）` : ''}${s === mine ? ' ← 本部门' : ''}`,
    );
  // The bureau gets the official export for the government's performance assessment, signed for it.
  const exportLink =
    ctx.viewLink && ctx.publicUrl && hasPermission(ctx.official.actor.roles, 'management_work.assess')
      ? `\n\n[下载政府绩效考核导出表（Excel）](${ctx.publicUrl}${ctx.viewLink(ctx.official.userId, `/view/files/management-export/${a.id}`)})`
      : '';
  return data({
    title: `${a.fiscalYear}年度预算绩效管理工作考核排名`,
    markdown: `${rows.join('\n')}${a.scores.length > 30 ? `\n……共 ${a.scores.length} 个单位` : ''}\n\n问“本部门考核得分”可看失分项及依据。${exportLink}`,
  });
}
