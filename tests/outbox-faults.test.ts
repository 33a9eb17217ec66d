import { queryRows } from '@jixiao/db';
import { outbox } from '@jixiao/db/schema';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type System, startSystem } from './system.ts';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

describe('outbox delivery to DingTalk under faults', () => {
  it('with 30% of OpenAPI calls failing with 500 and throttling on top, delivers every message exactly once', async () => {
    const db = sys.server.handle.db;
    // Stop the demo's warning backlog so the test counts only what it creates.
    await db
      .update(outbox)
      .set({ status: 'cancelled' })
      .where(and(inArray(outbox.kind, ['warning', 'warning_batch']), eq(outbox.status, 'pending')));
    sys.sim.setFaults({ openApiErrorRate: 0.3, throttleRate: 0.2, seed: 7 });

    const token = sys.server.adminToken as string;
    const call = (path: string, body?: unknown) =>
      fetch(`${sys.server.url}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json() as Promise<any>);
    const { warnings } = await call('/api/v1/warnings?ruleId=core:execution-lag&status=open&limit=12');
    const taskIds: number[] = [];
    for (const w of warnings) {
      const [officer] = await queryRows<{ id: number }>(
        db,
        sql`select u.id from users u join org_units o on o.id = ${w.orgUnit.id}
            where (u.org_unit_id = o.id or u.org_unit_id = o.parent_id) and u.roles && array['dept_officer','unit_officer']::text[]
            and not ('leader' = any(u.roles)) order by u.id limit 1`,
      );
      const task = await call('/api/v1/rectifications', {
        warningId: w.id,
        assigneeUserId: Number(officer?.id),
        deadline: '2026-12-20',
        requirement: '说明滞后原因并加快支出',
      });
      expect(task.id, JSON.stringify(task)).toBeTypeOf('number');
      taskIds.push(task.id);
    }
    const ours = () =>
      db
        .select()
        .from(outbox)
        .where(
          and(
            inArray(outbox.kind, ['rectification', 'todo']),
            sql`${outbox.payload}->>'taskId' in (${sql.join(
              taskIds.map((t) => sql`${String(t)}`),
              sql`, `,
            )})`,
          ),
        );
    await eventually(
      async () => (await ours()).every((r) => r.status === 'sent' || r.status === 'failed'),
      180_000,
    );
    const rows = await ours();
    expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
    expect(rows).toHaveLength(taskIds.length * 2);

    // Faults really happened…
    const statuses = sys.sim.recorded().map((r) => r.status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 403).length).toBeGreaterThan(0);
    // …and yet each notice arrived once and each task has exactly one to-do.
    const all = sys.sim.outbox();
    for (const id of taskIds) {
      const task = await call(`/api/v1/rectifications/${id}`);
      const notices = all.filter(
        (p) =>
          p.kind === 'card' &&
          p.title?.startsWith('【整改通知】') &&
          p.card?.cardParamMap.buttons?.includes(`"taskId":"${id}"`),
      );
      expect(notices, `task ${id}`).toHaveLength(1);
      const todos = sys.sim.todos().filter((t) => t.sourceId === `rect-${id}`);
      expect(todos, `task ${id}`).toHaveLength(1);
      expect(task.todoId).toBe(todos[0]?.id);
    }
    sys.sim.setFaults({});
  });
});
