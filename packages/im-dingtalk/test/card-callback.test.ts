/** Card buttons: the callback is acknowledged within DingTalk's 2 s, handled once, and the card follows. */
import type { TestCity } from '@jixiao/db/testing';
import type { DingTalkSim } from '@jixiao/dingtalk-sim';
import type { DWClientDownStream } from 'dingtalk-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardCallbackHandler, parseCardCallback } from '../src/card-callback.ts';
import { resolveConfig } from '../src/config.ts';
import { InboundProcessor } from '../src/inbound.ts';
import { createOpenApiClient } from '../src/openapi.ts';
import {
  type AdapterWorld,
  MemoryLogger,
  ScriptedBot,
  simConfig,
  startAdapterWorld,
  waitFor,
} from './helpers.ts';

let world: AdapterWorld;
let city: TestCity;
let sim: DingTalkSim;
let bot: ScriptedBot;

beforeAll(async () => {
  bot = new ScriptedBot();
  world = await startAdapterWorld(() => bot);
  ({ city, sim } = world);
});

afterAll(async () => {
  await world?.close();
});

async function warningCard(userId: string, group?: { conversationId: string; groupTitle: string }) {
  const { replies } = await sim.sendMessage({ userId, text: '预警', ...(group ?? {}) });
  const card = replies.find((r) => r.via === 'card');
  if (!card?.outTrackId) throw new Error('没有收到预警卡片');
  return { outTrackId: card.outTrackId, conversationId: card.conversationId };
}

function privateStatus(outTrackId: string, userId: string): string | undefined {
  return sim.cards().find((c) => c.outTrackId === outTrackId)?.privateData[userId]?.status;
}

describe('card callbacks', () => {
  it('"确认": acked within 2 s with "处理中…", handled by the engine, then the card and chat follow', async () => {
    const { outTrackId, conversationId } = await warningCard('dt-edu');
    const before = sim.outbox('dt-edu').length;
    const result = await sim.clickCard({
      userId: 'dt-edu',
      outTrackId,
      params: { action: 'confirm', warningId: '12' },
    });
    expect(result.timedOut).toBeUndefined();
    expect(result.response).toEqual({
      userPrivateData: { cardParamMap: { status: '处理中…' } },
      cardUpdateOptions: { updatePrivateDataByKey: true },
    });

    const action = await waitFor(() => bot.actions.find((a) => a.action === 'confirm'), '引擎收到按钮');
    expect(action).toEqual({
      channel: 'dingtalk',
      externalUserId: 'dt-edu',
      conversation: { id: conversationId, type: 'single' },
      action: 'confirm',
      payload: { warningId: '12' },
    });
    await waitFor(() => privateStatus(outTrackId, 'dt-edu') === '已确认', '卡片状态更新为已确认');
    const push = await waitFor(
      () =>
        sim
          .outbox('dt-edu')
          .slice(before)
          .find((p) => p.kind === 'oto' && p.title === '已确认'),
      '确认回复送达',
    );
    expect(push.text).toContain('已确认预警 12');
  });

  it('"说明原因" in a group: the answer goes to the group, the status only to the presser', async () => {
    const { outTrackId } = await warningCard('dt-health', {
      conversationId: 'cid-health-warnings',
      groupTitle: '卫健委预警群',
    });
    const before = sim.outbox('dt-health').length;
    const result = await sim.clickCard({
      userId: 'dt-health',
      outTrackId,
      params: { action: 'explain', warningId: '12' },
    });
    expect(result.timedOut).toBeUndefined();
    const action = await waitFor(() => bot.actions.find((a) => a.action === 'explain'), '引擎收到按钮');
    expect(action.conversation).toEqual({ id: 'cid-health-warnings', type: 'group' });
    const push = await waitFor(
      () =>
        sim
          .outbox('dt-health')
          .slice(before)
          .find((p) => p.kind === 'group'),
      '群消息送达',
    );
    expect(push).toMatchObject({ conversationId: 'cid-health-warnings', title: '请说明原因' });
    await waitFor(() => privateStatus(outTrackId, 'dt-health') === '请说明原因', '卡片状态');
    expect(sim.cards().find((c) => c.outTrackId === outTrackId)?.cardParamMap.status).toBeUndefined();
  });

  it('"提交整改" payload survives as a JSON `payload` param too', async () => {
    const { outTrackId } = await warningCard('dt-edu-1');
    const result = await sim.clickCard({
      userId: 'dt-edu-1',
      outTrackId,
      params: { action: 'submit_rectification', payload: JSON.stringify({ taskId: '5' }) },
    });
    expect(result.timedOut).toBeUndefined();
    const action = await waitFor(
      () => bot.actions.find((a) => a.action === 'submit_rectification'),
      '引擎收到按钮',
    );
    expect(action.payload).toEqual({ taskId: '5' });
  });

  it('a command button on a card is handled as if the official had typed it', async () => {
    const { outTrackId } = await warningCard('dt-leader');
    const before = sim.outbox('dt-leader').length;
    const result = await sim.clickCard({
      userId: 'dt-leader',
      outTrackId,
      params: { action: 'jixiao:command', text: '我的预警' },
    });
    expect(result.timedOut).toBeUndefined();
    const message = await waitFor(
      () => bot.messages.find((m) => m.externalUserId === 'dt-leader' && m.text === '我的预警'),
      '引擎收到命令',
    );
    expect(message.msgId).toMatch(/^card:/);
    const push = await waitFor(
      () =>
        sim
          .outbox('dt-leader')
          .slice(before)
          .find((p) => p.kind === 'oto'),
      '命令的回复送达',
    );
    expect(push.text).toContain('你说：我的预警');
  });

  it('an engine failure marks the card and tells the presser privately', async () => {
    const { outTrackId } = await warningCard('dt-admin');
    const before = sim.outbox('dt-admin').length;
    const result = await sim.clickCard({ userId: 'dt-admin', outTrackId, params: { action: 'boom' } });
    expect(result.timedOut).toBeUndefined();
    await waitFor(() => privateStatus(outTrackId, 'dt-admin') === '处理失败，请稍后重试', '卡片标记失败');
    await waitFor(
      () =>
        sim
          .outbox('dt-admin')
          .slice(before)
          .find((p) => p.title === '操作未完成'),
      '失败提示送达',
    );
  });

  it('handles a repeated callback frame once (dedupe by frame messageId)', async () => {
    const config = resolveConfig(simConfig(sim));
    const logger = new MemoryLogger();
    const localBot = new ScriptedBot();
    const deps = {
      api: createOpenApiClient(config),
      config,
      logger,
      abandoned: () => false,
      platform: city.platform,
      bot: localBot,
    };
    const handler = new CardCallbackHandler({ ...deps, inbound: new InboundProcessor(deps) });
    const { outTrackId } = await warningCard('dt-edu');
    const frame: DWClientDownStream = {
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: 'app',
        connectionId: 'c1',
        contentType: 'application/json',
        messageId: 'frame-dup-1',
        time: String(Date.now()),
        topic: '/v1.0/card/instances/callback',
      },
      data: JSON.stringify({
        type: 'actionCallback',
        outTrackId,
        userId: 'dt-edu',
        spaceType: 'IM_ROBOT',
        spaceId: 'dt-edu',
        content: JSON.stringify({
          cardPrivateData: { actionIds: ['confirm'], params: { action: 'confirm', warningId: '7' } },
        }),
      }),
    };
    const acks: unknown[] = [];
    const first = handler.onFrame(frame, (r) => acks.push(r) > 0);
    const second = handler.onFrame(frame, (r) => acks.push(r) > 0);
    expect(second).toBeUndefined();
    await first;
    expect(acks).toHaveLength(2);
    expect(acks[1]).toBeNull();
    expect(localBot.actions).toHaveLength(1);
  });

  it('parses the callback content', () => {
    const parsed = parseCardCallback(
      JSON.stringify({
        outTrackId: 'o1',
        userId: 'u1',
        corpId: 'ding1',
        spaceType: 'IM_GROUP',
        spaceId: 'cid1',
        content: JSON.stringify({
          cardPrivateData: {
            actionIds: ['ignored'],
            params: { action: 'confirm', n: 3, payload: { a: 'b' } },
          },
        }),
      }),
    );
    expect(parsed).toEqual({
      outTrackId: 'o1',
      userId: 'u1',
      corpId: 'ding1',
      space: { type: 'IM_GROUP', id: 'cid1' },
      action: 'confirm',
      payload: { n: '3', a: 'b' },
    });
    expect(parseCardCallback('{"outTrackId":"o"}')).toEqual({ error: '卡片回调缺少 outTrackId 或 userId' });
    expect(parseCardCallback('not json')).toHaveProperty('error');
  });
});
