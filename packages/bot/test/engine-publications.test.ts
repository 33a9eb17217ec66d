import { assessManagementWork } from '@jixiao/db/management-work';
import { actOnPublication, createPublication } from '@jixiao/db/publications';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIntent } from '../src/parser/index.ts';
import { buildWorld, only, say, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.db.dispose();
});

const { officerA: EDU, admin: ADMIN } = TEST_DINGTALK_IDS;

describe('公开了哪些 (DI-4)', () => {
  it('is understood in the ways officials ask it', () => {
    for (const text of ['公开了哪些', '今年绩效信息公开了哪些', '本部门要公开的内容', '绩效公开情况']) {
      expect(parseIntent(text).kind, text).toBe('publications');
    }
  });

  it('tells an officer what of their department will be published and where its review stands; the bureau sees the whole', async () => {
    expect(only(await say(w.engine, EDU, '公开了哪些')).markdown).toContain('尚未选编');
    const p = await createPublication(w.city.platform, w.city.actors.admin, {
      fiscalYear: 2026,
      draft: 'budget',
      itemIds: [w.items.school1.id, w.items.hospital.id],
      departmentIds: [],
    });
    await actOnPublication(w.city.platform, w.city.actors.admin, p.id, 'submit');
    const mine = only(await say(w.engine, EDU, '公开了哪些')).markdown;
    expect(mine).toContain('2026年预算草案');
    expect(mine).toContain('待审核');
    expect(mine).toContain(`本部门在其中：${w.items.school1.name}`);
    expect(mine).not.toContain(w.items.hospital.name);
    const all = only(await say(w.engine, ADMIN, '公开了哪些')).markdown;
    expect(all).toContain('2 个重大政策和项目');
    expect(all).not.toContain('本部门');
  });
});

describe('考核排名 / 本部门考核得分 (DI-6)', () => {
  it('is understood in the ways officials ask it', () => {
    expect(parseIntent('考核排名')).toEqual({ kind: 'management_assessment', own: false });
    expect(parseIntent('绩效管理工作考核排名怎么样')).toEqual({ kind: 'management_assessment', own: false });
    expect(parseIntent('本部门考核得分')).toEqual({ kind: 'management_assessment', own: true });
    expect(parseIntent('我们考核得分多少')).toEqual({ kind: 'management_assessment', own: true });
  });

  it('answers the ranking and the department its own score with each point lost', async () => {
    expect(only(await say(w.engine, EDU, '考核排名')).markdown).toContain('尚未开展');
    await assessManagementWork(w.city.platform, w.city.actors.admin, 2026);
    const ranking = only(await say(w.engine, EDU, '考核排名')).markdown;
    expect(ranking).toMatch(/1\. .+ \d+(\.\d+)? 分/);
    expect(ranking).toContain('景德镇市教育局');
    expect(ranking).toContain('← 本部门');
    const own = only(await say(w.engine, EDU, '本部门考核得分'));
    expect(own.title).toBe('景德镇市教育局2026年度考核得分');
    expect(own.markdown).toMatch(/在 3 个单位中排名第 [123]/);
    expect(own.markdown).toContain('绩效信息公开');
  });
});
