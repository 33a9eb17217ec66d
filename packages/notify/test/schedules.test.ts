import { openDatabase, type Platform, today } from '@jixiao/db';
import { listNotices } from '@jixiao/db/notices';
import { createTask } from '@jixiao/db/rectification';
import { claimDueRun, nextDailyAt } from '@jixiao/db/schedules';
import { digestSubscriptions, rectificationTasks, warnings } from '@jixiao/db/schema';
import { testDatabaseKind } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type NotifyJob, nextEvery, nextWeeklyAt, notifyJobs } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
  await h?.close();
  h = undefined;
});

async function start(): Promise<Harness> {
  h = await createHarness();
  return h;
}

/** One scheduler tick, as apps/server does it: claim each due job, run the ones claimed. */
async function tick(platform: Platform, jobs: readonly NotifyJob[]): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    if (await claimDueRun(platform.db, job.name, platform.now(), job.nextAfter)) {
      ran.push(job.name);
      await job.run();
    }
  }
  return ran;
}

/** Two "servers": on PostgreSQL with separate connection pools. */
async function twoServers(h: Harness): Promise<[Platform, Platform]> {
  if (testDatabaseKind() === 'postgres' && h.db.url) {
    const other = await openDatabase({ url: h.db.url, poolSize: 2 });
    cleanup.push(() => other.close());
    return [h.platform, { ...h.platform, db: other.db }];
  }
  return [h.platform, h.platform];
}

/** Both servers tick at once; returns the jobs run (of `only`, when given), by whichever server. */
async function bothTick(servers: [Platform, Platform], only?: readonly string[]): Promise<string[]> {
  const [a, b] = await Promise.all(servers.map((p) => tick(p, notifyJobs(p))));
  return [...(a ?? []), ...(b ?? [])].filter((n) => !only || only.includes(n)).sort();
}

const TASK_JOBS = ['notify-deadline-reminders', 'notify-overdue-escalation'];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('notification schedules', () => {
  it('sends deadline reminders once a day and escalates overdue tasks once, with two schedulers ticking', async () => {
    const h = await start();
    const servers = await twoServers(h);
    const day0 = today(h.platform);
    const taskFor = async (deadline: string) => {
      const item = await h.flaggedItem();
      await h.sweep();
      const [w] = await h.db.db.select().from(warnings).where(eq(warnings.itemId, item.id)).limit(1);
      return createTask(h.platform, h.city.actors.admin, {
        warningId: w?.id as number,
        assigneeUserId: h.city.actors.officerA.userId as number,
        deadline,
        requirement: '限期整改',
      });
    };
    const soon = await taskFor(addDays(day0, 2));
    await taskFor(addDays(day0, 10));
    const late = await taskFor(day0);
    expect(await bothTick(servers)).toEqual([]); // registers the schedules

    const reminders = async () =>
      (await h.rowsOf('rectification')).filter((r) => (r.payload as { event: string }).event === 'reminder');
    const overdue = async () =>
      (await h.rowsOf('rectification')).filter((r) => (r.payload as { event: string }).event === 'overdue');

    // Day 1, 09:00: the reminder job runs once, for the task due tomorrow only.
    h.clock.t = nextDailyAt('09:00')(h.clock.now()).getTime();
    expect(await bothTick(servers, TASK_JOBS)).toEqual(['notify-deadline-reminders']);
    expect((await reminders()).map((r) => (r.payload as { taskId: number }).taskId)).toEqual([soon.id]);
    const reminderJob = notifyJobs(h.platform).find((j) => j.name === 'notify-deadline-reminders');
    expect(await reminderJob?.run()).toBe(0); // run again the same day: nothing new

    // 09:30: overdue escalation, once, to the assignee and the head of 教育局.
    h.clock.advance(30 * 60_000);
    expect(await bothTick(servers, TASK_JOBS)).toEqual(['notify-overdue-escalation']);
    const esc = await overdue();
    expect(esc.map((r) => r.recipientUserId).sort()).toEqual(
      [h.city.actors.officerA.userId, h.headA.userId].sort(),
    );
    const [lateRow] = await h.db.db
      .select()
      .from(rectificationTasks)
      .where(eq(rectificationTasks.id, late.id));
    expect(lateRow?.escalatedAt?.getTime()).toBe(h.clock.t);
    const overdueJob = notifyJobs(h.platform).find((j) => j.name === 'notify-overdue-escalation');
    expect(await overdueJob?.run()).toMatchObject({ escalated: 0 });

    // Day 2: one more reminder for the same task, no second escalation.
    h.clock.advance(86_400_000 - 30 * 60_000);
    expect(await bothTick(servers, TASK_JOBS)).toEqual(['notify-deadline-reminders']);
    h.clock.advance(30 * 60_000);
    expect(await bothTick(servers, TASK_JOBS)).toEqual(['notify-overdue-escalation']);
    expect(await reminders()).toHaveLength(2);
    expect(await overdue()).toHaveLength(2);

    await h.worker().drain();
    const sent = [...h.fake.delivered.values()];
    const reminderMsgs = sent.filter((d) => d.reply.title.startsWith('【整改提醒】'));
    expect(reminderMsgs).toHaveLength(2);
    expect(reminderMsgs[0]?.reply.buttons?.map((b) => (b.kind === 'callback' ? b.action : b.kind))).toEqual([
      'ack',
      'submit',
      'url',
    ]);
    const toHead = sent.filter(
      (d) => d.userId === h.headA.userId && d.reply.title.startsWith('【整改逾期督办】'),
    );
    expect(toHead).toHaveLength(1);
    expect(toHead[0]?.reply.markdown).toContain('李教育负责的整改任务已超过期限');
    expect(sent.filter((d) => d.reply.title.startsWith('【整改逾期】'))).toHaveLength(1);
    const events = (await listNotices(h.db.db, `task:${soon.id}`)).map((n) => n.event).sort();
    expect(events).toEqual(['assigned', `reminder:${addDays(day0, 1)}`, `reminder:${addDays(day0, 2)}`]);
  });

  it('sends the weekly digest on Monday 09:00 to subscribed users, once', async () => {
    const h = await start();
    const servers = await twoServers(h);
    await h.flaggedItem();
    await h.sweep();
    const { officerA, admin, officerB } = h.city.actors;
    await h.db.db.insert(digestSubscriptions).values([
      { userId: officerA.userId as number, subscribed: true },
      { userId: admin.userId as number, subscribed: true },
      { userId: officerB.userId as number, subscribed: false },
    ]);
    await bothTick(servers);
    h.clock.t = nextWeeklyAt(1, '09:00')(h.clock.now()).getTime();
    const ran = await bothTick(servers);
    expect(ran.filter((n) => n === 'notify-weekly-digest')).toHaveLength(1);
    const rows = await h.rowsOf('digest');
    expect(rows.map((r) => r.recipientUserId).sort()).toEqual([officerA.userId, admin.userId].sort());
    await h.worker().drain();
    const digests = [...h.fake.delivered.values()].filter((d) => d.reply.title.startsWith('【绩效周报】'));
    expect(digests).toHaveLength(2);
    const mine = digests.find((d) => d.userId === officerA.userId);
    expect(mine?.reply.title).toBe(`【绩效周报】${today(h.platform)}`);
    expect(mine?.reply.markdown).toMatch(/在执行项目 \d+ 个/);
    expect(mine?.reply.fields?.find((f) => f.label === '在办预警')?.value).toMatch(/^[1-9]\d* 条/);
    expect(mine?.reply.fields?.map((f) => f.label)).toEqual([
      '在办预警',
      '我的整改任务',
      '待我验收',
      '未签收通知',
    ]);
  });
});

describe('schedule times', () => {
  it('finds the next weekday at a China time, and aligned intervals', () => {
    // Wednesday 2026-09-02 10:00 China → Monday 2026-09-07 09:00 China (01:00 UTC).
    const wed = new Date('2026-09-02T02:00:00Z');
    expect(nextWeeklyAt(1, '09:00')(wed).toISOString()).toBe('2026-09-07T01:00:00.000Z');
    // Monday 08:59 China → the same day 09:00; Monday 09:00 → next Monday.
    expect(nextWeeklyAt(1, '09:00')(new Date('2026-09-07T00:59:00Z')).toISOString()).toBe(
      '2026-09-07T01:00:00.000Z',
    );
    expect(nextWeeklyAt(1, '09:00')(new Date('2026-09-07T01:00:00Z')).toISOString()).toBe(
      '2026-09-14T01:00:00.000Z',
    );
    expect(nextEvery(900_000)(new Date('2026-09-07T01:07:00Z')).toISOString()).toBe(
      '2026-09-07T01:15:00.000Z',
    );
  });
});
