/** How the chat page words and formats what it shows: labels, times, titles, card params. No DOM. */
/** @import { PushKind, SimCard, SimTodo, SimUser } from '../types.ts' */

/** @type {Record<number, string>} */
export const PRIORITY_LABEL = { 10: '较低', 20: '普通', 30: '较高', 40: '紧急' };

/** @type {Record<PushKind, string>} */
export const PUSH_LABEL = { oto: '单聊推送', group: '群消息', card: '互动卡片', todo: '新待办' };

/** @param {number} n */
function pad(n) {
  return (n < 10 ? '0' : '') + n;
}

/** `HH:MM:SS` in the browser's time zone. @param {number} ms */
export function formatTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `YYYY-MM-DD HH:MM` in the browser's time zone. @param {number} ms */
export function formatDateTime(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** @param {SimUser} user */
export function userLabel(user) {
  return [user.name, user.title, user.orgName].filter(Boolean).join(' · ');
}

/**
 * @param {string} text
 * @param {unknown} fallback
 * @returns {any} the parsed JSON, in the shape the sim sends it, or the fallback
 */
export function parseJson(text, fallback) {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/**
 * DingTalk shows the `title` of markdown and action-card messages only where the conversation list and
 * notifications preview them, not in the message itself (the adapter repeats it as the text's heading).
 */
const TITLE_ONLY_IN_PREVIEW = /^(markdown|actionCard|sampleMarkdown|sampleActionCard\d?)$/;

/**
 * The title to show above a message's text ('' for none).
 * @param {{ msgtype?: string, title?: string }} message
 */
export function shownTitle(message) {
  if (!message.title) return '';
  return TITLE_ONLY_IN_PREVIEW.test(message.msgtype ?? '') ? '' : message.title;
}

/**
 * A card's params as one official sees them: the shared params, overridden by that official's private ones.
 * @param {SimCard} card
 * @param {string} userId
 * @returns {Record<string, string>}
 */
export function cardParamsFor(card, userId) {
  return { ...card.cardParamMap, ...card.privateData?.[userId] };
}

/**
 * What a to-do's card says about it: the task's state and, for one of its executors, theirs. A
 * finished task is finished for every executor too (DingTalk shows no executor "待处理" on a done
 * task), so the two never contradict each other.
 * @param {Pick<SimTodo, 'done' | 'executorStatus'>} todo
 * @param {string | undefined} unionId the official looking at the page
 */
export function todoStatusLabels(todo, unionId) {
  const labels = [todo.done ? '已完成' : '未完成'];
  if (unionId && Object.hasOwn(todo.executorStatus ?? {}, unionId)) {
    labels.push(`我的状态：${todo.done || todo.executorStatus[unionId] ? '已完成' : '待处理'}`);
  }
  return labels;
}
