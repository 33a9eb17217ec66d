import { groupBindings } from '@jixiao/db/schema';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotEngine } from '../src/index.ts';
import { buildWorld, only, press, say, textOf, type World } from './fixtures.ts';

// Attacks from the security probe, repeated through the chat: taking over another department's
// group, "本部门…" in a group bound to another department (an internal error before), and one
// sender flooding the bot.

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.db.dispose();
});

const { officerA: EDU, officerB: HEALTH, admin: ADMIN } = TEST_DINGTALK_IDS;
const eduGroup = { id: 'cid-sec-edu', type: 'group' as const, title: '教育局绩效群' };

async function boundTo(conversationId: string): Promise<number | undefined> {
  const [row] = await w.db.db
    .select()
    .from(groupBindings)
    .where(eq(groupBindings.conversationId, conversationId));
  return row?.orgUnitId;
}

describe('a group bound to a department', () => {
  it('cannot be taken over by another department’s officer, by name, by button or by unbinding', async () => {
    // Binding is a write: shown on a card, done on 确认.
    expect(only(await say(w.engine, EDU, '绑定本群 教育局', eduGroup)).markdown).toContain('将把本群绑定到');
    expect(textOf(await say(w.engine, EDU, '确认', eduGroup))).toContain('已绑定');
    const byName = await say(w.engine, HEALTH, '绑定本群 卫生健康委员会', eduGroup);
    expect(textOf(byName)).toContain('本群已绑定景德镇市教育局');
    const byButton = await press(
      w.engine,
      HEALTH,
      'bind',
      { orgUnitId: String(w.city.orgs.deptB) },
      eduGroup,
    );
    expect(textOf(byButton)).toContain('本群已绑定景德镇市教育局');
    expect(textOf(await say(w.engine, HEALTH, '解绑本群', eduGroup))).toContain(
      '只有其绩效专员或财政部门可以解绑',
    );
    expect(await boundTo(eduGroup.id)).toBe(w.city.orgs.deptA);
  });

  it('may be rebound by the finance bureau', async () => {
    const group = { id: 'cid-sec-rebind', type: 'group' as const };
    await say(w.engine, EDU, '绑定本群 教育局', group);
    await say(w.engine, EDU, '确认', group);
    expect(textOf(await say(w.engine, ADMIN, '绑定本群 卫生健康委员会', group))).toContain('卫生健康委员会');
    await say(w.engine, ADMIN, '确认', group);
    expect(await boundTo(group.id)).toBe(w.city.orgs.deptB);
  });

  it('answers “本部门…” about another department in Chinese, without an internal error', async () => {
    for (const text of ['本部门预警', '本部门红色预警', '本部门滞后项目', '本部门执行情况']) {
      const replies = await say(w.engine, ADMIN, text, eduGroup);
      const all = textOf(replies);
      expect(all, text).not.toContain('出错了');
      expect(all, text).toContain('不在本群绑定部门的范围内');
      expect(all, text).not.toMatch(/医院|教学楼/);
    }
  });
});

describe('a sender flooding the bot', () => {
  it('is told once, then ignored until the minute allows again; others are unaffected', async () => {
    const engine = createBotEngine({ platform: w.city.platform, messagesPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect(textOf(await say(engine, EDU, '帮助'))).toContain('我的预警');
    const told = await say(engine, EDU, '帮助');
    expect(told.map((r) => r.audience)).toEqual(['private']);
    expect(textOf(told)).toContain('消息过于频繁');
    expect(await say(engine, EDU, '我的预警')).toEqual([]);
    expect(await press(engine, EDU, 'explain', { warningId: '1' })).toEqual([]);
    expect(textOf(await say(engine, HEALTH, '帮助'))).toContain('我的预警');
  });
});
