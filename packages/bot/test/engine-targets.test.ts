import { createItem, type ItemRow } from '@jixiao/db/items';
import { attachments, outbox, targetVersions } from '@jixiao/db/schema';
import { submitTarget } from '@jixiao/db/target-reviews';
import { setTarget } from '@jixiao/db/targets';
import { completeTarget, TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotEngine } from '../src/index.ts';
import { buildWorld, buttonFor, only, press, say, textOf, type World } from './fixtures.ts';

let w: World;
let item: ItemRow;
let versionId: number;
beforeAll(async () => {
  w = await buildWorld();
  const { platform, actors, orgs } = w.city;
  item = await createItem(platform, actors.officerA, {
    code: 'JDZ-2026-0901',
    name: '城区学校校舍维修',
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: orgs.deptA,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 150_000_000,
    responsiblePerson: '李工',
    isNewMajor: false,
    isSpecialTransfer: false,
    attributes: {},
  });
  await setTarget(platform, actors.officerA, item.id, completeTarget(2026));
  versionId = (await submitTarget(platform, actors.officerA, item.id, { fiscalYear: 2026 })).id;
});
afterAll(async () => {
  await w?.db.dispose();
});

const { officerA: EDU, admin: ADMIN } = TEST_DINGTALK_IDS;
const statusOf = async (id: number) =>
  (await w.db.db.select().from(targetVersions).where(eq(targetVersions.id, id)))[0]?.status;

describe('performance targets in chat', () => {
  it('tells the officer where the target’s review stands', async () => {
    const reply = only(await say(w.engine, EDU, '目标审核到哪了'));
    expect(reply.title).toBe('绩效目标审核进度');
    expect(textOf(reply)).toContain('城区学校校舍维修2026年度绩效目标（第 1 版）：**待审核**');
  });

  it('refuses the queue and the buttons to an officer', async () => {
    expect(textOf(await say(w.engine, EDU, '待审核的目标'))).toContain('只有财政部门的审核人员');
    const pressed = only(await press(w.engine, EDU, 'target_return', { versionId: String(versionId) }));
    expect(pressed.title).toBe('无法审核');
  });

  it('the reviewer returns it with the button: reason, then 确认, then the write and the push', async () => {
    const queue = only(await say(w.engine, ADMIN, '待审核的目标'));
    expect(textOf(queue)).toContain(`#${versionId} **城区学校校舍维修2026年度绩效目标**`);
    const back = buttonFor(queue, 'target_return');
    const ask = only(await press(w.engine, ADMIN, back.action, back.payload));
    expect(ask.title).toBe('请回复退回理由');
    const confirm = only(await say(w.engine, ADMIN, '受益学生人数偏高，请按新增学位数核定指标值'));
    expect(confirm.title).toBe('请确认退回');
    expect(await statusOf(versionId)).toBe('submitted');
    expect(only(await say(w.engine, ADMIN, '确认')).title).toBe('已退回');
    expect(await statusOf(versionId)).toBe('returned');
    const queued = await w.db.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipientUserId, w.city.actors.officerA.userId ?? 0));
    expect(queued.map((r) => [r.kind, r.payload])).toEqual(
      expect.arrayContaining([
        ['target_review', { versionId, event: 'returned' }],
        ['todo', { targetVersionId: versionId, op: 'create' }],
      ]),
    );
    // Pressing 确认 again writes nothing twice.
    expect(only(await say(w.engine, ADMIN, '确认')).title).toBe('没有待确认的操作');
  });

  it('the officer sees which targets were returned, with the reviewer’s reasons', async () => {
    const reply = only(await say(w.engine, EDU, '哪些目标被退回？'));
    expect(textOf(reply)).toContain('受益学生人数偏高，请按新增学位数核定指标值');
    expect(textOf(reply)).toContain('城区学校校舍维修2026年度绩效目标');
  });

  it('the officer answers the comment in chat: shown first, recorded on 确认', async () => {
    const card = only(
      await say(w.engine, EDU, `答复 #${versionId} 受益学生人数：已按新增学位数核定为1800人`),
    );
    expect(card.title).toBe('请确认答复审核意见');
    expect(textOf(card)).toContain('受益学生人数偏高，请按新增学位数核定指标值');
    const before = (await w.db.db.select().from(targetVersions).where(eq(targetVersions.id, versionId)))[0];
    expect(before?.comments[0]?.answer).toBeUndefined();
    expect(only(await say(w.engine, EDU, '确认')).title).toBe('已答复');
    const after = (await w.db.db.select().from(targetVersions).where(eq(targetVersions.id, versionId)))[0];
    expect(after?.comments).toEqual([
      expect.objectContaining({ indicator: '受益学生人数', answer: '已按新增学位数核定为1800人' }),
    ]);
    expect(textOf(await say(w.engine, EDU, '哪些目标被退回'))).toContain('答复：已按新增学位数核定为1800人');
    expect(only(await say(w.engine, EDU, `答复 #${versionId} 不存在的指标：随便`)).title).toBe(
      '没有这条意见',
    );
  });

  it('the resubmitted target is approved with the button and 确认', async () => {
    const fixed = completeTarget(2026);
    const second = await submitTarget(w.city.platform, w.city.actors.officerA, item.id, {
      fiscalYear: 2026,
      overallGoal: fixed.overallGoal,
      indicators: fixed.indicators.map((i) => (i.name === '受益学生人数' ? { ...i, targetValue: 1800 } : i)),
    });
    const ask = only(await press(w.engine, ADMIN, 'target_approve', { versionId: String(second.id) }));
    expect(ask.title).toBe('请确认审核通过');
    expect(await statusOf(second.id)).toBe('submitted');
    expect(only(await say(w.engine, ADMIN, '确认')).title).toBe('已审核通过');
    expect(await statusOf(second.id)).toBe('approved');
    expect(textOf(await say(w.engine, EDU, '目标审核到哪了'))).toContain('（第 2 版）：**已通过**');
  });

  it('answers 事前评估结论 of an item', async () => {
    const reply = only(await say(w.engine, EDU, '事前评估结论 城区学校校舍维修'));
    expect(reply.title).toBe('事前绩效评估：城区学校校舍维修');
    expect(textOf(reply)).toContain('还没有事前绩效评估');
  });
});

describe('a file sent to the bot', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const downloads: string[] = [];
  const engine = () =>
    createBotEngine({
      platform: w.city.platform,
      files: {
        async download(code) {
          downloads.push(code);
          if (code === 'expired') throw new Error('expired');
          return new Uint8Array(pdf);
        },
      },
    });
  const sendFile = (e: ReturnType<typeof engine>, code: string, fileName: string) =>
    e.handleMessage({
      channel: 'dingtalk',
      externalUserId: EDU,
      conversation: { id: `cid-single-${EDU}`, type: 'single' },
      text: '',
      msgId: `file-${code}`,
      file: { downloadCode: code, fileName },
    });
  const countFiles = async () =>
    (await w.db.db.select().from(attachments).where(eq(attachments.itemId, item.id))).length;

  it('is stored as an attachment of the item in the conversation only after 确认', async () => {
    const e = engine();
    await say(e, EDU, `查项目 ${item.code}`);
    const card = only(await sendFile(e, 'code-1', '绩效目标测算依据.pdf'));
    expect(card.title).toBe('请确认保存附件');
    expect(textOf(card)).toContain('城区学校校舍维修（JDZ-2026-0901）');
    expect(await countFiles()).toBe(0);
    expect(downloads).toEqual([]);
    expect(only(await say(e, EDU, '确认')).title).toBe('已保存附件');
    expect(downloads).toEqual(['code-1']);
    const [row] = await w.db.db.select().from(attachments).where(eq(attachments.itemId, item.id));
    expect(row).toMatchObject({ fileName: '绩效目标测算依据.pdf', purpose: 'target_material' });
  });

  it('asks which item when the conversation names none, and says so when the file is gone', async () => {
    const e = engine();
    const other = { id: 'cid-fresh', type: 'single' as const };
    const asked = await e.handleMessage({
      channel: 'dingtalk',
      externalUserId: ADMIN,
      conversation: other,
      text: '',
      msgId: 'file-none',
      file: { downloadCode: 'x', fileName: '材料.pdf' },
    });
    expect(only(asked).title).toBe('请先说明是哪个项目的材料');
    await say(e, EDU, `查项目 ${item.code}`);
    await sendFile(e, 'expired', '过期文件.pdf');
    const before = await countFiles();
    expect(only(await say(e, EDU, '确认')).title).toBe('文件已失效');
    expect(await countFiles()).toBe(before);
  });
});

describe('导出目标申报表 in chat', () => {
  const fileOf = (replies: Awaited<ReturnType<typeof say>>) => replies.map((r) => r.reply.file).find(Boolean);

  it('answers with the text, then the XLSX of the item’s form; a name matching several items asks which', async () => {
    const byName = await say(w.engine, EDU, '导出城区学校校舍维修的目标申报表');
    expect(byName).toHaveLength(2);
    expect(textOf(byName)).toContain('城区学校校舍维修**（JDZ-2026-0901）2026年度绩效目标申报表');
    const file = fileOf(byName);
    expect(file?.fileName).toBe('JDZ-2026-0901-项目支出绩效目标申报表（2026年度）.xlsx');
    // An XLSX is a zip: it starts with "PK".
    expect(
      Buffer.from(file?.base64 ?? '', 'base64')
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    await createItem(w.city.platform, w.city.actors.officerA, {
      code: 'JDZ-2026-0902',
      name: '城区学校校舍新建',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: w.city.orgs.deptA,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 50_000_000,
      responsiblePerson: '李工',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    const ask = await say(w.engine, EDU, '导出目标申报表 城区学校校舍');
    expect(fileOf(ask)).toBeUndefined();
    expect(textOf(ask)).toContain('JDZ-2026-0902');
    const picked = await say(w.engine, EDU, '2');
    expect(fileOf(picked)?.fileName).toMatch(/^JDZ-2026-090[12]-项目支出绩效目标申报表/);
  });

  it('sends nothing of an item outside the asker’s scope', async () => {
    const replies = await say(w.engine, TEST_DINGTALK_IDS.officerB, '导出目标申报表 JDZ-2026-0901');
    expect(fileOf(replies)).toBeUndefined();
    expect(textOf(replies)).toMatch(/没有找到|不在您的数据范围/);
  });
});
