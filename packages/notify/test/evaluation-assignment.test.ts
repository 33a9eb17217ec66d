import { SYSTEM_ACTOR } from '@jixiao/db';
import { assignExpert, createExpert, createKeyEvaluation, removeExpert } from '@jixiao/db/evaluations';
import { createUser } from '@jixiao/db/master-data';
import { createExecutingItem } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('evaluation assignment messages', () => {
  it('tells each assigned expert once, and nothing to one taken off the panel before it was sent', async () => {
    const { platform, actors, orgs } = h.city;
    const item = await createExecutingItem(h.city, { name: '市一中食堂改造' });
    const ev = await createKeyEvaluation(platform, actors.admin, {
      kind: 'project',
      title: '市一中食堂改造重点绩效评价',
      itemId: item.id,
      fiscalYear: item.currentFiscalYear,
      carrier: 'expert_panel',
      dueOn: '2026-10-31',
    });
    const experts = [];
    for (const [i, name] of ['孙教授', '周高工'].entries()) {
      const u = await createUser(platform, SYSTEM_ACTOR, {
        name,
        orgUnitId: orgs.finance,
        roles: ['evaluator'],
        dingtalkUserId: `dt-expert-${i}`,
        dingtalkUnionId: `union-expert-${i}`,
      });
      const e = await createExpert(platform, actors.admin, {
        name,
        fields: ['教育'],
        title: '教授',
        employer: '江西财经大学',
        userId: u.id,
      });
      await assignExpert(platform, actors.admin, ev.id, e.id);
      experts.push({ user: u.id, expert: e.id });
    }
    await removeExpert(platform, actors.admin, ev.id, experts[1]?.expert as number, '临时出差');
    const worker = h.worker();
    await worker.drain();
    await worker.drain();
    const sent = [...h.fake.delivered.values()].filter((d) => d.reply.title?.startsWith('【评价任务】'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userId: experts[0]?.user });
    expect(sent[0]?.reply.title).toBe('【评价任务】市一中食堂改造重点绩效评价');
    expect(sent[0]?.reply.markdown).toContain(`评分 ${ev.id}`);
    expect(sent[0]?.reply.fields).toContainEqual({ label: '完成期限', value: '2026-10-31' });
  });
});
