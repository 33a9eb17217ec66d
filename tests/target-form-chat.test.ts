import { queryRows } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import { completeTarget } from '@jixiao/db/testing';
import {
  DEFAULT_WORKBOOK_LIMITS,
  parseDepartmentTargetForm,
  parseProjectTargetForms,
  readWorkbook,
  WorkbookProblems,
} from '@jixiao/forms';
import { sql } from 'drizzle-orm';
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

type SimUser = { userId: string; orgName?: string; title?: string; roleLabel?: string };

async function demoUsers(): Promise<SimUser[]> {
  return ((await (await fetch(`${sys.server.url}/sim/api/users`)).json()) as { users: SimUser[] }).users;
}

async function ours(dingtalkUserId: string) {
  const [row] = await queryRows<{ id: number; orgUnitId: number }>(
    sys.server.handle.db,
    sql`select u.id, u.org_unit_id as "orgUnitId" from im_identities i
        join users u on u.id = i.user_id where i.external_user_id = ${dingtalkUserId}`,
  );
  return row as { id: number; orgUnitId: number };
}

function call(token: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  headers.set('content-type', 'application/json');
  return fetch(`${sys.server.url}${path}`, { ...init, headers });
}

/** The file messages the bot sent this official after push `after`, with the uploaded bytes. */
function filesSent(userId: string, after: number) {
  return sys.sim
    .outbox(userId)
    .filter((p) => p.seq > after && p.msgKey === 'sampleFile')
    .map((p) => {
      const param = p.msgParam as { mediaId: string; fileName: string; fileType: string };
      return { ...param, media: sys.sim.media(param.mediaId) };
    });
}

const lastSeq = (userId: string) => Math.max(0, ...sys.sim.outbox(userId).map((p) => p.seq));

describe('导出目标申报表 in the fake DingTalk', () => {
  it('sends the item’s 申报表 as a file that parses back as the workbook, only to whoever may read the item', async () => {
    const users = await demoUsers();
    const officer = users.find((u) => u.orgName === '景德镇市教育局' && u.title === '财务与绩效科科长');
    // A 主管部门绩效专员 of another department: reads only that department's items.
    const outsider = users.find(
      (u) => u.orgName !== undefined && u.orgName !== '景德镇市教育局' && u.roleLabel === '主管部门绩效专员',
    );
    if (!officer || !outsider) throw new Error('demo users missing');
    const me = await ours(officer.userId);
    const token = (await issueToken(sys.server.handle.db, me.id, 'test')).token;
    const created = await call(token, '/api/v1/items', {
      method: 'POST',
      body: JSON.stringify({
        code: 'JDZ-2026-9201',
        name: '乡村学校运动场改造',
        kind: 'project',
        fundTypeId: 'general-budget',
        orgUnitId: me.orgUnitId,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2026,
        approvedAmountFen: 90_000_000,
        responsiblePerson: '李工',
        isNew: false,
        sector: 'education',
      }),
    });
    expect(created.status).toBe(201);
    const itemId = ((await created.json()) as { id: number }).id;
    const target = completeTarget(2026);
    const put = await call(token, `/api/v1/items/${itemId}/targets`, {
      method: 'PUT',
      body: JSON.stringify(target),
    });
    expect(put.status).toBe(200);

    const before = lastSeq(officer.userId);
    const replies = await sys.say(officer.userId, '导出目标申报表 JDZ-2026-9201');
    expect(text(replies)).toContain('乡村学校运动场改造');
    expect(text(replies)).toContain('含 4 项绩效指标');
    const [file] = await eventually(() => {
      const sent = filesSent(officer.userId, before);
      return sent.length > 0 ? sent : null;
    });
    expect(file?.fileName).toBe('JDZ-2026-9201-项目支出绩效目标申报表（2026年度）.xlsx');
    expect(file?.fileType).toBe('xlsx');
    expect(file?.media?.type).toBe('file');
    // What arrived is the workbook: it reads back as this item's form with its indicators.
    const problems = new WorkbookProblems();
    const forms = parseProjectTargetForms(
      await readWorkbook(Buffer.from(file?.media?.bytes ?? []), DEFAULT_WORKBOOK_LIMITS),
      problems,
    );
    problems.throwIfAny();
    expect(forms).toHaveLength(1);
    expect(forms[0]?.itemCode).toBe('JDZ-2026-9201');
    expect(forms[0]?.overallGoal).toBe(target.overallGoal);
    expect(forms[0]?.indicators.map((i) => [i.name, i.targetValue, i.unit, i.weight])).toEqual(
      target.indicators.map((i) => [i.name, i.targetValue, i.unit, i.weight]),
    );

    // Another department's officer cannot read the item: no file, a refusal naming it.
    const theirs = lastSeq(outsider.userId);
    const refused = await sys.say(outsider.userId, '导出目标申报表 JDZ-2026-9201');
    expect(text(refused)).toMatch(/没有找到|不在您的数据范围/);
    expect(filesSent(outsider.userId, theirs)).toEqual([]);
  });

  it('导出本部门目标申报表 sends the department-wide form of the asker’s department', async () => {
    const users = await demoUsers();
    const officer = users.find((u) => u.orgName === '景德镇市教育局' && u.title === '财务与绩效科科长');
    if (!officer) throw new Error('demo officer missing');
    const before = lastSeq(officer.userId);
    const replies = await sys.say(officer.userId, '导出本部门目标申报表');
    expect(text(replies)).toContain('景德镇市教育局');
    const [file] = await eventually(() => {
      const sent = filesSent(officer.userId, before);
      return sent.length > 0 ? sent : null;
    });
    expect(file?.fileName).toMatch(/^景德镇市教育局-部门整体支出绩效目标申报表（\d{4}年度）\.xlsx$/);
    const problems = new WorkbookProblems();
    const form = parseDepartmentTargetForm(
      await readWorkbook(Buffer.from(file?.media?.bytes ?? []), DEFAULT_WORKBOOK_LIMITS),
      problems,
    );
    expect(form?.sheet).toBeTruthy();
  });
});
