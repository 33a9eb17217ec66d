import { aggregateScores, chinaDateTime, describeMethodResult } from '@jixiao/core';
import type { Actor, Platform } from '@jixiao/db';
import {
  evaluationReportData,
  getKeyEvaluation,
  type KeyEvaluationRow,
  listEvaluationMethods,
  visibleScores,
} from '@jixiao/db/evaluations';
import { html } from 'hono/html';
import type { LinkSigner } from '../signed-links.ts';
import { fields, type Html, page } from './layout.ts';

const num = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : String(Math.round(x * 100) / 100);

/** Line scores the viewer may see: the rule's score once reported; before that, their own (blind scoring). */
async function lineScores(
  platform: Platform,
  actor: Actor,
  e: KeyEvaluationRow,
): Promise<{ head: string; scores: Map<string, number | null>; total: number | null; note: string | null }> {
  if (e.status === 'reported' || e.status === 'accepted') {
    const d = await evaluationReportData(platform.db, platform, actor, e.id);
    return {
      head: `得分（${d.aggregationLabel}）`,
      scores: new Map(d.result.lines.map((l) => [l.key, l.score])),
      total: d.result.total,
      note: null,
    };
  }
  const v = await visibleScores(platform.db, actor, e.id);
  if (v.all !== null && v.mine.length === 0) {
    // The bureau (or the carrier once the panel is done) sees the scores so far, aggregated by the rule.
    const scores = new Map(
      e.lines.map((l) => [
        l.key,
        aggregateScores(
          (v.all ?? []).filter((s) => s.lineKey === l.key).map((s) => s.score),
          e.aggregation,
        ),
      ]),
    );
    const known = [...scores.values()].filter((x): x is number => x !== null);
    return {
      head: `专家评分汇总（${e.panel.filter((p) => p.submitted).length}/${e.panel.length}位已提交）`,
      scores,
      total: known.length ? Math.round(known.reduce((a, b) => a + b, 0) * 100) / 100 : null,
      note: null,
    };
  }
  const mine = new Map<string, number | null>(v.mine.map((s) => [s.lineKey, s.score]));
  const total = v.mine.length ? v.mine.reduce((s, x) => s + x.score, 0) : null;
  return {
    head: '本人评分',
    scores: mine,
    total,
    note: v.blindReason ? `背靠背评分：${v.blindReason}。` : null,
  };
}

/**
 * 重点评价 as the bureau, the evaluated department, its carrier or a panel expert sees it: the
 * indicator lines with their scores, findings, recommendations, the methods used, and the report
 * (a signed download) once written.
 */
export async function evaluationPage(
  platform: Platform,
  actor: Actor,
  links: LinkSigner,
  id: number,
): Promise<Html> {
  const e = await getKeyEvaluation(platform.db, actor, id);
  const scored = await lineScores(platform, actor, e);
  const methods = await listEvaluationMethods(platform.db, actor, id);
  const reported = e.status === 'reported' || e.status === 'accepted';
  return page(
    e.title,
    actor.name,
    html`<h1>${e.title}</h1>
<section>${fields([
      ['评价类型', e.kindLabel],
      ['评价对象', e.item ? `${e.item.name}（${e.item.code}）` : e.orgUnit.name],
      ['单位', e.orgUnit.name],
      ['评价年度', `${e.fiscalYear}年度`],
      ['评价方式', e.institution ? `${e.carrierLabel}：${e.institution.name}` : e.carrierLabel],
      ['状态', e.statusLabel],
      ['完成期限', e.dueOn],
      [
        '评价组',
        e.panel.map((p) => `${p.name}（${p.title}，${p.submitted ? '已提交' : '未提交'}）`).join('、'),
      ],
      ['得分', e.score === null ? null : `${num(e.score)}分`],
      ['等级', e.grade?.label],
    ])}</section>
<h2>评价指标与得分</h2>
<section><p class="muted">${e.templateName}${scored.note ? ` · ${scored.note}` : ''}</p>
<table><thead><tr><th scope="col">编号</th><th scope="col">指标</th><th scope="col">分值</th><th scope="col">${scored.head}</th></tr></thead><tbody>${e.lines.map(
      (l) =>
        html`<tr><td>${l.key}</td><td>${l.dimension}·${l.name}</td><td>${num(l.weight)}</td><td>${
          scored.scores.has(l.key) ? num(scored.scores.get(l.key)) : '—'
        }</td></tr>`,
    )}<tr><td></td><td>合计</td><td>${num(e.lines.reduce((s, l) => s + l.weight, 0))}</td><td>${num(scored.total)}</td></tr></tbody></table></section>
<h2>主要问题</h2>
<section>${e.findings ? html`<p>${e.findings}</p>` : html`<p class="muted">尚未提交评价报告。</p>`}</section>
<h2>意见建议</h2>
<section>${e.recommendations ? html`<p>${e.recommendations}</p>` : html`<p class="muted">尚未提交评价报告。</p>`}</section>
<h2>评价方法</h2>
<section>${
      methods.length
        ? html`<ul>${methods.map(
            (m) =>
              html`<li>${m.methodLabel}：${describeMethodResult(m.method, m.result)}${m.note ? `（${m.note}）` : ''}</li>`,
          )}</ul>`
        : html`<p class="muted">暂未记录评价方法。</p>`
    }</section>
<h2>评价报告</h2>
<section>${
      reported
        ? html`<p><a href="${links.sign(actor.userId ?? 0, `/view/evaluations/${e.id}/report`)}">下载绩效评价报告（Word）</a></p>${
            e.reportedAt ? html`<p class="muted">报告提交于 ${chinaDateTime(e.reportedAt)}</p>` : ''
          }`
        : html`<p class="muted">评价组提交评价报告后可下载。</p>`
    }</section>`,
  );
}
