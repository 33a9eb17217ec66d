/** A process that died between persisting a message and answering it: the next one answers it. */
import { claimInboundMessage, getInboundMessage, saveInboundMessage } from '@jixiao/db/im';
import { type TestCity, type TestDatabase, testDatabaseKind } from '@jixiao/db/testing';
import type { DingTalkSim } from '@jixiao/dingtalk-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, ScriptedBot, type SimWorld, startAdapter, startSimWorld, waitFor } from './helpers.ts';

let world: SimWorld;
let db: TestDatabase;
let city: TestCity;
let sim: DingTalkSim;

beforeAll(async () => {
  world = await startSimWorld();
  ({ db, city, sim } = world);
});

afterAll(async () => {
  await world?.close();
});

describe(`crash recovery (${testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('answers at start-up a message that was persisted but never answered (no webhook left: proactive)', async () => {
    await saveInboundMessage(db.db, {
      channel: 'dingtalk',
      msgId: 'msg-crashed-before-reply',
      externalUserId: 'dt-edu',
      conversationId: 'cid-single-edu',
      conversationType: 'single',
      text: '崩溃前收到的问题',
      sessionWebhook: null,
      raw: { data: { senderNick: '李教育' } },
    });
    const before = sim.outbox('dt-edu').length;
    const bot = new ScriptedBot();
    const { adapter, ready } = startAdapter(sim, city.platform, bot);
    await ready;
    try {
      const row = await getInboundMessage(db.db, 'dingtalk', 'msg-crashed-before-reply');
      expect(row?.status).toBe('answered');
      expect(bot.messages).toEqual([
        {
          channel: 'dingtalk',
          externalUserId: 'dt-edu',
          senderNick: '李教育',
          conversation: { id: 'cid-single-edu', type: 'single' },
          text: '崩溃前收到的问题',
          msgId: 'msg-crashed-before-reply',
        },
      ]);
      const pushes = sim.outbox('dt-edu').slice(before);
      expect(pushes).toHaveLength(1);
      expect(pushes[0]).toMatchObject({ kind: 'oto', msgKey: 'sampleMarkdown', title: '收到' });
      expect(pushes[0]?.text).toContain('你说：崩溃前收到的问题');
      // Nothing left to do.
      expect(await adapter.recoverPending()).toBe(0);
    } finally {
      await adapter.stop();
    }
  });

  it('a server killed while answering: the next one takes the message over and answers it once', async () => {
    const hold = gate();
    const dyingBot = new ScriptedBot();
    dyingBot.holds.set('长时间查询', hold.promise);
    const a = startAdapter(sim, city.platform, dyingBot, { stopGraceMs: 50 });
    await a.ready;
    const pending = sim.sendMessage({ userId: 'dt-health', text: '长时间查询' });
    const inFlight = await waitFor(
      () => dyingBot.messages.find((m) => m.text === '长时间查询'),
      '引擎收到消息',
    );
    const stuck = await getInboundMessage(db.db, 'dingtalk', inFlight.msgId);
    expect(stuck?.status).toBe('processing');
    // "Kill": stop gives up on the in-flight message after 50 ms.
    await a.adapter.stop();

    const bot = new ScriptedBot();
    const b = startAdapter(sim, city.platform, bot, { processingLeaseMs: 0 });
    await b.ready;
    try {
      const result = await pending;
      expect(result.replies).toHaveLength(1);
      expect(result.replies[0]).toMatchObject({ via: 'sessionWebhook', title: '收到' });
      expect(bot.count(inFlight.msgId)).toBe(1);
      const row = await getInboundMessage(db.db, 'dingtalk', inFlight.msgId);
      expect(row?.status).toBe('answered');

      // The old worker wakes up: it must stay silent.
      expect(a.logger.text()).toContain('已放弃');
      hold.open();
      await waitFor(() => dyingBot.answered.includes(inFlight.msgId), '旧进程的引擎返回');
      await b.adapter.recoverPending();
      expect(sim.repliesFor(inFlight.msgId)).toHaveLength(1);
      expect(a.logger.text()).not.toContain('回复发送失败');
    } finally {
      await b.adapter.stop();
    }
  });

  it('leaves a message another live worker is answering alone until its lease runs out', async () => {
    await saveInboundMessage(db.db, {
      channel: 'dingtalk',
      msgId: 'msg-claimed-elsewhere',
      externalUserId: 'dt-leader',
      conversationId: 'cid-single-leader',
      conversationType: 'single',
      text: '另一个进程正在处理',
    });
    const claimed = await claimInboundMessage(db.db, {
      channel: 'dingtalk',
      msgId: 'msg-claimed-elsewhere',
      leaseMs: 300_000,
    });
    expect(claimed?.status).toBe('processing');
    const bot = new ScriptedBot();
    const { adapter, ready } = startAdapter(sim, city.platform, bot);
    await ready;
    try {
      expect(await adapter.recoverPending()).toBe(0);
      expect(bot.messages).toHaveLength(0);
      expect((await getInboundMessage(db.db, 'dingtalk', 'msg-claimed-elsewhere'))?.status).toBe(
        'processing',
      );
    } finally {
      await adapter.stop();
    }
    const c = startAdapter(sim, city.platform, bot, { processingLeaseMs: 0 });
    await c.ready;
    try {
      expect(bot.messages.map((m) => m.msgId)).toEqual(['msg-claimed-elsewhere']);
      expect((await getInboundMessage(db.db, 'dingtalk', 'msg-claimed-elsewhere'))?.status).toBe('answered');
    } finally {
      await c.adapter.stop();
    }
  });
});
