import type { DWClientDownStream } from 'dingtalk-stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { DingTalkSim } from '../src/index.ts';
import { createTestStreamClient, type RobotMessageData, type TestStreamClient } from '../src/testing.ts';
import { CREDS, call, Inbox, silenceSdk, startSim } from './helpers.ts';

const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

let sim: DingTalkSim;
const clients: TestStreamClient[] = [];

async function connect(
  handlers: Partial<Parameters<typeof createTestStreamClient>[1]> = {},
): Promise<TestStreamClient> {
  const client = await createTestStreamClient(sim, { ...CREDS, ...handlers });
  clients.push(client);
  return client;
}

beforeEach(() => {
  silenceSdk();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  vi.restoreAllMocks();
});

describe('gateway and connection', () => {
  it('rejects wrong credentials with a 401 JSON error', async () => {
    sim = await startSim();
    const r = await call(sim, 'POST', '/v1.0/gateway/connections/open', {
      clientId: CREDS.clientId,
      clientSecret: 'wrong',
      subscriptions: [{ type: 'EVENT', topic: '*' }],
    });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'InvalidAuthentication' });
  });

  it('hands out single-use tickets and rejects bad tickets before the upgrade', async () => {
    sim = await startSim();
    const r = await call<{ endpoint: string; ticket: string }>(
      sim,
      'POST',
      '/v1.0/gateway/connections/open',
      {
        clientId: CREDS.clientId,
        clientSecret: CREDS.clientSecret,
        ua: 'test/1.0',
        subscriptions: [{ type: 'CALLBACK', topic: ROBOT_TOPIC }],
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.endpoint).toBe(`${sim.url.replace('http://', 'ws://')}/connect`);
    const url = `${r.body.endpoint}?ticket=${r.body.ticket}`;

    const status = (target: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(target);
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('error', reject);
      });

    expect(await status(url)).toBe(101);
    expect(await status(url)).toBe(401);
    expect(await status(`${r.body.endpoint}?ticket=bogus`)).toBe(401);
    const upgrades = sim.recorded().filter((q) => q.path === '/connect');
    expect(upgrades.map((q) => q.status)).toEqual([101, 401, 401]);
  });

  it('lets the real SDK connect and delivers a 1:1 robot message shaped like DingTalk, and records the ack', async () => {
    sim = await startSim();
    const inbox = new Inbox<{ message: RobotMessageData; frame: DWClientDownStream }>();
    await connect({ onRobotMessage: (message, frame) => inbox.push({ message, frame }) });
    expect(sim.connectionCount()).toBe(1);

    const sending = sim.sendMessage({ userId: 'u-zhang', text: '本单位预算执行进度如何？' });
    const { message, frame } = await inbox.next();
    expect(frame.specVersion).toBe('1.0');
    expect(frame.type).toBe('CALLBACK');
    expect(Object.keys(frame.headers)).toEqual([
      'appId',
      'connectionId',
      'contentType',
      'messageId',
      'time',
      'topic',
    ]);
    for (const value of Object.values(frame.headers)) expect(typeof value).toBe('string');
    expect(frame.headers.topic).toBe(ROBOT_TOPIC);
    expect(typeof frame.data).toBe('string');

    expect(message).toMatchObject({
      conversationType: '1',
      msgtype: 'text',
      text: { content: '本单位预算执行进度如何？' },
      senderStaffId: 'u-zhang',
      senderNick: '张伟',
      robotCode: CREDS.robotCode,
    });
    expect(message.conversationId).toMatch(/^cid/);
    expect(message.msgId).toMatch(/^msg/);
    expect(message.senderId).toMatch(/^\$:LWCP_v1:\$/);
    expect(message.chatbotUserId).toMatch(/^\$:LWCP_v1:\$/);
    expect(message).not.toHaveProperty('conversationTitle');
    expect(message).not.toHaveProperty('isInAtList');
    expect(message).not.toHaveProperty('atUsers');
    expect(message.sessionWebhook).toMatch(
      new RegExp(`^${sim.url}/robot/sendBySession\\?session=[0-9a-f]+$`),
    );
    expect(message.sessionWebhookExpiredTime - message.createAt).toBe(5_400_000);

    await vi.waitFor(() => {
      const ack = sim.acks().find((a) => a.messageId === frame.headers.messageId);
      expect(ack).toMatchObject({ kind: 'callback', code: 200, data: '{"response":null}', response: null });
    });
    await sim.close();
    const result = await sending;
    expect(result).toEqual({ msgId: message.msgId, replies: [], timedOut: true });
  });

  it('sends group messages with conversationTitle, isInAtList and atUsers, and remembers the group', async () => {
    sim = await startSim();
    const inbox = new Inbox<RobotMessageData>();
    await connect({
      onRobotMessage: async (message, _frame, client) => {
        inbox.push(message);
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            msgtype: 'text',
            text: { content: '收到' },
            at: { atUserIds: [message.senderStaffId] },
          }),
        });
        expect(client.connected).toBe(true);
      },
    });
    const result = await sim.sendMessage({
      userId: 'u-li',
      text: '查询项目绩效',
      conversationId: 'cidGroupBudget==',
      groupTitle: '预算编制工作群',
    });
    const message = await inbox.next();
    expect(message).toMatchObject({
      conversationId: 'cidGroupBudget==',
      conversationType: '2',
      conversationTitle: '预算编制工作群',
      isInAtList: true,
      atUsers: [{ dingtalkId: message.chatbotUserId }],
      text: { content: ' 查询项目绩效' },
    });
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]).toMatchObject({
      via: 'sessionWebhook',
      msgtype: 'text',
      text: '收到',
      conversationType: '2',
    });
    expect(sim.groups()).toEqual([
      { conversationId: 'cidGroupBudget==', title: '预算编制工作群', memberUserIds: ['u-li'] },
    ]);
  });
});

describe('replies', () => {
  it('collects the reply and follow-ups posted to the sessionWebhook (sendMessage and POST /sim/api/messages)', async () => {
    sim = await startSim();
    await connect({
      onRobotMessage: async (message, _frame, client) => {
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            msgtype: 'markdown',
            markdown: { title: '执行进度', text: '### 执行进度\n- 已执行 **62%**' },
          }),
        });
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            msgtype: 'actionCard',
            actionCard: {
              title: '下一步',
              text: '需要查看明细吗？',
              btns: [
                {
                  title: '查看明细',
                  actionURL: 'dtmd://dingtalkclient/sendMessage?content=%E6%9F%A5%E7%9C%8B%E6%98%8E%E7%BB%86',
                },
                { title: '打开系统', actionURL: 'https://example.gov.cn/budget' },
              ],
              btnOrientation: '1',
            },
          }),
        });
        expect(client.connected).toBe(true);
      },
    });
    const result = await sim.sendMessage({ userId: 'u-zhang', text: '执行进度' });
    expect(result.timedOut).toBeUndefined();
    expect(result.replies.map((r) => r.msgtype)).toEqual(['markdown', 'actionCard']);
    expect(result.replies[0]).toMatchObject({
      via: 'sessionWebhook',
      msgId: result.msgId,
      title: '执行进度',
      text: '### 执行进度\n- 已执行 **62%**',
    });
    expect(result.replies[1]?.buttons).toEqual([
      {
        title: '查看明细',
        url: 'dtmd://dingtalkclient/sendMessage?content=%E6%9F%A5%E7%9C%8B%E6%98%8E%E7%BB%86',
      },
      { title: '打开系统', url: 'https://example.gov.cn/budget' },
    ]);

    const http = await call<{ msgId: string; replies: Array<{ via: string; text: string; raw: unknown }> }>(
      sim,
      'POST',
      '/sim/api/messages',
      { userId: 'u-li', text: '你好' },
    );
    expect(http.status).toBe(200);
    expect(http.body.msgId).toMatch(/^msg/);
    expect(http.body.replies).toHaveLength(2);
    expect(http.body.replies[0]).toMatchObject({
      via: 'sessionWebhook',
      text: '### 执行进度\n- 已执行 **62%**',
    });
    expect(http.body.replies[0]?.raw).toMatchObject({ msgtype: 'markdown' });
  });

  it('answers unknown sessions and malformed bodies with errcodes', async () => {
    sim = await startSim();
    const unknown = await call(sim, 'POST', '/robot/sendBySession?session=nope', {
      msgtype: 'text',
      text: { content: 'x' },
    });
    expect(unknown.body).toEqual({ errcode: 300001, errmsg: 'session.notExisted' });

    let webhook = '';
    await connect({
      onRobotMessage: async (message) => {
        webhook = message.sessionWebhook;
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: 'ok' } }),
        });
      },
    });
    await sim.sendMessage({ userId: 'u-zhang', text: 'hi' });
    const bad = await fetch(webhook, {
      method: 'POST',
      body: JSON.stringify({ msgtype: 'markdown', markdown: {} }),
    });
    expect(await bad.json()).toMatchObject({ errcode: 40035 });
  });

  it('expires sessionWebhooks after sessionTtlMs', async () => {
    sim = await startSim({ sessionTtlMs: 1 });
    const inbox = new Inbox<RobotMessageData>();
    await connect({ onRobotMessage: (m) => inbox.push(m) });
    void sim.sendMessage({ userId: 'u-zhang', text: 'hi' });
    const message = await inbox.next();
    expect(message.sessionWebhookExpiredTime - message.createAt).toBe(1);
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(message.sessionWebhookExpiredTime));
    const res = await fetch(message.sessionWebhook, {
      method: 'POST',
      body: JSON.stringify({ msgtype: 'text', text: { content: 'late' } }),
    });
    expect(await res.json()).toEqual({ errcode: 300002, errmsg: 'session.expired' });
  });

  it('expires every sessionWebhook given out so far on expireSessions()', async () => {
    sim = await startSim();
    const inbox = new Inbox<RobotMessageData>();
    await connect({ onRobotMessage: (m) => inbox.push(m) });
    void sim.sendMessage({ userId: 'u-zhang', text: 'hi' });
    const message = await inbox.next();
    sim.expireSessions();
    const res = await fetch(message.sessionWebhook, {
      method: 'POST',
      body: JSON.stringify({ msgtype: 'text', text: { content: 'late' } }),
    });
    expect(await res.json()).toEqual({ errcode: 300002, errmsg: 'session.expired' });
    expect(sim.repliesFor(message.msgId)).toEqual([]);
  });
});

describe('redelivery', () => {
  it('redelivers an un-acked frame with the same messageId and msgId, at most 3 times', async () => {
    sim = await startSim({ redeliverAfterMs: 100 });
    const inbox = new Inbox<DWClientDownStream>();
    await connect({ autoAck: false, onRobotMessage: (_m, frame) => inbox.push(frame) });
    void sim.sendMessage({ userId: 'u-zhang', text: '没人确认的消息' });
    const frames = [await inbox.next(), await inbox.next(), await inbox.next(), await inbox.next()];
    const first = frames[0];
    expect(first).toBeDefined();
    for (const f of frames) {
      expect(f.headers.messageId).toBe(first?.headers.messageId);
      expect(f.data).toBe(first?.data);
    }
    await expect(inbox.next(400)).rejects.toThrow();
    expect(
      sim
        .sentFrames()
        .filter((f) => f.frame.type === 'CALLBACK')
        .map((f) => f.attempt),
    ).toEqual([0, 1, 2, 3]);
  });

  it('stops redelivering once the frame is acked', async () => {
    sim = await startSim({ redeliverAfterMs: 300 });
    const inbox = new Inbox<DWClientDownStream>();
    const client = await connect({ autoAck: false, onRobotMessage: (_m, frame) => inbox.push(frame) });
    void sim.sendMessage({ userId: 'u-zhang', text: '晚一点确认' });
    await inbox.next();
    const second = await inbox.next();
    client.client.socketCallBackResponse(second.headers.messageId, null);
    await vi.waitFor(() => expect(sim.acks().some((a) => a.kind === 'callback')).toBe(true));
    await expect(inbox.next(700)).rejects.toThrow();
  });

  it('treats a dropped ack (fault) as missing and redelivers', async () => {
    sim = await startSim({ redeliverAfterMs: 300 });
    sim.setFaults({ dropNextAck: true });
    const inbox = new Inbox<DWClientDownStream>();
    await connect({ onRobotMessage: (_m, frame) => inbox.push(frame) });
    void sim.sendMessage({ userId: 'u-zhang', text: '确认会丢失' });
    const first = await inbox.next();
    const second = await inbox.next();
    expect(second.headers.messageId).toBe(first.headers.messageId);
    await vi.waitFor(() => {
      expect(sim.acks().map((a) => a.dropped)).toEqual([true, false]);
    });
    expect(sim.faults().dropNextAck).toBe(false);
    await expect(inbox.next(700)).rejects.toThrow();
  });

  it('redeliver(msgId) pushes the identical frame again; a deduplicating bot answers once', async () => {
    sim = await startSim();
    const seen = new Set<string>();
    const inbox = new Inbox<DWClientDownStream>();
    await connect({
      onRobotMessage: async (message, frame, _client) => {
        inbox.push(frame);
        if (seen.has(message.msgId)) return;
        seen.add(message.msgId);
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: '只回复一次' } }),
        });
      },
    });
    const result = await sim.sendMessage({ userId: 'u-wang', text: '你好' });
    const original = await inbox.next();
    await sim.redeliver(result.msgId);
    const again = await inbox.next();
    expect(again.headers.messageId).toBe(original.headers.messageId);
    expect(again.data).toBe(original.data);

    const http = await call(sim, 'POST', '/sim/api/redeliver', { msgId: result.msgId });
    expect(http.status).toBe(200);
    await inbox.next();
    await vi.waitFor(() => expect(sim.acks().filter((a) => a.kind === 'callback')).toHaveLength(3));
    expect(sim.repliesFor(result.msgId)).toHaveLength(1);
    await expect(sim.redeliver('msg-unknown')).rejects.toThrow('未知消息');
  });
});

describe('connection lifecycle', () => {
  it('after dropStreamConnections the SDK reconnects and later messages are delivered', async () => {
    sim = await startSim();
    const inbox = new Inbox<RobotMessageData>();
    await connect({
      autoReconnect: true,
      onRobotMessage: async (message) => {
        inbox.push(message);
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: '重连后仍可回复' } }),
        });
      },
    });
    sim.dropStreamConnections();
    expect(sim.connectionCount()).toBe(0);
    await sim.waitForConnections(1, 5000);
    const result = await sim.sendMessage({ userId: 'u-zhang', text: '还在吗' });
    expect((await inbox.next()).text?.content).toBe('还在吗');
    expect(result.replies[0]?.text).toBe('重连后仍可回复');
    const opens = sim.recorded().filter((r) => r.path === '/v1.0/gateway/connections/open');
    expect(opens).toHaveLength(2);
  });

  it('sends SYSTEM pings and records the echoes; a silent socket is terminated', async () => {
    sim = await startSim({ pingIntervalMs: 200 });
    await connect();
    await vi.waitFor(() => {
      const echo = sim.acks().find((a) => a.kind === 'ping');
      expect(echo).toBeDefined();
      const ping = sim.sentFrames().find((f) => f.frame.headers.messageId === echo?.messageId);
      expect(ping?.frame.type).toBe('SYSTEM');
      expect(ping?.frame.headers.topic).toBe('ping');
      expect(echo?.data).toBe(ping?.frame.data);
      expect(echo?.code).toBe(200);
    });

    const open = await call<{ endpoint: string; ticket: string }>(
      sim,
      'POST',
      '/v1.0/gateway/connections/open',
      {
        clientId: CREDS.clientId,
        clientSecret: CREDS.clientSecret,
        subscriptions: [{ type: 'EVENT', topic: '*' }],
      },
    );
    const silent = new WebSocket(`${open.body.endpoint}?ticket=${open.body.ticket}`);
    const closed = new Promise<void>((resolve) => silent.on('close', () => resolve()));
    await closed;
    expect(sim.connectionCount()).toBe(1);
  });

  it('sends a SYSTEM disconnect frame, then closes; the SDK comes back', async () => {
    sim = await startSim();
    const client = await connect({ autoReconnect: true });
    sim.sendDisconnect({ closeAfterMs: 50 });
    const frame = sim.sentFrames().find((f) => f.frame.headers.topic === 'disconnect');
    expect(frame?.frame).toMatchObject({
      type: 'SYSTEM',
      data: '{"reason":"persistent connection is timeout"}',
    });
    await vi.waitFor(() => expect(client.client.connected).toBe(false));
    await sim.waitForConnections(1, 5000);
  });

  it('pushes to one of several connections', async () => {
    sim = await startSim();
    const inbox = new Inbox<string>();
    await connect({ onRobotMessage: () => inbox.push('a') });
    await connect({ onRobotMessage: () => inbox.push('b') });
    expect(sim.connectionCount()).toBe(2);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      void sim.sendMessage({ userId: 'u-zhang', text: `第${i}条` });
      seen.add(await inbox.next());
    }
    expect(seen).toEqual(new Set(['a', 'b']));
    await expect(inbox.next(200)).rejects.toThrow();
  });
});
