import { chinaDateTime } from '@jixiao/core';
import type { Actor, Platform } from '@jixiao/db';
import { entityHistory } from '@jixiao/db/audit';
import { getWarning } from '@jixiao/db/monitoring';
import { html } from 'hono/html';
import type { LinkSigner } from '../signed-links.ts';
import { fields, type Html, page } from './layout.ts';

const STATUS: Readonly<Record<string, string>> = {
  open: '待处理',
  acknowledged: '已签收',
  escalated: '已升级',
  resolved: '已办结',
  closed: '已自动关闭',
};

const ACTIONS: Readonly<Record<string, string>> = {
  'warning.new': '监控扫描发出预警',
  'warning.updated': '监控扫描更新预警内容',
  'warning.escalated': '监控扫描升级预警',
  'warning.closed': '预警条件消除，自动关闭',
  'warning.escalate': '财政部门升级',
  'warning.acknowledge': '签收并说明',
  'warning.resolve': '办结',
};

const when = (d: Date | null) => (d ? chinaDateTime(d) : null);

/** 预警 as the person who must act on it sees it. */
export async function warningPage(
  platform: Platform,
  actor: Actor,
  links: LinkSigner,
  id: number,
): Promise<Html> {
  const w = await getWarning(platform.db, actor, id);
  const history = await entityHistory(platform.db, 'warning', w.id);
  return page(
    `预警 #${w.id}`,
    actor.name,
    html`<h1><span class="badge ${w.severity}">${w.severityLabel}</span> 预警 #${w.id}</h1>
<section>${fields([
      ['预警内容', w.message],
      [
        '项目',
        html`<a href="${links.sign(actor.userId ?? 0, `/view/items/${w.item.id}`)}">${w.item.name}（${w.item.code}）</a>`,
      ],
      ['单位', w.orgUnit.name],
      ['年度', `${w.fiscalYear}年`],
      ['处理建议', w.suggestedActionLabel],
      ['状态', STATUS[w.status] ?? w.status],
      ['首次发现', when(w.firstSeenAt)],
      ['签收人', w.acknowledgedBy?.name],
      ['签收说明', w.acknowledgement],
      ['办结意见', w.resolution],
      ['关闭原因', w.closeReason],
    ])}</section>
<h2>经过</h2>
<section><table><thead><tr><th scope="col">时间</th><th scope="col">办理人</th><th scope="col">事项</th></tr></thead><tbody>${history.map(
      (h) =>
        html`<tr><td>${when(h.at)}</td><td>${h.actorName}</td><td>${ACTIONS[h.action] ?? h.action}</td></tr>`,
    )}</tbody></table></section>`,
  );
}
