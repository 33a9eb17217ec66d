/**
 * Replies are outbox messages: queued with the "answered" mark in one transaction, sent at once, retried by the
 * outbox worker when that fails (through the webhook while it works, else the robot's send API), never answered
 * twice — not after a redelivery, not after a crash between the answer and the send.
 */
import type { Platform } from '@jixiao/db';
import {
  answerInboundMessage,
  claimInboundMessage,
  getInboundMessage,
  saveInboundMessage,
} from '@jixiao/db/im';
import { outbox } from '@jixiao/db/schema';
import { testDatabaseKind } from '@jixiao/db/testing';
import { createOutboxWorker, type OutboxWorker } from '@jixiao/notify';
import { like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replyRows } from '../src/delivery.ts';
import { type AdapterWorld, ScriptedBot, startAdapterWorld, waitFor } from './helpers.ts';

let world: AdapterWorld;
let bot: ScriptedBot;

beforeAll(async () => {
  bot = new ScriptedBot();
  world = await startAdapterWorld(() => bot);
});

afterAll(async () => {
  await world?.close();
});

afterEach(() => {
  world.sim.setFaults({});
});

/** Every DingTalk send fails: the webhook answers 系统繁忙 and the OpenAPI 500. */
const SENDS_FAIL = { sessionWebhookErrorRate: 1, openApiErrorRate: 1 } as const;

function worker(platform: Platform = world.city.platform): OutboxWorker {
  return createOutboxWorker({
    platform,
    channel: world.adapter.channel,
    options: { onFailure: () => {}, rateLimits: { perApiPerSecond: 1000 } },
  });
}

function repliesOf(msgId: string) {
  return world.db.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `reply:dingtalk:msg:${msgId}:%`))
    .orderBy(outbox.id);
}

/** Waits until the message is answered and its first reply attempt has been settled (sent or handed over). */
async function answeredAndSettled(msgId: () => string | undefined) {
  return waitFor(async () => {
    const id = msgId();
    if (!id) return null;
    const row = await getInboundMessage(world.db.db, 'dingtalk', id);
    const rows = await repliesOf(id);
    return row?.status === 'answered' && rows.length > 0 && rows.every((r) => r.status !== 'sending')
      ? rows
      : null;
  }, '消息已回复且回复已结算');
}

function pushesTo(userId: string, since: number) {
  return world.sim.outbox(userId).filter((p) => p.seq > since);
}

function lastSeq(): number {
  return Math.max(0, ...world.sim.outbox().map((p) => p.seq));
}

describe(`bot replies through the outbox (${testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('queues each reply as an outbox row and sends it at once', async () => {
    const { msgId, replies } = await world.sim.sendMessage({ userId: 'dt-edu', text: '发件箱测试' });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.via).toBe('sessionWebhook');
    const rows = await answeredAndSettled(() => msgId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'reply', status: 'sent', attempts: 1, lastError: null });
    expect(rows[0]?.dedupeKey).toBe(`reply:dingtalk:msg:${msgId}:0`);
  });

  it('a reply whose send fails is retried by the outbox; a redelivery meanwhile answers nothing again', async () => {
    world.sim.setFaults(SENDS_FAIL);
    const asked = world.sim.sendMessage({ userId: 'dt-edu-1', text: '发送失败后重试' });
    const question = () => bot.messages.find((m) => m.text === '发送失败后重试')?.msgId;
    const [row] = await answeredAndSettled(question);
    const msgId = question() as string;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toContain('system.error');
    expect(world.sim.repliesFor(msgId)).toEqual([]);

    // DingTalk pushes the message again: it is acknowledged, not answered again, its reply still queued once.
    const before = world.sim.acks().length;
    await world.sim.redeliver(msgId);
    await waitFor(() => world.sim.acks().length > before, '重新投递的帧被确认');
    expect(bot.count(msgId)).toBe(1);
    expect(await repliesOf(msgId)).toHaveLength(1);

    world.sim.setFaults({});
    const done = await worker().drain();
    expect(done.sent).toBe(1);
    const { replies } = await asked;
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ via: 'sessionWebhook', title: '收到' });
    expect(world.sim.repliesFor(msgId)).toHaveLength(1);
    expect((await repliesOf(msgId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(bot.count(msgId)).toBe(1);
  });

  it('once the session webhook has expired, the retry goes through the robot send API, in reply order', async () => {
    const since = lastSeq();
    world.sim.setFaults(SENDS_FAIL);
    void world.sim.sendMessage({
      userId: 'dt-health',
      text: '我的预警明细',
      conversationId: 'cid-expiry-group',
      groupTitle: '卫健委过期测试群',
    });
    const group = () => bot.messages.find((m) => m.conversation.id === 'cid-expiry-group')?.msgId;
    const groupRows = await answeredAndSettled(group);
    // The private answer failed; the note in the group waits for it without an attempt of its own…
    expect(groupRows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 0],
    ]);
    // …also when the worker's retry of the private answer fails again and the group's webhook would work.
    world.sim.setFaults({ openApiErrorRate: 1 });
    await worker().drain();
    expect((await repliesOf(group() as string)).map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 2],
      ['pending', 0],
    ]);
    expect(world.sim.repliesFor(group() as string)).toEqual([]);

    world.sim.setFaults(SENDS_FAIL);
    void world.sim.sendMessage({ userId: 'dt-health', text: '会话过期后的单聊' });
    const single = () => bot.messages.find((m) => m.text === '会话过期后的单聊')?.msgId;
    await answeredAndSettled(single);

    world.sim.expireSessions();
    world.sim.setFaults({});
    // Past every backoff.
    await worker({ ...world.city.platform, now: () => new Date(Date.now() + 61_000) }).drain();

    const toHealth = pushesTo('dt-health', since);
    const oto = toHealth.filter((p) => p.kind === 'oto');
    expect(oto.map((p) => p.title).sort()).toEqual(['您的预警明细', '收到']);
    expect(oto.find((p) => p.title === '收到')?.text).toContain('你说：会话过期后的单聊');
    const inGroup = toHealth.filter((p) => p.kind === 'group');
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]).toMatchObject({ conversationId: 'cid-expiry-group', title: '已私信' });
    // The private answer went before the note in the group that points to it.
    const privateAnswer = oto.find((p) => p.title === '您的预警明细');
    expect((privateAnswer?.seq ?? 0) < (inGroup[0]?.seq ?? 0)).toBe(true);
    expect(world.sim.repliesFor(single() as string).filter((r) => r.via === 'sessionWebhook')).toEqual([]);
    for (const r of [...(await repliesOf(single() as string)), ...(await repliesOf(group() as string))])
      expect(r.status).toBe('sent');
  });

  it('a process that died after answering but before sending: the worker sends the reply once after the lease', async () => {
    const msgId = 'msg-died-after-answer';
    await saveInboundMessage(world.db.db, {
      channel: 'dingtalk',
      msgId,
      externalUserId: 'dt-leader',
      conversationId: 'cid-single-leader',
      conversationType: 'single',
      text: '崩溃在发送之前',
    });
    // What the dead process did: claim, answer, queue the reply (leased to it for 60 s) — and nothing more.
    const claimed = await claimInboundMessage(world.db.db, { channel: 'dingtalk', msgId, leaseMs: 300_000 });
    expect(claimed?.claimedAt).toBeInstanceOf(Date);
    const queued = await answerInboundMessage(world.db.db, {
      id: claimed?.id as number,
      claimedAt: claimed?.claimedAt as Date,
      status: 'answered',
      replies: replyRows(
        {
          conversation: { kind: 'user', userId: 'dt-leader' },
          askerUserId: 'dt-leader',
          sessionWebhook: null,
          sessionWebhookExpiresAt: null,
          source: `msg:${msgId}`,
          lane: 'cid-single-leader',
        },
        [{ audience: 'conversation', reply: { title: '已记录', markdown: '您的说明已记录。' } }],
      ),
      now: new Date(),
      leaseMs: 60_000,
    });
    expect(queued).toHaveLength(1);
    const since = lastSeq();

    // Another process: the message is answered, so neither recovery nor a redelivery answers it again…
    expect(await world.adapter.recoverPending()).toBe(0);
    expect(await worker().drain()).toMatchObject({ claimed: 0 });
    // …and once the lease has run out, the worker sends the queued reply.
    const later = { ...world.city.platform, now: () => new Date(Date.now() + 61_000) };
    expect(await worker(later).drain()).toMatchObject({ reclaimed: 1, sent: 1 });
    const pushes = pushesTo('dt-leader', since);
    expect(pushes.map((p) => [p.kind, p.title])).toEqual([['oto', '已记录']]);
    expect(await worker(later).drain()).toMatchObject({ claimed: 0 });
    expect(bot.count(msgId)).toBe(0);
  });
});
