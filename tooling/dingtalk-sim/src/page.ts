/**
 * The chat page served at `GET /sim`: one self-contained HTML document (no CDN, no external assets, vanilla JS).
 * Stable element ids for browser tests: #user-select, #message-input, #send-button, #messages (each bot reply is a
 * `.bot-message`), #pushes (plus #todos, #conversation-select, #stream-status).
 *
 * The embedded code lives in template literals: no backticks or "${" in it, and backslashes only inside
 * MARKDOWN_JS (a String.raw template).
 */

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

/** Minimal markdown (headings, bold, code, lists, quotes, rules, links, line breaks). HTML is escaped first. */
export const MARKDOWN_JS = String.raw`
function escapeHtml(value) {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
function renderInline(escaped) {
  var out = escaped.replace(/\x60([^\x60]+)\x60/g, '<code>$1</code>');
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, function (match, text, url) {
    var raw = url.replace(/&amp;/g, '&');
    if (!/^(https?:\/\/|dtmd:\/\/)/i.test(raw)) return text;
    return '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + text + '</a>';
  });
  out = out.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return out;
}
function renderMarkdown(source) {
  var lines = escapeHtml(source == null ? '' : source).replace(/\r\n?/g, '\n').split('\n');
  var html = [];
  var para = [];
  var list = null;
  function flushPara() {
    if (para.length) { html.push('<p>' + para.join('<br>') + '</p>'); para = []; }
  }
  function flushList() {
    if (list) {
      html.push('<' + list.tag + '>' + list.items.map(function (i) { return '<li>' + i + '</li>'; }).join('') + '</' + list.tag + '>');
      list = null;
    }
  }
  function addItem(tag, text) {
    flushPara();
    if (!list || list.tag !== tag) { flushList(); list = { tag: tag, items: [] }; }
    list.items.push(renderInline(text));
  }
  lines.forEach(function (line) {
    var m;
    if (/^\s*$/.test(line)) { flushPara(); flushList(); return; }
    if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      flushPara(); flushList();
      html.push('<h' + m[1].length + '>' + renderInline(m[2]) + '</h' + m[1].length + '>');
      return;
    }
    if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) { flushPara(); flushList(); html.push('<hr>'); return; }
    if ((m = /^\s*[-*+]\s+(.*)$/.exec(line))) { addItem('ul', m[1]); return; }
    if ((m = /^\s*\d+[.)]\s+(.*)$/.exec(line))) { addItem('ol', m[1]); return; }
    if ((m = /^&gt;\s?(.*)$/.exec(line))) { flushPara(); flushList(); html.push('<blockquote>' + renderInline(m[1]) + '</blockquote>'); return; }
    flushList();
    para.push(renderInline(line));
  });
  flushPara();
  flushList();
  return html.join('');
}
`;

/**
 * What a to-do's card says about it: the task's state and, for one of its executors, theirs. A
 * finished task is finished for every executor too (DingTalk shows no executor "待处理" on a done
 * task), so the two never contradict each other.
 */
export const TODO_JS = `
function todoStatusLabels(todo, unionId) {
  var labels = [todo.done ? '已完成' : '未完成'];
  if (unionId && Object.prototype.hasOwnProperty.call(todo.executorStatus || {}, unionId)) {
    labels.push('我的状态：' + (todo.done || todo.executorStatus[unionId] ? '已完成' : '待处理'));
  }
  return labels;
}
`;

export const APP_JS = `
(function () {
  'use strict';
  var NEW_GROUP = '__new__';
  var STORAGE_KEY = 'jixiao-sim-user';
  var DTMD_SEND = 'dtmd://dingtalkclient/sendMessage';
  var PRIORITY = { 10: '较低', 20: '普通', 30: '较高', 40: '紧急' };
  var PUSH_LABEL = { oto: '单聊推送', group: '群消息', card: '互动卡片', todo: '新待办' };
  var state = {
    users: [], userId: '', conversationId: '', groupTitles: {}, seen: {}, chat: [], cards: {}, cardNotes: {},
    pushes: [], todos: {}, source: null, pollToken: 0, lastSeq: 0, pending: 0, systemSeq: 0
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function api(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
        return { status: res.status, ok: res.ok, data: data };
      });
    });
  }
  function toast(text) {
    var t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 4000);
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function fmtTime(ms) { var d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); }
  function fmtDate(ms) { var d = new Date(ms); return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()); }
  function storageGet() { try { return localStorage.getItem(STORAGE_KEY) || ''; } catch (e) { return ''; } }
  function storageSet(v) { try { localStorage.setItem(STORAGE_KEY, v); } catch (e) { /* ignore */ } }
  function currentUser() {
    for (var i = 0; i < state.users.length; i++) if (state.users[i].userId === state.userId) return state.users[i];
    return null;
  }
  function nameOf(userId) {
    for (var i = 0; i < state.users.length; i++) if (state.users[i].userId === userId) return state.users[i].name;
    return userId;
  }
  function userLabel(u) { return [u.name, u.title, u.orgName].filter(Boolean).join(' · '); }
  function parseJson(text, fallback) { try { return JSON.parse(text); } catch (e) { return fallback; } }
  function md(text) { var d = el('div', 'md'); d.innerHTML = renderMarkdown(text || ''); return d; }

  /* ---------- users and conversations ---------- */
  function loadUsers() {
    return api('GET', '/sim/api/users').then(function (r) {
      var users = (r.data && r.data.users) || [];
      state.users = users;
      var select = $('user-select');
      select.innerHTML = '';
      if (!users.length) {
        var none = el('option', '', '暂无可选的官员（等待服务器提供演示数据）');
        none.value = '';
        select.appendChild(none);
        setTimeout(loadUsers, 3000);
        return;
      }
      users.forEach(function (u) { var o = el('option', '', userLabel(u)); o.value = u.userId; select.appendChild(o); });
      var wanted = new URLSearchParams(location.search).get('user') || state.userId || storageGet();
      if (!users.some(function (u) { return u.userId === wanted; })) wanted = users[0].userId;
      select.value = wanted;
      if (wanted !== state.userId) selectUser(wanted);
    }).catch(function () { setTimeout(loadUsers, 3000); });
  }

  function loadGroups() {
    return api('GET', '/sim/api/groups').then(function (r) {
      ((r.data && r.data.groups) || []).forEach(function (g) { state.groupTitles[g.conversationId] = g.title; });
      renderConversationOptions();
    }).catch(function () { /* ignore */ });
  }

  function renderConversationOptions() {
    var select = $('conversation-select');
    select.innerHTML = '';
    var single = el('option', '', '与机器人单聊');
    single.value = '';
    select.appendChild(single);
    Object.keys(state.groupTitles).forEach(function (id) {
      var o = el('option', '', '群聊：' + state.groupTitles[id]);
      o.value = id;
      select.appendChild(o);
    });
    var add = el('option', '', '＋ 加入或新建群聊…');
    add.value = NEW_GROUP;
    select.appendChild(add);
    select.value = state.conversationId;
  }

  function setConversation(id) {
    state.conversationId = id;
    $('conversation-select').value = id;
    $('conversation-title').textContent = id ? '群聊“' + (state.groupTitles[id] || id) + '”（@机器人）' : '与“绩效通”机器人的单聊';
    renderChat();
  }

  function selectUser(userId) {
    state.userId = userId;
    storageSet(userId);
    state.seen = {}; state.chat = []; state.cards = {}; state.cardNotes = {}; state.pushes = []; state.todos = {}; state.lastSeq = 0;
    renderUserCard();
    renderChat();
    renderPushes();
    renderTodos();
    connectEvents();
    loadGroups();
  }

  function renderUserCard() {
    var box = $('user-card');
    box.innerHTML = '';
    var u = currentUser();
    if (!u) return;
    box.appendChild(el('div', 'avatar', (u.name || '?').slice(-2)));
    var info = el('div');
    var who = el('div', 'who', u.name);
    if (u.roleLabel) who.appendChild(el('span', 'tag', u.roleLabel));
    info.appendChild(who);
    info.appendChild(el('div', 'what', [u.title, u.orgName].filter(Boolean).join(' · ') || u.userId));
    box.appendChild(info);
  }

  /* ---------- live events ---------- */
  function connectEvents() {
    if (state.source) { state.source.close(); state.source = null; }
    state.pollToken += 1;
    if (!state.userId) return;
    if (window.EventSource) {
      var es = new EventSource('/sim/api/events?userId=' + encodeURIComponent(state.userId) + '&after=0');
      ['message', 'reply', 'push', 'card', 'todo'].forEach(function (type) {
        es.addEventListener(type, function (e) {
          if (es !== state.source) return;
          handleEvent(parseJson(e.data, null));
        });
      });
      state.source = es;
    } else {
      poll(state.pollToken);
    }
  }

  function poll(token) {
    if (token !== state.pollToken) return;
    api('GET', '/sim/api/poll?userId=' + encodeURIComponent(state.userId) + '&after=' + state.lastSeq + '&timeoutMs=25000')
      .then(function (r) {
        if (token !== state.pollToken) return;
        ((r.data && r.data.events) || []).forEach(handleEvent);
        poll(token);
      })
      .catch(function () { setTimeout(function () { poll(token); }, 2000); });
  }

  function handleEvent(ev) {
    if (!ev || typeof ev.seq !== 'number') return;
    if (ev.seq > state.lastSeq) state.lastSeq = ev.seq;
    if (ev.type === 'card') { upsertCard(ev.seq, ev.data); return; }
    if (ev.type === 'todo') {
      var t = ev.data.todo;
      if (ev.data.deleted) delete state.todos[t.id]; else state.todos[t.id] = t;
      renderTodos();
      return;
    }
    if (state.seen[ev.seq]) return;
    state.seen[ev.seq] = true;
    if (ev.type === 'message') {
      if (ev.data.conversationType === '2' && !state.groupTitles[ev.data.conversationId]) {
        state.groupTitles[ev.data.conversationId] = ev.data.conversationTitle || ev.data.conversationId;
        renderConversationOptions();
      }
      addChat({ kind: 'user', seq: ev.seq, data: ev.data });
    } else if (ev.type === 'reply') {
      addChat({ kind: 'bot', seq: ev.seq, data: ev.data });
    } else if (ev.type === 'push') {
      state.pushes.unshift(ev.data);
      renderPushes();
    }
  }

  function upsertCard(seq, card) {
    var known = state.cards[card.outTrackId];
    state.cards[card.outTrackId] = card;
    if (!known) addChat({ kind: 'card', seq: seq, outTrackId: card.outTrackId });
    else renderChat();
  }

  function addChat(item) {
    state.chat.push(item);
    state.chat.sort(function (a, b) { return a.seq - b.seq; });
    renderChat();
  }

  function systemNote(text, conversationId) {
    state.systemSeq += 1;
    addChat({ kind: 'system', seq: state.lastSeq + state.systemSeq / 1000, text: text,
      conversationId: conversationId === undefined ? state.conversationId : conversationId });
  }

  /* ---------- rendering ---------- */
  function inConversation(item) {
    if (item.kind === 'system') return item.conversationId === state.conversationId;
    if (item.kind === 'card') {
      var card = state.cards[item.outTrackId];
      if (!card) return false;
      return card.spaces.some(function (s) {
        return state.conversationId ? s.spaceType === 'IM_GROUP' && s.spaceId === state.conversationId
          : s.spaceType === 'IM_ROBOT' && s.spaceId === state.userId;
      });
    }
    if (item.data.conversationType === '1') return state.conversationId === '';
    return item.data.conversationId === state.conversationId;
  }

  function urlButtons(buttons, conversationId) {
    var box = el('div', 'buttons');
    buttons.forEach(function (b) {
      var btn = el('button', 'action-button', b.title || '打开');
      btn.type = 'button';
      btn.setAttribute('data-url', b.url || '');
      btn.setAttribute('data-cid', conversationId || '');
      box.appendChild(btn);
    });
    return box;
  }

  function messageShell(cls, avatarText, metaText) {
    var row = el('div', 'message ' + cls);
    row.appendChild(el('div', 'avatar', avatarText));
    var body = el('div', 'body');
    body.appendChild(el('div', 'meta', metaText));
    row.appendChild(body);
    return { row: row, body: body };
  }

  function renderUserMessage(item) {
    var d = item.data;
    var mine = d.userId === state.userId;
    var shell = messageShell('user-message' + (mine ? ' mine' : ' other'), (d.senderNick || '?').slice(-2),
      (mine ? '我' : d.senderNick) + ' · ' + fmtTime(d.time));
    shell.body.appendChild(el('div', 'bubble', d.text));
    return shell.row;
  }

  function renderBotReply(item) {
    var r = item.data;
    var shell = messageShell('bot-message', '绩', '绩效通 · ' + fmtTime(r.time));
    var bubble = el('div', 'bubble');
    if (r.msgtype === 'actionCard' && r.title) bubble.appendChild(el('div', 'card-title', r.title));
    bubble.appendChild(md(r.text));
    if (r.buttons && r.buttons.length) bubble.appendChild(urlButtons(r.buttons, r.conversationType === '2' ? r.conversationId : ''));
    shell.body.appendChild(bubble);
    return shell.row;
  }

  function cardParams(card) {
    var params = {};
    Object.keys(card.cardParamMap || {}).forEach(function (k) { params[k] = card.cardParamMap[k]; });
    var mine = (card.privateData && card.privateData[state.userId]) || {};
    Object.keys(mine).forEach(function (k) { params[k] = mine[k]; });
    return params;
  }

  function renderCardView(card) {
    var params = cardParams(card);
    var box = el('div', 'card');
    box.setAttribute('data-out-track-id', card.outTrackId);
    if (card.cardTemplateId !== 'jixiao.reply') {
      box.appendChild(el('div', 'card-title', '卡片（模板 ' + card.cardTemplateId + '）'));
      box.appendChild(el('pre', '', JSON.stringify(params, null, 2)));
      return box;
    }
    var head = el('div', 'card-head');
    head.appendChild(el('div', 'card-title', params.title || '绩效通'));
    if (params.status) head.appendChild(el('span', 'badge', params.status));
    box.appendChild(head);
    if (params.markdown) box.appendChild(md(params.markdown));
    var fields = parseJson(params.fields || '[]', []);
    if (Array.isArray(fields) && fields.length) {
      var dl = el('dl', 'fields');
      fields.forEach(function (f) {
        dl.appendChild(el('dt', '', String(f.label)));
        dl.appendChild(el('dd', '', typeof f.value === 'string' ? f.value : JSON.stringify(f.value)));
      });
      box.appendChild(dl);
    }
    var buttons = parseJson(params.buttons || '[]', []);
    if (Array.isArray(buttons) && buttons.length) {
      var row = el('div', 'buttons');
      buttons.forEach(function (b) {
        var btn = el('button', 'card-button', b.label);
        btn.type = 'button';
        btn.addEventListener('click', function () { clickCard(card, b, btn); });
        row.appendChild(btn);
      });
      box.appendChild(row);
    }
    var note = state.cardNotes[card.outTrackId];
    if (note) box.appendChild(el('div', 'card-note' + (note.ok ? '' : ' error'), note.text));
    return box;
  }

  function renderCardMessage(item) {
    var card = state.cards[item.outTrackId];
    var shell = messageShell('bot-message card-message', '绩', '绩效通 · ' + fmtTime(card.createdTime) +
      (card.updates ? ' · 已更新' : ''));
    shell.body.appendChild(renderCardView(card));
    return shell.row;
  }

  function renderChat() {
    var box = $('messages');
    box.innerHTML = '';
    var items = state.chat.filter(inConversation);
    if (!items.length && !state.pending) {
      box.appendChild(el('p', 'empty', state.userId ? '向机器人发一条消息试试，例如“本单位今年的预算执行进度如何？”' : '请先选择一位官员'));
    }
    items.forEach(function (item) {
      if (item.kind === 'user') box.appendChild(renderUserMessage(item));
      else if (item.kind === 'bot') box.appendChild(renderBotReply(item));
      else if (item.kind === 'card') box.appendChild(renderCardMessage(item));
      else box.appendChild(el('div', 'system-message', item.text));
    });
    if (state.pending > 0) box.appendChild(el('div', 'typing', '机器人正在回复…'));
    box.scrollTop = box.scrollHeight;
  }

  function renderPushes() {
    var box = $('pushes');
    box.innerHTML = '';
    $('push-count').textContent = String(state.pushes.length);
    if (!state.pushes.length) { box.appendChild(el('p', 'empty', '暂无推送')); return; }
    state.pushes.forEach(function (p) {
      var item = el('div', 'push kind-' + p.kind);
      var meta = el('div', 'push-meta');
      var label = PUSH_LABEL[p.kind] || p.kind;
      if (p.conversationId) label += ' · ' + (state.groupTitles[p.conversationId] || p.conversationId);
      meta.appendChild(el('span', '', label));
      meta.appendChild(el('span', '', fmtTime(p.time)));
      item.appendChild(meta);
      if (p.title) item.appendChild(el('div', 'push-title', p.title));
      if (p.text) item.appendChild(md(p.text));
      if (p.kind === 'card') item.appendChild(el('div', 'push-meta', '卡片显示在对应会话中'));
      if (p.buttons && p.buttons.length) item.appendChild(urlButtons(p.buttons, p.kind === 'group' ? p.conversationId : ''));
      box.appendChild(item);
    });
  }

  function renderTodos() {
    var box = $('todos');
    box.innerHTML = '';
    var todos = Object.keys(state.todos).map(function (k) { return state.todos[k]; })
      .sort(function (a, b) { return b.createdTime - a.createdTime; });
    $('todo-count').textContent = String(todos.filter(function (t) { return !t.done; }).length);
    if (!todos.length) { box.appendChild(el('p', 'empty', '暂无待办')); return; }
    var me = currentUser();
    todos.forEach(function (t) {
      var item = el('div', 'todo' + (t.done ? ' done' : ''));
      item.appendChild(el('div', 'todo-title', (t.done ? '✓ ' : '○ ') + t.subject));
      if (t.description) item.appendChild(md(t.description));
      var meta = el('div', 'todo-meta');
      todoStatusLabels(t, me && me.unionId).forEach(function (label) { meta.appendChild(el('span', '', label)); });
      if (t.dueTime) meta.appendChild(el('span', '', '截止 ' + fmtDate(t.dueTime)));
      if (t.priority) meta.appendChild(el('span', '', '优先级 ' + (PRIORITY[t.priority] || t.priority)));
      var url = t.detailUrl && (t.detailUrl.pcUrl || t.detailUrl.appUrl);
      if (url && /^https?:/i.test(url)) {
        var a = el('a', '', '打开详情');
        a.href = url; a.target = '_blank'; a.rel = 'noopener noreferrer';
        meta.appendChild(a);
      }
      item.appendChild(meta);
      box.appendChild(item);
    });
  }

  /* ---------- actions ---------- */
  function sendText(text, conversationId) {
    text = (text || '').trim();
    if (!text || !state.userId) return;
    var cid = conversationId === undefined ? state.conversationId : conversationId;
    var body = { userId: state.userId, text: text };
    if (cid) { body.conversationId = cid; if (state.groupTitles[cid]) body.groupTitle = state.groupTitles[cid]; }
    if (cid !== state.conversationId) setConversation(cid);
    state.pending += 1;
    renderChat();
    api('POST', '/sim/api/messages', body).then(function (r) {
      ((r.data && r.data.replies) || []).forEach(function (reply) {
        if (reply.via === 'sessionWebhook') handleEvent({ seq: reply.seq, type: 'reply', data: reply });
      });
      if (!r.ok) systemNote((r.data && r.data.error) || ('发送失败（HTTP ' + r.status + '）'), cid);
    }).catch(function (err) {
      systemNote('发送失败：' + err.message, cid);
    }).then(function () {
      state.pending -= 1;
      renderChat();
    });
  }

  function clickCard(card, button, btnEl) {
    var params = { action: String(button.action) };
    var payload = button.payload || {};
    Object.keys(payload).forEach(function (k) {
      params[k] = typeof payload[k] === 'string' ? payload[k] : JSON.stringify(payload[k]);
    });
    btnEl.disabled = true;
    api('POST', '/sim/api/card-callback', { userId: state.userId, outTrackId: card.outTrackId, params: params })
      .then(function (r) {
        var note;
        if (r.ok) {
          var resp = r.data && r.data.response;
          note = { ok: true, text: '机器人已响应' + (resp && (resp.cardData || resp.userPrivateData) ? '，卡片已更新'
            : resp == null ? '' : '：' + JSON.stringify(resp).slice(0, 200)) };
        } else {
          note = { ok: false, text: (r.data && r.data.error) || ('回调失败（HTTP ' + r.status + '）') };
        }
        state.cardNotes[card.outTrackId] = note;
        renderChat();
      })
      .catch(function (err) {
        state.cardNotes[card.outTrackId] = { ok: false, text: '回调失败：' + err.message };
        renderChat();
      });
  }

  function openUrl(url, conversationId) {
    if (url.indexOf(DTMD_SEND) === 0) {
      var query = url.indexOf('?') >= 0 ? url.slice(url.indexOf('?') + 1) : '';
      var content = new URLSearchParams(query).get('content');
      if (content) sendText(content, conversationId);
      return;
    }
    if (/^https?:/i.test(url)) window.open(url, '_blank', 'noopener');
    else toast('模拟器无法打开此链接：' + url);
  }

  function onContentClick(e) {
    var target = e.target;
    if (!(target instanceof Element)) return;
    var btn = target.closest('[data-url]');
    if (btn) { openUrl(btn.getAttribute('data-url') || '', btn.getAttribute('data-cid') || ''); return; }
    var link = target.closest('a[href^="dtmd:"]');
    if (link) { e.preventDefault(); openUrl(link.getAttribute('href') || '', state.conversationId); }
  }

  function refreshStats() {
    api('GET', '/sim/api/stats').then(function (r) {
      var n = (r.data && r.data.connections) || 0;
      var s = $('stream-status');
      s.textContent = n > 0 ? '机器人已连接（' + n + ' 个 Stream 连接）' : '机器人未连接';
      s.className = 'status ' + (n > 0 ? 'ok' : 'bad');
    }).catch(function () {
      var s = $('stream-status');
      s.textContent = '模拟器不可达';
      s.className = 'status bad';
    });
  }

  /* ---------- wiring ---------- */
  $('user-select').addEventListener('change', function (e) { if (e.target.value) selectUser(e.target.value); });
  $('conversation-select').addEventListener('change', function (e) {
    var v = e.target.value;
    $('group-new').hidden = v !== NEW_GROUP;
    if (v === NEW_GROUP) { $('group-id-input').focus(); return; }
    setConversation(v);
  });
  $('group-create-button').addEventListener('click', function () {
    var id = $('group-id-input').value.trim() || ('cidDemo' + Math.random().toString(36).slice(2, 10) + '==');
    var title = $('group-title-input').value.trim() || '绩效通工作群';
    state.groupTitles[id] = title;
    $('group-new').hidden = true;
    renderConversationOptions();
    setConversation(id);
  });
  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('message-input');
    var text = input.value;
    input.value = '';
    sendText(text);
    input.focus();
  });
  $('message-input').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      $('composer').requestSubmit ? $('composer').requestSubmit() : $('send-button').click();
    }
  });
  $('messages').addEventListener('click', onContentClick);
  $('pushes').addEventListener('click', onContentClick);

  renderConversationOptions();
  setConversation('');
  renderPushes();
  renderTodos();
  refreshStats();
  setInterval(refreshStats, 3000);
  loadUsers();
})();
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
  `<script>${MARKDOWN_JS}${TODO_JS}${APP_JS}</script>`,
  '</body>',
  '</html>',
].join('\n');
