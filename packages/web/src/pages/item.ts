import { describeTarget, formatWanYuan, ITEM_STATES, QUALITATIVE_STATUSES } from '@jixiao/core';
import type { Actor, Platform } from '@jixiao/db';
import { getItem } from '@jixiao/db/items';
import { listWarnings } from '@jixiao/db/monitoring';
import { type IndicatorRow, loadTargets } from '@jixiao/db/targets';
import { html } from 'hono/html';
import type { LinkSigner } from '../signed-links.ts';
import { fields, type Html, page } from './layout.ts';

const pct = (bp: number) => `${(bp / 100).toFixed(1)}%`;

function reported(i: IndicatorRow): string {
  const r = i.latestReport;
  if (!r) return '未填报';
  const value =
    r.actualValue !== null
      ? `${r.actualValue}${i.unit}`
      : r.qualitativeStatus
        ? QUALITATIVE_STATUSES.labels[r.qualitativeStatus]
        : '';
  return `${value}（${r.reportedOn}）`;
}

/** 项目 as an official in its scope sees it: money, targets with their latest reports, live warnings. */
export async function itemPage(
  platform: Platform,
  actor: Actor,
  links: LinkSigner,
  id: number,
): Promise<Html> {
  const item = await getItem(platform.db, actor, id);
  const targets = await loadTargets(platform.db, item.id, item.currentFiscalYear);
  const warnings = await listWarnings(platform.db, actor, { itemId: item.id, limit: 50 });
  const indicators = targets.flatMap((t) => t.indicators);
  const fundType = platform.registry.get(item.fundTypeId)?.name ?? item.fundTypeId;
  return page(
    item.name,
    actor.name,
    html`<h1>${item.name}</h1>
<section>${fields([
      ['项目编码', item.code],
      ['单位', item.orgUnit.name],
      ['资金类型', fundType],
      ['状态', ITEM_STATES.labels[item.state]],
      ['实施期', `${item.fiscalYearStart}–${item.fiscalYearEnd}年`],
      ['项目责任人', item.responsiblePerson],
      ['批复金额', formatWanYuan(item.approvedAmountFen)],
      [
        `${item.currentFiscalYear}年已支付`,
        `${formatWanYuan(item.paidFen)}（执行率 ${pct(item.executionRateBp)}）`,
      ],
    ])}</section>
<h2>${item.currentFiscalYear}年绩效指标</h2>
<section>${
      indicators.length
        ? html`<table><thead><tr><th scope="col">指标</th><th scope="col">目标值</th><th scope="col">最近填报</th></tr></thead><tbody>${indicators.map(
            (i) => html`<tr><td>${i.name}</td><td>${describeTarget(i)}</td><td>${reported(i)}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted">本年度尚未设置绩效指标。</p>`
    }</section>
<h2>未办结的预警</h2>
<section>${
      warnings.length
        ? html`<ul>${warnings.map(
            (w) =>
              html`<li><a href="${links.sign(actor.userId ?? 0, `/view/warnings/${w.id}`)}"><span class="badge ${w.severity}">${w.severityLabel}</span> ${w.message}</a></li>`,
          )}</ul>`
        : html`<p class="muted">暂无预警。</p>`
    }</section>`,
  );
}
