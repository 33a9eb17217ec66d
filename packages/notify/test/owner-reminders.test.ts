import { today } from '@jixiao/db';
import { createTask } from '@jixiao/db/rectification';
import { claimDueRun } from '@jixiao/db/schedules';
import { rectificationTasks } from '@jixiao/db/schema';
import { createExecutingItem } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { nextWeeklyAt, notifyJobs } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const JOB = 'notify-owner-rectifications';
const DAY = 86_400_000;

async function tick(h: Harness): Promise<boolean> {
  const job = notifyJobs(h.platform).find((j) => j.name === JOB);
  if (!job) throw new Error('no owner reminder job');
  if (!(await claimDueRun(h.platform.db, job.name, h.platform.now(), job.nextAfter))) return false;
  await job.run();
  return true;
}

describe('整改与问责提醒 (§十五)', () => {
  it('reminds each project owner weekly of their open rectifications, once a week, never for what is done', async () => {
    h = await createHarness();
    const { officerA, admin } = h.city.actors;
    const item = await createExecutingItem(h.city, { name: '城区学校校舍改造', responsiblePerson: '李教育' });
    const t = await createTask(h.platform, admin, {
      itemId: item.id,
      source: 'evaluation',
      assigneeUserId: officerA.userId as number,
      deadline: today(h.platform),
      requirement: '补齐验收资料',
    });
    expect(await tick(h)).toBe(false); // registers the schedule

    // Monday 09:00 (the default cadence): one reminder to the owner.
    h.clock.t = nextWeeklyAt(1, '09:00')(h.clock.now()).getTime();
    expect(await tick(h)).toBe(true);
    expect((await h.rowsOf('owner_rectifications')).map((r) => r.recipientUserId)).toEqual([officerA.userId]);
    await h.worker().drain();
    const sent = [...h.fake.delivered.values()].filter((d) =>
      d.reply.title.startsWith('【整改提醒】您负责项目'),
    );
    expect(sent.map((d) => d.userId)).toEqual([officerA.userId]);
    expect(sent[0]?.reply.markdown).toContain(`#${t.id} **城区学校校舍改造**`);
    expect(sent[0]?.reply.markdown).toContain('已逾期');
    expect(sent[0]?.reply.fields?.find((f) => f.label === '问责调查中')?.value).toBe('0 件');

    // The rest of the week: not due; run by hand in the same week, nothing new.
    h.clock.advance(DAY);
    expect(await tick(h)).toBe(false);
    const job = notifyJobs(h.platform).find((j) => j.name === JOB);
    expect(await job?.run()).toBe(0);

    // Next Monday it is queued again, but the task was accepted meanwhile: nothing is sent.
    await h.db.db
      .update(rectificationTasks)
      .set({ status: 'accepted' })
      .where(eq(rectificationTasks.id, t.id));
    h.clock.t = nextWeeklyAt(1, '09:00')(h.clock.now()).getTime();
    expect(await tick(h)).toBe(true);
    expect(await h.rowsOf('owner_rectifications')).toHaveLength(1);
    await h.worker().drain();
    expect(
      [...h.fake.delivered.values()].filter((d) => d.reply.title.startsWith('【整改提醒】您负责项目')),
    ).toHaveLength(1);
  });
});
