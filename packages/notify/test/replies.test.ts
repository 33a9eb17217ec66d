import { queryRows } from '@jixiao/db';
import { queueClaimedReplies } from '@jixiao/db/outbox';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeReply } from '../src/index.ts';
import { chaos } from './fake-channel.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** `messages` answers of two replies each, left behind by processes that died before sending them. */
async function orphanedAnswers(h: Harness, messages: number): Promise<void> {
  const rows = [];
  for (let m = 0; m < messages; m++) {
    const conversation = `cid-${m % 7}`;
    for (let i = 0; i < 2; i++) {
      rows.push({
        dedupeKey: `reply:test:${m}:${i}`,
        payload: encodeReply({
          reply: {
            to: { kind: 'user', userId: `dt-${m % 7}` },
            webhook: { url: `https://oapi.example/robot/sendBySession?session=${m}`, expiresAt: null },
            reply: { title: `回复 ${m}-${i}`, markdown: '内容' },
          },
          lane: conversation,
          after: i > 0 ? `reply:test:${m}:${i - 1}` : null,
        }),
      });
    }
  }
  await queueClaimedReplies(h.db.db, rows, { now: h.clock.now(), leaseMs: 0 });
}

async function unsettled(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    h.db.db,
    sql`select count(*)::int as n from outbox where status in ('pending', 'sending')`,
  );
  return Number(row?.n ?? 0);
}

describe('bot replies in the outbox', () => {
  it('are each delivered once, each message’s in order, under 30% failures and throttling', async () => {
    h = await createHarness();
    await orphanedAnswers(h, 40);
    h.fake.plan = chaos(11, { retryable: 0.3, throttle: 0.1 });
    const worker = h.worker();
    for (let round = 0; round < 200 && (await unsettled()) > 0; round++) {
      await worker.drain();
      h.clock.advance(60_000);
    }
    expect(await unsettled()).toBe(0);
    const rows = await h.rowsOf('reply');
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    // Failures really happened, and were retried.
    expect(h.fake.calls.length).toBeGreaterThan(rows.length);

    const delivered = h.fake.replies.map((r) => r.key);
    expect(delivered).toHaveLength(80);
    expect(new Set(delivered).size).toBe(80);
    for (let m = 0; m < 40; m++) {
      expect(delivered.indexOf(`reply:test:${m}:0`)).toBeLessThan(delivered.indexOf(`reply:test:${m}:1`));
    }
    expect(h.fake.replies[0]?.webhook?.url).toContain('sendBySession');
  });
});
