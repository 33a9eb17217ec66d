import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './system.ts';

let running: Awaited<ReturnType<typeof startTestServer>> | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

// Without the demo city (an empty database) so that the server starts quickly; the switch is what is tested.
describe('the fake DingTalk is demo equipment', () => {
  it('does not run outside the demo unless JIXIAO_SIM=true: no bot, /sim answers 404', async () => {
    running = await startTestServer({ JIXIAO_DEMO: 'false' });
    const { server } = running;
    expect(server.botChannel).toBe('no-dingtalk');
    expect(server.messaging).toBeNull();
    expect(server.chatUrl).toBeNull();
    for (const path of ['/sim', '/sim/api/users', '/sim/page/app.js']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'route_not_found' });
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('runs with JIXIAO_SIM=true and serves /sim to this machine', async () => {
    running = await startTestServer({ JIXIAO_DEMO: 'false', JIXIAO_SIM: 'true' });
    const { server } = running;
    expect(server.botChannel).toBe('sim');
    expect(server.chatUrl).toBe(`${server.url}/sim`);
    const page = await fetch(`${server.url}/sim`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>绩效通 · 钉钉模拟器</title>');
    const script = await fetch(`${server.url}/sim/page/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });
});
