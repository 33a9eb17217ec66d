import type { Platform, Tx } from '@jixiao/db';
import type { ClaimedOutboxRow } from '@jixiao/db/outbox';
import type { MessageChannel } from '../channel.ts';
import type { ResolvedNotifyOptions } from '../options.ts';
import type { RecipientWindow } from '../recipient-window.ts';
import type { TokenBucket } from '../token-bucket.ts';

/** The DingTalk APIs with their own rate limit (per app, per API). */
export type ApiName = 'robot.user' | 'robot.group' | 'todo';

export interface DeliveryContext {
  platform: Platform;
  options: ResolvedNotifyOptions;
  channel: MessageChannel;
  buckets: Record<ApiName, TokenBucket>;
  recipients: RecipientWindow;
  /** The same for every attempt at one row. */
  idempotencyKey: (row: ClaimedOutboxRow) => string;
}

/** What became of one attempt at a row; the worker settles the row accordingly. */
export type RowOutcome =
  /** `onSent` runs in the transaction that marks the row sent (e.g. recording the notice). */
  | { type: 'sent'; onSent?: (tx: Tx, at: Date) => Promise<void> }
  | { type: 'retry'; error: string; retryAfterMs?: number; throttled?: boolean }
  | { type: 'failed'; error: string }
  | { type: 'cancelled'; reason: string }
  /** Not tried: a rate limit says not before `until`. */
  | { type: 'deferred'; until: Date };

export type RowHandler = (ctx: DeliveryContext, row: ClaimedOutboxRow) => Promise<RowOutcome>;
