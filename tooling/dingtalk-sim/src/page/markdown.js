/** Minimal markdown for the chat page (headings, bold, code, lists, quotes, rules, links, line breaks). */

/** @param {string} value */
function escapeHtml(value) {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Code, links (http(s) and dtmd only) and bold inside one line of already escaped text.
 * @param {string} escaped
 */
function renderInline(escaped) {
  let out = escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
  out = out.replace(
    /\[([^\]]+)\]\(([^)\s]+)\)/g,
    /** @param {string} _match @param {string} text @param {string} url */
    (_match, text, url) => {
      const raw = url.replace(/&amp;/g, '&');
      if (!/^(https?:\/\/|dtmd:\/\/)/i.test(raw)) return text;
      return `<a href="${url}" target="_blank" rel="noopener noreferrer">${text}</a>`;
    },
  );
  return out.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/**
 * HTML for the markdown the bot sends; the source is escaped first, so it can carry no HTML of its own.
 * @param {string | null | undefined} source
 * @returns {string}
 */
export function renderMarkdown(source) {
  const lines = escapeHtml(String(source ?? ''))
    .replace(/\r\n?/g, '\n')
    .split('\n');
  /** @type {string[]} */
  const html = [];
  /** @type {string[]} */
  let para = [];
  /** @type {{ tag: 'ul' | 'ol', items: string[] } | null} */
  let list = null;
  const flushPara = () => {
    if (para.length) {
      html.push(`<p>${para.join('<br>')}</p>`);
      para = [];
    }
  };
  const flushList = () => {
    if (list) {
      html.push(`<${list.tag}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.tag}>`);
      list = null;
    }
  };
  /** @param {'ul' | 'ol'} tag @param {string} text */
  const addItem = (tag, text) => {
    flushPara();
    if (!list || list.tag !== tag) {
      flushList();
      list = { tag, items: [] };
    }
    list.items.push(renderInline(text));
  };
  for (const line of lines) {
    if (/^\s*$/.test(line)) {
      flushPara();
      flushList();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flushPara();
      flushList();
      const level = (heading[1] ?? '#').length;
      html.push(`<h${level}>${renderInline(heading[2] ?? '')}</h${level}>`);
      continue;
    }
    if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      flushPara();
      flushList();
      html.push('<hr>');
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      addItem('ul', bullet[1] ?? '');
      continue;
    }
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (numbered) {
      addItem('ol', numbered[1] ?? '');
      continue;
    }
    const quote = /^&gt;\s?(.*)$/.exec(line);
    if (quote) {
      flushPara();
      flushList();
      html.push(`<blockquote>${renderInline(quote[1] ?? '')}</blockquote>`);
      continue;
    }
    flushList();
    para.push(renderInline(line));
  }
  flushPara();
  flushList();
  return html.join('');
}
