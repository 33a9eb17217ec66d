import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type System, startSystem } from './system.ts';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${sys.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${sys.server.adminToken}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const text = (replies: { title?: string; text: string }[]) =>
  replies.map((r) => `${r.title ?? ''}\n${r.text}`).join('\n');

describe('self-evaluation end to end over the fake DingTalk', () => {
  it('an officer self-evaluates in chat and submits; the finance bureau receives it, spot-checks it, finds it distorted; the officer is told and signs for it', async () => {
    const users = (await (await fetch(`${sys.server.url}/sim/api/users`)).json()) as {
      users: Array<{ userId: string; name: string; title?: string; orgName?: string; roleLabel?: string }>;
    };
    const officer = users.users.find((u) => u.orgName === '景德镇市教育局' && u.title === '财务与绩效科科长');
    expect(officer).toBeTruthy();
    const who = officer?.userId as string;
    const edu = (await api('/api/v1/org-units')).body;
    const eduId = (edu.orgUnits as Array<{ id: number; name: string }>).find(
      (o: { name: string }) => o.name === '景德镇市教育局',
    )?.id;
    const { items } = (await api(`/api/v1/items?state=executing&orgUnitId=${eduId}&limit=50`)).body;
    const item = items[0];
    expect(item).toBeTruthy();

    let reply = text(await sys.say(who, `自评 ${item.code}`));
    expect(reply).toContain(`${item.name}`);
    expect(reply).toContain('第 1/');
    // Answers every indicator as done; the running total grows with each.
    for (let i = 0; i < 40 && reply.includes('请回复实际完成值'); i++) {
      reply = text(await sys.say(who, '完成'));
      expect(reply).toMatch(/累计 \*\*[\d.]+\*\* 分/);
    }
    expect(reply).toContain('请确认提交绩效自评');
    expect(text(await sys.say(who, '确认'))).toContain('已提交绩效自评');

    const { selfEvaluations } = (await api(`/api/v1/self-evaluations?itemId=${item.id}`)).body;
    const se = selfEvaluations[0];
    expect(se.status).toBe('submitted');
    expect(se.score).toBeGreaterThan(0);
    for (const step of ['confirm', 'accept']) {
      expect(
        (await api(`/api/v1/self-evaluations/${se.id}/${step}`, { method: 'POST', body: {} })).status,
      ).toBe(200);
    }

    const drawn = await api('/api/v1/spot-checks', { method: 'POST', body: { fiscalYear: 2026, seed: 7 } });
    expect(drawn.status).toBe(201);
    const entry = drawn.body.entries.find((e: { selfEvaluationId: number }) => e.selfEvaluationId === se.id);
    expect(entry).toBeTruthy();
    const reviewed = await api(`/api/v1/spot-checks/${drawn.body.id}/entries/${entry.id}/review`, {
      method: 'POST',
      body: { score: Math.max(0, se.score - 30), note: '佐证材料不足，实际完成值无法核实' },
    });
    expect(reviewed.body.distorted).toBe(true);
    expect(reviewed.body.rectificationTaskId).toEqual(expect.any(Number));

    // The officer is pushed the result, signs for it with 收到, and the notice shows who acknowledged.
    await eventually(() => sys.sim.outbox(who).find((p) => p.title?.includes('自评抽查·失真')));
    expect(await sys.signFor(who, `自评抽查结果 #${entry.id}`)).toContain('已签收');
    const acks = await eventually(async () => {
      const n = (await api(`/api/v1/notices?subject=spot_check:${entry.id}`)).body.notices;
      return n?.some((x: { acknowledgedAt: string | null }) => x.acknowledgedAt) ? n : null;
    });
    expect(acks.length).toBeGreaterThan(0);
  });
});
