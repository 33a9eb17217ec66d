import { createHash } from 'node:crypto';
import { verifyAuditChain } from '@jixiao/db/audit';
import { createExecutingItem } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../src/routes/attachments.ts';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let itemId: number;
beforeAll(async () => {
  api = await createApiHarness();
  itemId = (await createExecutingItem(api.city)).id;
});
afterAll(() => api.close());

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function upload(query: string, file: Buffer, name: string, token?: string | null) {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  return api.request(`/api/v1/attachments?${query}`, { method: 'POST', body: form, token });
}

describe('attachments', () => {
  it('stores an officer’s file with its SHA-256 and type by content, lists it and gives it back unchanged', async () => {
    const res = await upload(
      `itemId=${itemId}&purpose=rectification_evidence`,
      pdf,
      '整改报告（第一稿）.pdf',
      api.tokens.officerA,
    );
    expect(res.status).toBe(201);
    const row = (await res.json()) as {
      id: number;
      sha256: string;
      mimeType: string;
      fileName: string;
      size: number;
    };
    expect(row).toMatchObject({
      mimeType: 'application/pdf',
      fileName: '整改报告（第一稿）.pdf',
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    const list = await api.call('GET', `/api/v1/attachments?itemId=${itemId}`, {
      token: api.tokens.officerA,
    });
    expect(list.body.data.map((a: { id: number }) => a.id)).toEqual([row.id]);
    const download = await api.request(`/api/v1/attachments/${row.id}/content`, {
      token: api.tokens.officerA,
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toBe(contentDisposition('整改报告（第一稿）.pdf'));
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    expect(await verifyAuditChain(api.db.db)).toMatchObject({ ok: true });
  });

  it('keeps a picture as a picture whatever its name says, and stores the same content once', async () => {
    const a = (await (
      await upload(`itemId=${itemId}&purpose=other`, png, '现场照片.pdf', api.tokens.officerA)
    ).json()) as { mimeType: string; sha256: string };
    const b = (await (
      await upload(`itemId=${itemId}&purpose=other`, png, '现场照片2.png', api.tokens.officerA)
    ).json()) as { sha256: string };
    expect(a.mimeType).toBe('image/png');
    expect(a.sha256).toBe(b.sha256);
    const blobs = await api.db.db.execute('select count(*)::int as n from attachment_blobs');
    const rows = (Array.isArray(blobs) ? blobs : (blobs as { rows: unknown[] }).rows) as Array<{ n: number }>;
    expect(rows[0]?.n).toBe(2);
  });

  it('refuses what is not an allowed type, an empty file and a file too large, writing nothing', async () => {
    const before = await api.call('GET', `/api/v1/attachments?itemId=${itemId}`);
    const exe = await upload(
      `itemId=${itemId}&purpose=other`,
      Buffer.from('MZ\x90\x00\x03binary'),
      '报告.pdf',
      api.tokens.officerA,
    );
    expect(exe.status).toBe(400);
    expect(((await exe.json()) as { message: string }).message).toContain('文件类型不允许或无法识别');
    const empty = await upload(
      `itemId=${itemId}&purpose=other`,
      Buffer.alloc(0),
      'a.pdf',
      api.tokens.officerA,
    );
    expect(empty.status).toBe(400);
    const big = await upload(
      `itemId=${itemId}&purpose=other`,
      Buffer.concat([pdf, Buffer.alloc(21 * 1024 * 1024)]),
      'big.pdf',
      api.tokens.officerA,
    );
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toContain('过大');
    const after = await api.call('GET', `/api/v1/attachments?itemId=${itemId}`);
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it('keeps files in their owner’s scope: another department neither uploads to nor sees them; a reader cannot upload', async () => {
    const other = await upload(`itemId=${itemId}&purpose=other`, pdf, 'x.pdf', api.tokens.officerB);
    expect(other.status).toBe(404);
    const list = await api.call('GET', `/api/v1/attachments?itemId=${itemId}`, {
      token: api.tokens.officerB,
    });
    expect(list.body.data).toEqual([]);
    const first = (await api.call('GET', `/api/v1/attachments?itemId=${itemId}`)).body.data[0].id;
    const download = await api.request(`/api/v1/attachments/${first}/content`, {
      token: api.tokens.officerB,
    });
    expect(download.status).toBe(404);
    const leader = await upload(`itemId=${itemId}&purpose=other`, pdf, 'x.pdf', api.tokens.leader);
    expect(leader.status).toBe(403);
  });
});
