import type { Platform } from '@jixiao/db';
import {
  type ClaimedOutboxRow,
  claimOutbox,
  markOutboxCancelled,
  markOutboxDeferred,
  markOutboxFailed,
  markOutboxRetry,
  markOutboxSent,
  REPLY_KIND,
  recentSendTimes,
} from '@jixiao/db/outbox';
import { backoffDelay } from './backoff.ts';
import type { MessageChannel } from './channel.ts';
import { diffCounters, emptyCounters, type OutboxWorkerCounters } from './counters.ts';
import { deliverFile } from './handlers/file.ts';
import { deliverMessage } from './handlers/message.ts';
import { deliverReply } from './handlers/reply.ts';
import { deliverTodo } from './handlers/todo.ts';
import type { ApiName, DeliveryContext, RowOutcome } from './handlers/types.ts';
import { type ResolvedNotifyOptions, resolveNotifyOptions } from './options.ts';
import { runPool } from './pool.ts';
import { RecipientWindow } from './recipient-window.ts';
import { decodeReply } from './reply-payload.ts';
import { realClock, TokenBucket } from './token-bucket.ts';
import type { OutboxWorkerOptions } from './worker-options.ts';

export interface OutboxWorker {
  /** Polls and sends in the background until `stop()`. */
  start(): void;
  /** Stops polling and waits for the messages in flight to finish. */
  stop(): Promise<void>;
  /** Processes until nothing is due (tests, benchmarks, a CLI); returns what this drain did. */
  drain(opts?: { maxBatches?: number }): Promise<OutboxWorkerCounters>;
  readonly counters: Readonly<OutboxWorkerCounters>;
}

const API_NAMES: readonly ApiName[] = ['robot.user', 'robot.group', 'todo'];

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 1000);
}

function handlerFor(row: ClaimedOutboxRow, options: ResolvedNotifyOptions) {
  if (row.kind === 'todo') return deliverTodo;
  if (Object.hasOwn(options.files, row.kind)) return deliverFile;
  if (row.kind === REPLY_KIND) return deliverReply;
  return deliverMessage;
}

/** Rows of one lane go one at a time, in order: a recipient's messages, or a conversation's replies. */
function laneOf(row: ClaimedOutboxRow): string {
  if (row.kind === REPLY_KIND) return `c:${decodeReply(row)?.lane ?? row.id}`;
  return row.recipientGroupId !== null ? `g:${row.recipientGroupId}` : `u:${row.recipientUserId}`;
}

/**
 * The outbox worker: claims due rows (SKIP LOCKED, with a lease), renders each from current data,
 * sends it through the channel under per-API token buckets and a per-recipient limit, and settles
 * it — sent, retried with exponential backoff, failed (reported) or cancelled. The idempotency key
 * is derived from the row, so a row re-sent after a crash or a lost answer is delivered once.
 *
 * @example
 * const worker = createOutboxWorker({ platform, channel: dingtalk.channel, options: { publicUrl } });
 * worker.start();
 * // on shutdown
 * await worker.stop();
 */
export function createOutboxWorker(args: {
  platform: Platform;
  channel: MessageChannel;
  options?: OutboxWorkerOptions;
}): OutboxWorker {
  const { platform, channel } = args;
  const o = args.options ?? {};
  const batchSize = o.batchSize ?? 32;
  const concurrency = o.concurrency ?? 8;
  const pollIntervalMs = o.pollIntervalMs ?? 1000;
  const leaseMs = o.leaseMs ?? 120_000;
  const maxAttempts = o.maxAttempts ?? 12;
  const backoff = { baseMs: o.backoff?.baseMs ?? 1000, capMs: o.backoff?.capMs ?? 300_000 };
  const random = o.random ?? Math.random;
  const keyPrefix = o.keyPrefix ?? 'jx';
  const onFailure =
    o.onFailure ??
    ((row, error) => console.error(`[notify] 消息 #${row.id}（${row.kind}）发送失败，已放弃：${error}`));
  const perApi = o.rateLimits?.perApiPerSecond ?? 20;
  const rateOf = (api: ApiName) => (typeof perApi === 'number' ? perApi : (perApi[api] ?? 20));
  const buckets = Object.fromEntries(
    API_NAMES.map((api) => [
      api,
      new TokenBucket(rateOf(api), o.bucketClock ?? realClock, o.rateLimits?.maxPauseMs ?? 5_000),
    ]),
  ) as Record<ApiName, TokenBucket>;
  const windowMs = 60_000;
  const recipients = new RecipientWindow(o.rateLimits?.perRecipientPerMinute ?? 20, windowMs);

  const ctx: DeliveryContext = {
    platform,
    options: resolveNotifyOptions(o),
    channel,
    buckets,
    recipients,
    idempotencyKey: (row) => `${keyPrefix}-${row.id}`,
  };
  const counters = emptyCounters();

  async function settle(row: ClaimedOutboxRow, outcome: RowOutcome): Promise<void> {
    const claim = { id: row.id, attempts: row.attempts };
    const db = platform.db;
    const at = platform.now();
    let held: boolean;
    switch (outcome.type) {
      case 'sent':
        held = await db.transaction(async (tx) => {
          const ok = await markOutboxSent(tx, claim, at);
          if (ok && outcome.onSent) await outcome.onSent(tx, at);
          return ok;
        });
        if (held) counters.sent++;
        break;
      case 'retry':
        if (outcome.throttled) counters.throttled++;
        if (row.attempts >= maxAttempts) {
          return settle(row, {
            type: 'failed',
            error: `已尝试 ${row.attempts} 次仍未成功，最后一次错误：${outcome.error}`,
          });
        }
        held = await markOutboxRetry(
          db,
          claim,
          new Date(at.getTime() + backoffDelay(row.attempts, backoff, random, outcome.retryAfterMs)),
          outcome.error,
        );
        if (held) counters.retried++;
        break;
      case 'failed':
        held = await markOutboxFailed(db, claim, outcome.error);
        if (held) {
          counters.failed++;
          onFailure(row, outcome.error);
        }
        break;
      case 'cancelled':
        held = await markOutboxCancelled(db, claim, outcome.reason);
        if (held) counters.cancelled++;
        break;
      case 'deferred':
        held = await markOutboxDeferred(db, claim, outcome.until);
        if (held) counters.deferred++;
        break;
    }
    if (!held) counters.lostClaims++;
  }

  async function processRow(row: ClaimedOutboxRow): Promise<void> {
    let outcome: RowOutcome;
    if (row.attempts > maxAttempts) {
      outcome = { type: 'failed', error: `已尝试 ${row.attempts - 1} 次，发送过程多次中断，未能确认送达` };
    } else {
      try {
        outcome = await handlerFor(row, ctx.options)(ctx, row);
      } catch (err) {
        counters.errors++;
        outcome = { type: 'retry', error: `处理出错：${errorText(err)}` };
      }
    }
    try {
      await settle(row, outcome);
    } catch (err) {
      // The row stays `sending`; it is taken over when its lease runs out.
      counters.errors++;
      console.error(`[notify] 消息 #${row.id} 状态更新失败：${errorText(err)}`);
    }
  }

  /** Claims and processes one batch; returns how many rows it claimed. */
  async function runOnce(): Promise<number> {
    const now = platform.now();
    const rows = await claimOutbox(platform.db, { now, limit: batchSize, leaseMs });
    if (rows.length === 0) return 0;
    counters.claimed += rows.length;
    counters.reclaimed += rows.filter((r) => r.reclaimed).length;

    const userIds = [
      ...new Set(
        rows.flatMap((r) => (r.kind !== 'todo' && r.recipientUserId !== null ? [r.recipientUserId] : [])),
      ),
    ];
    const recent = await recentSendTimes(platform.db, userIds, new Date(now.getTime() - windowMs));
    for (const id of userIds) recipients.seed(id, recent.get(id) ?? []);

    // One lane per recipient (or conversation): their messages and to-dos go in order, one at a time.
    const lanes = new Map<string, ClaimedOutboxRow[]>();
    for (const row of rows) {
      const key = laneOf(row);
      const lane = lanes.get(key) ?? [];
      lane.push(row);
      lanes.set(key, lane);
    }
    await runPool([...lanes.values()], concurrency, async (lane) => {
      for (const row of lane) await processRow(row);
    });
    return rows.length;
  }

  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;

  return {
    counters,
    start() {
      if (loop) return;
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          let claimed = 0;
          try {
            claimed = await runOnce();
          } catch (err) {
            counters.errors++;
            console.error(`[notify] 读取待发消息失败：${errorText(err)}`);
          }
          if (claimed === 0 && !stopping) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollIntervalMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
        }
      })();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
    },
    async drain(opts = {}) {
      const before = { ...counters };
      const maxBatches = opts.maxBatches ?? 10_000;
      for (let i = 0; i < maxBatches; i++) {
        if ((await runOnce()) === 0) break;
      }
      return diffCounters(counters, before);
    },
  };
}
