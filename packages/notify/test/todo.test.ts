import { today } from '@jixiao/db';
import { createTask, reviewTask, submitTask } from '@jixiao/db/rectification';
import { outbox, rectificationTasks, warnings } from '@jixiao/db/schema';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { chaos } from './fake-channel.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function newTask(h: Harness) {
  const item = await h.flaggedItem();
  await h.sweep();
  const [w] = await h.db.db.select().from(warnings).where(eq(warnings.itemId, item.id)).limit(1);
  if (!w) throw new Error('no warning');
  const task = await createTask(h.platform, h.city.actors.admin, {
    warningId: w.id,
    assigneeUserId: h.city.actors.officerA.userId as number,
    deadline: addDays(today(h.platform), 10),
    requirement: '说明单一来源采购的理由并补充论证材料',
  });
  return { item, warning: w, task };
}

async function storedTodoId(h: Harness, taskId: number): Promise<string | null> {
  const [t] = await h.db.db.select().from(rectificationTasks).where(eq(rectificationTasks.id, taskId));
  return t?.todoId ?? null;
}

describe('DingTalk to-dos mirror rectification tasks', () => {
  it('follows a task through assign, submit, return, resubmit and accept', async () => {
    h = await createHarness();
    const { item, task } = await newTask(h);
    const worker = h.worker();
    const officer = h.city.actors.officerA;
    const admin = h.city.actors.admin;
    await worker.drain();

    const todo = h.fake.todoBySource(`rect-${task.id}`);
    expect(todo).toBeDefined();
    expect(todo?.unionId).toBe('union-dt-edu');
    expect(todo?.spec.subject).toBe(`整改：${item.name}`);
    expect(todo?.spec.description).toContain('说明单一来源采购的理由');
    expect(todo?.spec.description).toContain('来源预警');
    expect(todo?.spec.done).toBe(false);
    expect(new Date(todo?.spec.dueTime ?? 0).toISOString()).toBe(`${task.deadline}T15:59:59.000Z`);
    // The to-do opens the task's page for its assignee (the server signs these links).
    expect(todo?.spec.detailUrl).toBe(`/view/tasks/${task.id}`);
    expect(await storedTodoId(h, task.id)).toBe(todo?.id);

    const assigned = [...h.fake.delivered.values()].find((d) => d.reply.title.startsWith('【整改通知】'));
    expect(assigned?.userId).toBe(officer.userId);
    expect(assigned?.reply.buttons).toEqual([
      { label: '收到', kind: 'callback', action: 'ack', payload: { subject: `task:${task.id}` } },
      { label: '提交整改', kind: 'callback', action: 'submit', payload: { taskId: String(task.id) } },
      { label: '查看详情', kind: 'url', url: `/view/tasks/${task.id}` },
    ]);
    expect(assigned?.reply.fields?.find((f) => f.label === '整改期限')?.value).toBe(
      `${task.deadline}（剩余 10 天）`,
    );

    await submitTask(h.platform, officer, task.id, { submission: '已补充论证材料' });
    await worker.drain();
    expect(todo?.history).toHaveLength(2);
    expect(todo?.spec.done).toBe(false);
    expect(todo?.spec.description).toContain('已提交待验收');
    const review = [...h.fake.delivered.values()].find((d) => d.reply.title.startsWith('【整改待验收】'));
    expect(review?.userId).toBe(admin.userId);
    expect(
      review?.reply.buttons?.map((b) => (b.kind === 'callback' ? [b.action, b.label, b.payload] : null)),
    ).toEqual([
      ['accept', '验收通过', { taskId: String(task.id) }],
      ['return', '退回', { taskId: String(task.id) }],
      null,
    ]);

    await reviewTask(h.platform, admin, task.id, { decision: 'return', comment: '材料不全' });
    await worker.drain();
    expect(todo?.spec.done).toBe(false);
    expect(todo?.spec.description).toContain('退回重新整改');
    const returned = [...h.fake.delivered.values()].find((d) => d.reply.title.startsWith('【整改退回】'));
    expect(returned?.reply.markdown).toContain('材料不全');

    await submitTask(h.platform, officer, task.id, { submission: '已补齐' });
    await reviewTask(h.platform, admin, task.id, { decision: 'accept', comment: '同意' });
    await worker.drain();
    expect(todo?.spec.done).toBe(true);
    expect(h.fake.todos.size).toBe(1);
    const todoRows = await h.rowsOf('todo');
    expect(todoRows.map((r) => (r.payload as { op: string }).op)).toEqual([
      'create',
      'update',
      'update',
      'update',
      'complete',
    ]);
    expect(todoRows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('handles ops out of order: complete before create neither duplicates nor reopens the to-do', async () => {
    h = await createHarness();
    const { task } = await newTask(h);
    const officer = h.city.actors.officerA;
    await submitTask(h.platform, officer, task.id, { submission: '已整改' });
    await reviewTask(h.platform, h.city.actors.admin, task.id, { decision: 'accept', comment: '同意' });
    // Hold back everything but the 'complete' op.
    const later = new Date(h.clock.t + 600_000);
    await h.db.db
      .update(outbox)
      .set({ nextAttemptAt: later })
      .where(and(eq(outbox.kind, 'todo'), sql`${outbox.payload}->>'op' <> 'complete'`));
    const worker = h.worker();
    await worker.drain();
    const todo = h.fake.todoBySource(`rect-${task.id}`);
    expect(todo?.spec.done).toBe(true);
    expect(await storedTodoId(h, task.id)).toBe(todo?.id);

    h.clock.t = later.getTime();
    await worker.drain();
    expect(h.fake.todos.size).toBe(1);
    expect(todo?.history.every((s) => s.done)).toBe(true);
    expect((await h.rowsOf('todo')).every((r) => r.status === 'sent')).toBe(true);
    // The stale chat messages were not sent: the task is already accepted.
    const messages = await h.rowsOf('rectification');
    const byEvent = (e: string) => messages.find((r) => (r.payload as { event: string }).event === e);
    expect(byEvent('assigned')?.status).toBe('cancelled');
    expect(byEvent('assigned')?.lastError).toContain('已验收');
    expect(byEvent('submitted')?.status).toBe('cancelled');
    expect(byEvent('accepted')?.status).toBe('sent');
  });

  it('stays one to-do per task when answers are lost and calls retried', async () => {
    h = await createHarness();
    const tasks = [];
    for (let i = 0; i < 4; i++) tasks.push((await newTask(h)).task);
    for (const t of tasks.slice(0, 2))
      await submitTask(h.platform, h.city.actors.officerA, t.id, { submission: '已整改' });
    await reviewTask(h.platform, h.city.actors.admin, tasks[0]?.id as number, {
      decision: 'accept',
      comment: '同意',
    });
    h.fake.plan = chaos(3, { retryable: 0.2, lostAnswer: 0.3 });
    const worker = h.worker({ random: Math.random });
    for (let i = 0; i < 200; i++) {
      await worker.drain();
      const pending = (await h.rows()).filter((r) => r.status === 'pending' || r.status === 'sending');
      if (pending.length === 0) break;
      h.clock.advance(60_000);
    }
    expect((await h.rows()).every((r) => r.status === 'sent' || r.status === 'cancelled')).toBe(true);
    expect(h.fake.todos.size).toBe(4);
    for (const [i, t] of tasks.entries()) {
      const todo = h.fake.todoBySource(`rect-${t.id}`);
      expect(await storedTodoId(h, t.id)).toBe(todo?.id);
      expect(todo?.spec.done).toBe(i === 0);
    }
  });

  it('fails a to-do for an assignee without a unionId, with a clear error', async () => {
    h = await createHarness();
    const { task } = await newTask(h);
    await h.db.db.execute(sql`update im_identities set union_id = null where external_user_id = 'dt-edu'`);
    await h.worker().drain();
    const [row] = await h.rowsOf('todo');
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toContain('缺少 unionId');
    expect(await storedTodoId(h, task.id)).toBeNull();
  });
});
