import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type System, startSystem } from './system.ts';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sys.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sys.server.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const text = (replies: { title?: string; text: string }[]) =>
  replies.map((r) => `${r.title ?? ''}\n${r.text}`).join('\n');

describe('a 差 result through to next year’s budget, over the fake DingTalk', () => {
  it('rectification, a cut in the department’s proposal it asks about in chat, and a what-if that writes nothing', async () => {
    const users = (await (await fetch(`${sys.server.url}/sim/api/users`)).json()) as {
      users: Array<{ userId: string; name: string; title?: string; orgName?: string; roleLabel?: string }>;
    };
    const admin = users.users.find((u) => u.orgName === '景德镇市财政局' && u.roleLabel === '财政绩效管理员');
    const officer = users.users.find((u) => u.orgName === '景德镇市教育局' && u.title === '财务与绩效科科长');
    expect(admin && officer).toBeTruthy();

    const orgs = (await api('GET', '/api/v1/org-units?kind=department')).body;
    const edu = (orgs.orgUnits ?? orgs.data).find((o: { name: string }) => o.name === '景德镇市教育局');
    const items = (await api('GET', `/api/v1/items?orgUnitId=${edu.id}&state=executing&limit=50`)).body;
    const item = (items.items ?? items.data).find(
      (i: { fiscalYearStart: number; fiscalYearEnd: number }) =>
        i.fiscalYearStart <= 2026 && i.fiscalYearEnd >= 2026,
    );
    expect(item).toBeDefined();

    // The finance bureau records a 差 key evaluation with a finding that must be rectified.
    const recorded = await api('POST', '/api/v1/evaluation-results', {
      source: 'key_evaluation',
      fiscalYear: 2026,
      itemId: item.id,
      score: 54,
      grade: 'poor',
      summary: '产出数量仅完成计划的一半',
      findings: [
        {
          finding: '年度任务完成率不足50%',
          requiredAction: '制定赶工计划并报送完成情况',
          deadline: '2027-02-28',
        },
      ],
    });
    expect(recorded.status).toBe(201);
    const task = recorded.body.findings[0].task;
    expect(task.status).toBe('assigned');

    // The department is told of the result (with 收到) and the assignee of the task.
    await eventually(() =>
      sys.sim
        .outbox(officer?.userId)
        .find((p) => p.title?.includes('【绩效评价结果】') && p.title.includes(item.name)),
    );

    // Proposals are computed and 教育局's is issued; the department is told.
    expect((await api('POST', '/api/v1/budget-proposals/compute', { basisYear: 2026 })).status).toBe(200);
    const eduProposal = (await api('GET', `/api/v1/budget-proposals?fiscalYear=2027&orgUnitId=${edu.id}`))
      .body.data[0];
    const line = (await api('GET', `/api/v1/budget-proposals/${eduProposal.id}`)).body.lines.find(
      (l: { item: { id: number } }) => l.item.id === item.id,
    );
    expect(line).toMatchObject({ gradeLabel: '差', unrectified: true });
    expect(line.cutFen).toBeGreaterThan(0);
    expect((await api('POST', `/api/v1/budget-proposals/${eduProposal.id}/issue`)).status).toBe(200);
    await eventually(() =>
      sys.sim.outbox(officer?.userId).find((p) => p.title?.includes('【预算安排建议】')),
    );

    // The department asks why in chat: the answer names the graded item and the rule.
    const why = text(await sys.say(officer?.userId as string, '为什么扣减'));
    expect(why).toContain(item.name);
    expect(why).toContain('“差”');
    expect(why).toContain('JX-2');
    expect(text(await sys.say(officer?.userId as string, '明年控制数'))).toContain('2027年度建议控制数');

    // The bureau asks a what-if: answered, nothing written.
    const before = (await api('GET', `/api/v1/budget-proposals/${eduProposal.id}`)).body;
    const whatIf = text(await sys.say(admin?.userId as string, '如果差评扣减50%，教育局明年控制数是多少'));
    expect(whatIf).toContain('测算');
    expect(whatIf).toContain('没有修改任何数据');
    const after = (await api('GET', `/api/v1/budget-proposals/${eduProposal.id}`)).body;
    expect(after.proposedFen).toBe(before.proposedFen);
    // A department cannot run the what-if.
    expect(
      text(await sys.say(officer?.userId as string, '如果差评扣减50%，教育局明年控制数是多少')),
    ).toContain('由财政部门开展');
  });
});
