/** Robot messages over a real stream socket: persisted, acknowledged, answered once, through the right path. */
import { getInboundMessage } from '@jixiao/db/im';
import { type TestCity, type TestDatabase, testDatabaseKind } from '@jixiao/db/testing';
import type { DingTalkSim } from '@jixiao/dingtalk-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DingTalkAdapter } from '../src/index.ts';
import {
  type AdapterWorld,
  type MemoryLogger,
  ScriptedBot,
  startAdapter,
  startAdapterWorld,
  startSim,
  waitFor,
} from './helpers.ts';

let world: AdapterWorld;
let db: TestDatabase;
let city: TestCity;
let sim: DingTalkSim;
let bot: ScriptedBot;
let logger: MemoryLogger;

beforeAll(async () => {
  bot = new ScriptedBot();
  world = await startAdapterWorld(() => bot);
  ({ db, city, sim, logger } = world);
});

afterAll(async () => {
  await world?.close();
});

function acksOf(messageId: string) {
  return sim.acks().filter((a) => a.kind === 'callback' && a.messageId === messageId);
}

function frameOf(msgId: string) {
  return sim
    .sentFrames()
    .find((f) => f.frame.headers.topic === '/v1.0/im/bot/messages/get' && f.frame.data.includes(msgId));
}

describe(`robot messages (${testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('persists, acknowledges and answers a 1:1 message through its sessionWebhook', async () => {
    const { msgId, replies } = await sim.sendMessage({ userId: 'dt-edu', text: '本单位预算执行进度如何？' });
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply?.via).toBe('sessionWebhook');
    expect(reply?.msgtype).toBe('markdown');
    expect(reply?.title).toBe('收到');
    expect(reply?.text).toContain('你说：本单位预算执行进度如何？');

    const frame = frameOf(msgId);
    expect(frame).toBeDefined();
    const acks = acksOf(frame?.frame.headers.messageId ?? '');
    expect(acks).toHaveLength(1);
    expect(acks[0]?.code).toBe(200);

    const row = await waitFor(async () => {
      const r = await getInboundMessage(db.db, 'dingtalk', msgId);
      return r?.status === 'answered' ? r : null;
    }, '消息标记为已回复');
    expect(row).toMatchObject({
      externalUserId: 'dt-edu',
      conversationType: 'single',
      text: '本单位预算执行进度如何？',
      error: null,
    });
    expect(row.answeredAt).toBeInstanceOf(Date);
    expect(row.sessionWebhook).toContain('/robot/sendBySession');
    expect(bot.messages.find((m) => m.msgId === msgId)).toMatchObject({
      channel: 'dingtalk',
      externalUserId: 'dt-edu',
      senderNick: '李教育',
      conversation: { type: 'single' },
    });
  });

  it('maps a group message (leading space of the @-mention stripped, title kept)', async () => {
    const { msgId, replies } = await sim.sendMessage({
      userId: 'dt-health',
      text: '我的预警',
      conversationId: 'cid-health-group',
      groupTitle: '卫健委绩效群',
    });
    expect(replies[0]?.via).toBe('sessionWebhook');
    const message = bot.messages.find((m) => m.msgId === msgId);
    expect(message).toMatchObject({
      text: '我的预警',
      externalUserId: 'dt-health',
      conversation: { id: 'cid-health-group', type: 'group', title: '卫健委绩效群' },
    });
    const row = await getInboundMessage(db.db, 'dingtalk', msgId);
    expect(row).toMatchObject({ conversationType: 'group', conversationTitle: '卫健委绩效群' });
  });

  it('renders link buttons as an actionCard (commands as dtmd links, relative URLs made absolute)', async () => {
    const { replies } = await sim.sendMessage({ userId: 'dt-edu', text: '按钮' });
    const [reply] = replies;
    expect(reply?.msgtype).toBe('actionCard');
    expect(reply?.text).toContain('#### 项目进度');
    expect(reply?.text).toContain('- **预算**：100 万元');
    expect(reply?.buttons).toEqual([
      {
        title: '我的预警',
        url: `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent('我的预警')}`,
      },
      { title: '查看详情', url: 'https://jixiao.example.gov.cn/items/12' },
    ]);
  });

  it('sends a reply with callback buttons as an interactive card to the conversation', async () => {
    const { replies } = await sim.sendMessage({ userId: 'dt-edu', text: '预警' });
    const [reply] = replies;
    expect(reply?.via).toBe('card');
    expect(reply?.title).toBe('黄色预警：测试项目1');
    expect(reply?.fields).toEqual([
      { label: '项目', value: '测试项目1' },
      { label: '预警级别', value: '黄色' },
    ]);
    expect(reply?.cardButtons?.map((b) => b.label)).toEqual(['说明原因', '提交整改', '确认', '我的预警']);
    expect(reply?.cardButtons?.[0]).toEqual({
      label: '说明原因',
      action: 'explain',
      payload: { warningId: '12' },
    });
    expect(reply?.cardButtons?.[3]).toEqual({
      label: '我的预警',
      action: 'jixiao:command',
      payload: { text: '我的预警' },
    });
    const card = sim.cards().find((c) => c.outTrackId === reply?.outTrackId);
    expect(card).toMatchObject({ cardTemplateId: 'jixiao.reply', callbackType: 'STREAM' });
    expect(card?.spaces).toEqual([{ spaceType: 'IM_ROBOT', spaceId: 'dt-edu' }]);
  });

  it('sends a private reply asked in a group to the asker 1:1, the rest to the group', async () => {
    const before = sim.outbox('dt-edu').length;
    const { replies } = await sim.sendMessage({
      userId: 'dt-edu',
      text: '我的预警明细',
      conversationId: 'cid-edu-group',
      groupTitle: '教育局绩效群',
    });
    expect(replies.map((r) => r.title)).toEqual(['已私信']);
    const pushes = await waitFor(() => {
      const list = sim.outbox('dt-edu').slice(before);
      return list.some((p) => p.kind === 'oto') ? list : null;
    }, '私信送达');
    const oto = pushes.find((p) => p.kind === 'oto');
    expect(oto).toMatchObject({ userId: 'dt-edu', msgKey: 'sampleMarkdown', title: '您的预警明细' });
  });

  it('answers a redelivered msgId (explicit redelivery) only once', async () => {
    const { msgId, replies } = await sim.sendMessage({ userId: 'dt-edu-1', text: '重复投递测试' });
    expect(replies).toHaveLength(1);
    const messageId = frameOf(msgId)?.frame.headers.messageId ?? '';
    await sim.redeliver(msgId);
    await sim.redeliver(msgId);
    // Each redelivered frame is acknowledged again (after the insert found it already stored).
    await waitFor(() => acksOf(messageId).length >= 3, '重复帧都被确认');
    expect(sim.repliesFor(msgId)).toHaveLength(1);
    expect(bot.count(msgId)).toBe(1);
  });

  it('answers an un-acknowledged (dropped ack) message once although DingTalk pushes it again', async () => {
    sim.setFaults({ dropNextAck: true });
    const { msgId, replies } = await sim.sendMessage({ userId: 'dt-leader', text: '确认丢失测试' });
    expect(replies).toHaveLength(1);
    const messageId = frameOf(msgId)?.frame.headers.messageId ?? '';
    // The sim redelivers after 800 ms because the first ack was swallowed; the second ack counts.
    await waitFor(() => acksOf(messageId).some((a) => !a.dropped), '重新投递的帧被确认', 8000);
    expect(acksOf(messageId)[0]?.dropped).toBe(true);
    expect(
      sim.sentFrames().filter((f) => f.frame.headers.messageId === messageId).length,
    ).toBeGreaterThanOrEqual(2);
    expect(sim.repliesFor(msgId)).toHaveLength(1);
    expect(bot.count(msgId)).toBe(1);
    sim.setFaults({});
  });

  it('apologises and marks the message failed when the engine throws', async () => {
    const { msgId, replies } = await sim.sendMessage({ userId: 'dt-edu', text: '出错' });
    expect(replies[0]?.title).toBe('处理出错');
    const row = await waitFor(async () => {
      const r = await getInboundMessage(db.db, 'dingtalk', msgId);
      return r?.status === 'failed' ? r : null;
    }, '消息标记为失败');
    expect(row.error).toContain('模拟的引擎故障');
    expect(logger.text()).toContain('机器人处理消息出错');
  });

  it('falls back to a proactive send when posting to the sessionWebhook fails', async () => {
    sim.setFaults({ sessionWebhookErrorRate: 1 });
    try {
      const { replies } = await sim.sendMessage({ userId: 'dt-admin', text: '网络抖动测试' });
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ via: 'oToMessages', msgtype: 'sampleMarkdown', title: '收到' });
    } finally {
      sim.setFaults({});
    }
  });

  it('never logs the app secret or an access token', () => {
    expect(logger.text()).not.toContain('secret-不要打印');
    const tokens = sim
      .recorded()
      .map((r) => r.headers['x-acs-dingtalk-access-token'])
      .filter((t): t is string => typeof t === 'string');
    for (const token of new Set(tokens)) expect(logger.text()).not.toContain(token);
  });
});

describe('expired session webhook', () => {
  let expiredSim: DingTalkSim;
  let expiredAdapter: DingTalkAdapter;

  beforeAll(async () => {
    expiredSim = await startSim({ sessionTtlMs: 1 });
    const started = startAdapter(expiredSim, city.platform, new ScriptedBot());
    expiredAdapter = started.adapter;
    await started.ready;
  });

  afterAll(async () => {
    await expiredAdapter?.stop();
    await expiredSim?.close();
  });

  it('answers 1:1 through the robot OpenAPI instead', async () => {
    const { msgId, replies } = await expiredSim.sendMessage({ userId: 'dt-edu', text: '过期会话' });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ via: 'oToMessages', msgtype: 'sampleMarkdown', title: '收到' });
    expect(expiredSim.recorded().some((r) => r.path === '/robot/sendBySession')).toBe(false);
    await waitFor(
      async () => (await getInboundMessage(db.db, 'dingtalk', msgId))?.status === 'answered',
      '已回复',
    );
  });

  it('answers in a group through the group send API', async () => {
    const { replies } = await expiredSim.sendMessage({
      userId: 'dt-edu',
      text: '群里过期会话',
      conversationId: 'cid-expired-group',
      groupTitle: '过期测试群',
    });
    expect(replies[0]).toMatchObject({ via: 'groupMessages', title: '收到' });
  });
});
