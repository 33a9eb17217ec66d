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

describe('media upload and file messages from the app', () => {
  const upload = async (query: string, form: FormData) => {
    const res = await fetch(`${sim.url}/media/upload?${query}`, { method: 'POST', body: form });
    return (await res.json()) as { errcode: number; errmsg: string; media_id?: string; type?: string };
  };
  const formWith = (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(bytes)]), name);
    return form;
  };

  it('keeps the uploaded bytes under a media id that a sampleFile message then carries', async () => {
    sim = await startSim();
    const token = await getToken(sim);
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x80, 0x7f]);
    expect(await upload('type=file', formWith(bytes, 'a.xlsx'))).toMatchObject({ errcode: 40014 });
    expect(await upload(`type=doc&access_token=${token}`, formWith(bytes, 'a.xlsx'))).toMatchObject({
      errcode: 40004,
    });
    expect(await upload(`type=file&access_token=${token}`, new FormData())).toMatchObject({ errcode: 40035 });
    const ok = await upload(`type=file&access_token=${token}`, formWith(bytes, '申报表.xlsx'));
    expect(ok).toMatchObject({ errcode: 0, errmsg: 'ok', type: 'file' });
    const mediaId = ok.media_id as string;
    // Binary content survives the multipart round trip byte for byte.
    expect(sim.media(mediaId)).toEqual({ fileName: '申报表.xlsx', type: 'file', bytes });
    const sent = await call(
      sim,
      'POST',
      '/v1.0/robot/oToMessages/batchSend',
      {
        robotCode: CREDS.robotCode,
        userIds: ['u-zhang'],
        msgKey: 'sampleFile',
        msgParam: JSON.stringify({ mediaId, fileName: '申报表.xlsx', fileType: 'xlsx' }),
      },
      token,
    );
    expect(sent.status).toBe(200);
    expect(sim.outbox('u-zhang').at(-1)).toMatchObject({
      msgKey: 'sampleFile',
      msgParam: { mediaId, fileName: '申报表.xlsx', fileType: 'xlsx' },
    });
  });
});
