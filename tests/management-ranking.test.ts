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
    // An officer of a department not interviewed (so the 通报 is their newest notice) signs for it with 收到.
    const interviewedNames = new Set(scores.filter((s) => s.outcome === 'interviewed').map((s) => s.name));
    const first = officers.find((o) => !interviewedNames.has(o.org)) as (typeof officers)[number];
    expect(await sys.sayUntil(first.external_user_id, '收到', '预算绩效管理工作考核通报')).toContain(
      '预算绩效管理工作考核通报',
    );
    // Each interviewed department has its rectification task as a DingTalk to-do.
    const interviewed = scores.filter((s) => s.outcome === 'interviewed');
    expect(interviewed.length).toBeGreaterThan(0);
    for (const s of interviewed.filter((x) => x.taskId)) {
      await eventually(() => sys.sim.todos().find((t) => t.sourceId === `rect-${s.taskId}`));
    }
    expect(interviewed.some((s) => s.taskId)).toBe(true);
  });
});
