/**
 * The chat page served at `GET /sim`: markup and styles here, behaviour in the browser modules under `./page/`
 * (plain ES modules the sim serves as they are at `/sim/page/<file>.js`; no CDN, no external assets).
 * Stable element ids for browser tests: #user-select, #message-input, #send-button, #messages (each bot reply is a
 * `.bot-message`), #pushes (plus #todos, #conversation-select, #stream-status).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Where the page's modules are served from; `./page/app.js` is the entry. */
export const PAGE_SCRIPTS_PATH = '/sim/page';
const PAGE_DIR = new URL('./page/', import.meta.url);

/** The page's browser modules by file name (`app.js`, …), read from disk. */
export function readPageScripts(): Map<string, string> {
  return new Map(
    readdirSync(PAGE_DIR)
      .filter((name) => name.endsWith('.js'))
      .map((name) => [name, readFileSync(new URL(name, PAGE_DIR), 'utf8')]),
  );
}

const PAGE_CSS = `
:root {
  --blue: #1677ff; --blue-dark: #0e5fd8; --bg: #f2f4f7; --panel: #fff; --line: #e5e8ee; --text: #1f2329;
  --muted: #8a919f; --bubble-me: #d5e7ff; --danger: #d4380d; --ok: #389e0d;
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 14px/1.6 -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: var(--text); background: var(--bg); display: flex; flex-direction: column; }
.topbar { display: flex; align-items: center; justify-content: space-between; gap: 16px; flex-wrap: wrap;
  padding: 10px 20px; background: var(--blue); color: #fff; }
.brand { display: flex; align-items: center; gap: 10px; }
.brand h1 { font-size: 18px; margin: 0; font-weight: 600; }
.logo { width: 32px; height: 32px; border-radius: 8px; background: #fff; color: var(--blue); display: grid;
  place-items: center; font-weight: 700; }
.controls { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.controls label { display: flex; align-items: center; gap: 6px; font-size: 13px; }
.controls select, .controls input { font: inherit; padding: 4px 8px; border-radius: 6px; border: 1px solid rgba(255,255,255,.6);
  min-width: 120px; color: var(--text); }
.controls button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 0; background: #fff; color: var(--blue); cursor: pointer; }
.status { font-size: 12px; padding: 2px 10px; border-radius: 999px; background: rgba(255,255,255,.18); }
.status.ok::before, .status.bad::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
  margin-right: 6px; vertical-align: middle; }
.status.ok::before { background: #73d13d; } .status.bad::before { background: #ff7875; }
.layout { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 16px; padding: 16px 20px; min-height: 0; }
.chat, .side > section { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; }
.chat { display: flex; flex-direction: column; min-height: 0; }
.chat-header { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 10px 16px;
  border-bottom: 1px solid var(--line); }
.user-card { display: flex; align-items: center; gap: 10px; }
.user-card .avatar { width: 36px; height: 36px; }
.user-card .who { font-weight: 600; }
.user-card .what { color: var(--muted); font-size: 12px; }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 4px; background: #e6f0ff; color: var(--blue); margin-left: 6px; }
#conversation-title { color: var(--muted); font-size: 13px; }
.messages { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 14px; min-height: 240px; }
.message { display: flex; gap: 10px; align-items: flex-start; max-width: 86%; }
.message.mine { align-self: flex-end; flex-direction: row-reverse; }
.avatar { flex: none; width: 34px; height: 34px; border-radius: 50%; display: grid; place-items: center; color: #fff;
  background: #7f8fa6; font-size: 13px; font-weight: 600; }
.bot-message .avatar { background: var(--blue); }
.message .body { min-width: 0; }
.meta { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
.mine .meta { text-align: right; }
.bubble { background: #f5f6f8; border-radius: 10px; padding: 8px 12px; overflow-wrap: anywhere; }
.mine .bubble { background: var(--bubble-me); white-space: pre-wrap; }
.bubble p { margin: 0 0 6px; } .bubble p:last-child { margin-bottom: 0; }
.md h1, .md h2, .md h3, .md h4, .md h5, .md h6 { margin: 4px 0 6px; line-height: 1.4; }
.md h1 { font-size: 18px; } .md h2 { font-size: 17px; } .md h3 { font-size: 16px; } .md h4, .md h5, .md h6 { font-size: 14px; }
.md ul, .md ol { margin: 4px 0 6px; padding-left: 22px; }
.md blockquote { margin: 4px 0; padding: 2px 10px; border-left: 3px solid #c9d3e3; color: #555; }
.md code { background: #eef1f5; padding: 0 4px; border-radius: 4px; font-size: 13px; }
.md a { color: var(--blue); }
.md hr { border: 0; border-top: 1px solid var(--line); margin: 8px 0; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; border-top: 1px solid var(--line); padding-top: 8px; }
.buttons button { font: inherit; font-size: 13px; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--blue);
  background: #fff; color: var(--blue); cursor: pointer; }
.buttons button:hover { background: #e6f0ff; }
.buttons button:disabled { opacity: .5; cursor: default; }
.card { border: 1px solid var(--line); border-radius: 10px; background: #fff; padding: 10px 12px; min-width: 260px; }
.card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 6px; }
.card-title { font-weight: 600; font-size: 15px; }
.badge { font-size: 12px; padding: 0 8px; border-radius: 999px; background: #fff7e6; color: #d46b08; white-space: nowrap; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; font-size: 13px; }
.fields dt { color: var(--muted); } .fields dd { margin: 0; }
.card-note { margin-top: 6px; font-size: 12px; color: var(--ok); }
.card-note.error { color: var(--danger); }
.card pre { white-space: pre-wrap; font-size: 12px; background: #f5f6f8; padding: 6px; border-radius: 6px; }
.system-message { align-self: center; font-size: 12px; color: var(--danger); background: #fff2e8; padding: 2px 10px; border-radius: 999px; }
.typing { align-self: flex-start; color: var(--muted); font-size: 12px; }
.empty { color: var(--muted); text-align: center; margin: 24px 0; font-size: 13px; }
.composer { display: flex; gap: 10px; padding: 12px 16px; border-top: 1px solid var(--line); }
.composer textarea { flex: 1; resize: none; font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; }
.composer textarea:focus { outline: 2px solid #bcd6ff; border-color: var(--blue); }
.composer button { font: inherit; padding: 0 22px; border: 0; border-radius: 8px; background: var(--blue); color: #fff; cursor: pointer; }
.composer button:hover { background: var(--blue-dark); }
.composer .attach { display: flex; align-items: center; padding: 0 6px; cursor: pointer; font-size: 20px; }
.side { display: flex; flex-direction: column; gap: 16px; min-height: 0; }
.side > section { display: flex; flex-direction: column; min-height: 0; flex: 1; }
.side h2 { font-size: 14px; margin: 0; padding: 10px 14px; border-bottom: 1px solid var(--line); display: flex; align-items: center; gap: 6px; }
.count { font-size: 12px; font-weight: normal; background: #eef1f5; border-radius: 999px; padding: 0 8px; color: var(--muted); }
.pushes, .todos { overflow-y: auto; padding: 10px 14px; display: flex; flex-direction: column; gap: 10px; }
.push, .todo { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; background: #fafbfc; }
.push-meta { font-size: 12px; color: var(--muted); display: flex; justify-content: space-between; gap: 8px; }
.push-title, .todo-title { font-weight: 600; }
.todo.done .todo-title { text-decoration: line-through; color: var(--muted); }
.todo-meta { font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 10px; }
.todo-meta a { color: var(--blue); }
.toast { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); background: rgba(0,0,0,.78); color: #fff;
  padding: 8px 16px; border-radius: 8px; font-size: 13px; }
[hidden] { display: none !important; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } .side > section { max-height: 360px; } }
`;

const PAGE_BODY = `
<header class="topbar">
  <div class="brand"><span class="logo">绩</span><h1>绩效通 · 钉钉模拟器</h1></div>
  <div class="controls">
    <label>当前身份 <select id="user-select" aria-label="选择官员"></select></label>
    <label>会话 <select id="conversation-select" aria-label="选择会话"></select></label>
    <span id="group-new" hidden>
      <input id="group-id-input" placeholder="群会话 ID（如 cidDemo==）">
      <input id="group-title-input" placeholder="群名称">
      <button id="group-create-button" type="button">进入群聊</button>
    </span>
    <span id="stream-status" class="status">正在检查连接…</span>
  </div>
</header>
<main class="layout">
  <section class="chat" aria-label="会话">
    <div class="chat-header"><div id="user-card" class="user-card"></div><div id="conversation-title"></div></div>
    <div id="messages" class="messages" aria-live="polite"></div>
    <form id="composer" class="composer">
      <textarea id="message-input" rows="2" placeholder="输入消息，Enter 发送，Shift+Enter 换行"></textarea>
      <label class="attach" title="发送文件或图片（作为钉钉文件/图片消息，最大 1 MB）">📎<input id="file-input" type="file" hidden></label>
      <button id="send-button" type="submit">发送</button>
    </form>
  </section>
  <aside class="side">
    <section aria-label="主动推送"><h2>主动推送 <span id="push-count" class="count">0</span></h2><div id="pushes" class="pushes"></div></section>
    <section aria-label="待办"><h2>待办 <span id="todo-count" class="count">0</span></h2><div id="todos" class="todos"></div></section>
  </aside>
</main>
<div id="toast" class="toast" hidden></div>
`;

export const PAGE_HTML = [
  '<!doctype html>',
  '<html lang="zh-CN">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<title>绩效通 · 钉钉模拟器</title>',
  '<link rel="icon" href="data:,">',
  `<style>${PAGE_CSS}</style>`,
  '</head>',
  '<body>',
  PAGE_BODY,
  `<script type="module">import { startChatPage } from '${PAGE_SCRIPTS_PATH}/app.js';\nstartChatPage();</script>`,
  '</body>',
  '</html>',
].join('\n');
