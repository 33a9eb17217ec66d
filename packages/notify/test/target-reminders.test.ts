import { todayInChina } from '@jixiao/core';
import { createItem } from '@jixiao/db/items';
import { acknowledgeNotice, listNotices } from '@jixiao/db/notices';
import { queueTargetReminders, reviewTarget, submitTarget } from '@jixiao/db/target-reviews';
import { setTarget } from '@jixiao/db/targets';
import { completeTarget } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

let seq = 0;
function newItem(fiscalYear: number, over: { isNewMajor?: boolean } = {}) {
  seq++;
  return createItem(h.platform, h.city.actors.officerA, {
    code: `REMIND-${seq}`,
    name: `提醒测试项目${seq}`,
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: h.city.orgs.deptA,
    fiscalYearStart: fiscalYear,
    fiscalYearEnd: fiscalYear,
    approvedAmountFen: 1_000_000_00,
    responsiblePerson: '张',
    isNewMajor: over.isNewMajor ?? false,
    isSpecialTransfer: false,
    attributes: {},
  });
}

describe('预算编报提醒', () => {
  it('reminds the officer of assessments and targets still to do before the deadline, once a day, as a notice', async () => {
    const today = todayInChina(h.clock.now());
    const inTenDays = todayInChina(new Date(h.clock.t + 10 * 86_400_000));
    const fy = Number(inTenDays.slice(0, 4)) + 1;
    const config = {
      ...h.platform.config,
      budgetPreparation: { deadline: inTenDays.slice(5), remindDaysBefore: 30 },
    };
    h.platform.config = config;
    const major = await newItem(fy, { isNewMajor: true });
    const drafted = await newItem(fy);
    await setTarget(h.platform, h.city.actors.officerA, drafted.id, completeTarget(fy));
    const done = await newItem(fy);
    await setTarget(h.platform, h.city.actors.officerA, done.id, completeTarget(fy));
    await submitTarget(h.platform, h.city.actors.officerA, done.id, { fiscalYear: fy });

    const first = await queueTargetReminders(h.db.db, config, { today, now: h.clock.now() });
    expect(first).toBeGreaterThan(0);
    expect(await queueTargetReminders(h.db.db, config, { today, now: h.clock.now() })).toBe(0);
    const rows = await h.rowsOf('target_reminder');
    expect(rows.map((r) => r.recipientUserId)).toContain(h.city.actors.officerA.userId);

    await h.worker().drain();
    const sent = [...h.fake.delivered.values()].filter(
      (d) =>
        d.reply.title === `【预算编报提醒】${fy}年绩效目标` && d.userId === h.city.actors.officerA.userId,
    );
    expect(sent).toHaveLength(1);
    const text = sent[0]?.reply.markdown ?? '';
    expect(text).toContain(`截止日为 **${fy - 1}-${inTenDays.slice(5)}**`);
    expect(text).toMatch(new RegExp(`须先完成事前绩效评估（1）[^]*${major.name}`));
    expect(text).toContain(`${drafted.name}（${drafted.code}）：编制中`);
    expect(text).toContain(`${major.name}（${major.code}）：未填报`);
    expect(text).not.toContain(done.name);
    expect(sent[0]?.reply.buttons?.[0]).toMatchObject({
      action: 'ack',
      payload: { subject: `target_reminder:${fy}` },
    });

    const notices = await listNotices(h.db.db, `target_reminder:${fy}`);
    expect(notices.map((n) => n.recipient.id)).toContain(h.city.actors.officerA.userId);
    const acked = await acknowledgeNotice(h.platform, h.city.actors.officerA, {
      subject: `target_reminder:${fy}`,
      via: 'button',
    });
    expect(acked?.acknowledgedVia).toBe('button');
  });

  it('a returned item target becomes a DingTalk to-do, completed when it is sent again', async () => {
    const { platform, actors } = h.city;
    const item = await newItem(h.year);
    await setTarget(platform, actors.officerA, item.id, completeTarget(h.year));
    const v = await submitTarget(platform, actors.officerA, item.id, { fiscalYear: h.year });
    await reviewTarget(platform, actors.admin, v.id, 'return', {
      criteria: {},
      comments: [{ indicator: '受益学生人数', comment: '请按新增学位数核定' }],
      opinion: '指标值依据不足',
    });
    await h.worker().drain();
    const todo = h.fake.todoBySource(`target-${v.id}`);
    expect(todo?.spec).toMatchObject({ done: false, subject: `修改绩效目标：${item.name}` });
    expect(todo?.spec.description).toContain('指标“受益学生人数”：请按新增学位数核定');
    await submitTarget(platform, actors.officerA, item.id, { fiscalYear: h.year });
    await h.worker().drain();
    expect(h.fake.todoBySource(`target-${v.id}`)?.spec.done).toBe(true);
  });
});
