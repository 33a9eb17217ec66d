/** The stream connection: reconnects after drops and `disconnect` frames without losing messages; stop() sticks. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCity } from '@jixiao/db/testing';
import type { DingTalkSim } from '@jixiao/dingtalk-sim';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDingTalkAdapter } from '../src/index.ts';
import {
  gate,
  MemoryLogger,
  ScriptedBot,
  type SimWorld,
  simConfig,
  startAdapter,
  startSimWorld,
  waitFor,
} from './helpers.ts';

let world: SimWorld;
let city: TestCity;
let sim: DingTalkSim;

beforeAll(async () => {
  world = await startSimWorld();
  ({ city, sim } = world);
});

afterAll(async () => {
  await world?.close();
});

function gatewayCalls(): number {
  return sim.recorded().filter((r) => r.path === '/v1.0/gateway/connections/open').length;
}

describe('stream connection', () => {
  it('subscribes only its two callback topics', async () => {
    const { adapter, ready } = startAdapter(sim, city.platform, new ScriptedBot());
    await ready;
    try {
      const open = sim
        .recorded()
        .filter((r) => r.path === '/v1.0/gateway/connections/open')
        .at(-1);
      expect(open?.body).toMatchObject({
        clientId: 'dingjixiaotest',
        subscriptions: [
          { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
          { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
        ],
      });
    } finally {
      await adapter.stop();
    }
    await waitFor(() => sim.connectionCount() === 0, '连接已关闭');
  });

  it('reconnects after the socket is dropped, including mid-conversation, and loses nothing', async () => {
    const bot = new ScriptedBot();
    const hold = gate();
    bot.holds.set('慢慢回答', hold.promise);
    const { adapter, ready } = startAdapter(sim, city.platform, bot);
    await ready;
    try {
      const first = await sim.sendMessage({ userId: 'dt-edu', text: '断线前' });
      expect(first.replies).toHaveLength(1);

      // A message is being answered when the socket goes down.
      const pending = sim.sendMessage({ userId: 'dt-edu', text: '慢慢回答' });
      await waitFor(() => bot.messages.some((m) => m.text === '慢慢回答'), '引擎收到消息');
      const callsBefore = gatewayCalls();
      sim.dropStreamConnections();
      hold.open();
      const slow = await pending;
      expect(slow.replies).toHaveLength(1);
      expect(slow.replies[0]?.text).toContain('你说：慢慢回答');

      await sim.waitForConnections(1, 5000);
      expect(gatewayCalls()).toBeGreaterThan(callsBefore);
      const after = await sim.sendMessage({ userId: 'dt-edu', text: '断线后' });
      expect(after.replies).toHaveLength(1);
      expect(after.replies[0]?.text).toContain('你说：断线后');
      expect(bot.count(slow.msgId)).toBe(1);
    } finally {
      await adapter.stop();
    }
    await waitFor(() => sim.connectionCount() === 0, '连接已关闭');
  });

  it('delivers a message pushed while no socket was open once the stream is back (redelivery)', async () => {
    const bot = new ScriptedBot();
    const { adapter, ready } = startAdapter(sim, city.platform, bot, { reconnectInitialDelayMs: 1500 });
    await ready;
    try {
      sim.dropStreamConnections();
      await waitFor(() => sim.connectionCount() === 0, '连接断开');
      // Pushed to nobody; the sim redelivers it every 800 ms until the adapter is back.
      const result = await sim.sendMessage({ userId: 'dt-health', text: '断线期间的消息' });
      expect(result.replies).toHaveLength(1);
      expect(bot.count(result.msgId)).toBe(1);
    } finally {
      await adapter.stop();
    }
    await waitFor(() => sim.connectionCount() === 0, '连接已关闭');
  });

  it('moves to a new connection as soon as the server announces a disconnect', async () => {
    const bot = new ScriptedBot();
    const { adapter, ready } = startAdapter(sim, city.platform, bot);
    await ready;
    try {
      const callsBefore = gatewayCalls();
      sim.sendDisconnect({ closeAfterMs: 3000 });
      // The old socket gets no more pushes: a new one opens right away and the old one is closed by us
      // (the sim would close it only after 3 s).
      await waitFor(
        () => gatewayCalls() > callsBefore && sim.connectionCount() === 1,
        '新连接已建立，旧连接已关闭',
      );
      const result = await sim.sendMessage({ userId: 'dt-leader', text: '换连接后' });
      expect(result.replies).toHaveLength(1);
      expect(bot.count(result.msgId)).toBe(1);
    } finally {
      await adapter.stop();
    }
    await waitFor(() => sim.connectionCount() === 0, '连接已关闭');
  });

  it('stop() sticks even when a reconnect is due', async () => {
    const stoppedBot = new ScriptedBot();
    const a = startAdapter(sim, city.platform, stoppedBot, { reconnectInitialDelayMs: 50 });
    await a.ready;
    sim.dropStreamConnections();
    await waitFor(() => a.logger.text().includes('准备重连'), '重连已排期');
    await a.adapter.stop();
    expect(sim.connectionCount()).toBe(0);

    const liveBot = new ScriptedBot();
    const b = startAdapter(sim, city.platform, liveBot);
    await b.ready;
    try {
      for (let i = 0; i < 6; i++) {
        const result = await sim.sendMessage({ userId: 'dt-edu-1', text: `停止后第${i + 1}条` });
        expect(result.replies).toHaveLength(1);
      }
      expect(stoppedBot.messages).toHaveLength(0);
      expect(liveBot.messages).toHaveLength(6);
      expect(sim.connectionCount()).toBe(1);
    } finally {
      await b.adapter.stop();
    }
  });

  it('backs off one attempt at a time when the WebSocket handshake keeps failing (no 2.1.5 reconnect storm)', async () => {
    // A gateway that hands out tickets to a socket endpoint that refuses every upgrade.
    const events: string[] = [];
    const server = createServer((req, res) => {
      events.push('gateway');
      const { port } = server.address() as AddressInfo;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket: `t${events.length}` }));
      req.resume();
    });
    server.on('upgrade', (_req, socket) => {
      events.push('upgrade');
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); // the SDK warns on handshake errors
    const { port } = server.address() as AddressInfo;
    const logger = new MemoryLogger();
    const adapter = createDingTalkAdapter(
      simConfig(sim, {
        gatewayUrl: `http://127.0.0.1:${port}/gateway`,
        reconnectInitialDelayMs: 20,
        reconnectMaxDelayMs: 80,
      }),
      { platform: city.platform, bot: new ScriptedBot(), logger },
    );
    try {
      await adapter.start();
      await waitFor(() => events.length >= 12, '多次重连尝试');
    } finally {
      await adapter.stop();
      warn.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // Strictly alternating: every attempt asks for a ticket, tries it, fails, and only then comes the next one.
    const first = events.slice(0, 12);
    expect(first).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'gateway' : 'upgrade')));
  });

  it('refuses to start with wrong credentials instead of retrying forever', async () => {
    const logger = new MemoryLogger();
    const adapter = createDingTalkAdapter(simConfig(sim, { clientSecret: 'wrong' }), {
      platform: city.platform,
      bot: new ScriptedBot(),
      logger,
    });
    await expect(adapter.start()).rejects.toThrow(/拒绝连接/);
    await adapter.stop();
    expect(logger.text()).not.toContain('wrong');
  });
});
