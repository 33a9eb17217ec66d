/**
 * No write from chat without a confirmation, given after the write was shown, of exactly that
 * write. Random conversations (questions, cards, explanations awaited, polite replies, 收到,
 * numbered choices, stale and foreign buttons, time passing) are checked against the audit log:
 * every audited change must follow an explicit 确认 (typed, or the card's button) of the card
 * showing that change — or, for signing a notice, its 收到 button or a typed 收到 of the newest one.
 */

import type { Reply } from '@jixiao/core';
import { createTask } from '@jixiao/db/rectification';
import { auditEntries, budgetItems, indicators, notices, warnings } from '@jixiao/db/schema';
import { TEST_DINGTALK_IDS } from '@jixiao/db/testing';
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotEngine, createBotEngine } from '../src/index.ts';
import { addNotice, buildWorld, type World, warningOf } from './fixtures.ts';

let w: World;
let now: Date;
let engine: BotEngine;
const EDU = TEST_DINGTALK_IDS.officerA;
const ADMIN = TEST_DINGTALK_IDS.admin;
const USERS = [EDU, ADMIN] as const;
type Who = (typeof USERS)[number];

/** The texts an officer may send; `#W`/`#T` are replaced by real warning/task ids. */
const TEXTS = [
  '我的预警',
  '滞后项目',
  '本部门执行情况',
  'JDZ-2026-0001的指标',
  '教学楼改造的指标',
  '1',
  '2',
  '帮助',
  '我的待办',
  '填报 JDZ-2026-0001 改造校舍面积 完成 8000 平方米',
  '填报 JDZ-2026-0002 受益学生人数 完成 1200 人',
  '上报 JDZ-2026-0003 工程验收合格率 完成 100%',
  '订阅周报',
  '退订周报',
  '提交整改',
  '提交整改 #T 已完成资金拨付，补充台账',
  '已完成资金拨付，补充了支付台账',
  '预警#W是怎么回事',
  '原因：资金未到位；措施：9月底前拨付',
  '资金未到位，已督促加快拨付',
  '预警W 原因：招标延期；措施：10月完成',
  '＃W这条预警啥原因',
  '下达整改 预警W',
  '验收整改 #T',
  '退回整改 #T 缺少凭证',
  // consent-like, and not consent
  '好的',
  '好的，辛苦了',
  '是的',
  '行',
  '嗯嗯',
  'OK',
  '谢谢',
  '确认吗',
  '收到',
  // explicit consent
  '确认',
  '确定',
  '好的，确认',
  // cancel
  '取消',
  '算了，不填了',
] as const;
const CONSENT = new Set<string>(['确认', '确定', '好的，确认']);
const CANCEL = new Set<string>(['取消', '算了，不填了']);

type Step =
  | { kind: 'say'; who: Who; text: string; warning: number; task: number }
  | { kind: 'confirm'; who: Who; which: 'latest' | 'older' | 'foreign' }
  | { kind: 'cancel'; who: Who }
  | { kind: 'ack'; who: Who }
  | { kind: 'wait'; minutes: number };

interface Card {
  token: string;
  title: string;
  markdown: string;
  fields: Record<string, string>;
  shownAt: number;
}
interface Seen {
  cards: Map<string, Card>;
  latest: Card | null;
  /** Confirmed, cancelled or replaced: confirming it must change nothing. */
  closed: Set<string>;
  ackSubjects: string[];
}

const PENDING_MINUTES = 10;
let run = 0;
let warningIds: number[] = [];
let taskIds: number[] = [];
let itemCodes = new Map<number, string>();
let indicatorNames = new Map<number, string>();

beforeAll(async () => {
  w = await buildWorld();
  now = w.city.platform.now();
  engine = createBotEngine({ platform: { ...w.city.platform, now: () => now } });
  const ws = await Promise.all([
    warningOf(w.city.platform, w.items.school1.id),
    warningOf(w.city.platform, w.items.school2.id),
    warningOf(w.city.platform, w.items.canteen.id, 'core:report-overdue'),
    warningOf(w.city.platform, w.items.sewage.id),
  ]);
  warningIds = ws.map((x) => x.id);
  const task = await createTask(w.city.platform, w.city.actors.admin, {
    warningId: ws[0]?.id ?? 0,
    assigneeUserId: w.city.actors.officerA.userId ?? 0,
    deadline: '2026-09-30',
    requirement: '加快支出',
  });
  taskIds = [task.id];
  const items = await w.db.db.select({ id: budgetItems.id, code: budgetItems.code }).from(budgetItems);
  itemCodes = new Map(items.map((i) => [i.id, i.code]));
  const inds = await w.db.db.select({ id: indicators.id, name: indicators.name }).from(indicators);
  indicatorNames = new Map(inds.map((i) => [i.id, i.name]));
});
afterAll(async () => {
  await w?.db.dispose();
});

const say = (who: Who, text: (typeof TEXTS)[number], warning = 0): Step => ({
  kind: 'say',
  who,
  text,
  warning,
  task: 0,
});

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('say' as const),
      who: fc.constantFrom(...USERS),
      text: fc.constantFrom(...TEXTS),
      warning: fc.nat(3),
      task: fc.nat(0),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('confirm' as const),
      who: fc.constantFrom(...USERS),
      which: fc.constantFrom('latest' as const, 'older' as const, 'foreign' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), who: fc.constantFrom(...USERS) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ack' as const), who: fc.constantFrom(...USERS) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.constantFrom(3, 11) }),
  },
);

async function lastAuditId(): Promise<number> {
  const [row] = await w.db.db
    .select({ id: auditEntries.id })
    .from(auditEntries)
    .orderBy(desc(auditEntries.id))
    .limit(1);
  return row ? Number(row.id) : 0;
}

async function auditSince(id: number) {
  return w.db.db.select().from(auditEntries).where(gt(auditEntries.id, id)).orderBy(asc(auditEntries.id));
}

async function newestPendingNotice(userId: number) {
  const [row] = await w.db.db
    .select({ id: notices.id, subject: notices.subject })
    .from(notices)
    .where(and(eq(notices.recipientUserId, userId), isNull(notices.acknowledgedAt)))
    .orderBy(desc(sql`coalesce(${notices.lastSentAt}, ${notices.createdAt})`), desc(notices.id))
    .limit(1);
  return row;
}

const userIdOf = (who: Who) =>
  (who === EDU ? w.city.actors.officerA.userId : w.city.actors.admin.userId) ?? 0;

function cardOf(reply: Reply): Omit<Card, 'shownAt'> | null {
  const button = (reply.buttons ?? []).find((b) => b.kind === 'callback' && b.action === 'confirm');
  if (button?.kind !== 'callback' || !button.payload.token) return null;
  return {
    token: button.payload.token,
    title: reply.title,
    markdown: reply.markdown,
    fields: Object.fromEntries((reply.fields ?? []).map((f) => [f.label, f.value])),
  };
}

type Entry = Awaited<ReturnType<typeof auditSince>>[number];

/** Whether an audit entry is exactly the change `card` showed. */
function shows(card: Card, e: Entry): boolean {
  const after = (e.after ?? {}) as Record<string, unknown>;
  const f = card.fields;
  switch (e.action) {
    case 'indicator.report':
      return (
        card.title === '请确认填报指标完成情况' &&
        (f.项目 ?? '').startsWith(`${itemCodes.get(e.itemId ?? -1)} `) &&
        (f.指标 ?? '').startsWith(`${indicatorNames.get(Number(after.indicatorId))}（`) &&
        (after.actualValue === null || (f.完成情况 ?? '').startsWith(String(after.actualValue)))
      );
    case 'rectification.submit':
      return (
        card.title === '请确认提交整改' &&
        (f.整改任务 ?? '').startsWith(`#${e.entityId} `) &&
        f.整改情况 === after.submission
      );
    case 'rectification.create':
      return (
        card.title === '请确认下达整改' &&
        card.markdown.includes(`预警 #${String(after.warningId)} `) &&
        f.整改期限 === after.deadline &&
        f.整改要求 === after.requirement
      );
    case 'rectification.accept':
    case 'rectification.return':
      return (
        card.title === (e.action === 'rectification.accept' ? '请确认验收通过' : '请确认退回') &&
        (f.整改任务 ?? '').startsWith(`#${e.entityId} `) &&
        (f.验收意见 ?? f.退回原因) === after.comment
      );
    case 'warning.resolve_by_rectification':
      return card.title === '请确认验收通过' && f.同时办结预警 === `#${e.entityId}`;
    case 'warning.acknowledge':
      return (
        card.title === '请确认签收并说明' &&
        (f.预警 ?? '').startsWith(`#${e.entityId} `) &&
        f.说明 === after.explanation
      );
    case 'notice.acknowledge':
      // Signing the warning's own notice is part of 签收并说明.
      return (
        card.title === '请确认签收并说明' &&
        after.subject === `warning:${(f.预警 ?? '').slice(1).split(' ')[0]}`
      );
    case 'digest.subscribe':
      return card.title === '请确认订阅周报';
    case 'digest.unsubscribe':
      return card.title === '请确认退订周报';
    default:
      return false;
  }
}

describe('consent to writes from chat (property)', () => {
  it('every audited change follows an explicit 确认 or button for exactly that change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const seen = new Map<Who, Seen>(
          USERS.map((u) => [u, { cards: new Map(), latest: null, closed: new Set(), ackSubjects: [] }]),
        );
        // A fresh notice per run, so 收到 and its button have something to sign.
        run++;
        const notice = await addNotice(
          w.city.platform,
          `task:${90_000 + run}`,
          w.city.actors.officerA.userId ?? 0,
          1,
        );
        (seen.get(EDU) as Seen).ackSubjects.push(notice.subject);
        for (const s of steps) {
          if (s.kind === 'wait') {
            now = new Date(now.getTime() + s.minutes * 60_000);
            continue;
          }
          const me = seen.get(s.who) as Seen;
          const expired = (c: Card) => now.getTime() - c.shownAt > PENDING_MINUTES * 60_000;
          const before = await lastAuditId();
          const newest = await newestPendingNotice(userIdOf(s.who));
          let replies: Reply[];
          /** The card this step consents to, if it does. */
          let consentTo: Card | null | undefined;
          let ackSubject: string | undefined;
          let typedAck = false;
          const conversation = { id: `cid-consent-${s.who}`, type: 'single' as const };
          if (s.kind === 'say') {
            const text = s.text
              .replaceAll('W', String(warningIds[s.warning]))
              .replaceAll('#T', `#${taskIds[s.task]}`);
            replies = (
              await engine.handleMessage({
                channel: 'dingtalk',
                externalUserId: s.who,
                conversation,
                text,
                msgId: 'm',
              })
            ).map((r) => r.reply);
            if (CONSENT.has(text)) consentTo = me.latest;
            if (CANCEL.has(text) && me.latest) me.closed.add(me.latest.token);
            typedAck = text === '收到';
          } else if (s.kind === 'confirm') {
            const other = seen.get(s.who === EDU ? ADMIN : EDU) as Seen;
            const card =
              s.which === 'latest'
                ? me.latest
                : s.which === 'older'
                  ? ([...me.cards.values()].find((c) => c.token !== me.latest?.token) ?? null)
                  : other.latest;
            if (!card) continue;
            replies = (
              await engine.handleAction({
                channel: 'dingtalk',
                externalUserId: s.who,
                conversation,
                action: 'confirm',
                payload: { token: card.token },
              })
            ).map((r) => r.reply);
            // Only one's own card, still the latest, counts; a foreign or replaced one must do nothing.
            consentTo = me.cards.get(card.token) && card.token === me.latest?.token ? card : null;
          } else if (s.kind === 'cancel') {
            if (!me.latest) continue;
            replies = (
              await engine.handleAction({
                channel: 'dingtalk',
                externalUserId: s.who,
                conversation,
                action: 'cancel',
                payload: { token: me.latest.token },
              })
            ).map((r) => r.reply);
            me.closed.add(me.latest.token);
          } else {
            ackSubject = me.ackSubjects[0] ?? `warning:${warningIds[0]}`;
            replies = (
              await engine.handleAction({
                channel: 'dingtalk',
                externalUserId: s.who,
                conversation,
                action: 'ack',
                payload: { subject: ackSubject },
              })
            ).map((r) => r.reply);
          }
          const entries = await auditSince(before);
          const valid =
            consentTo && !me.closed.has(consentTo.token) && !expired(consentTo) ? consentTo : null;
          for (const e of entries) {
            const byNotice =
              e.action === 'notice.acknowledge' &&
              ((ackSubject !== undefined && (e.after as { subject?: string }).subject === ackSubject) ||
                (typedAck && newest !== undefined && e.entityId === String(newest.id)));
            const byCard = valid !== null && shows(valid, e);
            expect(
              byNotice || byCard,
              `${JSON.stringify(s)} wrote ${e.action} ${e.entityId} without consent`,
            ).toBe(true);
          }
          if (consentTo) me.closed.add(consentTo.token);
          // Cards shown by this step: a new one replaces the one before it.
          for (const reply of replies) {
            const card = cardOf(reply);
            if (!card || me.cards.has(card.token)) continue;
            if (me.latest) me.closed.add(me.latest.token);
            const shown = { ...card, shownAt: now.getTime() };
            me.cards.set(card.token, shown);
            me.latest = shown;
          }
        }
        // Leave nothing pending for the next run.
        for (const who of USERS) {
          await engine.handleMessage({
            channel: 'dingtalk',
            externalUserId: who,
            conversation: { id: `cid-consent-${who}`, type: 'single' },
            text: '取消',
            msgId: 'm',
          });
        }
      }),
      {
        numRuns: 40,
        // Sequences that do write, so every kind of write is checked whatever the random runs reach.
        examples: [
          [
            [
              say(EDU, '填报 JDZ-2026-0001 改造校舍面积 完成 8000 平方米'),
              say(EDU, '好的，辛苦了'),
              say(EDU, '确认'),
              say(EDU, '预警W 原因：招标延期；措施：10月完成'),
              { kind: 'confirm', who: EDU, which: 'latest' },
              say(EDU, '收到'),
              { kind: 'ack', who: EDU },
              say(EDU, '订阅周报'),
              say(EDU, '确认'),
              say(EDU, '提交整改 #T 已完成资金拨付，补充台账'),
              say(EDU, '确认'),
              say(ADMIN, '退回整改 #T 缺少凭证'),
              say(ADMIN, '确认'),
              say(ADMIN, '下达整改 预警W', 1),
              say(ADMIN, '确认'),
            ],
          ],
          [
            [
              // Accepting a task also settles its warning: shown on the card, done on its 确认.
              say(EDU, '提交整改 #T 已完成资金拨付，补充台账'),
              say(EDU, '确认'),
              say(ADMIN, '验收整改 #T'),
              { kind: 'confirm', who: ADMIN, which: 'latest' },
            ],
          ],
        ],
      },
    );
    // The runs did reach writes (the property is not vacuous).
    const written = await w.db.db.select({ action: auditEntries.action }).from(auditEntries);
    const actions = new Set(written.map((r) => r.action));
    for (const action of [
      'indicator.report',
      'warning.acknowledge',
      'notice.acknowledge',
      'digest.subscribe',
      'rectification.submit',
      'rectification.return',
      'rectification.accept',
      'warning.resolve_by_rectification',
    ]) {
      expect(actions, action).toContain(action);
    }
    const [row] = await w.db.db
      .select()
      .from(warnings)
      .where(eq(warnings.id, warningIds[0] ?? 0));
    expect(row).toBeDefined();
  });
});
