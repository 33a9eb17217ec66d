import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DingTalkSim } from '../src/index.ts';
import { createTestStreamClient, type TestStreamClient } from '../src/testing.ts';
import { CREDS, call, getToken, silenceSdk, startSim } from './helpers.ts';

let sim: DingTalkSim;
const clients: TestStreamClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  vi.restoreAllMocks();
});

const markdown = (text: string) => ({
  robotCode: CREDS.robotCode,
  msgKey: 'sampleMarkdown',
  msgParam: JSON.stringify({ title: '预警', text }),
});

interface BatchAnswer {
  processQueryKey: string;
  invalidStaffIdList: string[];
  flowControlledStaffIdList: string[];
}

describe('access tokens', () => {
  it('returns the same token while valid, counts requests, and rejects missing, wrong or expired tokens', async () => {
    sim = await startSim();
    const first = await call<{ accessToken: string; expireIn: number }>(
      sim,
      'POST',
      '/v1.0/oauth2/accessToken',
      {
        appKey: CREDS.clientId,
        appSecret: CREDS.clientSecret,
      },
    );
    expect(first.status).toBe(200);
    expect(first.body.expireIn).toBe(7200);
    const second = await getToken(sim);
    expect(second).toBe(first.body.accessToken);
    const legacy = await call<{ errcode: number; access_token: string; expires_in: number }>(
      sim,
      'GET',
      `/gettoken?appkey=${CREDS.clientId}&appsecret=${encodeURIComponent(CREDS.clientSecret)}`,
    );
    expect(legacy.body).toMatchObject({ errcode: 0, errmsg: 'ok', access_token: second, expires_in: 7200 });
    expect(sim.tokenRequestCount()).toBe(3);

    const wrong = await call(sim, 'POST', '/v1.0/oauth2/accessToken', {
      appKey: CREDS.clientId,
      appSecret: 'x',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'invalidClientIdOrSecret' });
    expect(sim.tokenRequestCount()).toBe(3);

    const body = markdown('测试');
    const none = await call(sim, 'POST', '/v1.0/robot/oToMessages/batchSend', {
      ...body,
      userIds: ['u-zhang'],
    });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'InvalidAuthentication', message: '不合法的access_token' });
    const bad = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...body, userIds: ['u-zhang'] },
      'nope',
    );
    expect(bad.status).toBe(401);

    sim.expireAccessTokens();
    const expired = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...body, userIds: ['u-zhang'] },
      second,
    );
    expect(expired.status).toBe(401);
    const fresh = await getToken(sim);
    expect(fresh).not.toBe(second);
    const ok = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...body, userIds: ['u-zhang'] },
      fresh,
    );
    expect(ok.status).toBe(200);
  });

  it('legacy gettoken answers wrong credentials with errcode 40089', async () => {
    sim = await startSim();
    const r = await call(sim, 'GET', `/gettoken?appkey=${CREDS.clientId}&appsecret=wrong`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ errcode: 40089 });
  });
});

describe('robot sends', () => {
  it('batchSend validates msgKey/msgParam, reports invalid and flow-controlled users, and records pushes', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    sim.setFaults({ flowControlUserIds: ['u-li'] });
    const r = await call<BatchAnswer>(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...markdown('### 预算执行预警\n执行率低于 **30%**'), userIds: ['u-zhang', 'u-li', 'ghost'] },
      token,
    );
    expect(r.status).toBe(200);
    expect(r.body.processQueryKey).toEqual(expect.any(String));
    expect(r.body.invalidStaffIdList).toEqual(['ghost']);
    expect(r.body.flowControlledStaffIdList).toEqual(['u-li']);
    const pushes = sim.outbox('u-zhang');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      kind: 'oto',
      userId: 'u-zhang',
      msgKey: 'sampleMarkdown',
      title: '预警',
      text: '### 预算执行预警\n执行率低于 **30%**',
      processQueryKey: r.body.processQueryKey,
    });
    expect(sim.outbox('u-li')).toEqual([]);

    const badKey = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { robotCode: CREDS.robotCode, userIds: ['u-zhang'], msgKey: 'sampleMarkdownX', msgParam: '{}' },
      token,
    );
    expect(badKey.status).toBe(400);
    expect(badKey.body).toMatchObject({ code: 'invalidParameter.msgKey.invalid' });
    const badParam = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { robotCode: CREDS.robotCode, userIds: ['u-zhang'], msgKey: 'sampleText', msgParam: '{not json' },
      token,
    );
    expect(badParam.body).toMatchObject({ code: 'invalidParameter.msgParam.invalid' });
    const missing = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      {
        robotCode: CREDS.robotCode,
        userIds: ['u-zhang'],
        msgKey: 'sampleMarkdown',
        msgParam: '{"text":"无标题"}',
      },
      token,
    );
    expect(missing.status).toBe(400);
    const objectParam = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { robotCode: CREDS.robotCode, userIds: ['u-zhang'], msgKey: 'sampleText', msgParam: { content: 'x' } },
      token,
    );
    expect(objectParam.status).toBe(400);
    const wrongRobot = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...markdown('x'), robotCode: 'other', userIds: ['u-zhang'] },
      token,
    );
    expect(wrongRobot.body).toMatchObject({ code: 'invalidParameter.robotCode.notExsit' });
    expect(sim.outbox('u-zhang')).toHaveLength(1);
  });

  it('renders actionCard msgKeys into buttons', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    const r = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      {
        robotCode: CREDS.robotCode,
        userIds: ['u-wang'],
        msgKey: 'sampleActionCard2',
        msgParam: JSON.stringify({
          title: '整改通知',
          text: '请尽快整改',
          actionTitle1: '去整改',
          actionURL1: 'dtmd://dingtalkclient/sendMessage?content=%E6%95%B4%E6%94%B9',
          actionTitle2: '查看',
          actionURL2: 'https://example.gov.cn/r/1',
        }),
      },
      token,
    );
    expect(r.status).toBe(200);
    expect(sim.outbox('u-wang')[0]?.buttons).toEqual([
      { title: '去整改', url: 'dtmd://dingtalkclient/sendMessage?content=%E6%95%B4%E6%94%B9' },
      { title: '查看', url: 'https://example.gov.cn/r/1' },
    ]);
  });

  it('group send needs a group the robot is in and reaches its members', async () => {
    sim = await startSim({
      groups: [{ conversationId: 'cidPreset==', title: '绩效评价群', memberUserIds: ['u-wang'] }],
    });
    const token = await getToken(sim);
    const send = (cid: string) =>
      call<{ processQueryKey: string }>(
        sim,
        'POST',
        '/v1.0/robot/groupMessages/send',
        {
          openConversationId: cid,
          robotCode: CREDS.robotCode,
          msgKey: 'sampleText',
          msgParam: JSON.stringify({ content: '请各单位周五前报送自评表' }),
        },
        token,
      );
    const unknown = await send('cidUnknown==');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'invalid.openConversationId' });
    const ok = await send('cidPreset==');
    expect(ok.status).toBe(200);
    expect(ok.body.processQueryKey).toEqual(expect.any(String));
    expect(sim.outbox('u-wang')[0]).toMatchObject({
      kind: 'group',
      conversationId: 'cidPreset==',
      text: '请各单位周五前报送自评表',
    });
    expect(sim.outbox('u-zhang')).toEqual([]);
  });

  it('a proactive message sent to the asking official while the message waits counts as a reply', async () => {
    sim = await startSim();
    silenceSdk();
    const token = await getToken(sim);
    clients.push(
      await createTestStreamClient(sim, {
        ...CREDS,
        onRobotMessage: async (message) => {
          await call(
            sim,
            'POST',
            '/v1.0/robot/oToMessages/batchSend',
            { ...markdown('通过主动推送回复'), userIds: [message.senderStaffId] },
            token,
          );
        },
      }),
    );
    const result = await sim.sendMessage({ userId: 'u-zhang', text: '在吗' });
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]).toMatchObject({
      via: 'oToMessages',
      msgtype: 'sampleMarkdown',
      text: '通过主动推送回复',
    });
  });

  it('topapi/v2/user/get maps userId to unionId with a legacy token check', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    const ok = await call(sim, 'POST', `/topapi/v2/user/get?access_token=${token}`, { userid: 'u-li' });
    expect(ok.body).toMatchObject({
      errcode: 0,
      result: { userid: 'u-li', unionid: 'union-li', name: '李娜' },
    });
    const unknown = await call(sim, 'POST', `/topapi/v2/user/get?access_token=${token}`, { userid: 'ghost' });
    expect(unknown.body).toMatchObject({ errcode: 60121 });
    const noToken = await call(sim, 'POST', '/topapi/v2/user/get?access_token=bad', { userid: 'u-li' });
    expect(noToken.body).toMatchObject({ errcode: 40014 });
  });
});

describe('faults', () => {
  async function statuses(token: string, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await call(
        sim,
        'POST',
        '/v1.0/robot/oToMessages/batchSend',
        { ...markdown(`第${i}条`), userIds: ['u-zhang'] },
        token,
      );
      out.push(r.status);
    }
    return out;
  }

  it('openApiErrorRate answers 500 system.error, reproducibly for a seed', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    sim.setFaults({ openApiErrorRate: 0.5, seed: 42, qpsLimit: 0 });
    const first = await statuses(token, 20);
    expect(first).toContain(500);
    expect(first).toContain(200);
    sim.setFaults({ openApiErrorRate: 0.5, seed: 42, qpsLimit: 0 });
    expect(await statuses(token, 20)).toEqual(first);
    sim.setFaults({ openApiErrorRate: 0.5, seed: 7, qpsLimit: 0 });
    expect(await statuses(token, 20)).not.toEqual(first);

    sim.setFaults({ openApiErrorRate: 1 });
    const r = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...markdown('x'), userIds: ['u-zhang'] },
      token,
    );
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ code: 'system.error' });
    sim.setFaults({});
    expect(await statuses(token, 3)).toEqual([200, 200, 200]);
  });

  it('throttleRate answers 403 QpsLimitForAppkeyAndApi; faults can be set over HTTP', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    const set = await call(sim, 'POST', '/sim/api/faults', { throttleRate: 0.3, seed: 1 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ faults: { throttleRate: 0.3, seed: 1 } });
    const first = await statuses(token, 20);
    expect(first).toContain(403);
    expect(first.every((s) => s === 200 || s === 403)).toBe(true);
    await call(sim, 'POST', '/sim/api/faults', { throttleRate: 0.3, seed: 1 });
    expect(await statuses(token, 20)).toEqual(first);
    await call(sim, 'POST', '/sim/api/faults', { throttleRate: 1 });
    const r = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...markdown('x'), userIds: ['u-zhang'] },
      token,
    );
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
    const typo = await call(sim, 'POST', '/sim/api/faults', { throttelRate: 1 });
    expect(typo.status).toBe(400);
  });

  it('sessionWebhookErrorRate makes webhook posts fail without delivering the reply', async () => {
    sim = await startSim({ replyTimeoutMs: 300 });
    silenceSdk();
    sim.setFaults({ sessionWebhookErrorRate: 1 });
    const answers: unknown[] = [];
    clients.push(
      await createTestStreamClient(sim, {
        ...CREDS,
        onRobotMessage: async (message, _f, _c) => {
          const res = await fetch(message.sessionWebhook, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ msgtype: 'text', text: { content: '发不出去' } }),
          });
          answers.push(await res.json());
        },
      }),
    );
    const http = await call(sim, 'POST', '/sim/api/messages', { userId: 'u-zhang', text: '你好' });
    expect(http.status).toBe(504);
    expect(http.body).toMatchObject({ replies: [], error: '机器人未在0.3秒内回复' });
    expect(answers).toEqual([{ errcode: -1, errmsg: '系统繁忙' }]);
  });

  it('enforces a real per-API QPS limit (default 20, configurable, 0 = unlimited)', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    const burst = (n: number, path = '/v1.0/robot/oToMessages/batchSend') =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          call(sim, 'POST', path, { ...markdown(`并发${i}`), userIds: ['u-zhang'] }, token).then(
            (r) => r.status,
          ),
        ),
      );
    const defaults = await burst(25);
    expect(defaults.filter((s) => s === 200)).toHaveLength(20);
    expect(defaults.filter((s) => s === 403)).toHaveLength(5);

    sim.setFaults({ qpsLimit: 5 });
    const limited = await burst(8);
    expect(limited.filter((s) => s === 200)).toHaveLength(5);
    const rejected = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      { ...markdown('x'), userIds: ['u-zhang'] },
      token,
    );
    expect(rejected.body).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
    // Other APIs have their own window; token and user lookups are not limited.
    const todo = await call(
      sim,
      'POST',
      '/v1.0/todo/users/union-zhang/tasks',
      { subject: '整改', detailUrl: { pcUrl: 'https://example.gov.cn/t/1' } },
      token,
    );
    expect(todo.status).toBe(200);
    expect(await getToken(sim)).toBe(token);

    sim.setFaults({ qpsLimit: 0 });
    const unlimited = await burst(30);
    expect(unlimited.every((s) => s === 200)).toBe(true);
  });
});
