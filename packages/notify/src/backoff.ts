export interface BackoffOptions {
  /** Delay after the first failure (default 1 s). */
  baseMs: number;
  /** Longest delay (default 5 min). */
  capMs: number;
}

/**
 * Delay before attempt `attempts + 1` after `attempts` failures: exponential, capped, with
 * "equal jitter" (half fixed, half random), so delays never shrink from one attempt to the next
 * while retries of many messages still spread out. A server's Retry-After wins when longer.
 */
export function backoffDelay(
  attempts: number,
  opts: BackoffOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.max(0, attempts - 1));
  const delay = Math.round(exp / 2 + (random() * exp) / 2);
  return Math.max(delay, retryAfterMs ?? 0);
}
