/**
 * The chat page's behaviour: who the page speaks as, the conversation shown, live events from the sim, and
 * what clicks and the composer do. `startChatPage()` wires it to the page (`page.ts` holds the markup).
 */
/** @import { CardButton, RecordedPush, RecordedReply, SendMessageInput, SimCard, SimChatMessage, SimPageEvent, SimTodo, SimUser } from '../types.ts' */
/** @import { CardNote } from './views.js' */
import {
  eventsUrl,
  getGroups,
  getStats,
  getUsers,
  pollEvents,
  postCardCallback,
  postChatMessage,
} from './api.js';
import { parseJson, userLabel } from './display.js';
import { byId, el, toast } from './dom.js';
import {
  botReplyView,
  cardMessageView,
  pushView,
  todoView,
  userCardContent,
  userMessageView,
} from './views.js';

const NEW_GROUP = '__new__';
const STORAGE_KEY = 'jixiao-sim-user';
const DTMD_SEND = 'dtmd://dingtalkclient/sendMessage';
/** @type {SimPageEvent['type'][]} */
const EVENT_TYPES = ['message', 'reply', 'push', 'card', 'todo'];
const RETRY_MS = 3000;
const POLL_RETRY_MS = 2000;
const POLL_TIMEOUT_MS = 25000;
const STATS_EVERY_MS = 3000;

/**
 * One entry of the chat, in event order (`system` notes sit just after the event they follow).
 * @typedef {{ kind: 'user', seq: number, data: SimChatMessage }
 *   | { kind: 'bot', seq: number, data: RecordedReply }
 *   | { kind: 'card', seq: number, outTrackId: string }
 *   | { kind: 'system', seq: number, text: string, conversationId: string }} ChatItem
 */

const state = {
  /** @type {SimUser[]} */
  users: [],
  userId: '',
  /** '' for the 1:1 chat with the robot, else the group's conversationId. */
  conversationId: '',
  /** @type {Record<string, string>} conversationId → group name */
  groupTitles: {},
  /** @type {Set<number>} event seqs already shown */
  seen: new Set(),
  /** @type {ChatItem[]} */
  chat: [],
  /** @type {Record<string, SimCard>} */
  cards: {},
  /** @type {Record<string, CardNote>} */
  cardNotes: {},
  /** @type {RecordedPush[]} newest first */
  pushes: [],
  /** @type {Record<string, SimTodo>} */
  todos: {},
  /** @type {EventSource | null} */
  source: null,
  /** Bumped whenever the event stream is replaced, so a running long-poll loop knows to stop. */
  pollToken: 0,
  lastSeq: 0,
  /** Messages sent and not yet answered. */
  pending: 0,
  systemSeq: 0,
};

function storageGet() {
  try {
    return localStorage.getItem(STORAGE_KEY) || '';
  } catch {
    return '';
  }
}

/** @param {string} value */
function storageSet(value) {
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Storage may be disabled (private mode); the choice is then just not remembered.
  }
}

function currentUser() {
  return state.users.find((u) => u.userId === state.userId) ?? null;
}

/* ---------- users and conversations ---------- */

async function loadUsers() {
  try {
    const r = await getUsers();
    const users = r.data?.users || [];
    state.users = users;
    const select = byId('user-select', HTMLSelectElement);
    select.innerHTML = '';
    const first = users[0];
    if (!first) {
      const none = el('option', '', '暂无可选的官员（等待服务器提供演示数据）');
      none.value = '';
      select.appendChild(none);
      setTimeout(loadUsers, RETRY_MS);
      return;
    }
    for (const u of users) {
      const o = el('option', '', userLabel(u));
      o.value = u.userId;
      select.appendChild(o);
    }
    let wanted = new URLSearchParams(location.search).get('user') || state.userId || storageGet();
    if (!users.some((u) => u.userId === wanted)) wanted = first.userId;
    select.value = wanted;
    if (wanted !== state.userId) selectUser(wanted);
  } catch {
    setTimeout(loadUsers, RETRY_MS);
  }
}

async function loadGroups() {
  try {
    const r = await getGroups();
    for (const g of r.data?.groups || []) state.groupTitles[g.conversationId] = g.title;
    renderConversationOptions();
  } catch {
    // The list is filled again when the official changes; groups also appear as messages arrive.
  }
}

function renderConversationOptions() {
  const select = byId('conversation-select', HTMLSelectElement);
  select.innerHTML = '';
  const single = el('option', '', '与机器人单聊');
  single.value = '';
  select.appendChild(single);
  for (const id of Object.keys(state.groupTitles)) {
    const o = el('option', '', `群聊：${state.groupTitles[id]}`);
    o.value = id;
    select.appendChild(o);
  }
  const add = el('option', '', '＋ 加入或新建群聊…');
  add.value = NEW_GROUP;
  select.appendChild(add);
  select.value = state.conversationId;
}

/** @param {string} id */
function setConversation(id) {
  state.conversationId = id;
  byId('conversation-select', HTMLSelectElement).value = id;
  byId('conversation-title', HTMLElement).textContent = id
    ? `群聊“${state.groupTitles[id] || id}”（@机器人）`
    : '与“绩效通”机器人的单聊';
  renderChat();
}

/** @param {string} userId */
function selectUser(userId) {
  state.userId = userId;
  storageSet(userId);
  state.seen = new Set();
  state.chat = [];
  state.cards = {};
  state.cardNotes = {};
  state.pushes = [];
  state.todos = {};
  state.lastSeq = 0;
  renderUserCard();
  renderChat();
  renderPushes();
  renderTodos();
  connectEvents();
  loadGroups();
}

function renderUserCard() {
  const box = byId('user-card', HTMLElement);
  box.innerHTML = '';
  const u = currentUser();
  if (u) box.append(...userCardContent(u));
}

/* ---------- live events ---------- */

/** Server-Sent Events when the browser has them, else long-polling. */
function connectEvents() {
  if (state.source) {
    state.source.close();
    state.source = null;
  }
  state.pollToken += 1;
  if (!state.userId) return;
  if (typeof EventSource === 'function') {
    const es = new EventSource(eventsUrl(state.userId));
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (e) => {
        if (es !== state.source) return;
        handleEvent(parseJson(e.data, null));
      });
    }
    state.source = es;
  } else {
    poll(state.pollToken);
  }
}

/** @param {number} token */
async function poll(token) {
  if (token !== state.pollToken) return;
  try {
    const r = await pollEvents(state.userId, state.lastSeq, POLL_TIMEOUT_MS);
    if (token !== state.pollToken) return;
    for (const ev of r.data?.events || []) handleEvent(ev);
  } catch {
    setTimeout(() => poll(token), POLL_RETRY_MS);
    return;
  }
  poll(token);
}

/** @param {SimPageEvent | null} ev */
function handleEvent(ev) {
  if (!ev || typeof ev.seq !== 'number') return;
  if (ev.seq > state.lastSeq) state.lastSeq = ev.seq;
  if (ev.type === 'card') {
    upsertCard(ev.seq, ev.data);
    return;
  }
  if (ev.type === 'todo') {
    const t = ev.data.todo;
    if (ev.data.deleted) delete state.todos[t.id];
    else state.todos[t.id] = t;
    renderTodos();
    return;
  }
  if (state.seen.has(ev.seq)) return;
  state.seen.add(ev.seq);
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

/** @param {number} seq @param {SimCard} card */
function upsertCard(seq, card) {
  const known = state.cards[card.outTrackId];
  state.cards[card.outTrackId] = card;
  if (!known) addChat({ kind: 'card', seq, outTrackId: card.outTrackId });
  else renderChat();
}

/** @param {ChatItem} item */
function addChat(item) {
  state.chat.push(item);
  state.chat.sort((a, b) => a.seq - b.seq);
  renderChat();
}

/** @param {string} text @param {string} [conversationId] */
function systemNote(text, conversationId = state.conversationId) {
  state.systemSeq += 1;
  addChat({ kind: 'system', seq: state.lastSeq + state.systemSeq / 1000, text, conversationId });
}

/* ---------- rendering ---------- */

/** @param {ChatItem} item */
function inConversation(item) {
  if (item.kind === 'system') return item.conversationId === state.conversationId;
  if (item.kind === 'card') {
    const card = state.cards[item.outTrackId];
    if (!card) return false;
    return card.spaces.some((s) =>
      state.conversationId
        ? s.spaceType === 'IM_GROUP' && s.spaceId === state.conversationId
        : s.spaceType === 'IM_ROBOT' && s.spaceId === state.userId,
    );
  }
  if (item.data.conversationType === '1') return state.conversationId === '';
  return item.data.conversationId === state.conversationId;
}

/** @param {ChatItem} item */
function chatItemView(item) {
  switch (item.kind) {
    case 'user':
      return userMessageView(item.data, item.data.userId === state.userId);
    case 'bot':
      return botReplyView(item.data);
    case 'card': {
      const card = state.cards[item.outTrackId];
      if (!card) throw new Error(`未知的卡片 ${item.outTrackId}`); // inConversation shows known cards only
      return cardMessageView(card, {
        userId: state.userId,
        note: state.cardNotes[card.outTrackId],
        onButton: (button, element) => clickCard(card, button, element),
      });
    }
    case 'system':
      return el('div', 'system-message', item.text);
  }
}

function renderChat() {
  const box = byId('messages', HTMLElement);
  box.innerHTML = '';
  const items = state.chat.filter(inConversation);
  if (!items.length && !state.pending) {
    box.appendChild(
      el(
        'p',
        'empty',
        state.userId ? '向机器人发一条消息试试，例如“本单位今年的预算执行进度如何？”' : '请先选择一位官员',
      ),
    );
  }
  for (const item of items) box.appendChild(chatItemView(item));
  if (state.pending > 0) box.appendChild(el('div', 'typing', '机器人正在回复…'));
  box.scrollTop = box.scrollHeight;
}

function renderPushes() {
  const box = byId('pushes', HTMLElement);
  box.innerHTML = '';
  byId('push-count', HTMLElement).textContent = String(state.pushes.length);
  if (!state.pushes.length) {
    box.appendChild(el('p', 'empty', '暂无推送'));
    return;
  }
  for (const p of state.pushes) box.appendChild(pushView(p, state.groupTitles));
}

function renderTodos() {
  const box = byId('todos', HTMLElement);
  box.innerHTML = '';
  const todos = Object.values(state.todos).sort((a, b) => b.createdTime - a.createdTime);
  byId('todo-count', HTMLElement).textContent = String(todos.filter((t) => !t.done).length);
  if (!todos.length) {
    box.appendChild(el('p', 'empty', '暂无待办'));
    return;
  }
  const me = currentUser();
  for (const t of todos) box.appendChild(todoView(t, me));
}

/* ---------- actions ---------- */

/** @param {unknown} error */
function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends a message as the current official, to the conversation shown unless another is named.
 * @param {string} text
 * @param {string} [conversationId]
 */
async function sendText(text, conversationId = state.conversationId) {
  const message = (text || '').trim();
  if (!message || !state.userId) return;
  const cid = conversationId;
  /** @type {SendMessageInput} */
  const body = { userId: state.userId, text: message };
  if (cid) {
    body.conversationId = cid;
    const groupTitle = state.groupTitles[cid];
    if (groupTitle) body.groupTitle = groupTitle;
  }
  if (cid !== state.conversationId) setConversation(cid);
  state.pending += 1;
  renderChat();
  try {
    const r = await postChatMessage(body);
    for (const reply of r.data?.replies || []) {
      // Webhook replies also arrive as events; the page shows each seq once.
      if (reply.via === 'sessionWebhook')
        handleEvent({ seq: reply.seq, time: reply.time, audience: [], type: 'reply', data: reply });
    }
    if (!r.ok) systemNote(r.data?.error || `发送失败（HTTP ${r.status}）`, cid);
  } catch (error) {
    systemNote(`发送失败：${errorText(error)}`, cid);
  }
  state.pending -= 1;
  renderChat();
}

/** Largest file the page sends (the sim's message API takes up to 2 MB of JSON, base64 included). */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Sends a file or picture as the current official: a DingTalk `file` or `picture` message whose
 * bytes the app fetches with the message's downloadCode.
 * @param {File} file
 */
async function sendFile(file) {
  if (!state.userId) return;
  const cid = state.conversationId;
  if (file.size > MAX_FILE_BYTES) {
    systemNote(`文件“${file.name}”超过 1 MB，模拟器不发送`, cid);
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const picture = file.type.startsWith('image/');
  /** @type {SendMessageInput} */
  const body = {
    userId: state.userId,
    text: picture ? '[图片]' : `[文件] ${file.name}`,
    file: { fileName: file.name, contentBase64: btoa(binary), kind: picture ? 'picture' : 'file' },
  };
  if (cid) {
    body.conversationId = cid;
    const groupTitle = state.groupTitles[cid];
    if (groupTitle) body.groupTitle = groupTitle;
  }
  state.pending += 1;
  renderChat();
  try {
    const r = await postChatMessage(body);
    for (const reply of r.data?.replies || []) {
      if (reply.via === 'sessionWebhook')
        handleEvent({ seq: reply.seq, time: reply.time, audience: [], type: 'reply', data: reply });
    }
    if (!r.ok) systemNote(r.data?.error || `发送失败（HTTP ${r.status}）`, cid);
  } catch (error) {
    systemNote(`发送失败：${errorText(error)}`, cid);
  }
  state.pending -= 1;
  renderChat();
}

/**
 * A card button: the callback goes to the bot through the sim; the card shows what came back.
 * @param {SimCard} card
 * @param {CardButton} button
 * @param {HTMLButtonElement} buttonElement
 */
async function clickCard(card, button, buttonElement) {
  /** @type {Record<string, string>} */
  const params = { action: String(button.action) };
  const payload = button.payload || {};
  for (const [k, v] of Object.entries(payload)) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  buttonElement.disabled = true;
  try {
    const r = await postCardCallback({ userId: state.userId, outTrackId: card.outTrackId, params });
    if (r.ok) {
      const resp = r.data?.response;
      const outcome =
        resp && (resp.cardData || resp.userPrivateData)
          ? '，卡片已更新'
          : resp == null
            ? ''
            : `：${JSON.stringify(resp).slice(0, 200)}`;
      state.cardNotes[card.outTrackId] = { ok: true, text: `机器人已响应${outcome}` };
    } else {
      state.cardNotes[card.outTrackId] = {
        ok: false,
        text: r.data?.error || `回调失败（HTTP ${r.status}）`,
      };
    }
  } catch (error) {
    state.cardNotes[card.outTrackId] = { ok: false, text: `回调失败：${errorText(error)}` };
  }
  renderChat();
}

/**
 * A link in a message: `dtmd://…sendMessage?content=…` sends that text as the official (as DingTalk does);
 * http(s) opens a tab; anything else cannot be opened here.
 * @param {string} url
 * @param {string} conversationId
 */
function openUrl(url, conversationId) {
  if (url.indexOf(DTMD_SEND) === 0) {
    const query = url.indexOf('?') >= 0 ? url.slice(url.indexOf('?') + 1) : '';
    const content = new URLSearchParams(query).get('content');
    if (content) sendText(content, conversationId);
    return;
  }
  if (/^https?:/i.test(url)) window.open(url, '_blank', 'noopener');
  else toast(`模拟器无法打开此链接：${url}`);
}

/** @param {MouseEvent} e */
function onContentClick(e) {
  const target = e.target;
  if (!(target instanceof Element)) return;
  const btn = target.closest('[data-url]');
  if (btn) {
    openUrl(btn.getAttribute('data-url') || '', btn.getAttribute('data-cid') || '');
    return;
  }
  const link = target.closest('a[href^="dtmd:"]');
  if (link) {
    e.preventDefault();
    openUrl(link.getAttribute('href') || '', state.conversationId);
  }
}

async function refreshStats() {
  const status = byId('stream-status', HTMLElement);
  try {
    const r = await getStats();
    const n = r.data?.connections || 0;
    status.textContent = n > 0 ? `机器人已连接（${n} 个 Stream 连接）` : '机器人未连接';
    status.className = `status ${n > 0 ? 'ok' : 'bad'}`;
  } catch {
    status.textContent = '模拟器不可达';
    status.className = 'status bad';
  }
}

/* ---------- wiring ---------- */

function createGroup() {
  const id =
    byId('group-id-input', HTMLInputElement).value.trim() ||
    `cidDemo${Math.random().toString(36).slice(2, 10)}==`;
  const title = byId('group-title-input', HTMLInputElement).value.trim() || '绩效通工作群';
  state.groupTitles[id] = title;
  byId('group-new', HTMLElement).hidden = true;
  renderConversationOptions();
  setConversation(id);
}

/** Wires the page's controls and starts: users, live events, connection status. */
export function startChatPage() {
  const userSelect = byId('user-select', HTMLSelectElement);
  const conversationSelect = byId('conversation-select', HTMLSelectElement);
  const composer = byId('composer', HTMLFormElement);
  const input = byId('message-input', HTMLTextAreaElement);
  userSelect.addEventListener('change', () => {
    if (userSelect.value) selectUser(userSelect.value);
  });
  conversationSelect.addEventListener('change', () => {
    const v = conversationSelect.value;
    byId('group-new', HTMLElement).hidden = v !== NEW_GROUP;
    if (v === NEW_GROUP) {
      byId('group-id-input', HTMLInputElement).focus();
      return;
    }
    setConversation(v);
  });
  byId('group-create-button', HTMLButtonElement).addEventListener('click', createGroup);
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value;
    input.value = '';
    sendText(text);
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an input-method candidate is neither.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  const fileInput = byId('file-input', HTMLInputElement);
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) sendFile(file);
  });
  byId('messages', HTMLElement).addEventListener('click', onContentClick);
  byId('pushes', HTMLElement).addEventListener('click', onContentClick);

  renderConversationOptions();
  setConversation('');
  renderPushes();
  renderTodos();
  refreshStats();
  setInterval(refreshStats, STATS_EVERY_MS);
  loadUsers();
}
