/** Small DOM helpers of the chat page. */
import { renderMarkdown } from './markdown.js';

const TOAST_MS = 4000;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let toastTimer;

/**
 * The page's element with this id, checked to be of the expected kind.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`页面缺少元素 #${id}`);
  return found;
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string | null} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** A block of rendered markdown. @param {string | undefined} text */
export function markdownBlock(text) {
  const d = el('div', 'md');
  d.innerHTML = renderMarkdown(text || '');
  return d;
}

/** Shows a short notice at the bottom of the page for a few seconds. @param {string} text */
export function toast(text) {
  const t = byId('toast', HTMLElement);
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    t.hidden = true;
  }, TOAST_MS);
}
