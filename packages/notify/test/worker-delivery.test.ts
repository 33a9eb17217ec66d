import { openDatabase, type Platform, queryRows, SYSTEM_ACTOR } from '@jixiao/db';
import { createUser } from '@jixiao/db/master-data';
import { resolveWarning } from '@jixiao/db/monitoring';
import { outbox, warnings } from '@jixiao/db/schema';
import { testDatabaseKind } from '@jixiao/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutboxWorker, type MessageChannel } from '../src/index.ts';
import { chaos } from './fake-channel.ts';
import { createHarness, FAST, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function unsettled(h: Harness): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    h.db.db,
    sql`select count(*)::int as n from outbox where status in ('pending', 'sending')`,
  );
  return Number(row?.n ?? 0);
}

/** Drains, moving the clock a minute at a time, until every row is settled. */
async function drainAll(h: Harness, drain: () => Promise<unknown>, maxRounds = 500): Promise<number> {
  for (let round = 0; round < maxRounds; round++) {
    await drain();
    if ((await unsettled(h)) === 0) return round;
    h.clock.advance(60_000);
  }
  throw new Error('outbox did not settle');
}

/** Many warning messages: 12 flagged items in department A and its unit, swept. */
/** Replaces the outbox with `n` pushes of one real warning, all to the same department officer. */
async function pushesToOneOfficer(h: Harness, n: number, tag: string): Promise<void> {
  await h.flaggedItem();
  await h.sweep();
  const [w] = await h.db.db.select().from(warnings).limit(1);
  if (!w) throw new Error('no warning');
  await h.db.db.delete(outbox);
  await h.db.db.insert(outbox).values(
    Array.from({ length: n }, (_, i) => ({
      kind: 'warning',
      dedupeKey: `${tag}:${i}`,
      recipientUserId: h.city.actors.officerA.userId as number,
      payload: { warningId: w.id, event: 'new', severity: w.severity, itemId: w.itemId },
      nextAttemptAt: h.clock.now(),
    })),
  );
}

async function manyWarnings(h: Harness): Promise<number> {
  for (let i = 0; i < 6; i++) await h.flaggedItem();
  for (let i = 0; i < 6; i++) await h.flaggedItem(h.city.orgs.unitA1);
  await h.sweep();
  const rows = await h.rowsOf('warning');
  expect(rows.length).toBeGreaterThanOrEqual(18);
  return rows.length;
}

describe('the outbox worker', () => {
  it('delivers every row exactly once under 30% retryable failures, throttling and lost answers', async () => {
    h = await createHarness();
    const n = await manyWarnings(h);
    h.fake.plan = chaos(42, { retryable: 0.2, throttle: 0.1, lostAnswer: 0.1 });
    const worker = h.worker({ random: Math.random, backoff: { baseMs: 1000, capMs: 60_000 } });
    await drainAll(h, () => worker.drain());

    const rows = await h.rows();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(h.fake.delivered.size).toBe(n);
    expect([...h.fake.delivered.keys()].sort()).toEqual(rows.map((r) => `jx-${r.id}`).sort());
    // Failures happened and were retried; lost answers were re-sent and deduplicated by the key.
    expect(h.fake.calls.length).toBeGreaterThan(n);
    expect(h.fake.duplicatesSuppressed).toBeGreaterThan(0);
    expect(worker.counters.retried).toBeGreaterThan(0);
    expect(worker.counters.throttled).toBeGreaterThan(0);
    expect(worker.counters.sent).toBe(n);
    // A warning message: title, fields, the two buttons and the link to its page.
    const first = [...h.fake.delivered.values()][0];
    expect(first?.reply.title).toMatch(/^【(黄色|橙色|红色)预警】测试项目/);
    expect(
      first?.reply.buttons?.map((b) => (b.kind === 'callback' ? [b.action, b.label] : [b.kind, b.label])),
    ).toEqual([
      ['ack', '收到'],
      ['explain', '说明原因'],
      ['url', '查看详情'],
    ]);
    expect(first?.reply.fields?.map((f) => f.label)).toContain('建议措施');
  });

  it('takes over a row left in sending by a dead worker after the lease, without sending it twice', async () => {
    h = await createHarness();
    await h.flaggedItem();
    await h.sweep();
    const rows = await h.rowsOf('warning');
    expect(rows.length).toBeGreaterThan(0);

    // The dead worker delivers its first message, then its process "dies" before recording it.
    const dying: MessageChannel = {
      sendToUser: async (to, reply, key) => {
        await h.fake.sendToUser(to, reply, key);
        return new Promise(() => {});
      },
      sendFileToUser: () => new Promise(() => {}),
      sendToGroup: () => new Promise(() => {}),
      sendReply: () => new Promise(() => {}),
      upsertTodo: () => new Promise(() => {}),
    };
    const dead = createOutboxWorker({ platform: h.platform, channel: dying, options: FAST });
    void dead.drain();
    await vi.waitFor(() => expect(h.fake.delivered.size).toBe(1));
    expect((await h.rows()).every((r) => r.status === 'sending')).toBe(true);

    const survivor = h.worker({ leaseMs: 120_000 });
    expect((await survivor.drain()).claimed).toBe(0); // still leased
    h.clock.advance(121_000);
    const done = await survivor.drain();
    expect(done.reclaimed).toBe(rows.length);
    expect(done.sent).toBe(rows.length);
    expect(h.fake.delivered.size).toBe(rows.length);
    expect(h.fake.duplicatesSuppressed).toBe(1);
    expect((await h.rows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('never double-sends with two workers draining at once', async () => {
    h = await createHarness();
    const n = await manyWarnings(h);
    h.fake.plan = chaos(7, { retryable: 0.2, throttle: 0.1 });
    // On PostgreSQL the second worker has its own connection pool, like a second server.
    let second: Platform = h.platform;
    let closeSecond = async () => {};
    if (testDatabaseKind() === 'postgres' && h.db.url) {
      const other = await openDatabase({ url: h.db.url, poolSize: 4 });
      second = { ...h.platform, db: other.db };
      closeSecond = () => other.close();
    }
    const a = h.worker({ batchSize: 4, random: Math.random });
    const b = h.worker({ batchSize: 4, random: Math.random }, h.fake, second);
    try {
      await drainAll(h, () => Promise.all([a.drain(), b.drain()]));
    } finally {
      await closeSecond();
    }
    expect(a.counters.sent).toBeGreaterThan(0);
    expect(b.counters.sent).toBeGreaterThan(0);
    expect(a.counters.sent + b.counters.sent).toBe(n);
    expect(a.counters.lostClaims + b.counters.lostClaims).toBe(0);
    expect(h.fake.delivered.size).toBe(n);
    // Every send call was for a distinct attempt: no row was in two workers' hands at once.
    const okCalls = h.fake.calls.length - (a.counters.retried + b.counters.retried);
    expect(okCalls).toBe(n);
  });

  it('backs off exponentially, then fails after max attempts with the error kept and reported', async () => {
    h = await createHarness();
    await h.flaggedItem();
    await h.sweep();
    const [row] = await h.rowsOf('warning');
    if (!row) throw new Error('no row');
    await h.db.db.delete(outbox).where(sql`${outbox.id} <> ${row.id}`);
    h.fake.plan = () => 'retryable';
    const reported: string[] = [];
    const worker = h.worker({
      maxAttempts: 6,
      backoff: { baseMs: 1000, capMs: 10_000 },
      random: () => 0.99,
      onFailure: (_r, error) => reported.push(error),
    });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await worker.drain();
      const [r] = await h.db.db.select().from(outbox).where(eq(outbox.id, row.id));
      if (!r) throw new Error('row vanished');
      if (r.status === 'failed') break;
      expect(r.status).toBe('pending');
      expect(r.attempts).toBe(i + 1);
      delays.push(r.nextAttemptAt.getTime() - h.clock.t);
      h.clock.t = r.nextAttemptAt.getTime();
    }
    // 1 s, 2 s, 4 s, 8 s, then the 10 s cap (jitter keeps each in [exp/2, exp]).
    expect(delays).toHaveLength(5);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    expect(delays[0]).toBeGreaterThan(500);
    expect(delays[0]).toBeLessThanOrEqual(1000);
    expect(delays[3]).toBeGreaterThan(4000);
    expect(delays[4]).toBeLessThanOrEqual(10_000);
    const [failed] = await h.db.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(failed?.status).toBe('failed');
    expect(failed?.attempts).toBe(6);
    expect(failed?.lastError).toMatch(/已尝试 6 次仍未成功.*system\.error/);
    expect(reported).toHaveLength(1);
    expect(worker.counters.failed).toBe(1);
    expect(h.fake.delivered.size).toBe(0);
  });

  it('keeps to the per-recipient limit, deferring the rest without counting attempts', async () => {
    h = await createHarness();
    await pushesToOneOfficer(h, 45, 'limit-test');
    const worker = h.worker({ rateLimits: { perApiPerSecond: 100_000, perRecipientPerMinute: 20 } });
    expect((await worker.drain()).sent).toBe(20);
    expect((await worker.drain()).sent).toBe(0);
    h.clock.advance(30_000);
    expect((await worker.drain()).sent).toBe(0);
    h.clock.advance(31_000);
    expect((await worker.drain()).sent).toBe(20);
    h.clock.advance(61_000);
    expect((await worker.drain()).sent).toBe(5);

    // A fresh worker (a restart, or another server) sees the recent sends in the database.
    const times = [...h.fake.delivered.values()].map((d) => d.at.getTime()).sort((a, b) => a - b);
    expect(times).toHaveLength(45);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= (times[i] as number) && t < (times[i] as number) + 60_000);
      expect(inWindow.length).toBeLessThanOrEqual(20);
    }
    const rows = await h.rows();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('seeds the per-recipient limit from the database, so a new worker does not exceed it', async () => {
    h = await createHarness();
    await pushesToOneOfficer(h, 30, 'seed-test');
    const limits = { rateLimits: { perApiPerSecond: 100_000, perRecipientPerMinute: 20 }, batchSize: 10 };
    expect((await h.worker(limits).drain({ maxBatches: 1 })).sent).toBe(10);
    expect((await h.worker(limits).drain()).sent).toBe(10);
    expect(h.fake.delivered.size).toBe(20);
  });

  it('fails a message to a user without DingTalk, and cancels news whose subject closed', async () => {
    h = await createHarness();
    await h.flaggedItem();
    await h.sweep();
    const [w] = await h.db.db.select().from(warnings).limit(1);
    if (!w) throw new Error('no warning');
    const nobody = await createUser(h.platform, SYSTEM_ACTOR, {
      name: '孙无钉',
      orgUnitId: h.city.orgs.deptB,
      roles: ['dept_officer'],
    });
    await h.db.db.insert(outbox).values({
      kind: 'warning',
      dedupeKey: 'no-dingtalk',
      recipientUserId: nobody.id,
      payload: { warningId: w.id, event: 'new' },
      nextAttemptAt: h.clock.now(),
    });
    await resolveWarning(h.platform, h.city.actors.admin, w.id, '已核实处理');
    const reported: string[] = [];
    const worker = h.worker({ onFailure: (_r, e) => reported.push(e) });
    await worker.drain();
    const rows = await h.rows();
    const noDingtalk = rows.find((r) => r.dedupeKey === 'no-dingtalk');
    expect(noDingtalk?.status).toBe('failed');
    expect(noDingtalk?.lastError).toContain('孙无钉（用户');
    expect(noDingtalk?.lastError).toContain('未绑定钉钉账号');
    expect(reported).toHaveLength(1);
    const about = rows.filter(
      (r) => (r.payload as { warningId?: number }).warningId === w.id && r.dedupeKey !== 'no-dingtalk',
    );
    expect(about.length).toBeGreaterThan(0);
    expect(about.every((r) => r.status === 'cancelled' && r.lastError === '预警已办结')).toBe(true);
    expect(h.fake.calls).toHaveLength(rows.filter((r) => r.status === 'sent').length);
  });

  it('stops gracefully: start() polls, stop() finishes what is in flight', async () => {
    h = await createHarness();
    await h.flaggedItem();
    await h.sweep();
    const n = (await h.rowsOf('warning')).length;
    const worker = h.worker({ pollIntervalMs: 10 });
    worker.start();
    await vi.waitFor(() => expect(worker.counters.sent).toBe(n), { timeout: 10_000 });
    await worker.stop();
    expect((await h.rows()).every((r) => r.status === 'sent')).toBe(true);
  });
});
