import { createTask } from '@jixiao/db/rectification';
import { indicatorReports, notices, rectificationTasks, warnings } from '@jixiao/db/schema';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToUnit } from '../src/handlers/report.ts';
import { createBotEngine } from '../src/index.ts';
import {
  addNotice,
  buildWorld,
  buttonFor,
  only,
  press,
  say,
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

const reportsOf = (itemId: number) =>
  w.db.db.select().from(indicatorReports).where(eq(indicatorReports.itemId, itemId));
const taskRow = async (id: number) =>
  (await w.db.db.select().from(rectificationTasks).where(eq(rectificationTasks.id, id)))[0];

describe('reporting indicator progress', () => {
  it('shows a confirmation, writes nothing until 确认, then writes once', async () => {
    const item = w.items.school1;
    const ask = only(await say(w.engine, EDU, '报告 市一中教学楼改造项目 的 改造校舍面积 完成 八千 平方米'));
    expect(ask.title).toBe('请确认填报指标完成情况');
    expect(textOf(ask)).toContain('改造校舍面积');
    expect(textOf(ask)).toContain('8000平方米');
    expect(ask.buttons?.map((b) => b.label)).toEqual(['确认', '取消']);
    expect(await reportsOf(item.id)).toHaveLength(0);
    const done = only(await say(w.engine, EDU, '确认'));
    expect(done.title).toBe('已填报');
    const rows = await reportsOf(item.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actualValue: 8000,
      reportedOn: '2026-08-31',
      reportedBy: w.city.actors.officerA.userId,
    });
    // A second 确认 does nothing.
    expect(only(await say(w.engine, EDU, '确认')).title).toBe('没有待确认的操作');
    expect(await reportsOf(item.id)).toHaveLength(1);
  });

  it('confirms with the button token, and the report shows up in 它的指标', async () => {
    const item = w.items.canteen;
    const conv = { id: 'cid-report-button', type: 'single' as const };
    await say(w.engine, EDU, '查项目 JDZ-2026-0002', conv);
    const ask = only(await say(w.engine, EDU, '上报 受益学生人数 完成 1200 人', conv));
    expect(textOf(ask)).toContain('市一中食堂改造');
    const confirm = buttonFor(ask, 'confirm');
    expect(await reportsOf(item.id)).toHaveLength(0);
    expect(only(await press(w.engine, EDU, 'confirm', confirm.payload, conv)).title).toBe('已填报');
    expect((await reportsOf(item.id))[0]).toMatchObject({ actualValue: 1200 });
    expect(only(await say(w.engine, EDU, '它的指标呢', conv)).markdown).toContain('1200人，完成 40%');
  });

  it('finds the indicator despite a typo, and asks for a number for a quantitative one', async () => {
    const vague = only(await say(w.engine, EDU, '填报 JDZ-2026-0003 学生家长满意 部分达成'));
    expect(vague.title).toBe('请给出完成值');
    const ask = only(await say(w.engine, EDU, '填报 JDZ-2026-0003 学生家长满意 百分之九十五'));
    expect(textOf(ask)).toContain('学生家长满意度');
    expect(textOf(ask)).toContain('95%');
    await say(w.engine, EDU, '确认');
    expect((await reportsOf(w.items.school2.id))[0]).toMatchObject({ actualValue: 95 });
  });

  it('converts 万元 to the indicator unit and reports a qualitative indicator', async () => {
    const item = w.items.sewage;
    const money = only(await say(w.engine, EDU, '上报 JDZ-2026-0005 的 投资完成额 完成 2000万元'));
    expect(textOf(money)).toContain('2000万元');
    await say(w.engine, EDU, '确认');
    const qualitative = only(await say(w.engine, EDU, '报告 城东污水处理厂提标改造 群众满意度 部分达成'));
    expect(textOf(qualitative)).toContain('周边群众满意度');
    expect(textOf(qualitative)).toContain('部分达成');
    // "是的" is no consent: the card waits, and says so.
    expect(only(await say(w.engine, EDU, '是的')).title).toBe('还有一项待确认的操作');
    expect(await reportsOf(item.id)).toHaveLength(1);
    await say(w.engine, EDU, '确认');
    const rows = await reportsOf(item.id);
    expect(rows.map((r) => r.actualValue ?? r.qualitativeStatus).sort()).toEqual([2000, 'partly_met']);
    const notMet = only(await say(w.engine, EDU, '报告 JDZ-2026-0005 周边群众满意度 未达成'));
    expect(notMet.markdown).toContain('偏差原因');
    expect(await reportsOf(item.id)).toHaveLength(2);
  });

  it('discards on 取消', async () => {
    const item = w.items.playground;
    const ask = only(await say(w.engine, EDU, '填报 JDZ-2026-0004 改造校舍面积 完成 100 平方米'));
    expect(ask.title).toBe('请确认填报指标完成情况');
    expect(only(await say(w.engine, EDU, '算了')).markdown).toContain('没有做任何修改');
    expect(only(await say(w.engine, EDU, '确认')).title).toBe('没有待确认的操作');
    const again = only(await say(w.engine, EDU, '填报 JDZ-2026-0004 改造校舍面积 完成 100 平方米'));
    expect(only(await press(w.engine, EDU, 'cancel', buttonFor(again, 'cancel').payload)).title).toBe(
      '已取消',
    );
    expect(await reportsOf(item.id)).toHaveLength(0);
  });

  it('refuses an expired token', async () => {
    let now = w.city.platform.now();
    const engine = createBotEngine({ platform: { ...w.city.platform, now: () => now } });
    const ask = only(await say(engine, EDU, '填报 JDZ-2026-0004 工程验收合格率 完成 100%'));
    now = new Date(now.getTime() + 11 * 60_000);
    const pressed = only(await press(engine, EDU, 'confirm', buttonFor(ask, 'confirm').payload));
    expect(pressed.title).toBe('操作已失效');
    expect(only(await say(engine, EDU, '确认')).title).toBe('操作已失效');
    expect(await reportsOf(w.items.playground.id)).toHaveLength(0);
  });

  it('refuses a forged or stale token', async () => {
    only(await say(w.engine, EDU, '填报 JDZ-2026-0004 工程验收合格率 完成 100%'));
    expect(only(await press(w.engine, EDU, 'confirm', { token: 'forged' })).title).toBe('操作已失效');
    expect(await reportsOf(w.items.playground.id)).toHaveLength(0);
    await say(w.engine, EDU, '取消');
  });

  it("cannot report on another department's item", async () => {
    const text = textOf(await say(w.engine, HEALTH, '填报 JDZ-2026-0001 改造校舍面积 完成 100 平方米'));
    expect(text).toContain('没有找到');
    expect(text).not.toContain('市一中');
  });

  it('asks which indicator when it is missing or unknown', async () => {
    const none = only(await say(w.engine, EDU, '填报 JDZ-2026-0001'));
    expect(none.markdown).toContain('受益学生人数');
    const unknown = only(await say(w.engine, EDU, '填报 JDZ-2026-0001 公路里程 完成 5 公里'));
    expect(unknown.title).toBe('是哪个指标？');
  });

  it('converts 万元 and 元 to the indicator unit', () => {
    expect(convertToUnit(35_000_000, '元', '万元')).toBe(3500);
    expect(convertToUnit(3500, '万元', '元')).toBe(35_000_000);
    expect(convertToUnit(1.2, '亿元', '万元')).toBe(12_000);
    expect(convertToUnit(12, '所', '所')).toBe(12);
    expect(convertToUnit(95, '%', '%')).toBe(95);
  });
});

describe('submitting a rectification', () => {
  let taskId: number;
  beforeAll(async () => {
    const warning = await warningOf(w.city.platform, w.items.school2.id);
    const task = await createTask(w.city.platform, w.city.actors.admin, {
      warningId: warning.id,
      assigneeUserId: w.city.actors.officerA.userId ?? 0,
      deadline: '2026-09-20',
      requirement: '说明支出滞后原因并加快拨付',
    });
    taskId = task.id;
  });

  it("is refused for someone else's task", async () => {
    const text = textOf(await say(w.engine, HEALTH, `提交整改 #${taskId} 已完成`));
    expect(text).toMatch(/不存在或不在您的数据范围内/);
    expect((await taskRow(taskId))?.status).toBe('assigned');
  });

  it('asks for the text, then confirms before submitting', async () => {
    const askText = only(await say(w.engine, EDU, '提交整改'));
    expect(askText.title).toBe('请回复整改情况');
    const confirm = only(await say(w.engine, EDU, '已完成资金拨付，并补充了支付台账'));
    expect(confirm.title).toBe('请确认提交整改');
    expect(textOf(confirm)).toContain('已完成资金拨付，并补充了支付台账');
    expect((await taskRow(taskId))?.status).toBe('assigned');
    expect(only(await say(w.engine, EDU, '确认')).title).toBe('已提交整改');
    const row = await taskRow(taskId);
    expect(row?.status).toBe('submitted');
    expect(row?.submission).toBe('已完成资金拨付，并补充了支付台账');
  });

  it('explains a refusal from the service in Chinese', async () => {
    const text = textOf(await say(w.engine, EDU, `提交整改 #${taskId} 再次提交`));
    expect(text).toContain('不能提交');
  });
});

describe('confirming privately what was asked in a group', () => {
  it('keeps the confirmation private and accepts 确认 in the private chat', async () => {
    const group = { id: 'cid-group-unbound', type: 'group' as const };
    const replies = await say(w.engine, EDU, '填报 JDZ-2026-0002 工程验收合格率 完成 100%', group);
    expect(replies.map((r) => r.audience)).toEqual(['private', 'conversation']);
    expect(replies[1]?.reply.markdown).not.toContain('工程验收合格率');
    const done = await say(w.engine, EDU, '确认');
    expect(only(done).title).toBe('已填报');
  });
});

describe('acknowledging notices', () => {
  it('收到 acknowledges the newest pending notice, then the next', async () => {
    const userId = w.city.actors.officerB.userId ?? 0;
    const older = await addNotice(w.city.platform, 'task:9001', userId, 120);
    const newer = await addNotice(w.city.platform, 'warning:9002', userId, 5);
    const first = only(await say(w.engine, HEALTH, '收到'));
    expect(first.markdown).toContain('预警 #9002');
    expect(first.markdown).toContain('还有 1 条');
    const byId = async (id: number) => (await w.db.db.select().from(notices).where(eq(notices.id, id)))[0];
    expect(await byId(newer.id)).toMatchObject({ acknowledgedVia: 'reply' });
    expect((await byId(older.id))?.acknowledgedAt).toBeNull();
    expect(only(await say(w.engine, HEALTH, '好的收到')).markdown).toContain('整改任务 #9001');
    expect((await byId(older.id))?.acknowledgedAt).not.toBeNull();
    expect(only(await say(w.engine, HEALTH, '收到')).title).toBe('没有待签收的通知');
  });

  it('the 收到 button acknowledges that notice only', async () => {
    const userId = w.city.actors.officerB.userId ?? 0;
    const n = await addNotice(w.city.platform, 'warning:9010', userId, 60);
    const other = await addNotice(w.city.platform, 'warning:9011', userId, 1);
    const reply = only(await press(w.engine, HEALTH, 'ack', { subject: 'warning:9010' }));
    expect(reply.title).toBe('已签收');
    const rows = await w.db.db.select().from(notices);
    expect(rows.find((r) => r.id === n.id)).toMatchObject({ acknowledgedVia: 'button' });
    expect(rows.find((r) => r.id === other.id)?.acknowledgedAt).toBeNull();
    // Someone else's notice cannot be acknowledged by pressing a forged button.
    expect(only(await press(w.engine, EDU, 'ack', { subject: 'warning:9011' })).title).toBe(
      '没有待签收的通知',
    );
    expect(only(await press(w.engine, EDU, 'ack', { subject: 'drop table' })).title).toBe('按钮已失效');
  });

  it('the 收到 button on a 预警汇总 signs for the summary and points to 我的预警', async () => {
    const userId = w.city.actors.officerB.userId ?? 0;
    const n = await addNotice(w.city.platform, 'warning_batch:77', userId, 5);
    const reply = only(await press(w.engine, HEALTH, 'ack', { subject: 'warning_batch:77' }));
    expect(reply.title).toBe('已签收');
    expect(reply.markdown).toContain('已签收第 77 次监控扫描的预警汇总的通知');
    expect(reply.buttons?.map((b) => b.label)).toEqual(['查看预警']);
    const [row] = await w.db.db.select().from(notices).where(eq(notices.id, n.id));
    expect(row).toMatchObject({ acknowledgedVia: 'button' });
  });
});

describe('explaining a warning from chat', () => {
  it('records the explanation the officer replies with, and shows who acknowledged when', async () => {
    const warning = await warningOf(w.city.platform, w.items.school1.id);
    await addNotice(w.city.platform, `warning:${warning.id}`, w.city.actors.officerA.userId ?? 0, 3);
    const card = only(await press(w.engine, EDU, 'explain', { warningId: String(warning.id) }));
    expect(card.markdown).toContain('请直接回复偏差原因和纠偏措施');
    const card2 = only(await say(w.engine, EDU, '原因：配套资金未到位；措施：9月底前完成拨付'));
    expect(card2.title).toBe('请确认签收并说明');
    expect(textOf(card2)).toContain('偏差原因：配套资金未到位；纠偏措施：9月底前完成拨付');
    const [before] = await w.db.db.select().from(warnings).where(eq(warnings.id, warning.id));
    expect(before?.acknowledgement).toBeNull();
    const done = only(await say(w.engine, EDU, '确认'));
    expect(done.title).toBe('已签收并说明');
    const [row] = await w.db.db.select().from(warnings).where(eq(warnings.id, warning.id));
    expect(row?.status).toBe('acknowledged');
    expect(row?.acknowledgement).toBe('偏差原因：配套资金未到位；纠偏措施：9月底前完成拨付');
    const again = only(await say(w.engine, EDU, `预警#${warning.id}是怎么回事`));
    expect(again.markdown).toContain('李教育 于 2026-08-31');
    expect(again.markdown).toContain('配套资金未到位');
    expect(again.markdown).toMatch(/李教育 2026-08-31 \d\d:\d\d 已签收（回复）/);
    await say(w.engine, EDU, '取消');
  });

  it('takes an explanation written in one message', async () => {
    const warning = await warningOf(w.city.platform, w.items.school2.id);
    const card = only(await say(w.engine, EDU, `预警${warning.id} 原因：项目招标延期；措施：10月完成支付`));
    expect(card.title).toBe('请确认签收并说明');
    const done = only(await press(w.engine, EDU, 'confirm', buttonFor(card, 'confirm').payload));
    expect(done.title).toBe('已签收并说明');
  });

  it('takes a plain narrative reply as the explanation', async () => {
    const warning = await warningOf(w.city.platform, w.items.playground.id, 'core:report-overdue');
    await press(w.engine, 'dt-edu-1', 'explain', { warningId: String(warning.id) });
    expect(only(await say(w.engine, 'dt-edu-1', '资金未到位，已督促加快拨付')).title).toBe(
      '请确认签收并说明',
    );
    expect(only(await say(w.engine, 'dt-edu-1', '确认')).title).toBe('已签收并说明');
    const [row] = await w.db.db.select().from(warnings).where(eq(warnings.id, warning.id));
    expect(row?.acknowledgement).toBe('资金未到位，已督促加快拨付');
  });

  it('does not invite the finance bureau to explain', async () => {
    const warning = await warningOf(w.city.platform, w.items.hospital.id, 'core:no-payment');
    const card = only(await press(w.engine, ADMIN, 'explain', { warningId: String(warning.id) }));
    expect(card.markdown).not.toContain('请直接回复');
    expect(card.markdown).toContain('截至6月底尚无任何支付');
  });

  it('drops the invitation when the officer asks something else instead', async () => {
    const warning = await warningOf(w.city.platform, w.items.canteen.id, 'core:report-overdue');
    await press(w.engine, EDU, 'explain', { warningId: String(warning.id) });
    expect(only(await say(w.engine, EDU, 'JDZ-2026-0002的指标')).title).toBe('JDZ-2026-0002 绩效指标');
    await press(w.engine, EDU, 'explain', { warningId: String(warning.id) });
    expect(only(await say(w.engine, EDU, '滞后项目')).title).toContain('滞后项目');
    await press(w.engine, EDU, 'explain', { warningId: String(warning.id) });
    expect(only(await say(w.engine, EDU, '我的预警')).title).toBe('我的预警');
    const [row] = await w.db.db.select().from(warnings).where(eq(warnings.id, warning.id));
    expect(row?.acknowledgement).toBeNull();
  });
});

describe('下达整改 from a warning', () => {
  it('uses sensible defaults and creates the task only after 确认', async () => {
    const warning = await warningOf(w.city.platform, w.items.hospital.id);
    const ask = only(await press(w.engine, ADMIN, 'assign', { warningId: String(warning.id) }));
    expect(ask.title).toBe('请确认下达整改');
    expect(textOf(ask)).toContain('陈卫健');
    expect(textOf(ask)).toContain('2026-09-15');
    expect(textOf(ask)).toContain('支出进度滞后');
    const before = await w.db.db
      .select()
      .from(rectificationTasks)
      .where(eq(rectificationTasks.warningId, warning.id));
    expect(before).toHaveLength(0);
    expect(only(await press(w.engine, ADMIN, 'confirm', buttonFor(ask, 'confirm').payload)).title).toBe(
      '已下达整改',
    );
    const after = await w.db.db
      .select()
      .from(rectificationTasks)
      .where(eq(rectificationTasks.warningId, warning.id));
    expect(after).toEqual([
      expect.objectContaining({
        assigneeUserId: w.city.actors.officerB.userId,
        deadline: '2026-09-15',
        status: 'assigned',
      }),
    ]);
    const again = only(await press(w.engine, ADMIN, 'assign', { warningId: String(warning.id) }));
    expect(again.markdown).toContain('已有整改任务');
  });

  it('accepts a typed order with a deadline, and refuses officers', async () => {
    const warning = await warningOf(w.city.platform, w.items.hospital.id, 'core:no-payment');
    const ask = only(await say(w.engine, ADMIN, `下达整改 预警${warning.id} 期限 2026-10-01`));
    expect(textOf(ask)).toContain('2026-10-01');
    await say(w.engine, ADMIN, '取消');
    const refused = only(await press(w.engine, HEALTH, 'assign', { warningId: String(warning.id) }));
    expect(refused.markdown).toContain('只有财政绩效管理员');
  });
});

describe('reviewing a rectification from chat', () => {
  let taskId: number;
  beforeAll(async () => {
    const warning = await warningOf(w.city.platform, w.items.school1.id);
    const task = await createTask(w.city.platform, w.city.actors.admin, {
      warningId: warning.id,
      assigneeUserId: w.city.actors.officerA.userId ?? 0,
      deadline: '2026-09-25',
      requirement: '加快支出并说明原因',
    });
    taskId = task.id;
    await say(w.engine, EDU, `提交整改 #${taskId} 已督促施工方报账`);
    await say(w.engine, EDU, '确认');
  });

  it('refuses a reviewer without the finance role', async () => {
    expect(textOf(await say(w.engine, EDU, `验收整改 #${taskId}`))).toContain('只有财政部门');
  });

  it('asks the reason before returning, and returns only after 确认', async () => {
    expect((await taskRow(taskId))?.status).toBe('submitted');
    const ask = only(await press(w.engine, ADMIN, 'return', { taskId: String(taskId) }));
    expect(ask.title).toBe('请回复退回原因');
    const confirm = only(await say(w.engine, ADMIN, '缺少支付凭证扫描件，请补充'));
    expect(confirm.title).toBe('请确认退回');
    expect((await taskRow(taskId))?.status).toBe('submitted');
    expect(only(await say(w.engine, ADMIN, '确认')).title).toBe('已退回');
    expect(await taskRow(taskId)).toMatchObject({
      status: 'returned',
      reviewComment: '缺少支付凭证扫描件，请补充',
    });
  });

  it('accepts a resubmission with the button and 确认', async () => {
    await say(w.engine, EDU, `提交整改 #${taskId} 已补充支付凭证扫描件`);
    await say(w.engine, EDU, '确认');
    expect(only(await press(w.engine, ADMIN, 'accept', { taskId: String(taskId) })).title).toBe(
      '请确认验收通过',
    );
    expect((await taskRow(taskId))?.status).toBe('submitted');
    expect(only(await say(w.engine, ADMIN, '确认')).title).toBe('已验收通过');
    expect((await taskRow(taskId))?.status).toBe('accepted');
  });
});
