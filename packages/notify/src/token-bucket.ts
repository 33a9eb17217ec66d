export interface BucketClock {
  /** Milliseconds, monotonic. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: BucketClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket for one DingTalk API (requests per second, per app), adaptive: a throttled
 * response halves the rate and pauses the bucket (for the server's Retry-After, capped), and
 * each success wins back a twentieth of the configured rate.
 */
export class TokenBucket {
  readonly maxRate: number;
  #rate: number;
  #tokens: number;
  #last: number;
  #pausedUntil = 0;
  readonly #clock: BucketClock;
  readonly #maxPauseMs: number;

  constructor(ratePerSecond: number, clock: BucketClock = realClock, maxPauseMs = 5_000) {
    this.maxRate = Math.max(0.1, ratePerSecond);
    this.#rate = this.maxRate;
    this.#tokens = Math.max(1, this.maxRate);
    this.#clock = clock;
    this.#last = clock.now();
    this.#maxPauseMs = maxPauseMs;
  }

  /** Current rate, requests per second. */
  get rate(): number {
    return this.#rate;
  }

  #refill(): void {
    const now = this.#clock.now();
    const from = Math.max(this.#last, this.#pausedUntil);
    if (now > from)
      this.#tokens = Math.min(Math.max(1, this.#rate), this.#tokens + ((now - from) * this.#rate) / 1000);
    this.#last = Math.max(this.#last, now);
  }

  /** Waits for a token. */
  async take(): Promise<void> {
    for (;;) {
      this.#refill();
      const now = this.#clock.now();
      if (now < this.#pausedUntil) {
        await this.#clock.sleep(this.#pausedUntil - now);
        continue;
      }
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.#clock.sleep(Math.ceil(((1 - this.#tokens) * 1000) / this.#rate));
    }
  }

  /** The API said "too fast": slow down. */
  throttled(retryAfterMs?: number): void {
    this.#rate = Math.max(this.maxRate / 20, this.#rate / 2, 0.1);
    this.#tokens = 0;
    const pause = Math.min(this.#maxPauseMs, retryAfterMs ?? 1000 / this.#rate);
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + pause);
  }

  succeeded(): void {
    this.#rate = Math.min(this.maxRate, this.#rate + this.maxRate / 20);
  }
}
