import type { Reply } from '@jixiao/core';
import type { Platform } from '@jixiao/db';
import type { OutboxRecord } from '@jixiao/db/outbox';
import type { ResolvedNotifyOptions } from '../options.ts';

export interface RenderContext {
  platform: Platform;
  options: ResolvedNotifyOptions;
}

/** The notice a delivered message opens (or refreshes) for acknowledgement tracking. */
export interface NoticeSpec {
  subject: string;
  event: string;
  /** Re-send while unacknowledged (warnings, task assignments); false for reminders and escalations. */
  resend: boolean;
}

export type Rendered =
  | { kind: 'send'; reply: Reply; notice?: NoticeSpec }
  /** The subject closed or vanished: don't send stale news. */
  | { kind: 'cancel'; reason: string }
  /** The row itself is wrong (bad payload): sending again will not help. */
  | { kind: 'fail'; error: string };

export type Renderer = (ctx: RenderContext, row: OutboxRecord) => Promise<Rendered>;
