import { describe, expect, it } from 'vitest';
import { backoffDelay, TokenBucket } from '../src/index.ts';
import { RecipientWindow } from '../src/recipient-window.ts';

/** Fake monotonic time for the bucket: sleeping moves it forward. */
function fakeTime() {
  const t = { now: 0, slept: 0 };
  return {
    t,
    clock: {
      now: () => t.now,
      sleep: async (ms: number) => {
        t.now += ms;
        t.slept += ms;
      },
    },
  };
}

describe('per-API token bucket', () => {
  it('allows a one-second burst at the rate, then paces requests', async () => {
    const { t, clock } = fakeTime();
    const bucket = new TokenBucket(20, clock);
    for (let i = 0; i < 20; i++) await bucket.take();
    expect(t.now).toBe(0);
    for (let i = 0; i < 40; i++) await bucket.take();
    // 40 more at 20 per second: two seconds.
    expect(t.now).toBeGreaterThanOrEqual(1950);
    expect(t.now).toBeLessThanOrEqual(2100);
  });

  it('slows down when throttled, pausing for Retry-After, and recovers on success', async () => {
    const { t, clock } = fakeTime();
    const bucket = new TokenBucket(20, clock);
    bucket.throttled(1500);
    expect(bucket.rate).toBe(10);
    await bucket.take();
    expect(t.now).toBeGreaterThanOrEqual(1500);
    bucket.throttled(100_000);
    expect(bucket.rate).toBe(5);
    const before = t.now;
    await bucket.take();
    expect(t.now - before).toBeLessThanOrEqual(5_000 + 250); // pause capped
    for (let i = 0; i < 40; i++) bucket.succeeded();
    expect(bucket.rate).toBe(20);
  });
});

describe('backoff', () => {
  it('grows exponentially within [exp/2, exp], never shrinks, is capped, and honours Retry-After', () => {
    const opts = { baseMs: 1000, capMs: 300_000 };
    for (const r of [0, 0.3, 0.999]) {
      let prev = 0;
      for (let a = 1; a <= 14; a++) {
        const d = backoffDelay(a, opts, () => r);
        const exp = Math.min(300_000, 1000 * 2 ** (a - 1));
        expect(d).toBeGreaterThanOrEqual(exp / 2);
        expect(d).toBeLessThanOrEqual(exp);
        expect(d).toBeGreaterThanOrEqual(prev);
        prev = d;
      }
    }
    expect(backoffDelay(1, opts, () => 0, 30_000)).toBe(30_000);
  });
});

describe('per-recipient window', () => {
  it('allows `limit` in any window and says when the next may go', () => {
    const w = new RecipientWindow(3, 60_000);
    const at = (s: number) => new Date(1_000_000 + s * 1000);
    w.record(7, at(0));
    w.record(7, at(10));
    expect(w.blockedUntil(7, at(20))).toBeNull();
    w.record(7, at(20));
    expect(w.blockedUntil(7, at(30))?.getTime()).toBe(at(60).getTime() + 1);
    expect(w.blockedUntil(8, at(30))).toBeNull();
    expect(w.blockedUntil(7, at(61))).toBeNull();
    w.seed(7, [at(100), at(101), at(102)]);
    expect(w.blockedUntil(7, at(103))?.getTime()).toBe(at(160).getTime() + 1);
  });
});
