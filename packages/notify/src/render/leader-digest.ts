import { loadActor, today } from '@jixiao/db';
import { latestManagementAssessment } from '@jixiao/db/management-work';
import { publicationOverview, publishedSlug } from '@jixiao/db/publications';
import { payloadString } from './payload.ts';
import type { Rendered, Renderer } from './types.ts';

/**
 * 领导月报: what the region has published (each set's latest version and state), the latest ranking
 * of performance-management work (top and bottom), and the chart of execution by department as a
 * picture (the public site's PNG, the same chart as its SVG) with a link to the public site.
 */
export const renderLeaderDigest: Renderer = async (ctx, row): Promise<Rendered> => {
  const month = payloadString(row.payload, 'month');
  if (!month || row.recipientUserId === null) return { kind: 'fail', error: '消息内容缺少月份或收件人' };
  const actor = await loadActor(ctx.platform.db, row.recipientUserId);
  if (!actor) return { kind: 'cancel', reason: '收件人已停用' };
  const overview = await publicationOverview(ctx.platform.db, actor, 4);
  const ranking = await latestManagementAssessment(ctx.platform.db, actor);
  const lines: string[] = [];
  if (overview.length === 0) lines.push('本级尚未选编绩效信息公开内容。');
  for (const { publication: p } of overview) {
    const items = p.public.subjects.filter((s) => s.kind === 'item').length;
    lines.push(
      `- ${p.fiscalYear}年${p.draft === 'budget' ? '预算草案' : '决算草案'}公开：第 ${p.version} 版，${p.status === 'approved' ? `${p.publishOn} 公开` : '审核中'}，${items} 个重大政策和项目`,
    );
  }
  if (ranking) {
    const top = ranking.scores.filter((s) => s.outcome === 'commended').map((s) => `${s.name}（${s.total}）`);
    const bottom = ranking.scores
      .filter((s) => s.outcome === 'interviewed')
      .map((s) => `${s.name}（${s.total}）`);
    lines.push(`\n${ranking.fiscalYear}年度预算绩效管理工作考核：`);
    if (top.length > 0) lines.push(`- 通报表扬：${top.join('、')}`);
    if (bottom.length > 0) lines.push(`- 约谈并限期整改：${bottom.join('、')}`);
  }
  // Linked only once it is public (approved and its date come): before that the page is not there.
  const published = overview.find(
    ({ publication: p }) =>
      p.status === 'approved' && p.publishOn !== null && p.publishOn <= today(ctx.platform),
  )?.publication;
  const base = ctx.options.publicUrl;
  if (published && base) {
    const slug = publishedSlug(published.region.code, published.fiscalYear, published.draft);
    lines.push(
      `\n![各部门重点项目预算执行率](${base}/public/${slug}/charts/1.png)`,
      `\n[查看公开网站](${base}/public/${slug}/)`,
    );
  }
  return {
    kind: 'send',
    reply: { title: `【领导月报】${month} 绩效信息公开和工作考核`, markdown: lines.join('\n') },
  };
};
