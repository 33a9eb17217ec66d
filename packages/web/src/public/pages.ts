import { pieChart, yearCharts } from '@jixiao/charts';
import {
  departmentFigures,
  GRADES,
  PUBLICATION_DRAFT_LABELS,
  type PublicBlock,
  type PublicSnapshot,
  type PublicSubject,
  type PublicValue,
} from '@jixiao/core';
import type { PublishedSet } from '@jixiao/db/publications';
import { html, raw } from 'hono/html';
import type { Html } from '../pages/layout.ts';
import { type Crumb, publicPage } from './layout.ts';
import type { PublicLinks } from './links.ts';

const setTitle = (set: PublishedSet) =>
  `${set.regionName}${set.fiscalYear}年${PUBLICATION_DRAFT_LABELS[set.draft]}重点绩效信息`;

const shown = (v: PublicValue) => (v === null || v === '' ? '—' : String(v));

function blockHtml(b: PublicBlock, level: 'h2' | 'h3'): Html {
  const heading = level === 'h2' ? html`<h2>${b.title}</h2>` : html`<h3>${b.title}</h3>`;
  return html`<section>${heading}
${b.fields.length > 0 ? html`<dl>${b.fields.map((f) => html`<dt>${f.label}</dt><dd>${shown(f.value)}</dd>`)}</dl>` : ''}
${
  b.table && b.table.rows.length > 0
    ? html`<div class="scroll"><table><caption>${b.title}明细</caption><thead><tr>${b.table.columns.map(
        (c) => html`<th scope="col">${c}</th>`,
      )}</tr></thead><tbody>${b.table.rows.map(
        (r) => html`<tr>${r.map((v) => html`<td>${shown(v)}</td>`)}</tr>`,
      )}</tbody></table></div>`
    : ''
}
</section>`;
}

function crumbs(set: PublishedSet, links: PublicLinks, ...more: Crumb[]): Crumb[] {
  return [
    { label: '首页', href: links.home() },
    { label: setTitle(set), href: links.set(set.slug) },
    ...more,
  ];
}

function searchForm(set: PublishedSet, links: PublicLinks, q = ''): Html {
  const action = links.search(set.slug);
  const index = links.index(set.slug);
  if (!action)
    return index ? html`<p><a href="${index}">本年度全部部门和项目索引（可按名称查找）</a></p>` : html``;
  return html`<form class="search" role="search" method="get" action="${action}">
<label for="q" class="muted" style="flex-basis:100%">搜索本年度公开的部门和项目</label>
<input type="search" id="q" name="q" value="${q}" maxlength="50" placeholder="如：学校、道路、养老">
<button type="submit">搜索</button></form>`;
}

function subjectList(set: PublishedSet, links: PublicLinks, subjects: readonly PublicSubject[]): Html {
  return html`<ul class="list">${subjects.map(
    (s) =>
      html`<li><a href="${s.kind === 'item' ? links.item(set.slug, s.key) : links.department(set.slug, s.key)}">${s.name}</a></li>`,
  )}</ul>`;
}

/** The year's charts: execution, indicators met, rectification, and the grades of evaluated items. */
function allCharts(snap: PublicSnapshot): string[] {
  const charts = yearCharts(departmentFigures(snap));
  const counts = GRADES.values.map((g) => ({
    label: GRADES.labels[g],
    value: snap.subjects.reduce(
      (n, s) => n + s.blocks.reduce((m, b) => m + (b.metrics[`grade_${g}`] ?? 0), 0),
      0,
    ),
  }));
  if (counts.some((c) => c.value > 0))
    charts.push(
      pieChart(
        '绩效评价等级分布',
        counts.filter((c) => c.value > 0),
      ),
    );
  return charts;
}

function figure(svg: string): Html {
  return html`<figure>${raw(svg)}</figure>`;
}

/** The list of everything published. */
export function indexPage(sets: readonly PublishedSet[], links: PublicLinks): Html {
  return publicPage({
    title: '预算绩效信息公开',
    homeHref: links.home(),
    crumbs: [{ label: '首页', href: null }],
    body: html`<h1>预算绩效信息公开</h1>
<section><h2>已公开的年度</h2>${
      sets.length === 0
        ? html`<p>暂无已公开的绩效信息。</p>`
        : html`<ul class="list">${sets.map(
            (s) =>
              html`<li><a href="${links.set(s.slug)}">${setTitle(s)}</a> <span class="muted">（${s.current.publishOn} 公开${s.versions.length > 1 ? `，已更正 ${s.versions.length - 1} 次` : ''}）</span></li>`,
          )}</ul>`
    }</section>`,
  });
}

/** A published year: charts, departments, items, versions, open data. */
export function setPage(set: PublishedSet, links: PublicLinks): Html {
  const snap = set.current.snapshot;
  const items = snap.subjects.filter((s) => s.kind === 'item');
  const depts = snap.departments;
  return publicPage({
    title: setTitle(set),
    homeHref: links.home(),
    crumbs: crumbs(set, links)
      .slice(0, 1)
      .concat([{ label: setTitle(set), href: null }]),
    body: html`<h1>${setTitle(set)}</h1>
<p class="muted">第 ${set.current.version} 版，${set.current.publishOn} 公开。共 ${depts.length} 个部门、${items.length} 个重大政策和项目。</p>
${searchForm(set, links)}
<section><h2>图表</h2>${allCharts(snap).map(figure)}</section>
<section><h2>按部门查看</h2><ul class="list">${depts.map(
      (d) =>
        html`<li><a href="${links.department(set.slug, d.key)}">${d.name}</a> <span class="muted">（${items.filter((i) => i.departmentKey === d.key).length} 个项目）</span></li>`,
    )}</ul></section>
<section><h2>重大政策和项目</h2>${subjectList(set, links, items)}</section>
<section><h2>公开版本</h2><ul class="list">${set.versions.map(
      (v) =>
        html`<li>第 ${v.version} 版，${v.publishOn} 公开${v.note ? html`：更正说明 ${v.note}` : '（首次公开）'}</li>`,
    )}</ul></section>
${
  links.surveyHelp(set.slug)
    ? html`<section><h2>参与评价</h2><p>对公开的项目有意见或建议？<a href="${links.surveyHelp(set.slug) as string}">了解如何参与满意度评价</a></p></section>`
    : ''
}
<section><h2>开放数据</h2><p>与本网站内容相同的数据：<a href="${links.csv(set.slug)}">CSV 表格</a>　<a href="${links.json(set.slug)}">JSON</a></p></section>`,
  });
}

export function departmentPage(set: PublishedSet, key: string, links: PublicLinks): Html | null {
  const snap = set.current.snapshot;
  const dept = snap.departments.find((d) => d.key === key);
  if (!dept) return null;
  const own = snap.subjects.find((s) => s.kind === 'department' && s.key === key);
  const items = snap.subjects.filter((s) => s.kind === 'item' && s.departmentKey === key);
  const deptSnap = { ...snap, departments: [dept], subjects: items };
  const charts = allCharts(deptSnap);
  return publicPage({
    title: `${dept.name} - ${setTitle(set)}`,
    homeHref: links.home(),
    crumbs: crumbs(set, links, { label: dept.name, href: null }),
    body: html`<h1>${dept.name}</h1>
${own ? own.blocks.map((b) => blockHtml(b, 'h2')) : ''}
${charts.length > 0 ? html`<section><h2>图表</h2>${charts.map(figure)}</section>` : ''}
<section><h2>本部门重大政策和项目</h2>${items.length > 0 ? subjectList(set, links, items) : html`<p>本部门本年度无单独公开的项目。</p>`}</section>`,
  });
}

/** What the public said about an item, as far as it is published. */
export interface ItemParticipation {
  responses: number;
  /** Average of 1–5, null without answers. */
  average: number | null;
  replies: ReadonlyArray<{ comment: string; reply: string; repliedOn: string }>;
}

function surveyForm(action: string): Html {
  const options = [
    [5, '很满意'],
    [4, '满意'],
    [3, '一般'],
    [2, '不满意'],
    [1, '很不满意'],
  ] as const;
  return html`<form method="post" action="${action}" id="feedback-form" data-pow="1">
<fieldset><legend>您对这个项目的满意程度</legend>${options.map(
    ([v, l]) => html`<label><input type="radio" name="satisfaction" value="${v}"> ${l}</label>`,
  )}</fieldset>
<label for="comment">意见和建议（选填，500 字以内）</label>
<textarea id="comment" name="comment" rows="4" maxlength="500"></textarea>
<label for="contact">联系方式（选填；不填则不保存任何个人信息）</label>
<input type="text" id="contact" name="contact" maxlength="60" autocomplete="off">
<input type="hidden" name="challenge" value="">
<input type="hidden" name="nonce" value="">
<p><button type="submit" id="feedback-submit">提交</button> <span id="feedback-status" class="muted" role="status"></span></p>
<noscript><p class="muted">提交前需要浏览器完成一次防刷验证，请启用 JavaScript。</p></noscript>
</form>`;
}

export function itemPage(
  set: PublishedSet,
  key: string,
  links: PublicLinks,
  participation: ItemParticipation | null,
  flash: string | null = null,
): Html | null {
  const snap = set.current.snapshot;
  const item = snap.subjects.find((s) => s.kind === 'item' && s.key === key);
  if (!item) return null;
  const dept = snap.departments.find((d) => d.key === item.departmentKey);
  const action = links.feedback(set.slug, key);
  return publicPage({
    title: `${item.name} - ${setTitle(set)}`,
    homeHref: links.home(),
    crumbs: crumbs(
      set,
      links,
      ...(dept ? [{ label: dept.name, href: links.department(set.slug, dept.key) }] : []),
      { label: item.name, href: null },
    ),
    script: action ? '/public/pow.js' : null,
    body: html`<h1>${item.name}</h1>
<p class="muted">${dept ? `主管部门：${dept.name}。` : ''}编号 ${item.key}。</p>
${item.blocks.map((b) => blockHtml(b, 'h2'))}
${
  participation
    ? html`<section><h2>公众评价</h2><p>${
        participation.responses > 0 && participation.average !== null
          ? `已有 ${participation.responses} 人参与满意度评价，平均 ${participation.average.toFixed(1)} 分（满分 5 分）。`
          : '尚无满意度评价。'
      }</p>${
        participation.replies.length > 0
          ? html`<h3>部门答复</h3>${participation.replies.map(
              (r) =>
                html`<div class="notice"><p><strong>留言：</strong>${r.comment}</p><p><strong>答复（${r.repliedOn}）：</strong>${r.reply}</p></div>`,
            )}`
          : ''
      }</section>`
    : ''
}
${
  action
    ? html`<section><h2>参与评价</h2>${flash ? html`<p class="notice" role="status">${flash}</p>` : ''}${surveyForm(action)}</section>`
    : surveyElsewhere(set, key, links)
}`,
  });
}

/** On a static page: where to take the item's survey (the live server), and how. */
function surveyElsewhere(set: PublishedSet, key: string, links: PublicLinks): Html | string {
  const help = links.surveyHelp(set.slug);
  if (!help) return '';
  const live = links.liveSurvey(set.slug, key);
  return html`<section><h2>参与评价</h2><p>${
    live
      ? html`<a href="${live}">到绩效信息公开网站评价这个项目</a>（满意度调查和意见建议）。`
      : '满意度调查和意见建议请到本级财政部门的绩效信息公开网站提交。'
  } <a href="${help}">如何参与</a></p></section>`;
}

const SURVEY_STEPS = [
  '打开要评价的项目，进入在线评价页面（本页列出的链接）。',
  '选择满意程度（很满意、满意、一般、不满意、很不满意），可以填写意见和建议（500 字以内）。',
  '联系方式可以不填；不填则不保存任何个人信息。提交前浏览器会自动完成一次防刷验证，需启用 JavaScript。',
  '同一设备每小时可提交的次数有限。部门对意见的答复经审核后在项目页面公开，公开前会隐去姓名、电话等个人信息。',
];

/** Static export: how to take part in the survey, with each item's link to the live server. */
export function surveyHelpPage(set: PublishedSet, links: PublicLinks): Html {
  const items = set.current.snapshot.subjects.filter((x) => x.kind === 'item');
  const anyLive = items.some((i) => links.liveSurvey(set.slug, i.key));
  return publicPage({
    title: `参与评价 - ${setTitle(set)}`,
    homeHref: links.home(),
    crumbs: crumbs(set, links, { label: '参与评价', href: null }),
    body: html`<h1>参与评价</h1>
<section><h2>如何参与</h2><p>本页面是公开信息的静态副本，不能直接提交评价。${
      anyLive ? '请通过下面的链接到在线网站提交：' : '请到本级财政部门的绩效信息公开网站提交。'
    }</p><ol>${SURVEY_STEPS.map((t) => html`<li>${t}</li>`)}</ol></section>
<section><h2>可以评价的项目</h2><ul class="list">${items.map((i) => {
      const live = links.liveSurvey(set.slug, i.key);
      return html`<li><a href="${links.item(set.slug, i.key)}">${i.name}</a>${
        live ? html` — <a href="${live}">在线评价</a>` : ''
      }</li>`;
    })}</ul></section>`,
  });
}

/**
 * Static export: the year's search as a page — every department with its items, by name — that works
 * without JavaScript (the browser's find) and filters as one types when scripts run.
 */
export function searchIndexPage(set: PublishedSet, links: PublicLinks, script: string): Html {
  const snap = set.current.snapshot;
  const items = snap.subjects.filter((x) => x.kind === 'item');
  return publicPage({
    title: `全部部门和项目 - ${setTitle(set)}`,
    homeHref: links.home(),
    crumbs: crumbs(set, links, { label: '全部部门和项目', href: null }),
    script,
    body: html`<h1>全部部门和项目</h1>
<p class="muted">共 ${snap.departments.length} 个部门、${items.length} 个项目，按部门排列。可用浏览器的“查找”功能搜索。</p>
<form class="search" role="search" id="index-filter" hidden><label for="q" class="muted" style="flex-basis:100%">按名称筛选</label>
<input type="search" id="q" maxlength="50" placeholder="如：学校、道路、养老"></form>
${snap.departments.map((d) => {
  const own = items.filter((i) => i.departmentKey === d.key);
  return html`<section class="index-group" data-name="${d.name}"><h2><a href="${links.department(set.slug, d.key)}">${d.name}</a></h2>${
    own.length > 0
      ? html`<ul class="list">${own.map(
          (i) =>
            html`<li data-name="${`${d.name} ${i.name} ${i.key}`}"><a href="${links.item(set.slug, i.key)}">${i.name}</a> <span class="muted">${i.key}</span></li>`,
        )}</ul>`
      : html`<p class="muted">本部门本年度无单独公开的项目。</p>`
  }</section>`;
})}`,
  });
}

/** The index page's filter: shows the form, hides what does not match (progressive enhancement). */
export const INDEX_FILTER_SCRIPT = `(function () {
  var form = document.getElementById('index-filter');
  var input = document.getElementById('q');
  if (!form || !input) return;
  form.hidden = false;
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  input.addEventListener('input', function () {
    var q = input.value.trim().toLowerCase();
    document.querySelectorAll('section.index-group').forEach(function (g) {
      var any = false;
      g.querySelectorAll('li[data-name]').forEach(function (li) {
        var hit = !q || li.getAttribute('data-name').toLowerCase().indexOf(q) >= 0;
        li.hidden = !hit;
        any = any || hit;
      });
      var own = (g.getAttribute('data-name') || '').toLowerCase().indexOf(q) >= 0;
      g.hidden = !(any || own || !q);
    });
  });
})();
`;

const textOf = (s: PublicSubject) =>
  [
    s.name,
    s.key,
    ...s.blocks.flatMap((b) => [
      b.title,
      ...b.fields.map((f) => String(f.value ?? '')),
      ...(b.table?.rows.flat().map((v) => String(v ?? '')) ?? []),
    ]),
  ].join(' ');

/** Departments and items whose published text contains every word of the query. */
function searchPublished(set: PublishedSet, q: string): PublicSubject[] {
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return [];
  return set.current.snapshot.subjects.filter((s) => {
    const t = textOf(s).toLowerCase();
    return words.every((w) => t.includes(w));
  });
}

export function searchPage(set: PublishedSet, q: string, links: PublicLinks): Html {
  const found = searchPublished(set, q);
  return publicPage({
    title: `搜索：${q} - ${setTitle(set)}`,
    homeHref: links.home(),
    crumbs: crumbs(set, links, { label: '搜索', href: null }),
    body: html`<h1>搜索结果</h1>${searchForm(set, links, q)}
<section><h2>${q.trim() ? `“${q.trim()}”共找到 ${found.length} 条` : '请输入要搜索的词'}</h2>${
      found.length > 0 ? subjectList(set, links, found) : html`<p>没有找到相关的公开内容。</p>`
    }</section>`,
  });
}

export function notFoundPage(links: PublicLinks): Html {
  return publicPage({
    title: '页面不存在',
    homeHref: links.home(),
    crumbs: [
      { label: '首页', href: links.home() },
      { label: '页面不存在', href: null },
    ],
    body: html`<h1>页面不存在</h1><p>您要找的内容不存在或尚未公开。</p>`,
  });
}
