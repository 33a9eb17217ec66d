/**
 * Validation and normalisation of what the bot sends (sessionWebhook bodies, `msgKey`/`msgParam` pairs,
 * `jixiao.reply` cards) into one display shape: `{msgtype, title?, text, buttons?}`.
 */
import { z } from 'zod';
import type { CardButton, CardField, ReplyButton } from './types.ts';

export interface Rendered {
  msgtype: string;
  title?: string;
  text: string;
  buttons?: ReplyButton[];
}

const str = z.string();

const webhookBodySchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('text'), text: z.object({ content: str }).loose() }).loose(),
  z.object({ msgtype: z.literal('markdown'), markdown: z.object({ title: str, text: str }).loose() }).loose(),
  z
    .object({
      msgtype: z.literal('actionCard'),
      actionCard: z
        .object({
          title: str,
          text: str,
          singleTitle: str.optional(),
          singleURL: str.optional(),
          btnOrientation: str.optional(),
          btns: z.array(z.object({ title: str, actionURL: str }).loose()).optional(),
        })
        .loose()
        .refine(
          (c) => (c.singleTitle !== undefined && c.singleURL !== undefined) || (c.btns?.length ?? 0) > 0,
          {
            message: 'actionCard 需要 singleTitle/singleURL 或 btns',
          },
        ),
    })
    .loose(),
  z
    .object({
      msgtype: z.literal('link'),
      link: z.object({ title: str, text: str, messageUrl: str, picUrl: str.optional() }).loose(),
    })
    .loose(),
  z
    .object({
      msgtype: z.literal('feedCard'),
      feedCard: z
        .object({ links: z.array(z.object({ title: str, messageURL: str }).loose()).min(1) })
        .loose(),
    })
    .loose(),
]);

/** Parses a sessionWebhook body; an error string when DingTalk would reject it. */
export function renderWebhookBody(body: unknown): Rendered | { error: string } {
  const parsed = webhookBodySchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { error: first ? `${first.path.join('.') || 'msgtype'}: ${first.message}` : '消息格式不正确' };
  }
  const b = parsed.data;
  switch (b.msgtype) {
    case 'text':
      return { msgtype: 'text', text: b.text.content };
    case 'markdown':
      return { msgtype: 'markdown', title: b.markdown.title, text: b.markdown.text };
    case 'actionCard': {
      const c = b.actionCard;
      const buttons =
        c.btns && c.btns.length > 0
          ? c.btns.map((x) => ({ title: x.title, url: x.actionURL }))
          : [{ title: c.singleTitle ?? '', url: c.singleURL ?? '' }];
      return { msgtype: 'actionCard', title: c.title, text: c.text, buttons };
    }
    case 'link':
      return {
        msgtype: 'link',
        title: b.link.title,
        text: b.link.text,
        buttons: [{ title: '查看详情', url: b.link.messageUrl }],
      };
    case 'feedCard':
      return {
        msgtype: 'feedCard',
        text: b.feedCard.links.map((l) => `- [${l.title}](${l.messageURL})`).join('\n'),
        buttons: b.feedCard.links.map((l) => ({ title: l.title, url: l.messageURL })),
      };
  }
}

/** Required msgParam keys per msgKey (dingtalk.md §4). */
const MSG_KEYS: Record<string, string[]> = {
  sampleText: ['content'],
  sampleMarkdown: ['title', 'text'],
  sampleImageMsg: ['photoURL'],
  sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
  sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
  sampleActionCard2: ['title', 'text', 'actionTitle1', 'actionURL1', 'actionTitle2', 'actionURL2'],
  sampleActionCard3: [
    'title',
    'text',
    'actionTitle1',
    'actionURL1',
    'actionTitle2',
    'actionURL2',
    'actionTitle3',
    'actionURL3',
  ],
  sampleActionCard4: ['title', 'text', ...[1, 2, 3, 4].flatMap((i) => [`actionTitle${i}`, `actionURL${i}`])],
  sampleActionCard5: [
    'title',
    'text',
    ...[1, 2, 3, 4, 5].flatMap((i) => [`actionTitle${i}`, `actionURL${i}`]),
  ],
  sampleActionCard6: ['title', 'text', 'buttonTitle1', 'buttonUrl1', 'buttonTitle2', 'buttonUrl2'],
  sampleAudio: ['mediaId', 'duration'],
  sampleFile: ['mediaId', 'fileName', 'fileType'],
  sampleVideo: ['duration', 'videoMediaId', 'videoType', 'picMediaId'],
};

export type MsgParamCheck =
  | { ok: true; param: Record<string, unknown>; rendered: Rendered }
  | { ok: false; code: string; message: string };

/** Checks a proactive `msgKey` + `msgParam` (a JSON string) pair and renders it. */
export function renderMsgParam(msgKey: string, msgParam: string): MsgParamCheck {
  const required = MSG_KEYS[msgKey];
  if (!required) {
    return { ok: false, code: 'invalidParameter.msgKey.invalid', message: `msgKey 不合法：${msgKey}` };
  }
  let param: unknown;
  try {
    param = JSON.parse(msgParam);
  } catch {
    return {
      ok: false,
      code: 'invalidParameter.msgParam.invalid',
      message: 'msgParam 不是合法的 JSON 字符串',
    };
  }
  if (param === null || typeof param !== 'object' || Array.isArray(param)) {
    return { ok: false, code: 'invalidParameter.msgParam.invalid', message: 'msgParam 必须是 JSON 对象' };
  }
  const record = param as Record<string, unknown>;
  const missing = required.filter((key) => record[key] === undefined || record[key] === null);
  if (missing.length > 0) {
    return {
      ok: false,
      code: 'invalidParameter.msgParam.invalid',
      message: `msgParam 缺少字段：${missing.join(', ')}`,
    };
  }
  return { ok: true, param: record, rendered: renderProactive(msgKey, record) };
}

function s(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

function renderProactive(msgKey: string, p: Record<string, unknown>): Rendered {
  switch (msgKey) {
    case 'sampleText':
      return { msgtype: msgKey, text: s(p.content) };
    case 'sampleMarkdown':
      return { msgtype: msgKey, title: s(p.title), text: s(p.text) };
    case 'sampleImageMsg':
      return { msgtype: msgKey, text: `[图片](${s(p.photoURL)})` };
    case 'sampleLink':
      return {
        msgtype: msgKey,
        title: s(p.title),
        text: s(p.text),
        buttons: [{ title: '查看详情', url: s(p.messageUrl) }],
      };
    case 'sampleActionCard':
      return {
        msgtype: msgKey,
        title: s(p.title),
        text: s(p.text),
        buttons: [{ title: s(p.singleTitle), url: s(p.singleURL) }],
      };
    case 'sampleActionCard6':
      return {
        msgtype: msgKey,
        title: s(p.title),
        text: s(p.text),
        buttons: [1, 2].map((i) => ({ title: s(p[`buttonTitle${i}`]), url: s(p[`buttonUrl${i}`]) })),
      };
    default: {
      const m = /^sampleActionCard([2-5])$/.exec(msgKey);
      if (m) {
        const n = Number(m[1]);
        const buttons = Array.from({ length: n }, (_, i) => ({
          title: s(p[`actionTitle${i + 1}`]),
          url: s(p[`actionURL${i + 1}`]),
        }));
        return { msgtype: msgKey, title: s(p.title), text: s(p.text), buttons };
      }
      return {
        msgtype: msgKey,
        text: `[${msgKey}] ${s(p.fileName ?? p.mediaId ?? p.videoMediaId ?? '')}`.trim(),
      };
    }
  }
}

function parseJsonParam(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

const cardFieldsSchema = z.array(z.object({ label: z.string(), value: z.unknown() }).loose());
const cardButtonsSchema = z.array(
  z
    .object({ label: z.string(), action: z.string(), payload: z.record(z.string(), z.unknown()).optional() })
    .loose(),
);

/** Display form of a `jixiao.reply` card (title, markdown, fields, buttons, status params). */
export function renderCard(params: Record<string, string>): {
  title?: string;
  text: string;
  status?: string;
  fields: CardField[];
  cardButtons: CardButton[];
} {
  const fields = cardFieldsSchema.safeParse(parseJsonParam(params.fields));
  const buttons = cardButtonsSchema.safeParse(parseJsonParam(params.buttons));
  return {
    ...(params.title !== undefined ? { title: params.title } : {}),
    text: params.markdown ?? '',
    ...(params.status !== undefined ? { status: params.status } : {}),
    fields: fields.success ? fields.data.map((f) => ({ label: f.label, value: s(f.value) })) : [],
    cardButtons: buttons.success
      ? buttons.data.map((b) => ({
          label: b.label,
          action: b.action,
          ...(b.payload ? { payload: b.payload } : {}),
        }))
      : [],
  };
}
