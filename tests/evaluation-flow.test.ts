import { queryRows } from '@jixiao/db';
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

async function api(path: string) {
  const res = await fetch(`${sys.server.url}${path}`, {
    headers: { authorization: `Bearer ${sys.server.adminToken}` },
  });
  return res.json() as Promise<any>;
}

const text = (replies: { title?: string; text: string }[]) =>
  replies.map((r) => `${r.title ?? ''}\n${r.text}`).join('\n');

describe('key evaluations in the fake DingTalk, end to end', () => {
  it('an expert is told of the assignment, scores the department-wide evaluation in chat and submits; the department asks 评价结果', async () => {
    const expert = 'jdzexpert2';
    const told = await eventually(() =>
      sys.sim
        .outbox(expert)
        .find((p) => p.title?.startsWith('【评价任务】') && p.title.includes('部门整体绩效评价')),
    );
    expect(told.title).toContain('部门整体绩效评价');

    const { evaluations } = await api('/api/v1/evaluations?status=scoring');
    const dept = evaluations.find((e: { kind: string }) => e.kind === 'department');
    const lines = dept.lines as Array<{ key: string; weight: number }>;
    expect(text(await sys.say(expert, `评分 ${dept.id}`))).toContain('未打分');

    const pairs = lines.map((l) => `${l.key}=${Math.round(l.weight * 0.8 * 2) / 2}`).join(' ');
    expect(text(await sys.say(expert, `评分 ${dept.id} ${pairs}`))).toContain('请确认评分');
    expect(text(await sys.say(expert, '确认'))).toContain('已保存评分');
    expect(text(await sys.say(expert, `提交评分 ${dept.id}`))).toContain('请确认提交评分');
    expect(text(await sys.say(expert, '确认'))).toContain('已提交评分');
    const after = await api(`/api/v1/evaluations/${dept.id}`);
    expect(after.panel.filter((p: { submitted: boolean }) => p.submitted)).toHaveLength(2);

    // The department whose project was evaluated asks for the result in chat.
    const [accepted] = (await api('/api/v1/evaluations?status=accepted')).evaluations;
    const [officer] = await queryRows<{ dt: string }>(
      sys.server.handle.db,
      sql`select i.external_user_id as dt from users u
          join im_identities i on i.user_id = u.id
          join org_units o on o.id = u.org_unit_id
          join org_units d on o.path like d.path || '%'
          join budget_items b on b.org_unit_id = d.id or b.org_unit_id = o.id
          where b.id = ${accepted.item.id} and 'dept_officer' = any(u.roles)
          order by u.id limit 1`,
    );
    const report = await fetch(`${sys.server.url}/api/v1/evaluations/${accepted.id}/report-document`, {
      headers: { authorization: `Bearer ${sys.server.adminToken}` },
    });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('wordprocessingml');
    expect(
      Buffer.from(await report.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const replies = await sys.say(officer?.dt as string, `评价结果 ${accepted.item.code}`);
    const answer = text(replies);
    expect(answer).toContain(`${accepted.score}分`);
    expect(answer).toContain(accepted.grade.label);
    // The answer links the evaluation's signed page, which opens for the officer with its report.
    const link = replies.flatMap((r) => r.buttons ?? []).find((b) => b.title === '查看评价报告');
    expect(link?.url).toContain(`/view/evaluations/${accepted.id}?`);
    const page = await fetch(link?.url as string);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(accepted.title);
    const download = /href="([^"]*\/report\?[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    const docx = await fetch(new URL(download as string, sys.server.url));
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
  }, 240_000);
});
