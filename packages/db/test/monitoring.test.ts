import { fenSchema, type ItemSnapshot, resolvePolicyConfig } from '@jixiao/core';
import { definePlugin, itemRule } from '@jixiao/plugin-kit';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIT_HASH_VERSION, auditTimestamp, entryHash, verifyAuditChain } from '../src/audit/index.ts';
import { listSlowestItems } from '../src/chat/index.ts';
import { recordPayment, reportIndicator } from '../src/execution/index.ts';
import { queryRows } from '../src/index.ts';
import {
  acknowledgeWarning,
  applyWarningSanction,
  escalateWarning,
  listWarnings,
  monitoringSummary,
  resolveWarning,
  runSweep,
} from '../src/monitoring/index.ts';
import { auditEntries, outbox, warnings } from '../src/schema/index.ts';
import { loadTargets } from '../src/targets/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testFundPlugin,
} from '../src/testing/index.ts';

// A fund type whose rule throws for one item: the sweep must go on and record the error.
const flakyPlugin = definePlugin({
  id: 'flaky-fund',
  name: '会出错的资金类型',
  budgetBook: 'general',
  attributes: z.object({ boom: z.boolean().optional(), contractAmountFen: fenSchema.optional() }),
  monitoringRules: [
    itemRule({
      id: 'explodes',
      name: '会抛异常的规则',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (s) => {
        if ((s.attributes as { boom?: boolean }).boom) throw new Error('规则内部错误');
        return [{ severity: 'yellow', message: '测试发现', suggestedAction: 'remind' }];
      },
    }),
    itemRule({
      id: 'steady',
      name: '正常规则',
      source: '测试',
      inputs: ['attributes'],
      evaluate: () => [{ severity: 'yellow', message: '总会发现', suggestedAction: 'remind' }],
    }),
  ],
});

// A fund type whose rule says whatever the item's note says: warning text from anywhere.
const echoPlugin = definePlugin({
  id: 'echo-fund',
  name: '复述备注的资金类型',
  budgetBook: 'general',
  attributes: z.object({ note: z.string().optional(), contractAmountFen: fenSchema.optional() }),
  monitoringRules: [
    itemRule({
      id: 'echo',
      name: '复述备注',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (s) => {
        const note = (s.attributes as { note?: string }).note;
        // Two notes stand for what no attribute can hold: a NUL, and a message cut at 2,000 characters.
        const message = note === 'NUL' ? '无法\u0000保存' : note === 'LONG' ? `${'长'.repeat(1999)}😀` : note;
        return message ? [{ severity: 'yellow', message, suggestedAction: 'remind' }] : [];
      },
    }),
  ],
});

// A fund type whose rule reports two problems under one key when asked to.
const twicePlugin = definePlugin({
  id: 'twice-fund',
  name: '重复报告的资金类型',
  budgetBook: 'general',
  attributes: z.object({ twice: z.boolean().optional(), contractAmountFen: fenSchema.optional() }),
  monitoringRules: [
    itemRule({
      id: 'twice',
      name: '可能重复报告的规则',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (s) => {
        const first = {
          key: 'gap',
          severity: 'yellow' as const,
          message: '第一个问题',
          suggestedAction: 'remind' as const,
        };
        return (s.attributes as { twice?: boolean }).twice
          ? [first, { ...first, message: '第二个问题' }]
          : [first];
      },
    }),
  ],
});

// A fund type whose rule only remembers the snapshot the sweep hands it.
const seen = new Map<number, ItemSnapshot<unknown>>();
const recorderPlugin = definePlugin({
  id: 'recorder-fund',
  name: '记录快照的资金类型',
  budgetBook: 'general',
  attributes: z.object({ note: z.string().optional(), contractAmountFen: fenSchema.optional() }),
  monitoringRules: [
    itemRule({
      id: 'record',
      name: '记录快照',
      source: '测试',
      inputs: ['payments', 'indicators', 'target', 'attributes', 'state', 'date'],
      uses: ['indicators', 'paymentsByMonth'],
      evaluate: (s) => {
        seen.set(s.item.id, s);
        return [];
      },
    }),
  ],
});

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, {
    today: '2026-08-31',
    plugins: [testFundPlugin, flakyPlugin, recorderPlugin, echoPlugin, twicePlugin],
  });
});
afterAll(async () => {
  await db?.dispose();
});

const active = async (itemId: number) =>
  db.db
    .select()
    .from(warnings)
    .where(and(eq(warnings.itemId, itemId), sql`${warnings.status} <> 'closed'`));

// 2026-08-31 by month: 7 completed months → 序时进度 58.33%.
const pay = (itemId: number, amountFen: number, paidOn = '2026-07-15') =>
  recordPayment(city.platform, city.actors.officerA, itemId, { paidOn, amountFen, source: 'treasury' });

describe('the monitoring sweep', () => {
  it('grades execution lag into yellow, orange and red against 序时进度, and flags items with no payment', async () => {
    const onTrack = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await pay(onTrack.id, 550_000); // 55% vs 58.33%: fine
    const yellow = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await pay(yellow.id, 470_000); // lag 11.3
    const orange = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await pay(orange.id, 410_000); // lag 17.3
    const red = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await pay(red.id, 300_000); // lag 28.3
    const none = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });

    const first = await runSweep(city.platform, { trigger: 'test' });
    expect(first.errors).toEqual([]);
    const lagOf = async (id: number) =>
      (await active(id)).find((w) => w.ruleId === 'core:execution-lag')?.severity ?? null;
    expect(await lagOf(onTrack.id)).toBeNull();
    expect(await lagOf(yellow.id)).toBe('yellow');
    expect(await lagOf(orange.id)).toBe('orange');
    expect(await lagOf(red.id)).toBe('red');
    expect(await lagOf(none.id)).toBe('red');
    expect((await active(none.id)).map((w) => w.ruleId)).toContain('core:no-payment');
    const redWarning = (await active(red.id)).find((w) => w.ruleId === 'core:execution-lag');
    expect(redWarning?.message).toBe('支出进度滞后：执行率30.0%，序时进度58.3%，落后28.3个百分点');
    expect(redWarning?.suggestedAction).toBe('suspend_payment');

    // The department's officer has more new warnings than are pushed one by one (5): they go to
    // the outbox as one 预警汇总 for this run, counted by severity, most severe named first.
    const toOfficer = await db.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipientUserId, city.actors.officerA.userId as number));
    expect(toOfficer.filter((r) => r.kind === 'warning')).toEqual([]);
    const [batch, ...more] = toOfficer.filter((r) => r.kind === 'warning_batch');
    expect(more).toEqual([]);
    const opened = await queryRows<{ id: number; severity: 'red' | 'orange' | 'yellow' }>(
      db.db,
      sql`select id, severity from warnings
          where last_run_id = ${first.runId} and org_unit_id in (${city.orgs.deptA}, ${city.orgs.unitA1})`,
    );
    expect(opened.length).toBeGreaterThan(5);
    const bySeverity = (s: string) => opened.filter((w) => w.severity === s).length;
    expect(batch?.payload).toMatchObject({
      runId: first.runId,
      created: opened.length,
      escalated: 0,
      red: bySeverity('red'),
      orange: bySeverity('orange'),
      yellow: bySeverity('yellow'),
    });
    const rank = { red: 0, orange: 1, yellow: 2 };
    const mostSevere = [...opened]
      .sort((a, b) => rank[a.severity] - rank[b.severity] || a.id - b.id)
      .slice(0, 5)
      .map((w) => w.id);
    expect(batch?.payload.warningIds).toEqual(mostSevere);

    // Nothing changed: the second sweep writes nothing.
    const countRows = async () =>
      (
        await queryRows<{ n: number }>(
          db.db,
          sql`select (select count(*) from warnings) + (select count(*) from outbox) + (select count(*) from audit_entries) as n`,
        )
      )[0]?.n;
    const before = await countRows();
    const second = await runSweep(city.platform, { trigger: 'test' });
    expect(second).toMatchObject({ created: 0, updated: 0, closed: 0, escalated: 0 });
    expect(await countRows()).toBe(before);

    // Paying up clears the yellow lag: its warning closes with the reason, not duplicated.
    await pay(yellow.id, 100_000);
    const third = await runSweep(city.platform, { trigger: 'test' });
    expect(third.closed).toBeGreaterThanOrEqual(1);
    const closed = await db.db
      .select()
      .from(warnings)
      .where(and(eq(warnings.itemId, yellow.id), eq(warnings.ruleId, 'core:execution-lag')));
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      status: 'closed',
      closeReason: expect.stringContaining('预警条件已消除'),
    });

    // Spending nothing more while time passes escalates orange to red and tells people again.
    const later = { ...city.platform, now: () => new Date('2026-10-31T04:00:00Z') };
    const fourth = await runSweep(later, { trigger: 'test' });
    expect(fourth.escalated).toBeGreaterThanOrEqual(1);
    const escalated = (await active(orange.id)).find((w) => w.ruleId === 'core:execution-lag');
    expect(escalated).toMatchObject({ severity: 'red', escalationLevel: 1 });
    const escalationMessages = await db.db
      .select()
      .from(outbox)
      .where(
        sql`${outbox.payload}->>'warningId' = ${String(escalated?.id)} and ${outbox.payload}->>'event' = 'escalated'`,
      );
    expect(escalationMessages.length).toBeGreaterThan(0);
  });

  it('flags targets at risk and overdue indicator reports', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await pay(item.id, 580_000);
    const [target] = await loadTargets(db.db, item.id);
    const area = target?.indicators.find((i) => i.name === '改造校舍面积');
    await reportIndicator(city.platform, city.actors.officerA, item.id, {
      indicatorId: area?.id as number,
      reportedOn: '2026-08-20',
      actualValue: 3000,
      forecastValue: 5000,
      likelihood: 'impossible',
      deviationReason: 'funding',
      correctiveMeasure: '加快资金拨付',
    });
    await runSweep(city.platform, { trigger: 'test' });
    const found = await active(item.id);
    const risk = found.find((w) => w.ruleId === 'core:target-at-risk');
    expect(risk).toMatchObject({ severity: 'red' });
    expect(risk?.message).toContain('改造校舍面积');
    // The other three indicators were never reported; at 2026-08-31 that is > 90 days into the year.
    expect(found.find((w) => w.ruleId === 'core:report-overdue')?.message).toContain(
      '3项绩效指标超过90天未填报',
    );
  });

  it('keeps sweeping when a plugin rule throws, records the error, and keeps that rule’s warnings', async () => {
    const good = await createExecutingItem(city, { fundTypeId: 'flaky-fund', attributes: {} });
    const bad = await createExecutingItem(city, { fundTypeId: 'flaky-fund', attributes: { boom: true } });
    const result = await runSweep(city.platform, { trigger: 'test' });
    expect(result.errors).toEqual([
      { ruleId: 'flaky-fund:explodes', itemId: bad.id, message: '规则内部错误' },
    ]);
    expect((await active(good.id)).map((w) => w.ruleId)).toEqual(
      expect.arrayContaining(['flaky-fund:explodes', 'flaky-fund:steady']),
    );
    expect((await active(bad.id)).map((w) => w.ruleId)).toContain('flaky-fund:steady');
    const again = await runSweep(city.platform, { trigger: 'test' });
    expect(again.closed).toBe(0); // the erroring rule's warnings on other items stay open
  });
});

describe('warning handling', () => {
  it('acknowledge, escalate, resolve, and suspending payment blocks payments', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await runSweep(city.platform, { trigger: 'test' });
    const [w] = await listWarnings(db.db, city.actors.officerA, {
      itemId: item.id,
      ruleId: 'core:execution-lag',
      limit: 10,
    });
    expect(w).toBeDefined();
    const id = w?.id as number;
    await expect(listWarnings(db.db, city.actors.officerB, { itemId: item.id, limit: 10 })).resolves.toEqual(
      [],
    );
    const acked = await acknowledgeWarning(
      city.platform,
      city.actors.officerA,
      id,
      '年底集中支付，已督促施工单位报账',
    );
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: { name: '李教育' } });
    await expect(escalateWarning(city.platform, city.actors.officerA, id, '越权')).rejects.toMatchObject({
      code: 'not_allowed',
    });
    const esc = await escalateWarning(city.platform, city.actors.admin, id, '连续两月未整改');
    expect(esc).toMatchObject({ status: 'escalated', escalationLevel: 1 });
    const sanction = await applyWarningSanction(
      city.platform,
      city.actors.admin,
      id,
      'suspend_payment',
      '严重滞后',
    );
    expect(sanction.item.state).toBe('suspended');
    await expect(pay(item.id, 10)).rejects.toMatchObject({
      code: 'payment_blocked',
      message: expect.stringContaining('暂缓拨款'),
    });
    const resolved = await resolveWarning(city.platform, city.actors.admin, id, '已暂缓拨款并约谈');
    expect(resolved.status).toBe('resolved');
    // The item is still lagging; the next sweep keeps the warning resolved instead of re-opening it.
    await runSweep(city.platform, { trigger: 'test' });
    const after = await db.db
      .select()
      .from(warnings)
      .where(and(eq(warnings.itemId, item.id), eq(warnings.ruleId, 'core:execution-lag')));
    expect(after.map((x) => x.status)).toEqual(['resolved']);
  });

  it('summarises by department, fund type and region within the caller scope', async () => {
    const asOf = '2026-08-31';
    const byDept = await monitoringSummary(db.db, city.actors.admin, {
      by: 'department',
      fiscalYear: 2026,
      asOf,
      config: city.platform.config,
    });
    expect(byDept.timeProgressBp).toBe(5833);
    expect(byDept.rows.map((r) => r.name)).toContain('景德镇市教育局');
    expect(byDept.total.items).toBe(byDept.rows.reduce((s, r) => s + r.items, 0));
    expect(byDept.total.warnings.red).toBeGreaterThan(0);
    const asB = await monitoringSummary(db.db, city.actors.officerB, {
      by: 'fund_type',
      fiscalYear: 2026,
      asOf,
      config: city.platform.config,
    });
    expect(asB.total.items).toBe(0);
    const byRegion = await monitoringSummary(db.db, city.actors.admin, {
      by: 'region',
      fiscalYear: 2026,
      asOf,
      config: city.platform.config,
    });
    expect(byRegion.rows.map((r) => r.name)).toEqual(['景德镇市']);
  });
});

describe('the snapshot a plugin rule sees', () => {
  it('is the item as stored: fields, attributes, payments by month, indicators with their latest report', async () => {
    const attributes = { note: '引号"、反斜杠\\ 与换行\n都原样保留', contractAmountFen: 90_071_992_547_409 };
    const item = await createExecutingItem(city, {
      fundTypeId: 'recorder-fund',
      name: '快照核对项目',
      approvedAmountFen: 2_000_000_00,
      isSpecialTransfer: true,
      attributes,
    });
    for (const [paidOn, amountFen] of [
      ['2026-03-10', 300_000_00],
      ['2026-07-01', 150_000_00],
      ['2026-07-15', 50_000_00],
    ] as const) {
      await recordPayment(city.platform, city.actors.officerA, item.id, {
        paidOn,
        amountFen,
        source: 'treasury',
      });
    }
    const [target] = await loadTargets(db.db, item.id);
    const reported = target?.indicators[1];
    await reportIndicator(city.platform, city.actors.officerA, item.id, {
      indicatorId: reported?.id as number,
      reportedOn: '2026-06-30',
      actualValue: 12.5,
      forecastValue: 40,
      likelihood: 'possible',
      deviationReason: 'funding',
      deviationNote: '资金晚到',
      correctiveMeasure: '加快拨付',
    });

    await runSweep(city.platform, { trigger: 'test', asOf: '2026-08-31' });

    const s = seen.get(item.id);
    expect(s?.item).toEqual({
      id: item.id,
      code: item.code,
      name: '快照核对项目',
      kind: 'project',
      fundTypeId: 'recorder-fund',
      orgUnitId: city.orgs.deptA,
      orgUnitName: expect.any(String),
      regionId: expect.any(Number),
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 2_000_000_00,
      state: 'executing',
      isNewMajor: false,
      isSpecialTransfer: true,
      responsiblePerson: '张三',
    });
    expect(s?.attributes).toEqual(attributes);
    expect(s?.target).toEqual({ overallGoal: target?.overallGoal, approved: true });
    expect(s?.execution).toEqual({
      paidFen: 500_000_00,
      paymentCount: 3,
      lastPaidOn: '2026-07-15',
      paidByMonth: [0, 0, 300_000_00, 0, 0, 0, 200_000_00, 0, 0, 0, 0, 0],
      executionRateBp: 2500,
    });
    expect(s?.calendar).toEqual({ asOf: '2026-08-31', fiscalYear: 2026, month: 8, timeProgressBp: 5833 });
    // Every indicator in its position, as loadTargets reads it; only the reported one has a latest report.
    expect(s?.indicators).toEqual(
      target?.indicators.map((i) => ({
        id: i.id,
        name: i.name,
        level1: i.level1,
        level2: i.level2,
        operator: i.operator,
        targetValue: i.targetValue,
        targetMin: i.targetMin,
        targetMax: i.targetMax,
        targetText: i.targetText,
        unit: i.unit,
        weight: i.weight,
        latest:
          i.id === reported?.id
            ? {
                reportedOn: '2026-06-30',
                actualValue: 12.5,
                qualitativeStatus: null,
                forecastValue: 40,
                likelihood: 'possible',
                deviationReason: 'funding',
                deviationNote: '资金晚到',
                correctiveMeasure: '加快拨付',
              }
            : null,
      })),
    );
  });
});

describe('the warnings table', () => {
  it('keeps a warning’s unit the unit of its item', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    const warning = {
      itemId: item.id,
      fiscalYear: 2026,
      ruleId: 'test:unit',
      findingKey: 'test:unit',
      fundTypeId: item.fundTypeId,
      severity: 'yellow' as const,
      message: '测试',
      suggestedAction: 'remind' as const,
    };
    await expect(
      db.db.insert(warnings).values({ ...warning, orgUnitId: city.orgs.deptB }),
    ).rejects.toMatchObject({ cause: { code: '23503' } }); // foreign key violation (deptB exists)
    const [w] = await db.db
      .insert(warnings)
      .values({ ...warning, orgUnitId: city.orgs.deptA })
      .returning();
    // An item moved to another unit takes its warnings along (and with them who may see them).
    await db.db.execute(sql`update budget_items set org_unit_id = ${city.orgs.unitA1} where id = ${item.id}`);
    const [moved] = await db.db
      .select()
      .from(warnings)
      .where(eq(warnings.id, w?.id as number));
    expect(moved?.orgUnitId).toBe(city.orgs.unitA1);
  });
});

describe('the sweep’s audit trail', () => {
  it('chains one entry per change that verifies like any other, whatever the warning says and whenever', async () => {
    // Any text a rule may produce (PostgreSQL text holds no NUL and no lone surrogate).
    const note = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .map((s) => s.replaceAll('\u0000', ''))
      .filter((s) => s.length > 0 && !/\p{Cs}/u.test(s)); // no lone surrogate
    // Any time the clock may say, to the millisecond: the hash covers it as stored.
    const at = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    await fc.assert(
      fc.asyncProperty(note, at, async (text, when) => {
        const item = await createExecutingItem(city, { fundTypeId: 'echo-fund', attributes: { note: text } });
        const run = await runSweep({ ...city.platform, now: () => when }, { trigger: 'test' });
        const [w] = (await active(item.id)).filter((x) => x.ruleId === 'echo-fund:echo');
        expect(w?.message).toBe(text);
        const entries = await db.db
          .select()
          .from(auditEntries)
          .where(and(eq(auditEntries.entityType, 'warning'), eq(auditEntries.entityId, String(w?.id))));
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          action: 'warning.new',
          actorName: '系统',
          itemId: item.id,
          before: null,
          after: { severity: 'yellow', status: 'open', message: text, closeReason: null, runId: run.runId },
          hashVersion: AUDIT_HASH_VERSION,
        });
        // Every column, as JavaScript hashes it, gives the hash the database computed.
        const e = entries[0] as typeof auditEntries.$inferSelect;
        expect(e.at.toISOString()).toBe(when.toISOString());
        const [prev] = await db.db
          .select()
          .from(auditEntries)
          .where(eq(auditEntries.id, e.id - 1));
        expect(e.prevHash).toBe(prev?.hash);
        expect(
          entryHash({
            id: e.id,
            at: auditTimestamp(e.at),
            actorUserId: e.actorUserId,
            actorName: e.actorName,
            action: e.action,
            entityType: e.entityType,
            entityId: e.entityId,
            itemId: e.itemId,
            before: e.before,
            after: e.after,
            prevHash: e.prevHash,
            hashVersion: AUDIT_HASH_VERSION,
          }),
        ).toBe(e.hash);
      }),
      {
        numRuns: 10,
        examples: [
          [
            '"引号" \\反斜杠\n换行\t制表\u0001\u001f\u2028 😀 </script>',
            new Date('2026-08-31T04:00:00.007Z'),
          ],
        ],
      },
    );
    // Every sweep of this file — opened, updated, escalated, closed warnings — is on the chain.
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });
});

describe('what a rule may say', () => {
  it('records a message the database cannot store as that rule’s error, and cuts long ones whole', async () => {
    const nul = await createExecutingItem(city, { fundTypeId: 'echo-fund', attributes: { note: 'NUL' } });
    const long = await createExecutingItem(city, { fundTypeId: 'echo-fund', attributes: { note: 'LONG' } });
    const run = await runSweep(city.platform, { trigger: 'test' });
    expect(run.errors.filter((e) => e.ruleId === 'echo-fund:echo')).toEqual([
      {
        ruleId: 'echo-fund:echo',
        itemId: nul.id,
        message: '规则返回的 message 含有无法保存的字符（空字符 U+0000 或不成对的 UTF-16 代理项）',
      },
    ]);
    const echoed = async (id: number) => (await active(id)).filter((w) => w.ruleId === 'echo-fund:echo');
    expect(await echoed(nul.id)).toEqual([]);
    const [cut] = await echoed(long.id);
    expect(cut?.message).toBe('长'.repeat(1999)); // the emoji's two halves would not fit: both dropped
  });
});

describe('one rule, one item, one key', () => {
  it('two findings under the same key are that rule’s error, not one warning that hides the other', async () => {
    const once = await createExecutingItem(city, { fundTypeId: 'twice-fund', attributes: {} });
    const twice = await createExecutingItem(city, { fundTypeId: 'twice-fund', attributes: { twice: true } });
    const run = await runSweep(city.platform, { trigger: 'test' });
    expect(run.errors.filter((e) => e.ruleId === 'twice-fund:twice')).toEqual([
      {
        ruleId: 'twice-fund:twice',
        itemId: twice.id,
        message: expect.stringContaining('同一项目上有多条发现使用相同的 key（“gap”）'),
      },
    ]);
    expect((await active(once.id)).map((w) => w.message)).toContain('第一个问题');
    expect((await active(twice.id)).filter((w) => w.ruleId === 'twice-fund:twice')).toEqual([]);
  });
});

describe('a fund type’s own lag bands and report deadline', () => {
  // The same spending and the same unreported indicators, in two fund types: test-fund keeps the
  // global bands (10/15/20 points, 90 days); patient-fund sets 15/25/35 points and 250 days.
  const patientPlugin = definePlugin({
    id: 'patient-fund',
    name: '宽限的资金类型',
    budgetBook: 'general',
    attributes: z.object({ contractAmountFen: fenSchema.optional() }),
  });
  let own: TestDatabase;
  let ownCity: TestCity;
  beforeAll(async () => {
    own = await createTestDatabase();
    ownCity = await seedTestCity(own, {
      today: '2026-08-31',
      plugins: [testFundPlugin, patientPlugin],
      config: resolvePolicyConfig({
        fundTypes: {
          'patient-fund': {
            monitoring: {
              lagYellowPoints: 15,
              lagOrangePoints: 25,
              lagRedPoints: 35,
              reportOverdueDays: 250,
            },
          },
        },
      }),
    });
  });
  afterAll(async () => {
    await own?.dispose();
  });

  it('grade the sweep’s findings, in the lagging list and in the summary', async () => {
    const item = async (fundTypeId: string, paidFen: number) => {
      const created = await createExecutingItem(ownCity, { fundTypeId, approvedAmountFen: 1_000_000 });
      await recordPayment(ownCity.platform, ownCity.actors.officerA, created.id, {
        paidOn: '2026-07-15',
        amountFen: paidFen,
        source: 'treasury',
      });
      return created.id;
    };
    const lag17 = { global: await item('test-fund', 410_000), own: await item('patient-fund', 410_000) };
    const lag28 = { global: await item('test-fund', 300_000), own: await item('patient-fund', 300_000) };
    const run = await runSweep(ownCity.platform, { trigger: 'test' });
    expect(run.errors).toEqual([]);
    const found = async (id: number, ruleId: string) =>
      (
        await own.db
          .select()
          .from(warnings)
          .where(
            and(eq(warnings.itemId, id), eq(warnings.ruleId, ruleId), sql`${warnings.status} <> 'closed'`),
          )
      )[0] ?? null;
    expect((await found(lag17.global, 'core:execution-lag'))?.severity).toBe('orange');
    expect((await found(lag17.own, 'core:execution-lag'))?.severity).toBe('yellow');
    expect((await found(lag28.global, 'core:execution-lag'))?.severity).toBe('red');
    expect((await found(lag28.own, 'core:execution-lag'))?.severity).toBe('orange');
    // Never reported since 1 January: 242 days, over 90 but not over 250.
    expect((await found(lag17.global, 'core:report-overdue'))?.message).toContain('超过90天未填报');
    expect(await found(lag17.own, 'core:report-overdue')).toBeNull();

    const slowest = await listSlowestItems(own.db, ownCity.actors.admin, {
      fiscalYear: 2026,
      timeProgressBp: 5833,
      config: ownCity.platform.config,
      limit: 10,
    });
    const lagging = new Map(slowest.rows.map((r) => [r.id, r.lagging]));
    expect([lagging.get(lag17.global), lagging.get(lag17.own)]).toEqual([true, true]);
    const lag12 = { global: await item('test-fund', 460_000), own: await item('patient-fund', 460_000) };
    const again = await listSlowestItems(own.db, ownCity.actors.admin, {
      fiscalYear: 2026,
      timeProgressBp: 5833,
      config: ownCity.platform.config,
      limit: 10,
    });
    const now = new Map(again.rows.map((r) => [r.id, r.lagging]));
    expect([now.get(lag12.global), now.get(lag12.own)]).toEqual([true, false]);
    const summary = await monitoringSummary(own.db, ownCity.actors.admin, {
      by: 'fund_type',
      fiscalYear: 2026,
      asOf: '2026-08-31',
      config: ownCity.platform.config,
    });
    const laggingBy = Object.fromEntries(summary.rows.map((r) => [r.key, r.laggingItems]));
    expect(laggingBy).toEqual({ 'test-fund': 3, 'patient-fund': 2 });
  });
});
