import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppEnv } from '@jixiao/api';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config.ts';
import { botChannel, botStatusLine } from '../src/messaging.ts';
import { forwardedClients, isLocalRequest, isLoopbackAddress } from '../src/sim-access.ts';
import { registerSimProxy } from '../src/sim-proxy.ts';

/** A stand-in for the simulator behind the proxy: answers every request and counts them. */
let upstream: Server;
let upstreamUrl: string;
let upstreamHits = 0;
beforeAll(async () => {
  upstream = createServer((_req, res) => {
    upstreamHits += 1;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<title>绩效通 · 钉钉模拟器</title>');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

function proxyApp(open: boolean, target: string | null = upstreamUrl) {
  const app = new Hono<AppEnv>();
  registerSimProxy(app, { open }).target = target;
  return app;
}

/** A request as @hono/node-server hands it over, from a peer at `remoteAddress` (forged: no socket). */
function requestFrom(
  app: Hono<AppEnv>,
  remoteAddress: string,
  path = '/sim',
  headers: Record<string, string> = {},
) {
  return app.request(path, { headers }, { incoming: { socket: { remoteAddress } } });
}

describe('who is a loopback client', () => {
  it('knows loopback addresses in every spelling, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(a), a).toBe(true);
    }
    for (const a of [
      '10.0.0.8',
      '192.168.1.20',
      '::ffff:10.0.0.8',
      'fe80::1',
      '0.0.0.0',
      'localhost',
      '',
      'unknown',
    ]) {
      expect(isLoopbackAddress(a), a).toBe(false);
    }
  });

  it('reads the clients a proxy names, with ports, brackets and quotes taken off', () => {
    const headers = new Headers({
      'x-forwarded-for': '198.51.100.4, 127.0.0.1',
      'x-real-ip': '127.0.0.1:5000',
      forwarded: 'for="[2001:db8::1]:4711";proto=https, for=127.0.0.1',
    });
    expect(forwardedClients(headers)).toEqual([
      '198.51.100.4',
      '127.0.0.1',
      '127.0.0.1',
      '2001:db8::1',
      '127.0.0.1',
    ]);
  });

  it('counts a request as local only when the peer and every forwarded client are loopback', () => {
    expect(isLocalRequest('127.0.0.1', new Headers())).toBe(true);
    expect(isLocalRequest('::ffff:127.0.0.1', new Headers({ 'x-forwarded-for': '127.0.0.1' }))).toBe(true);
    expect(isLocalRequest('203.0.113.7', new Headers())).toBe(false);
    expect(isLocalRequest(undefined, new Headers())).toBe(false);
    // A reverse proxy on this machine connects over loopback for a client elsewhere.
    expect(isLocalRequest('127.0.0.1', new Headers({ 'x-forwarded-for': '198.51.100.4' }))).toBe(false);
    expect(isLocalRequest('127.0.0.1', new Headers({ forwarded: 'for=unknown' }))).toBe(false);
  });
});

describe('/sim on the main port', () => {
  it('refuses a non-loopback client with 403 and a Chinese page or error, without reaching the simulator', async () => {
    const app = proxyApp(false);
    const before = upstreamHits;
    const page = await requestFrom(app, '203.0.113.7', '/sim', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<h1>钉钉模拟器仅限本机访问</h1>');
    expect(html).toContain('JIXIAO_SIM_OPEN=true');

    const api = await requestFrom(app, '203.0.113.7', '/sim/api/messages', { accept: 'application/json' });
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({
      code: 'not_allowed',
      message: expect.stringContaining('钉钉模拟器仅限本机访问'),
      details: {},
    });

    const proxied = await requestFrom(app, '127.0.0.1', '/sim', { 'x-forwarded-for': '198.51.100.4' });
    expect(proxied.status).toBe(403);
    expect(upstreamHits).toBe(before);
  });

  it('serves loopback clients, and everyone when opened', async () => {
    const before = upstreamHits;
    const local = await requestFrom(proxyApp(false), '127.0.0.1');
    expect(local.status).toBe(200);
    expect(await local.text()).toContain('钉钉模拟器');
    expect((await requestFrom(proxyApp(false), '::1', '/sim/api/users')).status).toBe(200);
    expect((await requestFrom(proxyApp(true), '203.0.113.7')).status).toBe(200);
    expect(upstreamHits).toBe(before + 3);
  });

  it('answers 404 when no simulator runs', async () => {
    const res = await requestFrom(proxyApp(false, null), '127.0.0.1');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 'route_not_found',
      message: expect.stringContaining('钉钉模拟器未启用'),
    });
  });
});

describe('whether the simulator runs', () => {
  const channelOf = (env: Record<string, string>) => botChannel(loadServerConfig(env));

  it('runs only in the demo or with JIXIAO_SIM=true, and never instead of real DingTalk', () => {
    expect(channelOf({})).toBe('sim');
    expect(channelOf({ JIXIAO_DEMO: 'false' })).toBe('no-dingtalk');
    expect(channelOf({ JIXIAO_DEMO: 'false', JIXIAO_SIM: 'true' })).toBe('sim');
    expect(channelOf({ JIXIAO_SIM: 'false' })).toBe('no-dingtalk');
    expect(channelOf({ JIXIAO_MESSAGING: 'false' })).toBe('messaging-off');
    expect(
      channelOf({ DINGTALK_CLIENT_ID: 'ding1', DINGTALK_CLIENT_SECRET: 's', DINGTALK_ROBOT_CODE: 'ding1' }),
    ).toBe('dingtalk');
  });

  it('is loopback-only unless JIXIAO_SIM_OPEN=true, and a bad value names the variable', () => {
    expect(loadServerConfig({}).sim.open).toBe(false);
    expect(loadServerConfig({ JIXIAO_SIM_OPEN: 'true' }).sim.open).toBe(true);
    expect(() => loadServerConfig({ JIXIAO_SIM_OPEN: 'maybe' })).toThrow(/JIXIAO_SIM_OPEN/);
  });

  it('the start-up banner says who may use the simulator, or why the bot is off', () => {
    const url = 'http://127.0.0.1:3000/sim';
    expect(botStatusLine('sim', url, false)).toBe(`与机器人对话（钉钉模拟器，仅限本机访问）：${url}`);
    expect(botStatusLine('sim', url, true)).toContain('已向其他电脑开放：JIXIAO_SIM_OPEN=true');
    expect(botStatusLine('no-dingtalk', null, false)).toMatch(/^机器人未启用：未配置钉钉凭据.*JIXIAO_SIM/);
  });
});
