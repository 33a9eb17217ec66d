/**
 * Renders the bot's `Reply` for DingTalk:
 * - sessionWebhook: `markdown`, or `actionCard` when it has link buttons;
 * - robot OpenAPI (proactive): `sampleMarkdown` / `sampleActionCard…`;
 * - interactive card (`jixiao.reply` template) when a button must call back to us.
 * `command` buttons become `dtmd://dingtalkclient/sendMessage?content=…` links (the user "types" the text),
 * `url` buttons open the URL; `callback` buttons only exist on cards.
 */
import type { Reply, ReplyButton } from '@jixiao/core';
import { absoluteUrl, type ResolvedDingTalkConfig } from './config.ts';
import type { JsonRecord } from './http.ts';

/** Card button actions the adapter handles itself (the bot's own actions pass through untouched). */
export const CARD_ACTION_COMMAND = 'jixiao:command';
export const CARD_ACTION_URL = 'jixiao:url';

/** Robot OpenAPI messages carry at most this many buttons (`sampleActionCard5`). */
const MAX_ROBOT_BUTTONS = 5;
/** Keeps a proactive message's msgParam well under DingTalk's 15 000-byte limit. */
const MAX_PROACTIVE_TEXT_CHARS = 4000;

type UrlConfig = Pick<ResolvedDingTalkConfig, 'publicUrl'>;

export interface LinkButton {
  title: string;
  url: string;
}

/** A card button as stored in the card's `buttons` param and sent back in the callback's params. */
export interface CardButtonSpec {
  label: string;
  action: string;
  payload: Record<string, string>;
}

export function needsCard(reply: Reply): boolean {
  return reply.buttons?.some((b) => b.kind === 'callback') ?? false;
}

function commandLink(text: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(text)}`;
}

/** The reply as one markdown text: a heading (DingTalk does not show `title` inside the bubble), body, fields. */
function markdownText(reply: Reply): string {
  const parts = [`#### ${reply.title}`];
  if (reply.markdown.trim() !== '') parts.push(reply.markdown);
  if (reply.fields && reply.fields.length > 0) {
    parts.push(reply.fields.map((f) => `- **${f.label}**：${f.value}`).join('\n'));
  }
  return parts.join('\n\n');
}

function linkOf(button: ReplyButton, config: UrlConfig): LinkButton | undefined {
  switch (button.kind) {
    case 'command':
      return { title: button.label, url: commandLink(button.text) };
    case 'url':
      return { title: button.label, url: absoluteUrl(config, button.url) };
    case 'callback':
      return undefined;
  }
}

function linkButtons(reply: Reply, config: UrlConfig): LinkButton[] {
  return (reply.buttons ?? []).flatMap((b) => {
    const link = linkOf(b, config);
    return link ? [link] : [];
  });
}

/** Body for `POST sessionWebhook`. */
export function webhookBody(reply: Reply, config: UrlConfig): JsonRecord {
  const text = markdownText(reply);
  const buttons = linkButtons(reply, config);
  if (buttons.length === 0) return { msgtype: 'markdown', markdown: { title: reply.title, text } };
  if (buttons.length === 1) {
    const [only] = buttons as [LinkButton];
    return {
      msgtype: 'actionCard',
      actionCard: { title: reply.title, text, singleTitle: only.title, singleURL: only.url },
    };
  }
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: reply.title,
      text,
      btnOrientation: buttons.length === 2 ? '1' : '0',
      btns: buttons.map((b) => ({ title: b.title, actionURL: b.url })),
    },
  };
}

function truncate(text: string): string {
  const chars = [...text];
  if (chars.length <= MAX_PROACTIVE_TEXT_CHARS) return text;
  return `${chars.slice(0, MAX_PROACTIVE_TEXT_CHARS).join('')}\n\n……（内容过长，已截断）`;
}

/** `msgKey` + `msgParam` (a JSON string) for the robot OpenAPI (1:1 batchSend and group send). */
export function robotMessage(reply: Reply, config: UrlConfig): { msgKey: string; msgParam: string } {
  const all = linkButtons(reply, config);
  const buttons = all.slice(0, MAX_ROBOT_BUTTONS);
  const extra = all.slice(MAX_ROBOT_BUTTONS).map((b) => `- [${b.title}](${b.url})`);
  const text = truncate([markdownText(reply), ...(extra.length > 0 ? [extra.join('\n')] : [])].join('\n\n'));
  const title = reply.title;
  if (buttons.length === 0) {
    return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text }) };
  }
  if (buttons.length === 1) {
    const [only] = buttons as [LinkButton];
    return {
      msgKey: 'sampleActionCard',
      msgParam: JSON.stringify({ title, text, singleTitle: only.title, singleURL: only.url }),
    };
  }
  const param: Record<string, string> = { title, text };
  buttons.forEach((b, i) => {
    param[`actionTitle${i + 1}`] = b.title;
    param[`actionURL${i + 1}`] = b.url;
  });
  return { msgKey: `sampleActionCard${buttons.length}`, msgParam: JSON.stringify(param) };
}

function cardButton(button: ReplyButton, config: UrlConfig): CardButtonSpec {
  switch (button.kind) {
    case 'callback':
      return { label: button.label, action: button.action, payload: { ...button.payload } };
    case 'command':
      return { label: button.label, action: CARD_ACTION_COMMAND, payload: { text: button.text } };
    case 'url':
      return {
        label: button.label,
        action: CARD_ACTION_URL,
        payload: { url: absoluteUrl(config, button.url) },
      };
  }
}

/** `cardParamMap` of a `jixiao.reply` card: every value a string (fields and buttons as JSON). */
export function cardParams(reply: Reply, config: UrlConfig): Record<string, string> {
  return {
    title: reply.title,
    markdown: reply.markdown,
    fields: JSON.stringify(reply.fields ?? []),
    buttons: JSON.stringify((reply.buttons ?? []).map((b) => cardButton(b, config))),
  };
}
