/** The sim's own HTTP API (`/sim/api/*`) as the chat page calls it; the routes are in `../sim-api.ts`. */
/** @import { ClickCardInput, RecordedReply, SendMessageInput, SimGroup, SimPageEvent, SimUser } from '../types.ts' */

/**
 * An answer: its status and JSON body, or `{error: <text>}` when the body is not JSON.
 * @template T
 * @typedef {{ status: number, ok: boolean, data: (Partial<T> & { error?: string }) | null }} ApiAnswer
 */

/**
 * Rejects only when the sim cannot be reached.
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<ApiAnswer<any>>}
 */
async function call(method, path, body) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  return { status: res.status, ok: res.ok, data };
}

/** @returns {Promise<ApiAnswer<{ users: SimUser[] }>>} */
export function getUsers() {
  return call('GET', '/sim/api/users');
}

/** @returns {Promise<ApiAnswer<{ groups: SimGroup[] }>>} */
export function getGroups() {
  return call('GET', '/sim/api/groups');
}

/** @returns {Promise<ApiAnswer<{ connections: number }>>} */
export function getStats() {
  return call('GET', '/sim/api/stats');
}

/**
 * Long-poll: the official's events after `after`, waiting up to `timeoutMs` for one.
 * @param {string} userId
 * @param {number} after
 * @param {number} timeoutMs
 * @returns {Promise<ApiAnswer<{ events: SimPageEvent[] }>>}
 */
export function pollEvents(userId, after, timeoutMs) {
  return call(
    'GET',
    `/sim/api/poll?userId=${encodeURIComponent(userId)}&after=${after}&timeoutMs=${timeoutMs}`,
  );
}

/** The URL of the official's Server-Sent Events, from the start. @param {string} userId */
export function eventsUrl(userId) {
  return `/sim/api/events?userId=${encodeURIComponent(userId)}&after=0`;
}

/**
 * @param {SendMessageInput} message
 * @returns {Promise<ApiAnswer<{ replies: RecordedReply[] }>>}
 */
export function postChatMessage(message) {
  return call('POST', '/sim/api/messages', message);
}

/**
 * @param {ClickCardInput} click
 * @returns {Promise<ApiAnswer<{ response: { cardData?: unknown, userPrivateData?: unknown } | null }>>}
 */
export function postCardCallback(click) {
  return call('POST', '/sim/api/card-callback', click);
}
