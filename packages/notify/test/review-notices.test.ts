import { createItem } from '@jixiao/db/items';
import { reviewTarget, submitTarget } from '@jixiao/db/target-reviews';
import { setTarget } from '@jixiao/db/targets';
import { completeTarget } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('target review notices', () => {
  it('tells the officer a returned target with the reviewer’s reasons and comments, once', async () => {
    const { platform, actors } = h.city;
    const item = await createItem(platform, actors.officerA, {
      code: 'NOTICE-1',
      name: '市一中校舍改造',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: h.city.orgs.deptA,
      fiscalYearStart: h.year,
      fiscalYearEnd: h.year,
      approvedAmountFen: 1_000_000_00,
      responsiblePerson: '张',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    await setTarget(platform, actors.officerA, item.id, completeTarget(h.year));
    const v = await submitTarget(platform, actors.officerA, item.id, { fiscalYear: h.year });
    await reviewTarget(platform, actors.admin, v.id, 'return', {
      criteria: { quantified: { met: false, note: '受益人数口径不清' } },
      comments: [{ indicator: '受益学生人数', comment: '请按新增学位数核定' }],
      opinion: '指标值依据不足，请修改后重新报送',
    });
    const worker = h.worker();
    await worker.drain();
    await worker.drain();
    const sent = [...h.fake.delivered.values()].filter((d) => d.reply.title?.startsWith('【绩效目标退回】'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userId: actors.officerA.userId });
    const text = sent[0]?.reply.markdown ?? '';
    expect(text).toContain('退回了您报送的市一中校舍改造');
    expect(text).toContain('审核意见：指标值依据不足，请修改后重新报送');
    expect(text).toContain('审核要点“细化量化”不符合：受益人数口径不清');
    expect(text).toContain('指标“受益学生人数”：请按新增学位数核定');
  });
});
