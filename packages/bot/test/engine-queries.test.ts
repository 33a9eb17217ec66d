import { createTask } from '@jixiao/db/rectification';
import { conversationStates, digestSubscriptions, groupBindings } from '@jixiao/db/schema';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotEngine, UNKNOWN_USER_TEXT } from '../src/index.ts';
import {
  addNotice,
  buildWorld,
  buttonFor,
  only,
  press,
  say,
  single,
  textOf,
  type World,
  warningOf,
} from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.db.dispose();
});

const { officerA: EDU, officerB: HEALTH, admin: ADMIN } = TEST_DINGTALK_IDS;

describe('who is asking', () => {
  it('refuses an unknown DingTalk account politely, with no data and no memory', async () => {
    for (const text of ['我的预警', '查项目 JDZ-2026-0001', '帮助', '红色预警']) {
      const replies = await say(w.engine, 'dt-stranger', text);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.reply.markdown).toBe(UNKNOWN_USER_TEXT);
      expect(replies[0]?.reply.buttons ?? []).toEqual([]);
      expect(textOf(replies)).not.toMatch(/教学楼|医院|JDZ/);
    }
    const rows = await w.db.db.select().from(conversationStates);
    expect(rows.some((r) => r.key.includes('dt-stranger'))).toBe(false);
  });

  it('refuses a button press from an unknown account too', async () => {
    const replies = await press(w.engine, 'dt-stranger', 'explain', { warningId: '1' });
    expect(only(replies).markdown).toBe(UNKNOWN_USER_TEXT);
  });
});

describe('help and small talk', () => {
  it('lists what the bot understands, including plugin commands', async () => {
    const reply = only(await say(w.engine, EDU, '帮助'));
    expect(reply.markdown).toContain('我的预警');
    expect(reply.markdown).toContain('提交整改');
    expect(reply.markdown).toContain('命令资金统计');
    expect(only(await say(w.engine, EDU, '你好')).markdown).toContain('李教育');
  });
});

describe('warnings', () => {
  it("shows an officer only their own department's warnings", async () => {
    const edu = textOf(await say(w.engine, EDU, '我的预警'));
    expect(edu).toContain('市一中教学楼改造');
    expect(edu).toContain('【红】');
    expect(edu).not.toContain('医院');
    const health = textOf(await say(w.engine, HEALTH, '我们部门有哪些警告'));
    expect(health).toContain('市人民医院门诊楼改造');
    expect(health).not.toContain('教学楼');
  });

  it('filters by severity and gives 说明原因 buttons', async () => {
    const reply = only(await say(w.engine, ADMIN, '红色预警有哪些'));
    expect(reply.markdown).toContain('医院');
    expect(reply.markdown).toContain('教学楼');
    expect(reply.markdown).not.toContain('【黄】');
    expect(buttonFor(reply, 'explain').payload.warningId).toMatch(/^\d+$/);
    // A finance admin can turn a warning into a rectification task from the list.
    expect(buttonFor(reply, 'assign').payload.warningId).toMatch(/^\d+$/);
  });

  it("limits a unit officer's 本部门 to their own unit", async () => {
    const text = textOf(await say(w.engine, 'dt-edu-1', '本部门的预警'));
    expect(text).toContain('第一中学操场改造');
    expect(text).not.toContain('市一中教学楼改造');
  });

  it('shows 收到 for a warning whose notice is waiting for the asker', async () => {
    const warning = await warningOf(w.city.platform, w.items.school2.id);
    await addNotice(w.city.platform, `warning:${warning.id}`, w.city.actors.officerA.userId ?? 0);
    const reply = only(await say(w.engine, EDU, '未处理的红色预警'));
    const ack = (reply.buttons ?? []).find((b) => b.kind === 'callback' && b.action === 'ack');
    expect(ack).toMatchObject({ payload: { subject: `warning:${warning.id}` } });
  });
});

describe('item status', () => {
  it('answers by code with money, rate vs 序时进度, warnings and buttons', async () => {
    const reply = only(await say(w.engine, EDU, '请问一下JDZ-2026-0001现在什么情况'));
    expect(reply.title).toContain('JDZ-2026-0001');
    expect(reply.markdown).toContain('景德镇市教育局');
    expect(reply.markdown).toContain('执行中');
    expect(reply.fields).toContainEqual({ label: '批复金额', value: '100.00万元' });
    expect(reply.fields).toContainEqual({ label: '2026年已支付', value: '30.00万元' });
    expect(textOf(reply)).toContain('执行率 30.0%（序时进度 58.3%，落后 28.3 个百分点）');
    expect(reply.markdown).toContain('【红】');
    expect(reply.fields).toContainEqual({ label: '责任人', value: '张三' });
    expect(reply.buttons?.map((b) => b.label)).toEqual(expect.arrayContaining(['查看指标', '说明原因']));
  });

  it("never shows another department's item", async () => {
    const byCode = textOf(await say(w.engine, HEALTH, '查项目 JDZ-2026-0001'));
    expect(byCode).toContain('没有找到');
    expect(byCode).not.toContain('市一中');
    const byName = textOf(await say(w.engine, HEALTH, '市一中教学楼改造进度'));
    expect(byName).toContain('没有找到');
    expect(byName).not.toContain('景德镇市教育局');
    expect(byName).not.toContain('30.00万元');
  });

  it('finds an item by part of its name', async () => {
    expect(only(await say(w.engine, EDU, '食堂改造怎么样了')).title).toContain('JDZ-2026-0002');
  });

  it('asks back when several items match, and follows the chosen button', async () => {
    const ask = only(await say(w.engine, EDU, '教学楼改造进度'));
    expect(ask.title).toBe('请选择项目');
    const labels = ask.buttons?.map((b) => b.label) ?? [];
    expect(labels).toEqual(expect.arrayContaining(['JDZ-2026-0001', 'JDZ-2026-0003']));
    const button = ask.buttons?.find((b) => b.label === 'JDZ-2026-0003');
    expect(button?.kind).toBe('command');
    if (button?.kind !== 'command') return;
    const chosen = only(await say(w.engine, EDU, button.text));
    expect(chosen.title).toBe('JDZ-2026-0003 市二中教学楼改造');
  });

  it('takes a number as the choice after asking back', async () => {
    const ask = only(await say(w.engine, EDU, '教学楼改造的指标'));
    const second = ask.buttons?.[1];
    if (second?.kind !== 'command') throw new Error('no command button');
    const code = second.label;
    const chosen = only(await say(w.engine, EDU, '2'));
    expect(chosen.title).toBe(`${code} 绩效指标`);
  });

  it('finds a project name with a typo', async () => {
    const reply = only(await say(w.engine, EDU, '帮我查查「市一中教学搂改造」怎么样了'));
    expect(reply.title).toBe('JDZ-2026-0001 市一中教学楼改造');
    const bare = only(await say(w.engine, EDU, '市一中教学楼改造'));
    expect(bare.title).toBe('JDZ-2026-0001 市一中教学楼改造');
  });

  it('remembers the item: 它的指标呢 / 它的支付情况', async () => {
    const conv = { id: 'cid-memory', type: 'single' as const };
    await say(w.engine, EDU, '查项目 JDZ-2026-0002', conv);
    const indicators = only(await say(w.engine, EDU, '它的指标呢', conv));
    expect(indicators.title).toBe('JDZ-2026-0002 绩效指标');
    expect(indicators.markdown).toContain('改造校舍面积');
    expect(indicators.markdown).toContain('≥12000平方米');
    const payments = only(await say(w.engine, EDU, '那它的拨付情况呢', conv));
    expect(payments.title).toBe('JDZ-2026-0002 支付情况');
    expect(payments.markdown).toContain('7月 27.50万元');
    // Memory is per conversation and person.
    const elsewhere = only(await say(w.engine, EDU, '它的指标呢', { id: 'cid-other', type: 'single' }));
    expect(elsewhere.title).toBe('请告诉我是哪个项目');
    const otherPerson = only(await say(w.engine, 'dt-edu-1', '它的指标呢', conv));
    expect(otherPerson.title).toBe('请告诉我是哪个项目');
  });

  it('forgets the item after half an hour', async () => {
    let now = w.city.platform.now();
    const engine = createBotEngine({ platform: { ...w.city.platform, now: () => now } });
    const conv = { id: 'cid-ttl', type: 'single' as const };
    await say(engine, EDU, '查项目 JDZ-2026-0001', conv);
    now = new Date(now.getTime() + 20 * 60_000);
    expect(only(await say(engine, EDU, '它的指标呢', conv)).title).toBe('JDZ-2026-0001 绩效指标');
    now = new Date(now.getTime() + 31 * 60_000);
    expect(only(await say(engine, EDU, '它的指标呢', conv)).title).toBe('请告诉我是哪个项目');
  });
});

describe('lists and summaries', () => {
  it('lists lagging items in scope, slowest first', async () => {
    const edu = only(await say(w.engine, EDU, '滞后项目'));
    expect(edu.markdown.indexOf('市二中教学楼改造')).toBeLessThan(edu.markdown.indexOf('市一中教学楼改造'));
    expect(edu.markdown).not.toContain('食堂');
    expect(edu.markdown).not.toContain('医院');
    const health = only(await say(w.engine, HEALTH, '拖后腿的项目有哪些'));
    expect(health.markdown).toContain('市人民医院门诊楼改造');
    expect(health.markdown).not.toContain('教学楼');
  });

  it('summarises by department, fund type and region within scope', async () => {
    const admin = only(await say(w.engine, ADMIN, '按部门汇总'));
    expect(admin.markdown).toContain('景德镇市教育局');
    expect(admin.markdown).toContain('景德镇市卫生健康委员会');
    expect(admin.markdown).toContain('序时进度 58.3%');
    const officer = only(await say(w.engine, EDU, '按部门汇总'));
    expect(officer.markdown).toContain('景德镇市教育局');
    expect(officer.markdown).not.toContain('卫生健康');
    const named = only(await say(w.engine, ADMIN, '教育局执行情况'));
    expect(named.title).toBe('景德镇市教育局执行情况');
    expect(named.markdown).not.toContain('卫生健康');
    // Another department: said to be outside the scope, then the asker's own figures.
    const outside = only(await say(w.engine, EDU, '卫生健康委员会执行情况'));
    expect(outside.markdown).toContain('景德镇市卫生健康委员会的数据不在您的数据范围内');
    expect(outside.title).toBe('景德镇市教育局执行情况');
    expect(outside.markdown).not.toContain('医院');
    expect(only(await say(w.engine, ADMIN, '按资金类型统计')).markdown).toContain('测试资金');
    expect(only(await say(w.engine, ADMIN, '各县区执行情况统计')).markdown).toContain('景德镇市');
    const own = only(await say(w.engine, EDU, '本部门执行情况'));
    expect(own.title).toBe('景德镇市教育局执行情况');
  });

  it('answers self-evaluation coverage', async () => {
    const reply = only(await say(w.engine, EDU, '本部门自评覆盖率'));
    expect(reply.markdown).toContain('2026年');
    expect(reply.markdown).toContain('覆盖率');
  });

  it("lists the officer's own rectification tasks with 提交整改 buttons", async () => {
    const warning = await warningOf(w.city.platform, w.items.school1.id);
    const task = await createTask(w.city.platform, w.city.actors.admin, {
      warningId: warning.id,
      assigneeUserId: w.city.actors.officerA.userId ?? 0,
      deadline: '2026-09-10',
      requirement: '加快资金拨付进度',
    });
    const reply = only(await say(w.engine, EDU, '我的整改任务有哪些'));
    expect(reply.markdown).toContain(`#${task.id}`);
    expect(reply.markdown).toContain('加快资金拨付进度');
    expect(reply.markdown).toContain('还剩 10 天');
    expect(buttonFor(reply, 'submit').payload).toEqual({ taskId: String(task.id) });
    expect(only(await say(w.engine, HEALTH, '整改任务')).markdown).toContain('没有');
    expect(only(await say(w.engine, ADMIN, '整改任务')).markdown).toContain('李教育');
  });
});

describe('explaining a warning', () => {
  it('explains the finding with its figures and who acknowledged the notices', async () => {
    const warning = await warningOf(w.city.platform, w.items.school1.id);
    await addNotice(w.city.platform, `warning:${warning.id}`, w.city.actors.unitA1.userId ?? 0, 30);
    const reply = only(await say(w.engine, EDU, `预警#${warning.id}是怎么回事`));
    expect(reply.title).toContain(`#${warning.id}`);
    expect(reply.markdown).toContain('执行率 30.0%，序时进度 58.3%');
    expect(reply.markdown).toContain('支出进度滞后于序时进度');
    expect(reply.markdown).toContain('赵一中 未签收');
    expect(reply.markdown).toContain('原因：');
  });

  it("does not explain another department's warning", async () => {
    const warning = await warningOf(w.city.platform, w.items.hospital.id);
    const text = textOf(await say(w.engine, EDU, `预警#${warning.id}是怎么回事`));
    expect(text).toContain('不存在或不在您的数据范围内');
    expect(text).not.toContain('医院');
    const pressed = textOf(await press(w.engine, EDU, 'explain', { warningId: String(warning.id) }));
    expect(pressed).not.toContain('医院');
  });
});

describe('weekly digest', () => {
  it('subscribes and unsubscribes the asker', async () => {
    const userId = w.city.actors.officerB.userId ?? 0;
    const row = () =>
      w.db.db.select().from(digestSubscriptions).where(eq(digestSubscriptions.userId, userId));
    // A subscription is a write: shown first, done on 确认.
    expect(only(await say(w.engine, HEALTH, '订阅周报')).title).toBe('请确认订阅周报');
    expect(await row()).toHaveLength(0);
    expect(only(await say(w.engine, HEALTH, '确认')).title).toBe('已订阅周报');
    expect((await row())[0]?.subscribed).toBe(true);
    expect(only(await say(w.engine, HEALTH, '订阅周报')).title).toBe('已订阅周报');
    expect(only(await say(w.engine, HEALTH, '不要再给我推送周报了')).title).toBe('请确认退订周报');
    expect((await row())[0]?.subscribed).toBe(true);
    expect(only(await say(w.engine, HEALTH, '确认')).title).toBe('已退订周报');
    expect((await row())[0]?.subscribed).toBe(false);
  });
});

describe('plugin commands', () => {
  it("runs a plugin's command in the asker's scope", async () => {
    const edu = only(await say(w.engine, EDU, '命令资金统计'));
    expect(edu.markdown).toContain('李教育可见 1 个项目');
    expect(edu.markdown).toContain('教育命令项目');
    expect(edu.markdown).toContain('2026-08-31');
    const admin = only(await say(w.engine, ADMIN, '命令资金统计'));
    expect(admin.markdown).toContain('可见 2 个项目');
  });
});

describe('group chats', () => {
  const groupA = { id: 'cid-group-edu', type: 'group' as const, title: '教育局绩效群' };
  const unbound = { id: 'cid-group-free', type: 'group' as const, title: '闲聊群' };

  it('is bound by an officer of the department (not by another department)', async () => {
    const refused = only(await say(w.engine, HEALTH, '绑定本群 教育局', groupA));
    expect(refused.markdown).toMatch(/没有找到|不在您的数据范围|无权|只有/);
    expect(await w.db.db.select().from(groupBindings)).toHaveLength(0);
    // Binding is a write: the card is shown in the group, the group is bound on 确认.
    const card = await say(w.engine, EDU, '@绩效通 绑定本群 教育局', groupA);
    expect(card).toHaveLength(1);
    expect(card[0]?.audience).toBe('conversation');
    expect(card[0]?.reply.title).toBe('请确认绑定本群');
    expect(card[0]?.reply.markdown).toContain('景德镇市教育局');
    expect(await w.db.db.select().from(groupBindings)).toHaveLength(0);
    const bound = await say(w.engine, EDU, '确认', groupA);
    expect(bound).toHaveLength(1);
    expect(bound[0]?.audience).toBe('conversation');
    expect(bound[0]?.reply.markdown).toContain('本群已绑定 **景德镇市教育局**');
    const rows = await w.db.db.select().from(groupBindings);
    expect(rows).toEqual([
      expect.objectContaining({ conversationId: groupA.id, orgUnitId: w.city.orgs.deptA }),
    ]);
    expect(only(await say(w.engine, ADMIN, '绑定本群', groupA)).markdown).toContain('已绑定');
  });

  it("answers in a bound group with that department's data only", async () => {
    const replies = await say(w.engine, ADMIN, '红色预警', groupA);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.audience).toBe('conversation');
    const text = textOf(replies);
    expect(text).toContain('教学楼改造');
    expect(text).not.toContain('医院');
    const summary = textOf(await say(w.engine, ADMIN, '按部门汇总', groupA));
    expect(summary).not.toContain('卫生健康');
    const item = textOf(await say(w.engine, ADMIN, '查项目 JDZ-2026-0101', groupA));
    expect(item).not.toContain('医院');
  });

  it('sends personal answers privately, with a short note in the group', async () => {
    const replies = await say(w.engine, EDU, '我的整改任务', groupA);
    expect(replies.map((r) => r.audience)).toEqual(['private', 'conversation']);
    expect(replies[0]?.reply.markdown).toContain('加快资金拨付进度');
    expect(replies[1]?.reply.markdown).toContain('已私信');
    expect(replies[1]?.reply.markdown).not.toContain('资金');
  });

  it('answers someone outside the bound department privately, in their own scope', async () => {
    const replies = await say(w.engine, HEALTH, '红色预警', groupA);
    expect(replies.map((r) => r.audience)).toEqual(['private', 'conversation']);
    expect(textOf([replies[0] ?? { audience: 'private', reply: { title: '', markdown: '' } }])).toContain(
      '医院',
    );
    expect(replies[1]?.reply.markdown).not.toContain('医院');
  });

  it('keeps data out of an unbound group', async () => {
    const replies = await say(w.engine, ADMIN, '红色预警', unbound);
    expect(replies.map((r) => r.audience)).toEqual(['private', 'conversation']);
    expect(replies[1]?.reply.markdown).toContain('尚未绑定');
    expect(replies[1]?.reply.markdown).not.toContain('教学楼');
    const help = await say(w.engine, ADMIN, '帮助', unbound);
    expect(help.map((r) => r.audience)).toEqual(['conversation']);
  });

  it('binds through the bind button when a name is ambiguous, and unbinds', async () => {
    const group = { id: 'cid-group-2', type: 'group' as const };
    const pressed = only(
      (await press(w.engine, ADMIN, 'bind', { orgUnitId: String(w.city.orgs.deptB) }, group)).slice(0, 1),
    );
    expect(pressed.markdown).toContain('景德镇市卫生健康委员会');
    const text = textOf(await say(w.engine, ADMIN, '红色预警', group));
    expect(text).toContain('医院');
    expect(text).not.toContain('教学楼');
    expect(only(await say(w.engine, HEALTH, '解绑本群', group)).title).toBe('请确认解除绑定');
    expect(only(await say(w.engine, HEALTH, '确认', group)).markdown).toContain('已解除');
    const rows = await w.db.db.select().from(groupBindings).where(eq(groupBindings.conversationId, group.id));
    expect(rows).toHaveLength(0);
  });

  it('refuses to bind a single chat', async () => {
    expect(only(await say(w.engine, EDU, '绑定本群 教育局', single(EDU))).markdown).toContain('群聊');
  });
});
