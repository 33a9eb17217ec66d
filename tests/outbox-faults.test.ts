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

  it('with 30% of sends failing and messages redelivered, answers every message exactly once', async () => {
    const db = sys.server.handle.db;
    // Officials who see every item (region-wide roles of the city's finance bureau), one 1:1 chat each.
    const askers = await queryRows<{ dt: string }>(
      db,
      sql`select i.external_user_id as dt from users u join im_identities i on i.user_id = u.id
          join org_units o on o.id = u.org_unit_id
          where o.name = '景德镇市财政局' and u.roles && array['finance_admin','region_leader']::text[]
          order by u.id limit 6`,
    );
    const items = await queryRows<{ code: string }>(
      db,
      sql`select code from budget_items order by id limit ${askers.length * 20}`,
    );
    expect(askers.length).toBeGreaterThanOrEqual(3);
    sys.sim.setFaults({ openApiErrorRate: 0.3, sessionWebhookErrorRate: 0.3, throttleRate: 0.05, seed: 11 });

    // While the messages are answered, each one whose reply is waiting to be retried is pushed again by
    // DingTalk (as when an ack is lost): it must not be answered a second time.
    const redelivered = new Set<string>();
    let asking = true;
    const redeliverer = (async () => {
      while (asking) {
        const waiting = await queryRows<{ msg_id: string }>(
          db,
          sql`select i.msg_id from inbound_messages i
              join outbox o on o.dedupe_key = 'reply:dingtalk:msg:' || i.msg_id || ':0'
              where o.status = 'pending'`,
        );
        for (const { msg_id } of waiting) {
          if (redelivered.has(msg_id)) continue;
          redelivered.add(msg_id);
          await sys.sim.redeliver(msg_id);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const asked: Array<{ msgId: string; code: string; dt: string }> = [];
    await Promise.all(
      askers.map(async ({ dt }, a) => {
        for (let q = a; q < items.length; q += askers.length) {
          const code = (items[q] as { code: string }).code;
          const { msgId } = await sys.sim.sendMessage({ userId: dt, text: `查项目 ${code}` });
          asked.push({ msgId, code, dt });
        }
      }),
    );
    asking = false;
    await redeliverer;
    const msgIds = asked.map((m) => m.msgId);
    const replyRows = () =>
      db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.kind, 'reply'),
            inArray(
              outbox.dedupeKey,
              msgIds.map((id) => `reply:dingtalk:msg:${id}:0`),
            ),
          ),
        );
    await eventually(
      async () => (await replyRows()).every((r) => r.status === 'sent' || r.status === 'failed'),
      120_000,
    );
    // Answered messages are pushed again once everything is sent: still nothing new.
    for (const { msgId } of asked.filter((_, i) => i % 4 === 0)) await sys.sim.redeliver(msgId);
    sys.sim.setFaults({});

    const rows = await replyRows();
    expect(rows).toHaveLength(asked.length);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    // Faults really happened: replies needed the outbox's retries, and some messages were redelivered meanwhile.
    expect(rows.filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
    expect(redelivered.size).toBeGreaterThan(0);
    const inbound = await queryRows<{ status: string; n: number }>(
      db,
      sql`select status, count(*)::int as n from inbound_messages where msg_id in (${sql.join(
        msgIds.map((id) => sql`${id}`),
        sql`, `,
      )}) group by status`,
    );
    expect(inbound.map((r) => [r.status, Number(r.n)])).toEqual([['answered', asked.length]]);

    // Each question's answer (titled with the item's code) reached its asker once: through the message's
    // webhook, or as a card or robot message in the 1:1 chat.
    const pushes = sys.sim.outbox();
    for (const { msgId, code, dt } of asked) {
      const byWebhook = sys.sim.repliesFor(msgId).filter((r) => r.via === 'sessionWebhook');
      const proactive = pushes.filter(
        (p) => p.userId === dt && (p.kind === 'card' || p.kind === 'oto') && p.title?.startsWith(code),
      );
      expect(
        [...byWebhook, ...proactive].map((r) => r.title?.split(' ')[0]),
        msgId,
      ).toEqual([code]);
    }
  }, 240_000);
});
