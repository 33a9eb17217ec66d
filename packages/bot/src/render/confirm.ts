import type { Reply, ReplyField } from '@jixiao/core';
import { PENDING_TTL_MS } from '../pending.ts';
import { callbackButton } from './format.ts';

/** A write waiting for the user: what will be written (as fields), and 确认 / 取消 (typed or pressed). */
export function renderConfirmation(title: string, intro: string, fields: ReplyField[], token: string): Reply {
  const minutes = Math.round(PENDING_TTL_MS / 60_000);
  return {
    title,
    markdown: `${intro}\n\n请核对以下内容，点击“确认”或回复“确认”办理，回复“取消”放弃（${minutes} 分钟内有效）。`,
    fields,
    buttons: [callbackButton('确认', 'confirm', { token }), callbackButton('取消', 'cancel', { token })],
  };
}
