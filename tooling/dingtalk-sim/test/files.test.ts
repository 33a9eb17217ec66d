import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DingTalkSim } from '../src/index.ts';
import { createTestStreamClient, type RobotMessageData, type TestStreamClient } from '../src/testing.ts';
import { CREDS, call, getToken, silenceSdk, startSim } from './helpers.ts';

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

describe('file and picture messages', () => {
  it('arrive with a downloadCode that the app exchanges, with its token and robotCode, for the bytes', async () => {
    sim = await startSim();
    const received: RobotMessageData[] = [];
    const client = await createTestStreamClient(sim, {
      ...CREDS,
      onRobotMessage: async (message) => {
        received.push(message);
        await fetch(message.sessionWebhook, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: '收到文件' } }),
        });
      },
    });
    clients.push(client);
    const bytes = Buffer.from('%PDF-1.4 测算依据');
    await sim.sendMessage({
      userId: 'u-zhang',
      text: '测算依据.pdf',
      file: { fileName: '测算依据.pdf', contentBase64: bytes.toString('base64') },
    });
    await sim.sendMessage({
      userId: 'u-zhang',
      text: '[图片]',
      file: { fileName: 'x.png', contentBase64: bytes.toString('base64'), kind: 'picture' },
    });
    const [file, picture] = received.map((m) => m as unknown as Record<string, unknown>);
    expect(file).toMatchObject({ msgtype: 'file', content: { fileName: '测算依据.pdf' } });
    expect(file?.text).toBeUndefined();
    expect(picture).toMatchObject({ msgtype: 'picture' });
    expect(Object.keys((picture?.content ?? {}) as object)).toEqual(['downloadCode']);
    const code = String((file?.content as { downloadCode?: string } | undefined)?.downloadCode);

    const anonymous = await call(sim, 'POST', '/v1.0/robot/messageFiles/download', {
      downloadCode: code,
      robotCode: CREDS.robotCode,
    });
    expect(anonymous.status).toBe(401);
    const token = await getToken(sim);
    const wrong = await call(
      sim,
      'POST',
      '/v1.0/robot/messageFiles/download',
      { downloadCode: 'nope', robotCode: CREDS.robotCode },
      token,
    );
    expect(wrong.status).toBe(400);
    const ok = await call<{ downloadUrl: string }>(
      sim,
      'POST',
      '/v1.0/robot/messageFiles/download',
      { downloadCode: code, robotCode: CREDS.robotCode },
      token,
    );
    expect(ok.status).toBe(200);
    const got = await fetch(ok.body.downloadUrl);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${sim.url}/sim-files/forged`)).status).toBe(404);
  });
});
