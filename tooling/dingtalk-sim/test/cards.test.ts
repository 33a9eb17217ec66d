import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DingTalkSim } from '../src/index.ts';
import { type CardCallbackData, createTestStreamClient, type TestStreamClient } from '../src/testing.ts';
import { CREDS, call, Inbox, silenceSdk, startSim } from './helpers.ts';

let sim: DingTalkSim;
const clients: TestStreamClient[] = [];

beforeEach(() => {
  silenceSdk();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  vi.restoreAllMocks();
});

function replyCard(outTrackId: string, openSpaceId: string, extra: Record<string, unknown> = {}) {
  return {
    cardTemplateId: 'jixiao.reply',
    outTrackId,
    callbackType: 'STREAM',
    userIdType: 1,
    cardData: {
      cardParamMap: {
        title: '整改确认',
        markdown: '项目 **XX** 的绩效目标未完成，请确认整改计划。',
        fields: JSON.stringify([
          { label: '项目', value: 'XX 信息化项目' },
          { label: '执行率', value: '28%' },
        ]),
        buttons: JSON.stringify([
          { label: '确认整改', action: 'confirm', payload: { rectId: 'r-1', round: 2 } },
        ]),
        status: '待处理',
      },
    },
    openSpaceId,
    imRobotOpenSpaceModel: { supportForward: true },
    imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: CREDS.robotCode },
    ...extra,
  };
}

async function token(): Promise<string> {
  const r = await call<{ accessToken: string }>(sim, 'POST', '/v1.0/oauth2/accessToken', {
    appKey: CREDS.clientId,
    appSecret: CREDS.clientSecret,
  });
  return r.body.accessToken;
}

describe('interactive cards', () => {
  it('createAndDeliver stores the card; clickCard round-trips through the SDK and applies the response', async () => {
    sim = await startSim();
    const callbacks = new Inbox<CardCallbackData>();
    clients.push(
      await createTestStreamClient(sim, {
        ...CREDS,
        onCardCallback: (callback) => {
          callbacks.push(callback);
          return {
            cardData: { cardParamMap: { status: '已确认' } },
            cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
          };
        },
      }),
    );
    const t = await token();
    const created = await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      replyCard('card-1', 'dtv1.card//IM_ROBOT.u-zhang'),
      t,
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      success: true,
      result: {
        outTrackId: 'card-1',
        deliverResults: [{ spaceType: 'IM_ROBOT', spaceId: 'u-zhang', success: true }],
      },
    });
    const push = sim.outbox('u-zhang')[0];
    expect(push).toMatchObject({ kind: 'card', userId: 'u-zhang', title: '整改确认' });
    expect(push?.card?.cardParamMap.status).toBe('待处理');

    const result = await sim.clickCard({
      userId: 'u-zhang',
      outTrackId: 'card-1',
      params: { action: 'confirm', rectId: 'r-1' },
    });
    expect(result).toEqual({
      response: {
        cardData: { cardParamMap: { status: '已确认' } },
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      },
    });
    const callback = await callbacks.next();
    expect(callback).toEqual({
      type: 'actionCallback',
      outTrackId: 'card-1',
      corpId: expect.any(String),
      userId: 'u-zhang',
      userIdType: 1,
      spaceType: 'IM_ROBOT',
      spaceId: 'u-zhang',
      extension: '{}',
      content: JSON.stringify({
        cardPrivateData: { actionIds: ['confirm'], params: { action: 'confirm', rectId: 'r-1' } },
      }),
    });
    const card = sim.cards()[0];
    expect(card?.cardParamMap).toMatchObject({ status: '已确认', title: '整改确认' });
    expect(card?.updates).toBe(1);
    expect(sim.outbox('u-zhang')[0]?.card?.cardParamMap.status).toBe('已确认');

    const http = await call(sim, 'POST', '/sim/api/card-callback', {
      userId: 'u-zhang',
      outTrackId: 'card-1',
      params: { action: 'confirm' },
    });
    expect(http.status).toBe(200);
    expect(http.body).toMatchObject({ response: { cardData: { cardParamMap: { status: '已确认' } } } });
    const unknown = await call(sim, 'POST', '/sim/api/card-callback', {
      userId: 'u-zhang',
      outTrackId: 'nope',
      params: {},
    });
    expect(unknown.status).toBe(404);
  });

  it('PUT /v1.0/card/instances updates by key or replaces', async () => {
    sim = await startSim();
    const t = await token();
    await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      replyCard('card-2', 'dtv1.card//IM_ROBOT.u-li'),
      t,
    );
    const byKey = await call(
      sim,
      'PUT',
      '/v1.0/card/instances',
      {
        outTrackId: 'card-2',
        cardData: { cardParamMap: { status: '已整改' } },
        privateData: { 'u-li': { cardParamMap: { note: '仅自己可见' } } },
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
        userIdType: 1,
      },
      t,
    );
    expect(byKey.body).toEqual({ success: true, result: true });
    expect(sim.cards()[0]?.cardParamMap).toMatchObject({ title: '整改确认', status: '已整改' });
    expect(sim.cards()[0]?.privateData).toEqual({ 'u-li': { note: '仅自己可见' } });
    await call(
      sim,
      'PUT',
      '/v1.0/card/instances',
      { outTrackId: 'card-2', cardData: { cardParamMap: { title: '只剩标题' } } },
      t,
    );
    expect(sim.cards()[0]?.cardParamMap).toEqual({ title: '只剩标题' });
    const missing = await call(
      sim,
      'PUT',
      '/v1.0/card/instances',
      { outTrackId: 'nope', cardData: { cardParamMap: {} } },
      t,
    );
    expect(missing.status).toBe(400);
  });

  it('validates card bodies like DingTalk: string params, known spaces, deliver models, unique outTrackId', async () => {
    sim = await startSim();
    const t = await token();
    const nonString = replyCard('card-3', 'dtv1.card//IM_ROBOT.u-zhang');
    const bad = await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      { ...nonString, cardData: { cardParamMap: { fields: [{ label: 'a', value: 'b' }] } } },
      t,
    );
    expect(bad.status).toBe(400);
    const badSpace = await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      replyCard('card-3', 'dtv1.card//ONE_BOX.x'),
      t,
    );
    expect(badSpace.status).toBe(400);
    const noModel = await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      { ...replyCard('card-3', 'dtv1.card//IM_ROBOT.u-zhang'), imRobotOpenDeliverModel: undefined },
      t,
    );
    expect(noModel.status).toBe(400);
    const unknownUser = await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      replyCard('card-3', 'dtv1.card//IM_ROBOT.ghost'),
      t,
    );
    expect(unknownUser.body).toMatchObject({ result: { deliverResults: [{ success: false }] } });
    const dup = await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      replyCard('card-3', 'dtv1.card//IM_ROBOT.u-zhang'),
      t,
    );
    expect(dup.status).toBe(400);
    expect(sim.cards().map((c) => c.outTrackId)).toEqual(['card-3']);
  });

  it('a card delivered to the asking official counts as the reply; group cards reach group members', async () => {
    sim = await startSim();
    const t = await token();
    let n = 0;
    clients.push(
      await createTestStreamClient(sim, {
        ...CREDS,
        onRobotMessage: async (message) => {
          n += 1;
          const space =
            message.conversationType === '2'
              ? {
                  openSpaceId: `dtv1.card//IM_GROUP.${message.conversationId}`,
                  imGroupOpenSpaceModel: { supportForward: true },
                  imGroupOpenDeliverModel: { robotCode: CREDS.robotCode },
                  imRobotOpenDeliverModel: undefined,
                }
              : {};
          await call(
            sim,
            'POST',
            '/v1.0/card/instances/createAndDeliver',
            { ...replyCard(`reply-${n}`, `dtv1.card//IM_ROBOT.${message.senderStaffId}`), ...space },
            t,
          );
        },
      }),
    );
    const single = await sim.sendMessage({ userId: 'u-wang', text: '我的整改任务' });
    expect(single.replies).toHaveLength(1);
    expect(single.replies[0]).toMatchObject({
      via: 'card',
      msgtype: 'interactiveCard',
      outTrackId: 'reply-1',
      title: '整改确认',
      cardButtons: [{ label: '确认整改', action: 'confirm', payload: { rectId: 'r-1', round: 2 } }],
      fields: [
        { label: '项目', value: 'XX 信息化项目' },
        { label: '执行率', value: '28%' },
      ],
    });
    const group = await sim.sendMessage({ userId: 'u-li', text: '本群整改', conversationId: 'cidRect==' });
    expect(group.replies[0]).toMatchObject({
      via: 'card',
      conversationType: '2',
      conversationId: 'cidRect==',
    });
    expect(sim.outbox('u-li').find((p) => p.kind === 'card')).toMatchObject({ conversationId: 'cidRect==' });
  });

  it('gives up after 2 s when the bot does not answer a card callback', async () => {
    sim = await startSim();
    clients.push(
      await createTestStreamClient(sim, {
        ...CREDS,
        onCardCallback: () => new Promise(() => {}),
      }),
    );
    const t = await token();
    await call(
      sim,
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      replyCard('card-slow', 'dtv1.card//IM_ROBOT.u-zhang'),
      t,
    );
    const started = Date.now();
    const http = await call(sim, 'POST', '/sim/api/card-callback', {
      userId: 'u-zhang',
      outTrackId: 'card-slow',
      params: {},
    });
    expect(http.status).toBe(504);
    expect(http.body).toMatchObject({ response: null, error: '机器人未在2秒内响应卡片回调' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const frame = sim.sentFrames().find((f) => f.frame.headers.topic === '/v1.0/card/instances/callback');
    expect(JSON.parse(frame?.frame.data ?? '{}')).toMatchObject({
      content: JSON.stringify({ cardPrivateData: { actionIds: ['click'], params: {} } }),
    });
  });
});
