import { inflateRawSync } from 'node:zlib';
import { queryRows } from '@jixiao/db';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type System, startSystem } from './system.ts';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

/** One entry of a zip (a DOCX), read through its central directory. */
function unzipEntry(zip: Buffer, name: string): string | null {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return null;
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return null;
}

interface Score {
  partyId: number;
  name: string;
  rank: number;
  outcome: 'commended' | 'interviewed' | null;
  taskId?: number | null;
}

describe('预算绩效管理工作考核 in the demo city (DI-6)', () => {
  it('sends the 通报 to every department in DingTalk, to acknowledge, and the bottom ones get their rectification to-do', async () => {
    const res = await fetch(`${sys.server.url}/api/v1/management-assessments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sys.server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fiscalYear: 2026 }),
    });
    expect(res.status).toBe(201);
    const { scores } = (await res.json()) as { scores: Score[] };
    expect(scores.length).toBeGreaterThan(10);
    const officers = await queryRows<{ external_user_id: string; org: string }>(
      sys.server.handle.db,
      sql`select i.external_user_id, o.name as org from users u
            join org_units o on o.id = u.org_unit_id join regions r on r.id = o.region_id
            join im_identities i on i.user_id = u.id
           where o.kind = 'department' and r.level = 'city' and 'dept_officer' = any(u.roles) and u.active`,
    );
    expect(new Set(officers.map((o) => o.org)).size).toBeGreaterThan(10);
    for (const o of officers) {
      await eventually(() =>
        sys.sim.outbox(o.external_user_id).find((p) => p.title?.includes('预算绩效管理工作考核')),
      );
    }
    // An officer of a department not interviewed signs for the 通报 with 收到.
    const interviewedNames = new Set(scores.filter((s) => s.outcome === 'interviewed').map((s) => s.name));
    const first = officers.find((o) => !interviewedNames.has(o.org)) as (typeof officers)[number];
    expect(await sys.signFor(first.external_user_id, '预算绩效管理工作考核通报')).toContain('已签收');
    // Each interviewed department has its rectification task as a DingTalk to-do.
    const interviewed = scores.filter((s) => s.outcome === 'interviewed');
    expect(interviewed.length).toBeGreaterThan(0);
    for (const s of interviewed.filter((x) => x.taskId)) {
      await eventually(() => sys.sim.todos().find((t) => t.sourceId === `rect-${s.taskId}`));
    }
    expect(interviewed.some((s) => s.taskId)).toBe(true);

    // Each department also gets the 通报 as a DOCX file message, which opens as the notice.
    const fileOf = (id: string) => sys.sim.outbox(id).filter((p) => p.msgKey === 'sampleFile');
    for (const o of officers) {
      const [file] = await eventually(() =>
        fileOf(o.external_user_id).length > 0 ? fileOf(o.external_user_id) : null,
      );
      const param = file?.msgParam as { mediaId: string; fileName: string; fileType: string };
      expect(param).toMatchObject({ fileName: '2026年度预算绩效管理工作考核通报.docx', fileType: 'docx' });
      const media = sys.sim.media(param.mediaId);
      const xml = unzipEntry(Buffer.from(media?.bytes ?? []), 'word/document.xml') ?? '';
      expect(xml, o.org).toContain('年度预算绩效管理工作考核情况的通报');
      expect(xml, o.org).toContain(interviewed[0]?.name as string);
    }
    // Redelivery: the file rows are picked up again (as after a crash before they were settled); none goes twice.
    await queryRows(
      sys.server.handle.db,
      sql`update outbox set status = 'pending', next_attempt_at = now() where kind = 'management_ranking_file'`,
    );
    await eventually(async () => {
      const [left] = await queryRows<{ n: number }>(
        sys.server.handle.db,
        sql`select count(*)::int as n from outbox where kind = 'management_ranking_file' and status <> 'sent'`,
      );
      return left?.n === 0;
    });
    for (const o of officers) expect(fileOf(o.external_user_id), o.org).toHaveLength(1);
  });

  it('gives the bureau the official export from 考核排名, as a signed download; officers get no such link', async () => {
    const [admin] = await queryRows<{ external_user_id: string }>(
      sys.server.handle.db,
      sql`select i.external_user_id from users u join org_units o on o.id = u.org_unit_id
            join regions r on r.id = o.region_id join im_identities i on i.user_id = u.id
           where o.kind = 'finance_bureau' and r.level = 'city' and 'finance_admin' = any(u.roles) and u.active
           order by u.id limit 1`,
    );
    const text = (await sys.say(admin?.external_user_id as string, '考核排名')).map((r) => r.text).join('\n');
    const link = /\((http[^)\s]+\/view\/files\/management-export\/\d+\?[^)\s]+)\)/.exec(text)?.[1];
    expect(link, text).toBeTruthy();
    const res = await fetch(link as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(2).getCell(2).value).toBe('被考核单位');
    // The link was signed for that user and that path: another path with its signature is refused.
    expect(
      (await fetch((link as string).replace(/management-export\/\d+/, 'management-export/999999'))).status,
    ).toBe(403);
    const [officer] = await queryRows<{ external_user_id: string }>(
      sys.server.handle.db,
      sql`select i.external_user_id from users u join org_units o on o.id = u.org_unit_id
            join im_identities i on i.user_id = u.id
           where o.kind = 'department' and 'dept_officer' = any(u.roles) and u.active order by u.id limit 1`,
    );
    const theirs = (await sys.say(officer?.external_user_id as string, '考核排名'))
      .map((r) => r.text)
      .join('\n');
    expect(theirs).toContain('考核排名');
    expect(theirs).not.toContain('/view/files/');
  });
});
