import type { OutboxRecord } from '@jixiao/db/outbox';
import type { BackoffOptions } from './backoff.ts';
import type { ApiName } from './handlers/types.ts';
import type { NotifyOptions } from './options.ts';
import type { BucketClock } from './token-bucket.ts';

export interface OutboxWorkerOptions extends NotifyOptions {
  /** Rows claimed at a time (default 32). */
  batchSize?: number;
  /** Sends in flight at once (default 8). Messages to one recipient go one after another. */
  concurrency?: number;
  /** Idle wait between polls when nothing is due (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long a claimed row is held before another worker may take it over (default 2 min). */
  leaseMs?: number;
  /** Attempts before a retryable failure becomes `failed` (default 12). */
  maxAttempts?: number;
  /** Exponential backoff (default base 1 s, cap 5 min), with jitter. */
  backoff?: Partial<BackoffOptions>;
  rateLimits?: {
    /** Requests per second per DingTalk API (default 20: DingTalk's per-app-per-API QPS), or per API. */
    perApiPerSecond?: number | Partial<Record<ApiName, number>>;
    /** Chat messages to one person per minute (default 20; to-dos are not counted). */
    perRecipientPerMinute?: number;
    /** Longest pause of an API's bucket after a throttled answer (default 5000 ms). */
    maxPauseMs?: number;
  };
  /** Prefix of idempotency keys, `<prefix>-<outbox id>` (default 'jx'). */
  keyPrefix?: string;
  /** Random source for backoff jitter (default Math.random; tests pass a seeded one). */
  random?: () => number;
  /** Told about every message given up on (default: logged with console.error). */
  onFailure?: (row: OutboxRecord, error: string) => void;
  /** Clock of the per-API buckets (default real time; tests may pass a fake). */
  bucketClock?: BucketClock;
}
