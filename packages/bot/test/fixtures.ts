import type { Reply, Severity, SuggestedAction } from '@jixiao/core';
import type { Platform } from '@jixiao/db';
import { recordPayment } from '@jixiao/db/execution';
import { applyAction, createItem, type ItemRow } from '@jixiao/db/items';
import { notices, warnings } from '@jixiao/db/schema';
import { setTarget } from '@jixiao/db/targets';
import {
  approveThroughWorkflows,
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testFundPlugin,
} from '@jixiao/db/testing';
import { definePlugin } from '@jixiao/plugin-kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type BotEngine, createBotEngine, type OutboundReply } from '../src/index.ts';

export interface World {
  db: TestDatabase;
  city: TestCity;
  engine: BotEngine;
  items: {
    /** 教育局, 30% paid: red lag. */
    school1: ItemRow;
    /** 教育局, 55% paid: on track. */
    canteen: ItemRow;
    /** 教育局, 20% paid: red lag; "教学楼改造" matches it and school1. */
    school2: ItemRow;
    /** 第一中学 (a unit under 教育局). */
    playground: ItemRow;
    /** 卫健委, nothing paid. */
    hospital: ItemRow;
    /** 教育局, with an indicator in 万元 and a qualitative one. */
    sewage: ItemRow;
  };
}

let seq = 0;

/** A fund type with one chat command, to check plugin commands run in the asker's (or group's) scope. */
const commandPlugin = definePlugin({
  id: 'cmd-fund',
  name: '命令测试资金',
  budgetBook: 'general',
  attributes: z.object({}),
  botCommands: [
    {
      id: 'cmd-count',
      help: '命令资金统计：查看您可见的命令测试资金项目数',
      patterns: [/^命令资金统计$/],
      async answer({ reader, asker, today }) {
        const items = await reader.listItems();
        return {
          title: '命令测试资金',
          markdown: `${asker.name}可见 ${items.length} 个项目（${today}）：${items.map((i) => i.item.name).join('、')}`,
        };
      },
    },
  ],
});

/** An executing item whose target has a 万元 indicator and a qualitative one. */
async function createSewageItem(city: TestCity): Promise<ItemRow> {
  const { platform, actors, orgs } = city;
  const item = await createItem(platform, actors.officerA, {
    code: 'JDZ-2026-0005',
    name: '城东污水处理厂提标改造',
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: orgs.deptA,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 300_000_000,
    responsiblePerson: '王工',
    isNewMajor: false,
    isSpecialTransfer: false,
    attributes: {},
  });
  await setTarget(platform, actors.officerA, item.id, {
    fiscalYear: 2026,
    overallGoal: '完成提标改造，出水达到一级A标准',
    indicators: [
      {
        name: '污水处理量',
        level1: 'output',
        level2: 'quantity',
        operator: 'gte',
        targetValue: 10000,
        unit: '吨/日',
        weight: 30,
        basis: 'plan',
      },
      {
        name: '投资完成额',
        level1: 'output',
        level2: 'cost',
        operator: 'gte',
        targetValue: 3000,
        unit: '万元',
        weight: 20,
        basis: 'plan',
      },
      {
        name: '污水处理率',
        level1: 'benefit',
        level2: 'ecological',
        operator: 'gte',
        targetValue: 95,
        unit: '%',
        weight: 30,
        basis: 'plan',
      },
      {
        name: '周边群众满意度',
        level1: 'satisfaction',
        level2: 'satisfaction',
        operator: 'qualitative',
        targetText: '周边群众总体满意',
        unit: '',
        weight: 10,
        basis: 'plan',
      },
    ],
  });
  await approveThroughWorkflows(city, item, actors.officerA);
  return (await applyAction(platform, actors.officerA, item.id, 'start_execution', {})).item;
}

/** The seeded city with its items and warnings; `plugins` adds fund types to the registry. */
export async function buildWorld(opts: { plugins?: unknown[] } = {}): Promise<World> {
  const db = await createTestDatabase();
  const city = await seedTestCity(db, {
    today: '2026-08-31',
    plugins: [testFundPlugin, commandPlugin, ...(opts.plugins ?? [])],
  });
  const { actors, orgs, platform } = city;
  const item = (code: string, name: string, orgUnitId: number, amountFen: number, by = actors.officerA) =>
    createExecutingItem(city, { code, name, orgUnitId, approvedAmountFen: amountFen }, by);
  const school1 = await item('JDZ-2026-0001', '市一中教学楼改造', orgs.deptA, 100_000_000);
  const canteen = await item('JDZ-2026-0002', '市一中食堂改造', orgs.deptA, 50_000_000);
  const school2 = await item('JDZ-2026-0003', '市二中教学楼改造', orgs.deptA, 80_000_000);
  const playground = await item('JDZ-2026-0004', '第一中学操场改造', orgs.unitA1, 20_000_000);
  const hospital = await item(
    'JDZ-2026-0101',
    '市人民医院门诊楼改造',
    orgs.deptB,
    200_000_000,
    actors.officerB,
  );
  const sewage = await createSewageItem(city);
  const pay = (i: ItemRow, fen: number, by = actors.officerA) =>
    recordPayment(platform, by, i.id, { paidOn: '2026-07-15', amountFen: fen, source: 'treasury' });
  await pay(school1, 30_000_000);
  await pay(canteen, 27_500_000);
  await pay(school2, 16_000_000);
  await pay(playground, 11_000_000);
  await createExecutingItem(
    city,
    { code: 'CMD-2026-0001', name: '教育命令项目', orgUnitId: orgs.deptA, fundTypeId: 'cmd-fund' },
    actors.officerA,
  );
  await createExecutingItem(
    city,
    { code: 'CMD-2026-0002', name: '卫健命令项目', orgUnitId: orgs.deptB, fundTypeId: 'cmd-fund' },
    actors.officerB,
  );
  const lag = (i: ItemRow, rateBp: number, severity: Severity, action: SuggestedAction) =>
    addWarning(platform, i, {
      ruleId: 'core:execution-lag',
      severity,
      suggestedAction: action,
      message: `支出进度滞后：执行率${(rateBp / 100).toFixed(1)}%，序时进度58.3%，落后${((5833 - rateBp) / 100).toFixed(1)}个百分点`,
      details: { executionRateBp: rateBp, timeProgressBp: 5833, lagBp: 5833 - rateBp },
    });
  const overdue = (i: ItemRow) =>
    addWarning(platform, i, {
      ruleId: 'core:report-overdue',
      severity: 'yellow',
      suggestedAction: 'remind',
      message:
        '4项绩效指标超过90天未填报完成情况：改造校舍面积、工程验收合格率、受益学生人数、学生家长满意度',
      details: { overdueDays: 90 },
    });
  await lag(school1, 3000, 'red', 'suspend_payment');
  await overdue(school1);
  await lag(school2, 2000, 'red', 'suspend_payment');
  await overdue(canteen);
  await overdue(playground);
  await lag(hospital, 0, 'red', 'suspend_payment');
  await addWarning(platform, hospital, {
    ruleId: 'core:no-payment',
    severity: 'orange',
    suggestedAction: 'explain',
    message: '截至6月底尚无任何支付，请说明原因',
    details: { approvedFen: hospital.approvedAmountFen },
  });
  await lag(sewage, 0, 'red', 'suspend_payment');
  // Page links as the server signs them, so answers that carry one can be checked.
  const engine = createBotEngine({ platform, viewLink: (userId, path) => `${path}?u=${userId}&s=test` });
  return { db, city, engine, items: { school1, canteen, school2, playground, hospital, sewage } };
}

/** A warning as the monitoring sweep would write it. */
export async function addWarning(
  platform: Platform,
  item: ItemRow,
  w: {
    ruleId: string;
    severity: Severity;
    suggestedAction: SuggestedAction;
    message: string;
    details: Record<string, unknown>;
  },
) {
  const [row] = await platform.db
    .insert(warnings)
    .values({
      itemId: item.id,
      fiscalYear: item.currentFiscalYear,
      ruleId: w.ruleId,
      findingKey: w.ruleId,
      orgUnitId: item.orgUnit.id,
      fundTypeId: item.fundTypeId,
      severity: w.severity,
      message: w.message,
      suggestedAction: w.suggestedAction,
      details: w.details,
      firstSeenAt: platform.now(),
      changedAt: platform.now(),
    })
    .returning();
  if (!row) throw new Error('warning not inserted');
  return row;
}

/** The open warning of a rule on an item. */
export async function warningOf(platform: Platform, itemId: number, ruleId = 'core:execution-lag') {
  const rows = await platform.db.select().from(warnings).where(eq(warnings.itemId, itemId));
  const w = rows.find((r) => r.ruleId === ruleId);
  if (!w) throw new Error(`no ${ruleId} warning on item ${itemId}`);
  return w;
}

/** A notice asking `userId` to acknowledge `subject`, sent `minutesAgo` before the platform clock. */
export async function addNotice(platform: Platform, subject: string, userId: number, minutesAgo = 10) {
  const at = new Date(platform.now().getTime() - minutesAgo * 60_000);
  const [row] = await platform.db
    .insert(notices)
    .values({ subject, event: 'new', recipientUserId: userId, firstSentAt: at, lastSentAt: at })
    .returning();
  if (!row) throw new Error('notice not inserted');
  return row;
}

export function single(ext: string) {
  return { id: `cid-single-${ext}`, type: 'single' as const };
}

export function say(
  engine: BotEngine,
  ext: string,
  text: string,
  conversation: { id: string; type: 'single' | 'group'; title?: string } = single(ext),
): Promise<OutboundReply[]> {
  seq++;
  return engine.handleMessage({
    channel: 'dingtalk',
    externalUserId: ext,
    conversation,
    text,
    msgId: `m-${seq}`,
  });
}

export function press(
  engine: BotEngine,
  ext: string,
  action: string,
  payload: Record<string, string>,
  conversation: { id: string; type: 'single' | 'group' } | undefined = single(ext),
): Promise<OutboundReply[]> {
  return engine.handleAction({
    channel: 'dingtalk',
    externalUserId: ext,
    ...(conversation ? { conversation } : {}),
    action,
    payload,
  });
}

/** Everything a reply shows, as one string (for "contains / does not contain" checks). */
export function textOf(replies: readonly OutboundReply[] | Reply): string {
  const list = Array.isArray(replies) ? (replies as OutboundReply[]).map((r) => r.reply) : [replies as Reply];
  return list
    .map((r) =>
      [
        r.title,
        r.markdown,
        ...(r.fields ?? []).map((f) => `${f.label}:${f.value}`),
        ...(r.buttons ?? []).map(
          (b) =>
            `${b.label}|${b.kind === 'command' ? b.text : b.kind === 'callback' ? `${b.action}:${JSON.stringify(b.payload)}` : b.url}`,
        ),
      ].join('\n'),
    )
    .join('\n---\n');
}

export function only(replies: readonly OutboundReply[]): Reply {
  if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}: ${textOf(replies)}`);
  return (replies[0] as OutboundReply).reply;
}

export function buttonFor(reply: Reply, action: string) {
  const b = (reply.buttons ?? []).find((x) => x.kind === 'callback' && x.action === action);
  if (b?.kind !== 'callback') throw new Error(`no ${action} button in ${textOf(reply)}`);
  return b;
}
