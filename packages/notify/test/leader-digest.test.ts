import { type Actor, loadActor, SYSTEM_ACTOR, today } from '@jixiao/db';
import { createUser } from '@jixiao/db/master-data';
import { actOnPublication, createPublication, queueMonthlyLeaderDigest } from '@jixiao/db/publications';
import { createExecutingItem } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMonthlyAt } from '../src/schedule-times.ts';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('领导月报 (DI-4, DI-6)', () => {
  it('is due on the first of the month, China time', () => {
    expect(nextMonthlyAt('08:30')(new Date('2026-11-30T02:00:00Z')).toISOString()).toBe(
      '2026-12-01T00:30:00.000Z',
    );
    expect(nextMonthlyAt('08:30')(new Date('2026-12-01T00:31:00Z')).toISOString()).toBe(
      '2027-01-01T00:30:00.000Z',
    );
  });

  it('sends each region leader once a month what is published, with the chart as a picture', async () => {
    const { platform, actors } = h.city;
    const u = await createUser(platform, SYSTEM_ACTOR, {
      name: '孙审核',
      orgUnitId: h.city.orgs.finance,
      roles: ['finance_admin'],
    });
    const reviewer = (await loadActor(h.db.db, u.id)) as Actor;
    const item = await createExecutingItem(h.city, { fiscalYearStart: h.year, fiscalYearEnd: h.year });
    const p = await createPublication(platform, actors.admin, {
      fiscalYear: h.year,
      draft: 'budget',
      itemIds: [item.id],
      departmentIds: [],
    });
    await actOnPublication(platform, actors.admin, p.id, 'submit');
    await actOnPublication(platform, reviewer, p.id, 'approve', { publishOn: today(platform) });
    const asOf = today(platform);
    expect(await queueMonthlyLeaderDigest(h.db.db, { asOf, now: platform.now() })).toBe(1);
    expect(await queueMonthlyLeaderDigest(h.db.db, { asOf, now: platform.now() })).toBe(0);
    await h.worker({ publicUrl: 'https://jx.example.gov.cn/' }).drain();
    const sent = [...h.fake.delivered.values()].filter((d) => d.reply.title?.startsWith('【领导月报】'));
    expect(sent.map((d) => d.userId)).toEqual([actors.leader.userId]);
    const text = sent[0]?.reply.markdown ?? '';
    expect(text).toContain(`${h.year}年预算草案公开：第 1 版`);
    expect(text).toContain(
      `![各部门重点项目预算执行率](https://jx.example.gov.cn/public/360200-${h.year}-budget/charts/1.png)`,
    );
  });
});
