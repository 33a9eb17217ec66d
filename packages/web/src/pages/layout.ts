import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// One small stylesheet inline: the pages open inside DingTalk's browser on a phone, no scripts.
const STYLE = raw(`
  :root { color-scheme: light; --ink: #1f2329; --muted: #4e5969; --line: #dee0e3; --accent: #1456b8; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f5f6f7; }
  header { background: var(--accent); color: #fff; padding: 12px 16px; }
  header p { margin: 0; font-size: 14px; }
  main { max-width: 760px; margin: 0 auto; padding: 16px; }
  h1 { font-size: 22px; margin: 0 0 12px; }
  h2 { font-size: 18px; margin: 24px 0 8px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
  dl { display: grid; grid-template-columns: 5.5em 1fr; gap: 6px 12px; margin: 0; }
  dt { color: var(--muted); }
  dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
  table { width: 100%; border-collapse: collapse; font-size: 15px; }
  th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 4px; vertical-align: top; }
  th { color: var(--muted); font-weight: normal; }
  a { color: var(--accent); }
  .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 14px; background: #e8f3ff; color: #0e42a0; }
  .red { background: #ffece8; color: #a1151e; } .orange { background: #fff3e8; color: #8a3a00; } .yellow { background: #fff7cc; color: #6a4b00; }
  .muted { color: var(--muted); font-size: 14px; }
  footer { color: var(--muted); font-size: 13px; text-align: center; padding: 16px; }
`);

export function page(title: string, viewer: string | null, body: Html): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title} - 绩效通</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>绩效通 · 预算绩效管理${viewer ? html`<span class="muted" style="color:#dfe9ff"> · ${viewer}</span>` : ''}</p></header>
<main>${body}</main>
<footer>本页面仅供链接所属人员查看，请勿转发。</footer>
</body>
</html>`;
}

export function fields(rows: ReadonlyArray<readonly [string, unknown]>): Html {
  return html`<dl>${rows
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

export function messagePage(title: string, message: string): Html {
  return page(title, null, html`<section><h1>${title}</h1><p>${message}</p></section>`);
}
