import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DingTalkSim, SimEvent } from '../src/index.ts';
import { shownTitle, todoStatusLabels } from '../src/page/display.js';
import { renderMarkdown } from '../src/page/markdown.js';
import { createTestStreamClient, type TestStreamClient } from '../src/testing.ts';
import { CREDS, call, getToken, silenceSdk, startSim, USERS } from './helpers.ts';

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

async function echoBot(): Promise<void> {
  clients.push(
    await createTestStreamClient(sim, {
      ...CREDS,
      onRobotMessage: async (message) => {
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            msgtype: 'markdown',
            markdown: { title: '回声', text: `你说：${message.text?.content.trim()}` },
          }),
        });
      },
    }),
  );
}

describe('/sim/api', () => {
  it('lists users from the (async) users option', async () => {
    sim = await startSim({ users: async () => USERS.slice(0, 2) });
    const r = await call(sim, 'GET', '/sim/api/users');
    expect(r.body).toEqual({ users: USERS.slice(0, 2) });
  });

  it('answers 503 while the users source fails (e.g. the server is not up yet)', async () => {
    sim = await startSim({
      users: () => {
        throw new Error('服务器尚未就绪');
      },
    });
    const users = await call(sim, 'GET', '/sim/api/users');
    expect(users.status).toBe(503);
    expect(users.body).toEqual({ error: '无法获取官员列表：服务器尚未就绪' });
    const message = await call(sim, 'POST', '/sim/api/messages', { userId: 'u-zhang', text: '你好' });
    expect(message.status).toBe(503);
  });

  it('POST /sim/api/messages: 404 for unknown users, 400 for bad bodies, 504 when the bot is silent', async () => {
    sim = await startSim({ replyTimeoutMs: 200 });
    const unknown = await call(sim, 'POST', '/sim/api/messages', { userId: 'ghost', text: '你好' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: expect.stringContaining('未知用户') });
    const empty = await call(sim, 'POST', '/sim/api/messages', { userId: 'u-zhang', text: '' });
    expect(empty.status).toBe(400);
    const silent = await call<{ msgId: string }>(sim, 'POST', '/sim/api/messages', {
      userId: 'u-zhang',
      text: '有人吗',
    });
    expect(silent.status).toBe(504);
    expect(silent.body).toEqual({
      msgId: expect.stringMatching(/^msg/),
      replies: [],
      error: '机器人未在0.2秒内回复',
    });
  });

  it('GET /sim/api/outbox returns pushes and to-dos of one official', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      {
        robotCode: CREDS.robotCode,
        userIds: ['u-li'],
        msgKey: 'sampleText',
        msgParam: '{"content":"请及时填报"}',
      },
      token,
    );
    await call(
      sim,
      'POST',
      '/v1.0/todo/users/union-zhang/tasks',
      { subject: '审核自评表', executorIds: ['union-li'], detailUrl: { pcUrl: 'https://example.gov.cn/t' } },
      token,
    );
    const li = await call<{ pushes: Array<{ kind: string }>; todos: Array<{ subject: string }> }>(
      sim,
      'GET',
      '/sim/api/outbox?userId=u-li',
    );
    expect(li.body.pushes.map((p) => p.kind)).toEqual(['oto', 'todo']);
    expect(li.body.todos.map((t) => t.subject)).toEqual(['审核自评表']);
    const wang = await call(sim, 'GET', '/sim/api/outbox?userId=u-wang');
    expect(wang.body).toEqual({ pushes: [], todos: [] });
  });

  it('long-poll returns events for one official and waits for new ones', async () => {
    sim = await startSim();
    await echoBot();
    await sim.sendMessage({ userId: 'u-zhang', text: '你好' });
    const first = await call<{ events: SimEvent[]; last: number }>(
      sim,
      'GET',
      '/sim/api/poll?userId=u-zhang&after=0',
    );
    expect(first.body.events.map((e) => e.type)).toEqual(['message', 'reply']);
    const other = await call<{ events: SimEvent[] }>(
      sim,
      'GET',
      '/sim/api/poll?userId=u-li&after=0&timeoutMs=0',
    );
    expect(other.body.events).toEqual([]);
    const waiting = call<{ events: SimEvent[] }>(
      sim,
      'GET',
      `/sim/api/poll?userId=u-zhang&after=${first.body.last}&timeoutMs=5000`,
    );
    await sim.sendMessage({ userId: 'u-zhang', text: '再来' });
    const next = await waiting;
    expect(next.body.events[0]).toMatchObject({ type: 'message', data: { text: '再来' } });
  });

  it('streams events over SSE (replay, then live)', async () => {
    sim = await startSim();
    await echoBot();
    await sim.sendMessage({ userId: 'u-zhang', text: '第一条' });
    const controller = new AbortController();
    const res = await fetch(`${sim.url}/sim/api/events?userId=u-zhang`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await readUntil('event: reply');
    expect(text).toContain('event: message');
    await sim.sendMessage({ userId: 'u-zhang', text: '第二条' });
    await readUntil('你说：第二条');
    controller.abort();
  });

  it('records every request with method, path, query, headers, parsed body and status', async () => {
    sim = await startSim();
    await call(sim, 'POST', '/v1.0/oauth2/accessToken?x=1', { appKey: CREDS.clientId, appSecret: 'wrong' });
    const missing = await call(sim, 'GET', '/v1.0/no/such/api');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'InvalidAction.NotFound' });
    const recorded = sim.recorded();
    expect(recorded[0]).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/v1.0/oauth2/accessToken',
      query: { x: '1' },
      body: { appKey: CREDS.clientId, appSecret: 'wrong' },
      status: 400,
    });
    expect(recorded[0]?.headers['content-type']).toBe('application/json');
    expect(recorded[1]).toMatchObject({ method: 'GET', path: '/v1.0/no/such/api', status: 404 });
  });
});

describe('chat page', () => {
  it('GET /sim serves a self-contained page with the stable ids', async () => {
    sim = await startSim();
    const res = await fetch(`${sim.url}/sim`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<title>绩效通 · 钉钉模拟器</title>');
    for (const id of ['user-select', 'message-input', 'send-button', 'messages', 'pushes', 'todos']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('bot-message');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href="(?!data:)/);
    expect(html).not.toMatch(/https?:\/\/(?!example)/);
    const root = await fetch(`${sim.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/sim');
  });

  it('serves every module the page imports, as JavaScript from the sim itself', async () => {
    sim = await startSim();
    const html = await (await fetch(`${sim.url}/sim`)).text();
    // Import statements (not the JSDoc `@import` type comments) start a line or the inline <script>.
    const imports = (source: string) =>
      [...source.matchAll(/(?:^|>)import\s[^;]*?\bfrom '([^']+)'/gm)].map((m) => m[1] as string);
    const entry = imports(html);
    expect(entry).toEqual(['/sim/page/app.js']);
    const served = new Set<string>();
    const queue = [...entry];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (served.has(path)) continue;
      const res = await fetch(`${sim.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const source = await res.text();
      expect(source).not.toMatch(/https?:\/\/(?!example)/);
      served.add(path);
      queue.push(...imports(source).map((spec) => new URL(spec, `http://sim${path}`).pathname));
    }
    expect([...served].sort()).toEqual(
      ['api', 'app', 'display', 'dom', 'markdown', 'views'].map((m) => `/sim/page/${m}.js`),
    );
    expect((await fetch(`${sim.url}/sim/page/nope.js`)).status).toBe(404);
    expect((await fetch(`${sim.url}/sim/page/tsconfig.json`)).status).toBe(404);
  });

  it('the page modules load without a browser: nothing runs until startChatPage()', async () => {
    const app = await import('../src/page/app.js');
    expect(typeof app.startChatPage).toBe('function');
  });

  it('never shows a finished to-do as 待处理 for its executor', () => {
    expect(todoStatusLabels({ done: true, executorStatus: { u1: false } }, 'u1')).toEqual([
      '已完成',
      '我的状态：已完成',
    ]);
    expect(todoStatusLabels({ done: false, executorStatus: { u1: false } }, 'u1')).toEqual([
      '未完成',
      '我的状态：待处理',
    ]);
    expect(todoStatusLabels({ done: false, executorStatus: { u1: true } }, 'u1')).toEqual([
      '未完成',
      '我的状态：已完成',
    ]);
    expect(todoStatusLabels({ done: true, executorStatus: { u1: false } }, 'u2')).toEqual(['已完成']);
    expect(todoStatusLabels({ done: false, executorStatus: {} }, undefined)).toEqual(['未完成']);
  });

  it('renders markdown minimally and escapes HTML first', () => {
    expect(renderMarkdown('### 执行进度\n- 已执行 **62%**\n- 未执行\n\n1. 一\n2. 二')).toBe(
      '<h3>执行进度</h3><ul><li>已执行 <strong>62%</strong></li><li>未执行</li></ul><ol><li>一</li><li>二</li></ol>',
    );
    expect(renderMarkdown('第一行\n第二行')).toBe('<p>第一行<br>第二行</p>');
    expect(renderMarkdown('<img src=x onerror=alert(1)> **粗**')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; <strong>粗</strong></p>',
    );
    expect(renderMarkdown('[详情](https://example.gov.cn/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.gov.cn/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">详情</a></p>',
    );
    expect(renderMarkdown('[坏链接](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[x](https://a.b/"onmouseover="alert(1))')).not.toContain('"onmouseover');
    expect(renderMarkdown('> 引用')).toBe('<blockquote>引用</blockquote>');
  });

  it('shows the title of a markdown or action-card message only in previews, as DingTalk does', () => {
    for (const msgtype of [
      'markdown',
      'actionCard',
      'sampleMarkdown',
      'sampleActionCard',
      'sampleActionCard3',
    ]) {
      expect(shownTitle({ msgtype, title: '预警' }), msgtype).toBe('');
    }
    expect(shownTitle({ msgtype: 'link', title: '链接标题' })).toBe('链接标题');
    expect(shownTitle({ msgtype: 'interactiveCard', title: '整改通知' })).toBe('整改通知');
    expect(shownTitle({ title: '待办标题' })).toBe('待办标题');
    expect(shownTitle({ msgtype: 'text' })).toBe('');
  });
});
