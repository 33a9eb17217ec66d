import { addDaysIso, todayInChina } from '@jixiao/core';
import { type Actor, loadActor, SYSTEM_ACTOR } from '@jixiao/db';
import {
  assignExpert,
  createExpert,
  createKeyEvaluation,
  getKeyEvaluation,
  queueEvaluationReminders,
  saveLineScores,
  startKeyEvaluation,
} from '@jixiao/db/evaluations';
import { createUser } from '@jixiao/db/master-data';
import { acknowledgeNotice, listNotices, queueNoticeFollowUps } from '@jixiao/db/notices';
import {
  actOnSelfEvaluation,
  prepareItemSelfEvaluation,
  recordSelfEvaluation,
} from '@jixiao/db/self-evaluations';
import { assignSpotCheckReviewer, drawSpotCheck, reviewSpotCheckEntry } from '@jixiao/db/spot-checks';
import { createExecutingItem } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

const HOUR = 3_600_000;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function expertUser(name: string, n: number) {
  const u = await createUser(h.platform, SYSTEM_ACTOR, {
    name,
    orgUnitId: h.city.orgs.finance,
    roles: ['evaluator'],
    dingtalkUserId: `dt-ev-${n}`,
    dingtalkUnionId: `union-ev-${n}`,
  });
  const e = await createExpert(h.platform, h.city.actors.admin, {
    name,
    fields: ['教育'],
    title: '教授',
    employer: '江西财经大学',
    userId: u.id,
  });
  return { userId: u.id, expertId: e.id };
}

const sentTo = (userId: number, title: string) =>
  [...h.fake.delivered.values()].filter((d) => d.userId === userId && d.reply.title?.startsWith(title));

describe('expert assignments and evaluation reminders as notices (收到)', () => {
  it('asks the expert to sign for the assignment, re-sends it unsigned, and stops once they have submitted', async () => {
    const { platform, actors } = h.city;
    const today = todayInChina(h.clock.now());
    const item = await createExecutingItem(h.city, { name: '市二中操场改造' });
    const ev = await createKeyEvaluation(platform, actors.admin, {
      kind: 'project',
      title: '市二中操场改造重点绩效评价',
      itemId: item.id,
      fiscalYear: item.currentFiscalYear,
      carrier: 'expert_panel',
      dueOn: addDaysIso(today, 5),
    });
    const sun = await expertUser('孙教授', 1);
    const zhou = await expertUser('周高工', 2);
    await assignExpert(platform, actors.admin, ev.id, sun.expertId);
    await assignExpert(platform, actors.admin, ev.id, zhou.expertId);
    await h.worker().drain();
    const [first] = sentTo(sun.userId, '【评价任务】');
    expect(first?.reply.buttons?.[0]).toMatchObject({
      action: 'ack',
      payload: { subject: `key_evaluation:${ev.id}` },
    });
    expect(first?.reply.buttons?.[1]).toMatchObject({
      kind: 'url',
      url: expect.stringContaining(`/view/evaluations/${ev.id}`),
    });
    const notices = await listNotices(h.db.db, `key_evaluation:${ev.id}`);
    expect(notices.map((n) => [n.recipient.id, n.event])).toEqual([
      [sun.userId, 'assigned'],
      [zhou.userId, 'assigned'],
    ]);

    // 周高工 signs; 孙教授 does not and is reminded again; once he has submitted, no more re-sends.
    await acknowledgeNotice(platform, (await loadActor(h.db.db, zhou.userId)) as Actor, {
      subject: `key_evaluation:${ev.id}`,
      via: 'button',
    });
    h.clock.advance(25 * HOUR);
    const opts = { now: h.clock.now(), maxResends: 2, intervalMs: 24 * HOUR };
    expect(await queueNoticeFollowUps(h.db.db, opts)).toMatchObject({ resent: 1 });
    await h.worker().drain();
    expect(sentTo(sun.userId, '【再次提醒·评价任务】')).toHaveLength(1);
    expect(sentTo(zhou.userId, '【再次提醒·评价任务】')).toHaveLength(0);

    await startKeyEvaluation(platform, actors.admin, ev.id);
    const sunActor = (await loadActor(h.db.db, sun.userId)) as Actor;
    const lines = (await getKeyEvaluation(h.db.db, actors.admin, ev.id)).lines;
    await saveLineScores(platform, sunActor, ev.id, {
      scores: lines.map((l) => ({ lineKey: l.key, score: l.weight })),
      submit: true,
    });
    h.clock.advance(25 * HOUR);
    expect(await queueNoticeFollowUps(h.db.db, { ...opts, now: h.clock.now() })).toMatchObject({
      resent: 0,
      closed: 1,
    });
  });

  it('reminds unsubmitted experts once per due date, whatever the re-runs', async () => {
    const { platform, actors } = h.city;
    const today = todayInChina(h.clock.now());
    const item = await createExecutingItem(h.city, { name: '市三中图书馆' });
    const ev = await createKeyEvaluation(platform, actors.admin, {
      kind: 'project',
      title: '市三中图书馆重点绩效评价',
      itemId: item.id,
      fiscalYear: item.currentFiscalYear,
      carrier: 'expert_panel',
      dueOn: addDaysIso(today, 3),
    });
    const wu = await expertUser('吴会计', 3);
    await assignExpert(platform, actors.admin, ev.id, wu.expertId);
    const far = await createKeyEvaluation(platform, actors.admin, {
      kind: 'project',
      title: '远期评价',
      itemId: item.id,
      fiscalYear: item.currentFiscalYear,
      carrier: 'expert_panel',
      dueOn: addDaysIso(today, 30),
    });
    await assignExpert(platform, actors.admin, far.id, wu.expertId);

    const run = () =>
      queueEvaluationReminders(h.db.db, platform.config, {
        today: todayInChina(h.clock.now()),
        now: h.clock.now(),
      });
    // Every unsubmitted expert of an evaluation due within the window (this one, and the first test's), not the far one.
    expect((await run()).keyEvaluations).toBeGreaterThanOrEqual(1);
    const keys = (await h.rowsOf('evaluation_reminder')).map((r) => r.dedupeKey);
    expect(keys).toContain(`evaluation_reminder:key:${ev.id}:${wu.expertId}:${addDaysIso(today, 3)}`);
    expect(keys.some((k) => k.startsWith(`evaluation_reminder:key:${far.id}:`))).toBe(false);
    expect(await run()).toMatchObject({ keyEvaluations: 0 });
    h.clock.advance(24 * HOUR);
    expect(await run()).toMatchObject({ keyEvaluations: 0 });
    await h.worker().drain();
    const sent = sentTo(wu.userId, '【评价到期提醒】');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.reply.title).toBe('【评价到期提醒】市三中图书馆重点绩效评价');
    expect(sent[0]?.reply.markdown).toContain(addDaysIso(today, 3));
    const notices = await listNotices(h.db.db, `key_evaluation:${ev.id}`);
    expect(notices.map((n) => n.event)).toContain(`due:${addDaysIso(today, 3)}`);

    // Once the expert has submitted, the report is due: the bureau officer who planned it is reminded, once.
    await startKeyEvaluation(platform, actors.admin, ev.id);
    const lines = (await getKeyEvaluation(h.db.db, actors.admin, ev.id)).lines;
    await saveLineScores(platform, (await loadActor(h.db.db, wu.userId)) as Actor, ev.id, {
      scores: lines.map((l) => ({ lineKey: l.key, score: l.weight })),
      submit: true,
    });
    await run();
    await run();
    const reportKeys = (await h.rowsOf('evaluation_reminder'))
      .map((r) => r.dedupeKey)
      .filter((k) => k.startsWith(`evaluation_reminder:report:${ev.id}:`));
    expect(reportKeys).toEqual([
      `evaluation_reminder:report:${ev.id}:${actors.admin.userId}:${addDaysIso(today, 3)}`,
    ]);
    await h.worker().drain();
    const admin = actors.admin.userId as number;
    expect(sentTo(admin, '【评价报告到期提醒】')).toHaveLength(1);
  });

  it('reminds the officer of self-evaluations not yet submitted before the deadline, once for that deadline', async () => {
    const today = todayInChina(h.clock.now());
    const fy = Number(today.slice(0, 4)) - 1;
    // The deadline is today: inside the window.
    h.platform.config = {
      ...h.platform.config,
      coverage: { ...h.platform.config.coverage, selfEvaluationDeadline: today.slice(5) },
    };
    const item = await createExecutingItem(h.city, {
      name: '乡村学校营养餐',
      fiscalYearStart: fy,
      fiscalYearEnd: fy,
    });
    await prepareItemSelfEvaluation(h.platform, h.city.actors.officerA, item.id, fy);
    const run = () => queueEvaluationReminders(h.db.db, h.platform.config, { today, now: h.clock.now() });
    const first = await run();
    expect(first.selfEvaluations).toBeGreaterThan(0);
    expect((await run()).selfEvaluations).toBe(0);
    await h.worker().drain();
    const officer = h.city.actors.officerA.userId as number;
    const sent = sentTo(officer, '【绩效自评提醒】');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.reply.markdown).toContain(`${item.name}（${item.code}）：填报中`);
    expect(sent[0]?.reply.buttons?.[0]).toMatchObject({
      payload: { subject: `self_evaluation_reminder:${fy}` },
    });
    // Officers of another department with nothing due hear nothing.
    expect(sentTo(h.city.actors.officerB.userId as number, '【绩效自评提醒】')).toHaveLength(0);
  });

  it('asks the expert assigned to a spot check to sign for it, re-sends it unsigned, and stops once reviewed', async () => {
    const { platform, actors } = h.city;
    const item = await createExecutingItem(h.city, { name: '乡镇卫生院改造' });
    const se = await prepareItemSelfEvaluation(platform, actors.officerA, item.id, item.currentFiscalYear);
    await recordSelfEvaluation(platform, actors.officerA, se.id, {
      lines: se.lines.map((l, row) => ({ row, actual: (l.target ?? '').replace(/^[≥≤=<>]+/, '') || '达标' })),
    });
    await actOnSelfEvaluation(platform, actors.officerA, se.id, 'submit');
    await actOnSelfEvaluation(platform, actors.officerA, se.id, 'confirm');
    await actOnSelfEvaluation(platform, actors.admin, se.id, 'accept');
    const check = await drawSpotCheck(platform, actors.admin, {
      fiscalYear: item.currentFiscalYear,
      seed: 11,
    });
    const entry = check.entries.find((e) => e.selfEvaluationId === se.id);
    expect(entry).toBeDefined();
    const entryId = entry?.id as number;
    const zheng = await expertUser('郑研究员', 5);
    await assignSpotCheckReviewer(platform, actors.admin, check.id, entryId, zheng.expertId);
    await h.worker().drain();
    const [sent] = sentTo(zheng.userId, '【抽查复核】');
    expect(sent?.reply.title).toBe('【抽查复核】乡镇卫生院改造');
    expect(sent?.reply.markdown).toContain(`复核抽查 ${entryId}`);
    expect(sent?.reply.buttons?.[0]).toMatchObject({
      action: 'ack',
      payload: { subject: `spot_check_review:${entryId}` },
    });
    expect(sent?.reply.buttons?.[1]).toMatchObject({
      kind: 'url',
      url: expect.stringContaining(`/view/self-evaluations/${se.id}`),
    });

    h.clock.advance(25 * HOUR);
    const opts = { now: h.clock.now(), maxResends: 2, intervalMs: 24 * HOUR };
    expect((await queueNoticeFollowUps(h.db.db, opts)).resent).toBeGreaterThanOrEqual(1);
    await h.worker().drain();
    expect(sentTo(zheng.userId, '【再次提醒·抽查复核】')).toHaveLength(1);

    const expert = (await loadActor(h.db.db, zheng.userId)) as Actor;
    await reviewSpotCheckEntry(platform, expert, check.id, entryId, { score: 95, note: '属实' });
    h.clock.advance(25 * HOUR);
    await queueNoticeFollowUps(h.db.db, { ...opts, now: h.clock.now() });
    await h.worker().drain();
    expect(sentTo(zheng.userId, '【再次提醒·抽查复核】')).toHaveLength(1);
    const [notice] = await listNotices(h.db.db, `spot_check_review:${entryId}`);
    expect(notice).toMatchObject({ resendCount: 1, acknowledgedAt: null });
  });
});
