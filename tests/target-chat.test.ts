import { queryRows } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import { completeTarget } from '@jixiao/db/testing';
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

const text = (replies: { title?: string; text: string }[]) =>
  replies.map((r) => `${r.title ?? ''}\n${r.text}`).join('\n');

async function ours(dingtalkUserId: string) {
  const [row] = await queryRows<{ id: number; orgUnitId: number; union: string }>(
    sys.server.handle.db,
    sql`select u.id, u.org_unit_id as "orgUnitId", i.union_id as "union" from im_identities i
        join users u on u.id = i.user_id where i.external_user_id = ${dingtalkUserId}`,
  );
  return row as { id: number; orgUnitId: number; union: string };
}

function call(token: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(`${sys.server.url}${path}`, { ...init, headers });
}

async function edited(token: string, itemId: number, edit: (ws: ExcelJS.Worksheet) => void): Promise<Blob> {
  const res = await call(token, `/api/v1/items/${itemId}/targets/export`);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  edit(wb.worksheets[0] as ExcelJS.Worksheet);
  return new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]);
}

function setValue(ws: ExcelJS.Worksheet, indicator: string, value: string) {
  ws.eachRow((row) => {
    if (row.getCell(4).value === indicator) row.getCell(5).value = value;
  });
}

async function importForm(token: string, itemId: number, file: Blob) {
  const form = new FormData();
  form.append('file', file, '申报表.xlsx');
  const res = await call(token, `/api/v1/items/${itemId}/targets/import`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe('a performance target from an edited export, reviewed in the fake DingTalk', () => {
  it('is submitted from the form, returned in chat with a reason, fixed in the form and approved with the button', async () => {
    const users = (await (await fetch(`${sys.server.url}/sim/api/users`)).json()) as {
      users: Array<{ userId: string; orgName?: string; title?: string; roleLabel?: string }>;
    };
    const reviewer = users.users.find(
      (u) => u.orgName === '景德镇市财政局' && u.roleLabel === '财政绩效管理员',
    );
    const officer = users.users.find((u) => u.orgName === '景德镇市教育局' && u.title === '财务与绩效科科长');
    if (!reviewer || !officer) throw new Error('demo users missing');
    const me = await ours(officer.userId);
    const token = (await issueToken(sys.server.handle.db, me.id, 'test')).token;

    const created = await call(token, '/api/v1/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'JDZ-2026-9101',
        name: '城区小学校舍维修改造',
        kind: 'project',
        fundTypeId: 'general-budget',
        orgUnitId: me.orgUnitId,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2026,
        approvedAmountFen: 180_000_000,
        responsiblePerson: '李工',
        isNew: false,
        sector: 'education',
      }),
    });
    expect(created.status).toBe(201);
    const itemId = ((await created.json()) as { id: number }).id;
    const draft = await call(token, `/api/v1/items/${itemId}/targets`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(completeTarget(2026)),
    });
    expect(draft.status).toBe(200);

    // The officer edits the exported form as officials do and imports it: that is the submission.
    const v1 = await importForm(
      token,
      itemId,
      await edited(token, itemId, (ws) => setValue(ws, '受益学生人数', '≥2600人')),
    );
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(text(await sys.say(officer.userId, '目标审核到哪了'))).toContain(
      '城区小学校舍维修改造2026年度绩效目标（第 1 版）：**待审核**',
    );

    // The reviewer asks for the queue and presses 退回: a reason is asked, then 确认.
    const queue = await sys.say(reviewer.userId, '待审核的目标 JDZ-2026-9101');
    const card = queue.find((r) => r.outTrackId && text([r]).includes(`#${v1.body.id}`));
    expect(card, JSON.stringify(queue.map((r) => [r.title, r.text, r.outTrackId]))).toBeTruthy();
    await sys.sim.clickCard({
      userId: reviewer.userId,
      outTrackId: card?.outTrackId as string,
      params: { action: 'target_return', versionId: String(v1.body.id) },
    });
    await eventually(() => sys.sim.outbox(reviewer.userId).find((p) => p.title?.includes('请回复退回理由')));
    expect(
      text(await sys.say(reviewer.userId, '受益学生人数偏高，请按新增学位数核定，不超过1800人')),
    ).toContain('请确认退回');
    expect(text(await sys.say(reviewer.userId, '确认'))).toContain('已退回');

    // The officer is pushed the return with the reason, and a DingTalk to-do.
    await eventually(() =>
      sys.sim.outbox(officer.userId).find((p) => p.title?.includes('【绩效目标退回】城区小学校舍维修改造')),
    );
    const todo = await eventually(() =>
      sys.sim.todos(me.union).find((t) => t.sourceId === `target-${v1.body.id}`),
    );
    expect(todo.done).toBe(false);
    expect(text(await sys.say(officer.userId, '哪些目标被退回'))).toContain('不超过1800人');

    // Fixed in the form and sent again; the reviewer approves with the button and 确认.
    const v2 = await importForm(
      token,
      itemId,
      await edited(token, itemId, (ws) => setValue(ws, '受益学生人数', '≥1800人')),
    );
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    const again = await sys.say(reviewer.userId, '待审核的目标 城区小学校舍维修改造');
    const card2 = again.find((r) => r.outTrackId && text([r]).includes(`#${v2.body.id}`));
    await sys.sim.clickCard({
      userId: reviewer.userId,
      outTrackId: card2?.outTrackId as string,
      params: { action: 'target_approve', versionId: String(v2.body.id) },
    });
    await eventually(() => sys.sim.outbox(reviewer.userId).find((p) => p.title?.includes('请确认审核通过')));
    expect(text(await sys.say(reviewer.userId, '确认'))).toContain('已审核通过');
    await eventually(() =>
      sys.sim.todos(me.union).find((t) => t.sourceId === `target-${v1.body.id}` && t.done),
    );
    const history = (await (
      await call(token, `/api/v1/items/${itemId}/targets/history?fiscalYear=2026`)
    ).json()) as {
      versions: Array<{ status: string }>;
    };
    expect(history.versions.map((v) => v.status)).toEqual(['returned', 'approved']);
  });

  it('a file and a picture sent to the bot become attachments of the item in the conversation, after 确认', async () => {
    const users = (await (await fetch(`${sys.server.url}/sim/api/users`)).json()) as {
      users: Array<{ userId: string; orgName?: string; title?: string }>;
    };
    const officer = users.users.find((u) => u.orgName === '景德镇市教育局' && u.title === '财务与绩效科科长');
    if (!officer) throw new Error('demo officer missing');
    const me = await ours(officer.userId);
    const token = (await issueToken(sys.server.handle.db, me.id, 'test')).token;
    const found = (await (await call(token, '/api/v1/items?q=JDZ-2026-9101&limit=1')).json()) as {
      items: Array<{ id: number }>;
    };
    const item = found.items[0];
    if (!item) throw new Error('item of the first test missing');
    await sys.say(officer.userId, '查项目 JDZ-2026-9101');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const sent = await sys.sim.sendMessage({
      userId: officer.userId,
      text: '绩效目标测算依据.pdf',
      file: { fileName: '绩效目标测算依据.pdf', contentBase64: pdf.toString('base64') },
    });
    expect(text(sent.replies)).toContain('请确认保存附件');
    expect(text(await sys.say(officer.userId, '确认'))).toContain('已保存附件');
    const picture = await sys.sim.sendMessage({
      userId: officer.userId,
      text: '[图片]',
      file: { fileName: 'photo.png', contentBase64: png.toString('base64'), kind: 'picture' },
    });
    expect(text(picture.replies)).toContain('请确认保存附件');
    expect(text(await sys.say(officer.userId, '确认'))).toContain('已保存附件');
    const listed = (await (await call(token, `/api/v1/attachments?itemId=${item.id}`)).json()) as {
      data: Array<{ fileName: string; mimeType: string }>;
    };
    expect(listed.data.map((a) => a.fileName)).toEqual(['绩效目标测算依据.pdf', '图片.jpg']);
    expect(listed.data.map((a) => a.mimeType)).toEqual(['application/pdf', 'image/png']);
  });
});
