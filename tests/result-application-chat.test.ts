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
    const resultCard = await eventually(() =>
      sys.sim
        .outbox(officer?.userId)
        .find((p) => p.title?.includes('【绩效评价结果】') && p.title.includes(item.name)),
    );
    // Its delivery opened a notice that waits for 收到; the officer signs with the card's button.
    const subject = `evaluation_result:${recorded.body.id}`;
    const notices = async () => (await api('GET', `/api/v1/notices?subject=${subject}`)).body.notices;
    const mine = (list: Array<{ recipient: { name: string }; acknowledgedAt: string | null }>) =>
      list?.find((n) => n.recipient.name === officer?.name);
    expect(mine(await eventually(notices))?.acknowledgedAt).toBeNull();
    await sys.sim.clickCard({
      userId: officer?.userId as string,
      outTrackId: resultCard.card?.outTrackId as string,
      params: { action: 'ack', subject },
    });
    await eventually(async () => mine(await notices())?.acknowledgedAt);

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

  it('the demo city’s finished prior year: proposals with cuts and priorities, an overlapping pair, an exit candidate', async () => {
    const users = (await (await fetch(`${sys.server.url}/sim/api/users`)).json()) as {
      users: Array<{ userId: string; orgName?: string; roleLabel?: string }>;
    };
    const admin = users.users.find((u) => u.orgName === '景德镇市财政局' && u.roleLabel === '财政绩效管理员');
    const all = (await api('GET', '/api/v1/budget-proposals?fiscalYear=2026')).body.data as Array<{
      id: number;
      department: { name: string };
      status: string;
      itemsCutFen: number;
      departmentAdjustmentFen: number;
    }>;
    // The city's departments' proposals were issued; the counties' bureaus review their own.
    const proposals = all.filter((p) => p.status === 'issued');
    expect(
      all.filter((p) => p.status === 'draft').every((p) => !p.department.name.startsWith('景德镇市')),
    ).toBe(true);
    expect(proposals.filter((p) => p.itemsCutFen > 0).length).toBeGreaterThan(1);
    // 卫健委's department-wide 优 raises its total; 农业农村局's 中 lowers it.
    expect(
      proposals.find((p) => p.department.name === '景德镇市卫生健康委员会')?.departmentAdjustmentFen,
    ).toBeGreaterThan(0);
    expect(
      proposals.find((p) => p.department.name === '景德镇市农业农村局')?.departmentAdjustmentFen,
    ).toBeLessThan(0);
    const lines = (
      await Promise.all(
        proposals.map(async (p) => (await api('GET', `/api/v1/budget-proposals/${p.id}`)).body.lines),
      )
    ).flat() as Array<{
      priority: boolean;
      gradeLabel: string | null;
      unrectified: boolean;
      distortion: boolean;
    }>;
    expect(lines.some((l) => l.gradeLabel === '差' && l.unrectified)).toBe(true);
    expect(lines.some((l) => l.distortion)).toBe(true);
    expect(lines.some((l) => l.priority)).toBe(true);

    const overlaps = (await api('GET', '/api/v1/policy-exit/overlaps?fiscalYear=2026')).body.data as Array<{
      items: Array<{ name: string; department: string }>;
      explanation: string[];
    }>;
    const training = overlaps.find((o) => o.items.some((i) => i.name.includes('农村劳动力转移就业技能培训')));
    expect(training?.items.map((i) => i.department).sort()).toEqual([
      '景德镇市人力资源和社会保障局',
      '景德镇市农业农村局',
    ]);
    expect(training?.explanation.join('；')).toContain('有相同的绩效指标');

    const candidates = (await api('GET', '/api/v1/policy-exit/candidates?fiscalYear=2026')).body
      .data as Array<{
      reasons: Array<{ code: string }>;
    }>;
    expect(candidates.some((c) => c.reasons.some((r) => r.code === 'low_execution'))).toBe(true);

    const asked = text(await sys.say(admin?.userId as string, '清理退出的项目有哪些'));
    expect(asked).toContain('农村劳动力');
    expect(asked).toContain('连续2年预算执行率低于50%');

    // Last year's item results came through the workflows (each names the record it came from).
    const itemResults = [];
    for (const source of ['self_evaluation', 'key_evaluation'])
      itemResults.push(
        ...((await api('GET', `/api/v1/evaluation-results?fiscalYear=2025&source=${source}&limit=200`)).body
          .data as Array<{ source: string; sourceRef: string | null }>),
      );
    expect(itemResults.filter((r) => r.source === 'key_evaluation').length).toBeGreaterThan(1);
    for (const r of itemResults) expect(r.sourceRef).toMatch(/^(self_evaluation|key_evaluation):\d+$/);
    // The bureau asks how the transfer is shared among the counties.
    const transfer = text(await sys.say(admin?.userId as string, '转移支付分配'));
    expect(transfer).toContain('3 个县（区）的因素法测算数合计');
    expect(transfer).toContain('**浮梁县**');
  });
});
