import { html, raw } from 'hono/html';
import type { Html } from '../pages/layout.ts';

// Contrast: every text colour on its background is at least 4.5:1 (WCAG AA).
const STYLE = raw(`
  :root { color-scheme: light; --ink: #1f2329; --muted: #4e5969; --line: #c9cdd4; --accent: #0e42a0; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.7 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f5f6f7; }
  .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
  header { background: var(--accent); color: #fff; padding: 12px 16px; }
  header a { color: #fff; text-decoration: none; font-weight: bold; }
  nav.crumbs { font-size: 14px; margin: 0 0 8px; }
  main { max-width: 880px; margin: 0 auto; padding: 16px; }
  h1 { font-size: 22px; margin: 0 0 12px; line-height: 1.4; }
  h2 { font-size: 19px; margin: 20px 0 8px; }
  h3 { font-size: 17px; margin: 14px 0 6px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 14px; }
  dl { display: grid; grid-template-columns: 6.5em 1fr; gap: 4px 12px; margin: 0; }
  dt { color: var(--muted); } dd { margin: 0; word-break: break-word; }
  .scroll { overflow-x: auto; }
  table { width: 100%; border-collapse: collapse; font-size: 15px; }
  caption { text-align: left; color: var(--muted); font-size: 14px; padding: 4px 0; }
  th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 4px; vertical-align: top; }
  th { color: var(--muted); font-weight: normal; white-space: nowrap; }
  a { color: var(--accent); }
  ul.list { padding-left: 1.2em; margin: 0; } ul.list li { margin: 4px 0; }
  .muted { color: var(--muted); font-size: 14px; }
  figure { margin: 0 0 12px; } figure svg { max-width: 100%; height: auto; display: block; }
  figcaption { color: var(--muted); font-size: 14px; }
  form.search { display: flex; gap: 8px; flex-wrap: wrap; }
  input[type=search], textarea, input[type=text] { font: inherit; padding: 6px 8px; border: 1px solid #86909c; border-radius: 6px; width: 100%; max-width: 32em; }
  form.search input[type=search] { flex: 1 1 12em; }
  button { font: inherit; padding: 6px 16px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
  button[disabled] { background: #4e5969; }
  fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; }
  label { display: block; margin: 6px 0 2px; }
  fieldset label { display: inline-block; margin-right: 12px; }
  .notice { background: #e8f3ff; border-radius: 6px; padding: 8px 12px; }
  footer { color: var(--muted); font-size: 13px; text-align: center; padding: 16px; }
`);

export interface Crumb {
  label: string;
  href: string | null;
}

/** A public page: no login, no tracking, readable on a phone, in Chinese; scripts only for the survey. */
export function publicPage(opts: {
  title: string;
  crumbs: readonly Crumb[];
  body: Html;
  homeHref: string;
  script?: string | null;
}): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${opts.title} - 预算绩效信息公开</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header><a href="${opts.homeHref}">预算绩效信息公开</a></header>
<main id="main">
<nav class="crumbs" aria-label="位置">${opts.crumbs.map(
    (c, i) =>
      html`${i > 0 ? ' › ' : ''}${c.href ? html`<a href="${c.href}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}`,
  )}</nav>
${opts.body}
</main>
<footer>本网站内容依据已审定的公开版本生成，个人信息和内部事项不予公开。</footer>
${opts.script ? html`<script src="${opts.script}" defer></script>` : ''}
</body>
</html>`;
}
