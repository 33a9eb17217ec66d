import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../src/audit/index.ts';
import { issueBudgetApproval } from '../src/budget-approvals/index.ts';
import { recordPayment, reportIndicator } from '../src/execution/index.ts';
import { importBatch } from '../src/import/index.ts';
import { queryRows, SYSTEM_ACTOR } from '../src/index.ts';
import { applyAction, createItem, getItem, listItems } from '../src/items/index.ts';
import { auditEntries, budgetItems, executionRecords } from '../src/schema/index.ts';
import { reviewTarget, submitTarget } from '../src/target-reviews/index.ts';
import { loadTargets, setTarget } from '../src/targets/index.ts';
import {
  ALL_CRITERIA_MET,
  completeTarget,
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
});
afterAll(async () => {
  await db?.dispose();
});

async function count(
  table: 'budget_items' | 'execution_records' | 'audit_entries' | 'performance_targets',
): Promise<number> {
  const rows = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from ${sql.raw(table)}`);
  return Number(rows[0]?.n);
}

describe(`data scope (${testDatabaseKind() === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('a department officer sees only items of their department subtree; finance sees the whole region', async () => {
    const a = await createItem(city.platform, city.actors.unitA1, {
      code: 'SCOPE-A',
      name: '一中操场改造',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: city.orgs.unitA1,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 5_000_000,
      responsiblePerson: '赵',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    const b = await createItem(city.platform, city.actors.officerB, {
      code: 'SCOPE-B',
      name: '疾控实验室',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: city.orgs.deptB,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 7_000_000,
      responsiblePerson: '陈',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    const codes = async (actor: TestCity['actors'][keyof TestCity['actors']]) =>
      (await listItems(db.db, actor, { limit: 100, q: 'SCOPE' })).map((i) => i.code).sort();
    expect(await codes(city.actors.officerA)).toEqual(['SCOPE-A']); // the unit is inside department A
    expect(await codes(city.actors.unitA1)).toEqual(['SCOPE-A']);
    expect(await codes(city.actors.officerB)).toEqual(['SCOPE-B']);
    expect(await codes(city.actors.admin)).toEqual(['SCOPE-A', 'SCOPE-B']);
    expect(await codes(city.actors.leader)).toEqual(['SCOPE-A', 'SCOPE-B']);
    expect(await codes(city.actors.countyAdmin)).toEqual([]); // a county sees nothing of the city
    await expect(getItem(db.db, city.actors.officerB, a.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getItem(db.db, city.actors.officerA, b.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to create an item under an org unit outside the caller scope, naming the field, and writes nothing', async () => {
    const before = await count('budget_items');
    await expect(
      createItem(city.platform, city.actors.officerA, {
        code: 'SCOPE-X',
        name: '越权',
        kind: 'project',
        fundTypeId: 'test-fund',
        orgUnitId: city.orgs.deptB,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2026,
        approvedAmountFen: 1,
        responsiblePerson: '甲',
        isNewMajor: false,
        isSpecialTransfer: false,
        attributes: {},
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: { issues: [{ path: 'orgUnitId' }] } });
    expect(await count('budget_items')).toBe(before);
  });

  it('a leader may read but not write', async () => {
    await expect(
      createItem(city.platform, city.actors.leader, {
        code: 'LEAD-1',
        name: '领导',
        kind: 'project',
        fundTypeId: 'test-fund',
        orgUnitId: city.orgs.deptA,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2026,
        approvedAmountFen: 1,
        responsiblePerson: '甲',
        isNewMajor: false,
        isSpecialTransfer: false,
        attributes: {},
      }),
    ).rejects.toMatchObject({ code: 'not_allowed' });
  });

  it('plugin attributes are validated with the field named', async () => {
    await expect(
      createItem(city.platform, city.actors.officerA, {
        code: 'ATTR-1',
        name: '属性',
        kind: 'project',
        fundTypeId: 'test-fund',
        orgUnitId: city.orgs.deptA,
        fiscalYearStart: 2026,
        fiscalYearEnd: 2026,
        approvedAmountFen: 1,
        responsiblePerson: '甲',
        isNewMajor: false,
        isSpecialTransfer: false,
        attributes: { method: 'lottery' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: { issues: [{ path: 'attributes.method' }] } });
  });
});

describe('lifecycle through the services', () => {
  it('refuses budget approval while targets are not approved, then walks the whole path with events and audit', async () => {
    const { platform, actors } = city;
    const item = await createItem(platform, actors.officerA, {
      code: 'LIFE-1',
      name: '校舍改造',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: city.orgs.deptA,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 2_000_000_00,
      responsiblePerson: '李',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    const budget = { orgUnitId: city.orgs.deptA, fiscalYear: 2026, itemIds: [item.id] };
    await expect(issueBudgetApproval(platform, actors.admin, budget)).rejects.toMatchObject({
      code: 'transition_refused',
      message: expect.stringContaining('无目标不安排预算'),
    });
    await expect(applyAction(platform, actors.admin, item.id, 'approve_budget', {})).rejects.toMatchObject({
      code: 'transition_refused',
      message: expect.stringContaining('同步批复'),
    });
    await expect(
      submitTarget(platform, actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('尚未填报2026年度绩效目标'),
    });
    await expect(
      applyAction(platform, actors.officerA, item.id, 'submit_self_evaluation', {}),
    ).rejects.toMatchObject({
      message: expect.stringContaining('尚未进入执行阶段'),
    });
    await setTarget(platform, actors.officerA, item.id, completeTarget(2026));
    const version = await submitTarget(platform, actors.officerA, item.id, { fiscalYear: 2026 });
    await expect(
      reviewTarget(platform, actors.officerA, version.id, 'approve', {
        criteria: ALL_CRITERIA_MET,
        comments: [],
      }),
    ).rejects.toMatchObject({ code: 'not_allowed' });
    await reviewTarget(platform, actors.admin, version.id, 'approve', {
      criteria: ALL_CRITERIA_MET,
      comments: [],
    });
    await issueBudgetApproval(platform, actors.admin, budget);
    await applyAction(platform, actors.officerA, item.id, 'start_execution', {});
    await expect(applyAction(platform, actors.admin, item.id, 'suspend', {})).rejects.toMatchObject({
      message: expect.stringContaining('须填写原因'),
    });
    await applyAction(platform, actors.admin, item.id, 'suspend', { reason: '进度严重滞后' });
    await expect(
      recordPayment(platform, actors.officerA, item.id, {
        paidOn: '2026-08-01',
        amountFen: 100,
        source: 'report',
      }),
    ).rejects.toMatchObject({ code: 'payment_blocked', message: expect.stringContaining('进度严重滞后') });
    await applyAction(platform, actors.admin, item.id, 'terminate', { reason: '清理退出' });
    await expect(
      applyAction(platform, actors.admin, item.id, 'resume', { reason: 'x' }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('不再接受任何操作'),
    });
    const trail = await db.db.select().from(auditEntries).where(eq(auditEntries.itemId, item.id));
    expect(trail.map((e) => e.action)).toEqual([
      'item.create',
      'target.create',
      'item.submit_targets',
      'target.submit',
      'item.approve_targets',
      'target.review.approve',
      'item.approve_budget',
      'item.start_execution',
      'item.suspend',
      'item.terminate',
    ]);
  });
});

describe('payments and indicator reports', () => {
  it('rejects a payment that would exceed the approved amount or falls outside the fiscal year, and records a valid one once', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 10_000 });
    const { platform, actors } = city;
    await expect(
      recordPayment(platform, actors.officerA, item.id, {
        paidOn: '2026-03-01',
        amountFen: 10_001,
        source: 'report',
      }),
    ).rejects.toMatchObject({
      details: { issues: [{ path: 'amountFen' }] },
    });
    await expect(
      recordPayment(platform, actors.officerA, item.id, {
        paidOn: '2025-12-31',
        amountFen: 1,
        source: 'report',
      }),
    ).rejects.toMatchObject({
      details: { issues: [{ path: 'paidOn' }] },
    });
    await expect(
      recordPayment(platform, actors.officerA, item.id, {
        paidOn: '2026-09-01',
        amountFen: 1,
        source: 'report',
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('不能晚于今天'),
    });
    await recordPayment(platform, actors.officerA, item.id, {
      paidOn: '2026-03-01',
      amountFen: 4_000,
      source: 'treasury',
      voucherNo: 'V1',
    });
    await expect(
      recordPayment(platform, actors.officerA, item.id, {
        paidOn: '2026-03-02',
        amountFen: 4_000,
        source: 'treasury',
        voucherNo: 'V1',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const again = await getItem(db.db, actors.officerA, item.id);
    expect(again.paidFen).toBe(4_000);
    expect(again.executionRateBp).toBe(4_000);
  });

  it('rejects an impossible indicator report with the field named', async () => {
    const item = await createExecutingItem(city);
    const [target] = await loadTargets(db.db, item.id);
    const area = target?.indicators.find((i) => i.name === '改造校舍面积');
    const other = await createExecutingItem(city);
    const [otherTarget] = await loadTargets(db.db, other.id);
    const foreign = otherTarget?.indicators[0];
    const report = (body: Record<string, unknown>) =>
      reportIndicator(city.platform, city.actors.officerA, item.id, {
        indicatorId: area?.id ?? 0,
        reportedOn: '2026-06-30',
        ...body,
      } as never);
    await expect(report({ actualValue: -5 })).rejects.toMatchObject({
      details: { issues: [{ path: 'actualValue' }] },
    });
    await expect(report({ actualValue: 5, reportedOn: '2025-06-30' })).rejects.toMatchObject({
      details: { issues: [{ path: 'reportedOn' }] },
    });
    await expect(report({ indicatorId: foreign?.id, actualValue: 5 })).rejects.toMatchObject({
      details: { issues: [{ path: 'indicatorId' }] },
    });
    await expect(report({ actualValue: 2000, likelihood: 'impossible' })).rejects.toMatchObject({
      details: { issues: [{ path: 'deviationReason' }, { path: 'correctiveMeasure' }] },
    });
    const ok = await report({ actualValue: 6000, forecastValue: 12000, likelihood: 'certain' });
    expect(ok.actualValue).toBe(6000);
  });
});

describe('transactions and the audit chain', () => {
  it('rolls back the state change when its audit entry cannot be written', async () => {
    const item = await createExecutingItem(city);
    const before = await getItem(db.db, city.actors.admin, item.id);
    await expect(
      db.db.transaction(async (tx) => {
        await tx.update(budgetItems).set({ state: 'suspended' }).where(eq(budgetItems.id, item.id));
        await appendAudit(tx, [
          {
            actor: SYSTEM_ACTOR,
            action: 'x',
            entityType: 'budget_item',
            entityId: item.id,
            after: { bad: '\u0000' },
          },
        ]);
      }),
    ).rejects.toThrow();
    expect((await getItem(db.db, city.actors.admin, item.id)).state).toBe(before.state);
  });

  it('import is all-or-nothing: one bad row rejects the file, every bad row is listed, nothing is written', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    const itemsBefore = await count('budget_items');
    const paymentsBefore = await count('execution_records');
    const base = {
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: city.orgs.deptA,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      responsiblePerson: '李',
      attributes: {},
    };
    const err = await importBatch(city.platform, city.actors.officerA, {
      items: [
        { ...base, code: 'IMP-1', name: '导入一', approvedAmountFen: 100 },
        { ...base, code: 'IMP-2', name: '导入二', approvedAmountFen: -5 },
        { ...base, code: 'IMP-3', name: '导入三', approvedAmountFen: 100, orgUnitId: city.orgs.deptB },
      ],
      payments: [
        { itemCode: item.code, paidOn: '2026-05-01', amountFen: 600_000 },
        { itemCode: item.code, paidOn: '2026-05-02', amountFen: 600_000 },
        { itemCode: 'NOPE', paidOn: '2026-05-02', amountFen: 1 },
      ],
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_input' });
    const rejected = (err as { details: { rejected: Array<{ sheet: string; row: number }> } }).details
      .rejected;
    expect(rejected.map((r) => `${r.sheet}:${r.row}`)).toEqual([
      'items:2',
      'items:3',
      'payments:2',
      'payments:3',
    ]);
    expect(await count('budget_items')).toBe(itemsBefore);
    expect(await count('execution_records')).toBe(paymentsBefore);

    const ok = await importBatch(city.platform, city.actors.officerA, {
      items: [{ ...base, code: 'IMP-OK', name: '导入成功', approvedAmountFen: 100 }],
      targets: [{ itemCode: 'IMP-OK', ...completeTarget(2026) }],
      payments: [{ itemCode: item.code, paidOn: '2026-05-01', amountFen: 600_000 }],
    });
    expect(ok).toEqual({ items: 1, targets: 1, payments: 1 });
  });

  it('hashes what the database gives back: any before/after content verifies', async () => {
    // JSONB refuses NUL in strings; everything else JSON can carry (and Dates, undefined keys) must hash the same
    // when appended and when re-read by the verifier.
    const content = fc
      .oneof(
        fc.jsonValue(),
        fc.record({
          at: fc.date({ noInvalidDate: true }),
          gone: fc.constant(undefined),
          ['__proto__']: fc.string(),
        }),
      )
      .filter((v) => !JSON.stringify(v ?? null).includes('\\u0000'));
    await fc.assert(
      fc.asyncProperty(content, content, async (before, after) => {
        await db.db.transaction((tx) =>
          appendAudit(tx, [
            { actor: SYSTEM_ACTOR, action: 'test', entityType: 'x', entityId: 1, before, after },
          ]),
        );
      }),
      // A top-level string that reads as JSON (drizzle on PGlite once parsed "3" back as 3).
      {
        numRuns: 40,
        examples: [
          ['3', 'true'],
          [28264268476.27926, '{"a":1}'],
        ],
      },
    );
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });

  it('verifies the hash chain and reports the first tampered or deleted entry', async () => {
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
    const rows = await db.db.select({ id: auditEntries.id }).from(auditEntries).orderBy(auditEntries.id);
    const victim = rows[Math.floor(rows.length / 2)]?.id as number;
    await db.db.execute(sql`update audit_entries set actor_name = '篡改者' where id = ${victim}`);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: false, brokenAtId: victim });
    const original = await db.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.id, victim - 1));
    await db.db.execute(sql`delete from audit_entries where id = ${victim}`);
    const result = await verifyAuditChain(db.db);
    expect(result).toMatchObject({ ok: false, brokenAtId: victim + 1 });
    expect(original.length).toBe(1);
  });
});

describe('payments table', () => {
  it('stores money as exact integers', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 9_007_199_254_740_000 });
    await recordPayment(city.platform, city.actors.officerA, item.id, {
      paidOn: '2026-01-05',
      amountFen: 9_007_199_254_739_999,
      source: 'report',
    });
    const rows = await db.db.select().from(executionRecords).where(eq(executionRecords.itemId, item.id));
    expect(rows[0]?.amountFen).toBe(9_007_199_254_739_999);
  });
});
