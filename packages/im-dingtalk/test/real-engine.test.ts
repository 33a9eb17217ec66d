/** The adapter with the real bot engine from packages/bot, over the fake DingTalk. */
import { createBotEngine } from '@jixiao/bot';
import { getInboundMessage } from '@jixiao/db/im';
import { type TestCity, type TestDatabase, testDatabaseKind } from '@jixiao/db/testing';
import type { DingTalkSim } from '@jixiao/dingtalk-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterWorld, startAdapter, startAdapterWorld, startSim, waitFor } from './helpers.ts';

let world: AdapterWorld;
let db: TestDatabase;
let city: TestCity;
let sim: DingTalkSim;

beforeAll(async () => {
  world = await startAdapterWorld((c) => createBotEngine({ platform: c.platform }));
  ({ db, city, sim } = world);
});

afterAll(async () => {
  await world?.close();
});

describe(`real bot engine (${testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('answers "帮助" through the sessionWebhook', async () => {
    const { msgId, replies } = await sim.sendMessage({ userId: 'dt-edu', text: '帮助' });
    expect(replies.length).toBeGreaterThan(0);
    const [reply] = replies;
    expect(reply?.via).toBe('sessionWebhook');
    expect(reply?.text).toContain('我的预警');
    await waitFor(
      async () => (await getInboundMessage(db.db, 'dingtalk', msgId))?.status === 'answered',
      '已回复',
    );
  });

  it('politely refuses someone who is not an official', async () => {
    const stranger = await startSim({
      users: () => [{ userId: 'dt-stranger', unionId: 'union-dt-stranger', name: '路人' }],
    });
    const other = startAdapter(stranger, city.platform, createBotEngine({ platform: city.platform }));
    await other.ready;
    try {
      const { replies } = await stranger.sendMessage({ userId: 'dt-stranger', text: '我的预警' });
      expect(replies).toHaveLength(1);
      expect(replies[0]?.title).toBe('未开通绩效通');
    } finally {
      await other.adapter.stop();
      await stranger.close();
    }
  });
});
