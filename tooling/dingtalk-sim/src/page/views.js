/** DOM for one message, card, push, to-do or official; the caller says where it goes. */
/** @import { CardButton, RecordedPush, RecordedReply, ReplyButton, SimCard, SimChatMessage, SimTodo, SimUser } from '../types.ts' */
import {
  cardParamsFor,
  formatDateTime,
  formatTime,
  PRIORITY_LABEL,
  PUSH_LABEL,
  parseJson,
  shownTitle,
  todoStatusLabels,
} from './display.js';
import { el, markdownBlock } from './dom.js';

/** The template of the bot's reply cards, drawn like DingTalk draws it; other templates show their params. */
const REPLY_TEMPLATE = 'jixiao.reply';

/** @typedef {{ ok: boolean, text: string }} CardNote */

/**
 * Link buttons; the page's click handler opens `data-url` (in conversation `data-cid`).
 * @param {ReplyButton[]} buttons
 * @param {string | undefined} conversationId
 */
function urlButtons(buttons, conversationId) {
  const box = el('div', 'buttons');
  for (const b of buttons) {
    const btn = el('button', 'action-button', b.title || '打开');
    btn.type = 'button';
    btn.setAttribute('data-url', b.url || '');
    btn.setAttribute('data-cid', conversationId || '');
    box.appendChild(btn);
  }
  return box;
}

/**
 * A chat row: avatar, then a body with a meta line; the caller adds the content to `body`.
 * @param {string} className
 * @param {string} avatarText
 * @param {string} metaText
 */
function messageShell(className, avatarText, metaText) {
  const row = el('div', `message ${className}`);
  row.appendChild(el('div', 'avatar', avatarText));
  const body = el('div', 'body');
  body.appendChild(el('div', 'meta', metaText));
  row.appendChild(body);
  return { row, body };
}

/** @param {SimChatMessage} message @param {boolean} mine whether the official looking at the page sent it */
export function userMessageView(message, mine) {
  const shell = messageShell(
    `user-message${mine ? ' mine' : ' other'}`,
    (message.senderNick || '?').slice(-2),
    `${mine ? '我' : message.senderNick} · ${formatTime(message.time)}`,
  );
  shell.body.appendChild(el('div', 'bubble', message.text));
  return shell.row;
}

/** @param {RecordedReply} reply */
export function botReplyView(reply) {
  const shell = messageShell('bot-message', '绩', `绩效通 · ${formatTime(reply.time)}`);
  const bubble = el('div', 'bubble');
  const title = shownTitle(reply);
  if (title) bubble.appendChild(el('div', 'card-title', title));
  bubble.appendChild(markdownBlock(reply.text));
  if (reply.buttons?.length) {
    bubble.appendChild(urlButtons(reply.buttons, reply.conversationType === '2' ? reply.conversationId : ''));
  }
  shell.body.appendChild(bubble);
  return shell.row;
}

/**
 * An interactive card as one official sees it.
 * @param {SimCard} card
 * @param {{ userId: string, note: CardNote | undefined, onButton: (button: CardButton, element: HTMLButtonElement) => void }} options
 */
function cardView(card, { userId, note, onButton }) {
  const params = cardParamsFor(card, userId);
  const box = el('div', 'card');
  box.setAttribute('data-out-track-id', card.outTrackId);
  if (card.cardTemplateId !== REPLY_TEMPLATE) {
    box.appendChild(el('div', 'card-title', `卡片（模板 ${card.cardTemplateId}）`));
    box.appendChild(el('pre', '', JSON.stringify(params, null, 2)));
    return box;
  }
  const head = el('div', 'card-head');
  head.appendChild(el('div', 'card-title', params.title || '绩效通'));
  if (params.status) head.appendChild(el('span', 'badge', params.status));
  box.appendChild(head);
  if (params.markdown) box.appendChild(markdownBlock(params.markdown));
  const fields = parseJson(params.fields || '[]', []);
  if (Array.isArray(fields) && fields.length) {
    const dl = el('dl', 'fields');
    for (const f of fields) {
      dl.appendChild(el('dt', '', String(f.label)));
      dl.appendChild(el('dd', '', typeof f.value === 'string' ? f.value : JSON.stringify(f.value)));
    }
    box.appendChild(dl);
  }
  const buttons = parseJson(params.buttons || '[]', []);
  if (Array.isArray(buttons) && buttons.length) {
    const row = el('div', 'buttons');
    for (const b of buttons) {
      const btn = el('button', 'card-button', b.label);
      btn.type = 'button';
      btn.addEventListener('click', () => onButton(b, btn));
      row.appendChild(btn);
    }
    box.appendChild(row);
  }
  if (note) box.appendChild(el('div', `card-note${note.ok ? '' : ' error'}`, note.text));
  return box;
}

/**
 * @param {SimCard} card
 * @param {Parameters<typeof cardView>[1]} options
 */
export function cardMessageView(card, options) {
  const shell = messageShell(
    'bot-message card-message',
    '绩',
    `绩效通 · ${formatTime(card.createdTime)}${card.updates ? ' · 已更新' : ''}`,
  );
  shell.body.appendChild(cardView(card, options));
  return shell.row;
}

/** @param {RecordedPush} push @param {Record<string, string>} groupTitles conversationId → group name */
export function pushView(push, groupTitles) {
  const item = el('div', `push kind-${push.kind}`);
  const meta = el('div', 'push-meta');
  let label = PUSH_LABEL[push.kind] || push.kind;
  if (push.conversationId) label += ` · ${groupTitles[push.conversationId] || push.conversationId}`;
  meta.appendChild(el('span', '', label));
  meta.appendChild(el('span', '', formatTime(push.time)));
  item.appendChild(meta);
  const title = shownTitle(push);
  if (title) item.appendChild(el('div', 'push-title', title));
  if (push.text) item.appendChild(markdownBlock(push.text));
  if (push.kind === 'card') item.appendChild(el('div', 'push-meta', '卡片显示在对应会话中'));
  if (push.buttons?.length) {
    item.appendChild(urlButtons(push.buttons, push.kind === 'group' ? push.conversationId : ''));
  }
  return item;
}

/** @param {SimTodo} todo @param {SimUser | null} me the official looking at the page */
export function todoView(todo, me) {
  const item = el('div', `todo${todo.done ? ' done' : ''}`);
  item.appendChild(el('div', 'todo-title', (todo.done ? '✓ ' : '○ ') + todo.subject));
  if (todo.description) item.appendChild(markdownBlock(todo.description));
  const meta = el('div', 'todo-meta');
  for (const label of todoStatusLabels(todo, me?.unionId)) meta.appendChild(el('span', '', label));
  if (todo.dueTime) meta.appendChild(el('span', '', `截止 ${formatDateTime(todo.dueTime)}`));
  if (todo.priority) {
    meta.appendChild(el('span', '', `优先级 ${PRIORITY_LABEL[todo.priority] || todo.priority}`));
  }
  const url = todo.detailUrl && (todo.detailUrl.pcUrl || todo.detailUrl.appUrl);
  if (url && /^https?:/i.test(url)) {
    const a = el('a', '', '打开详情');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    meta.appendChild(a);
  }
  item.appendChild(meta);
  return item;
}

/** The official the page speaks as: avatar, name, role, title and unit. @param {SimUser} user */
export function userCardContent(user) {
  const parts = [el('div', 'avatar', (user.name || '?').slice(-2))];
  const info = el('div');
  const who = el('div', 'who', user.name);
  if (user.roleLabel) who.appendChild(el('span', 'tag', user.roleLabel));
  info.appendChild(who);
  info.appendChild(el('div', 'what', [user.title, user.orgName].filter(Boolean).join(' · ') || user.userId));
  parts.push(info);
  return parts;
}
