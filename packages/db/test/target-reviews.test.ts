import type { TargetInput } from '@jixiao/core';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../src/actor.ts';
import { verifyAuditChain } from '../src/audit/index.ts';
import {
  getBudgetApproval,
  issueBudgetApproval,
  previewBudgetApproval,
} from '../src/budget-approvals/index.ts';
import { saveDepartmentTarget, submitDepartmentTarget } from '../src/department-targets/index.ts';
import { reportIndicator } from '../src/execution/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/index.ts';
import { applyAction, createItem, getItem, type ItemRow } from '../src/items/index.ts';
import { createUser } from '../src/master-data/index.ts';
import { outbox, performanceTargets, targetVersions } from '../src/schema/index.ts';
import {
  checkTarget,
  proposeTargetAdjustment,
  reviewTarget,
  runQualityChecks,
  submitTarget,
  targetHistory,
  targetInForce,
} from '../src/target-reviews/index.ts';
import { loadTargets, setTarget } from '../src/targets/index.ts';
import {
  ALL_CRITERIA_MET,
  completeTarget,
  createTestDatabase,
  EDUCATION_DEPARTMENT_INDICATORS,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
/** A finance admin who sits in the education bureau: may not review its items. */
let insider: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  const u = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '钱内审',
    orgUnitId: city.orgs.deptA,
    roles: ['finance_admin'],
  });
  insider = (await loadActor(db.db, u.id)) as Actor;
});
afterAll(() => db.dispose());

let seq = 0;
function newItem(over: Partial<Parameters<typeof createItem>[2]> = {}): Promise<ItemRow> {
  seq++;
  return createItem(city.platform, city.actors.officerA, {
    code: `TR-${seq}`,
    name: `校舍改造${seq}`,
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
    ...over,
  });
}

const approve = (versionId: number, by: Actor = city.actors.admin) =>
  reviewTarget(city.platform, by, versionId, 'approve', { criteria: ALL_CRITERIA_MET, comments: [] });

function withLine(
  t: TargetInput,
  index: number,
  over: Partial<TargetInput['indicators'][number]>,
): TargetInput {
  return { ...t, indicators: t.indicators.map((l, i) => (i === index ? { ...l, ...over } : l)) };
}

describe('target submission and review', () => {
  it('a target failing a quality check is refused naming the field to fix, and nothing is written', async () => {
    const item = await newItem();
    await setTarget(
      city.platform,
      city.actors.officerA,
      item.id,
      withLine(completeTarget(2026), 1, { unit: '' }),
    );
    await expect(
      submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('指标“工程验收合格率”缺少计量单位'),
      details: { issues: [{ path: 'indicators.1.unit' }] },
    });
    expect(await db.db.select().from(targetVersions).where(eq(targetVersions.itemId, item.id))).toEqual([]);
    expect((await loadTargets(db.db, item.id))[0]?.status).toBe('draft');
    expect((await checkTarget(city.platform, city.actors.officerA, item.id, 2026)).findings).toMatchObject([
      { rule: 'unit-missing', severity: 'block', path: 'indicators.1.unit' },
    ]);
  });

  it('submitted, returned with comments, fixed (the resubmission shows what changed) and approved', async () => {
    const item = await newItem();
    await setTarget(city.platform, city.actors.officerA, item.id, completeTarget(2026));
    const v1 = await submitTarget(city.platform, city.actors.officerA, item.id, {
      fiscalYear: 2026,
      note: '首次报送',
    });
    expect(v1).toMatchObject({ version: 1, status: 'submitted', kind: 'initial', changes: null });
    expect((await getItem(db.db, city.actors.officerA, item.id)).state).toBe('targets_submitted');

    await expect(approve(v1.id, city.actors.officerA)).rejects.toMatchObject({ code: 'not_allowed' });
    await expect(approve(v1.id, insider)).rejects.toMatchObject({
      message: '审核人不能审核本部门的绩效目标',
    });
    await expect(
      reviewTarget(city.platform, city.actors.admin, v1.id, 'return', {
        criteria: {},
        comments: [{ indicator: '不存在的指标', comment: 'x' }],
        opinion: '退回',
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('comments.0.indicator') });

    const returned = await reviewTarget(city.platform, city.actors.admin, v1.id, 'return', {
      criteria: {
        specific: { met: true },
        quantified: { met: false, note: '受益人数未说明口径' },
        feasible: { met: true },
        matched: { met: true },
      },
      comments: [{ indicator: '受益学生人数', comment: '请按在校生人数核定，3000人偏低' }],
      opinion: '指标值依据不足，请修改后重新报送',
    });
    expect(returned).toMatchObject({ status: 'returned', reviewedBy: { name: '王财政' } });
    expect((await getItem(db.db, city.actors.officerA, item.id)).state).toBe('draft');
    const [notice] = await db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'target_review'), eq(outbox.dedupeKey, `target_review:${v1.id}:return`)));
    expect(notice).toMatchObject({
      recipientUserId: city.actors.officerA.userId,
      payload: { versionId: v1.id, event: 'returned' },
    });

    const fixed = withLine(completeTarget(2026), 2, { targetValue: 3600 });
    await setTarget(city.platform, city.actors.officerA, item.id, fixed);
    const v2 = await submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 });
    expect(v2).toMatchObject({
      version: 2,
      changes: {
        since: 1,
        overallGoal: null,
        added: [],
        removed: [],
        changed: [{ name: '受益学生人数', fields: [{ field: 'targetValue', before: 3000, after: 3600 }] }],
      },
    });
    await expect(
      reviewTarget(city.platform, city.actors.admin, v2.id, 'approve', { criteria: {}, comments: [] }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('criteria.specific') });
    const approved = await approve(v2.id);
    expect(approved).toMatchObject({ status: 'approved', effectiveFrom: '2026-08-31' });
    expect((await getItem(db.db, city.actors.officerA, item.id)).state).toBe('targets_approved');
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });

  it('a change during the year is a new version reviewed again; the version in force follows the dates', async () => {
    const item = await newItem();
    await setTarget(city.platform, city.actors.officerA, item.id, completeTarget(2026));
    await approve(
      (await submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 })).id,
    );
    await issueBudgetApproval(city.platform, city.actors.admin, {
      orgUnitId: city.orgs.deptA,
      fiscalYear: 2026,
      itemIds: [item.id],
    });
    await applyAction(city.platform, city.actors.officerA, item.id, 'start_execution', {});
    const [area] = (await loadTargets(db.db, item.id))[0]?.indicators ?? [];
    await reportIndicator(city.platform, city.actors.officerA, item.id, {
      indicatorId: area?.id as number,
      reportedOn: '2026-06-30',
      actualValue: 5000,
    });
    const t = completeTarget(2026);
    await expect(
      proposeTargetAdjustment(city.platform, city.actors.officerA, item.id, { ...t, reason: ' ' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('reason') });
    const dropped = {
      ...t,
      indicators: t.indicators.slice(1).map((l) => (l.name === '工程验收合格率' ? { ...l, weight: 50 } : l)),
    };
    await expect(
      proposeTargetAdjustment(city.platform, city.actors.officerA, item.id, {
        ...dropped,
        reason: '规划调整',
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('“改造校舍面积”已有完成情况填报') });

    const changed = withLine(t, 0, { targetValue: 9000 });
    const adj = await proposeTargetAdjustment(city.platform, city.actors.officerA, item.id, {
      ...changed,
      reason: '受用地调整影响，改造面积减少',
    });
    expect(adj).toMatchObject({
      kind: 'adjustment',
      status: 'submitted',
      reason: '受用地调整影响，改造面积减少',
    });
    expect(adj.changes).toMatchObject({
      changed: [{ name: '改造校舍面积', fields: [{ field: 'targetValue', before: 12000, after: 9000 }] }],
    });
    expect((await loadTargets(db.db, item.id))[0]?.indicators[0]?.targetValue).toBe(12000);

    city.platform.today = () => '2026-09-15';
    try {
      await approve(adj.id);
    } finally {
      delete city.platform.today;
    }
    const live = (await loadTargets(db.db, item.id))[0];
    expect(live?.indicators[0]).toMatchObject({ id: area?.id, targetValue: 9000 });
    const before = await targetInForce(db.db, item.id, 2026, '2026-09-14');
    const after = await targetInForce(db.db, item.id, 2026, '2026-09-15');
    expect([before?.version, after?.version]).toEqual([1, 2]);
    expect(before?.content.indicators[0]).toMatchObject({ targetValue: 12000 });
    expect(await targetInForce(db.db, item.id, 2026, '2026-08-30')).toBeNull();
    const history = await targetHistory(city.platform, city.actors.officerA, item.id, 2026, '2026-09-20');
    expect(history.versions.map((v) => [v.version, v.kind, v.effectiveFrom, v.effectiveTo])).toEqual([
      [1, 'initial', '2026-08-31', '2026-09-15'],
      [2, 'adjustment', '2026-09-15', null],
    ]);
    expect(history.inForce).toBe(2);
  });

  it('multi-year items: the whole-cycle target first, annual targets consistent with it', async () => {
    const item = await newItem({ fiscalYearStart: 2026, fiscalYearEnd: 2028 });
    const annual = completeTarget(2026);
    await setTarget(city.platform, city.actors.officerA, item.id, annual);
    await expect(
      submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('多年度项目须先设置全周期绩效目标'),
    });
    const cycle = withLine(completeTarget(null), 0, { targetValue: 10000 });
    await setTarget(city.platform, city.actors.officerA, item.id, cycle);
    await expect(
      submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('须先报送全周期绩效目标'),
    });
    const cv = await submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: null });
    await expect(
      submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('年度目标12000平方米超过全周期目标10000平方米'),
      details: { issues: [{ path: 'indicators.0.targetValue' }] },
    });
    await setTarget(city.platform, city.actors.officerA, item.id, withLine(annual, 0, { targetValue: 4000 }));
    const av = await submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 });
    await expect(approve(av.id)).rejects.toMatchObject({
      message: expect.stringContaining('须先审核通过全周期绩效目标'),
    });
    await approve(cv.id);
    await approve(av.id);
    const sheet = await issueBudgetApproval(city.platform, city.actors.admin, {
      orgUnitId: city.orgs.deptA,
      fiscalYear: 2026,
      itemIds: [item.id],
    });
    expect(sheet.items[0]).toMatchObject({ target: { versionId: av.id }, cycleTarget: { versionId: cv.id } });
  });
});

describe('department-wide targets and 同步批复', () => {
  it('a department’s budget and its targets approved in one action, all or nothing, with the 批复表', async () => {
    await expect(
      saveDepartmentTarget(city.platform, city.actors.officerA, city.orgs.deptA, {
        fiscalYear: 2027,
        overallGoal: '全面完成年度教育工作任务',
        indicators: EDUCATION_DEPARTMENT_INDICATORS.slice(1),
      }),
    ).resolves.toMatchObject({ status: 'draft' });
    const dt = await saveDepartmentTarget(city.platform, city.actors.officerA, city.orgs.deptA, {
      fiscalYear: 2027,
      overallGoal: '全面完成年度教育工作任务',
      indicators: EDUCATION_DEPARTMENT_INDICATORS.slice(1),
    });
    await expect(submitDepartmentTarget(city.platform, city.actors.officerA, dt.id)).rejects.toMatchObject({
      message: expect.stringContaining('缺少“履职效能”方面的指标'),
    });
    await saveDepartmentTarget(city.platform, city.actors.officerA, city.orgs.deptA, {
      fiscalYear: 2027,
      overallGoal: '全面完成年度教育工作任务',
      indicators: EDUCATION_DEPARTMENT_INDICATORS,
    });
    const v1 = await submitDepartmentTarget(city.platform, city.actors.officerA, dt.id);
    await reviewTarget(city.platform, city.actors.admin, v1.id, 'return', {
      criteria: {},
      comments: [{ indicator: '重点工作任务完成率', comment: '请列明重点工作任务清单' }],
      opinion: '履职效能指标过于笼统',
    });
    const v2 = await submitDepartmentTarget(city.platform, city.actors.officerA, dt.id);
    expect(v2.changes).toMatchObject({ since: 1, changed: [] });
    await approve(v2.id);

    const ready = await newItem({ fiscalYearStart: 2027, fiscalYearEnd: 2027, name: '2027年校舍维修' });
    const notReady = await newItem({ fiscalYearStart: 2027, fiscalYearEnd: 2027, name: '2027年教师培训' });
    await setTarget(city.platform, city.actors.officerA, ready.id, completeTarget(2027));
    await approve(
      (await submitTarget(city.platform, city.actors.officerA, ready.id, { fiscalYear: 2027 })).id,
    );
    const preview = await previewBudgetApproval(city.platform, city.actors.admin, {
      orgUnitId: city.orgs.deptA,
      fiscalYear: 2027,
    });
    expect(preview.candidates.map((c) => [c.item.name, c.ready])).toEqual([
      ['2027年校舍维修', true],
      ['2027年教师培训', false],
    ]);
    await expect(
      issueBudgetApproval(city.platform, city.actors.admin, {
        orgUnitId: city.orgs.deptA,
        fiscalYear: 2027,
        itemIds: [ready.id, notReady.id],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('2027年教师培训') });
    expect((await getItem(db.db, city.actors.admin, ready.id)).state).toBe('targets_approved');
    await expect(
      issueBudgetApproval(city.platform, city.actors.officerA, {
        orgUnitId: city.orgs.deptA,
        fiscalYear: 2027,
      }),
    ).rejects.toMatchObject({ code: 'not_allowed' });

    const issued = await issueBudgetApproval(city.platform, city.actors.admin, {
      orgUnitId: city.orgs.deptA,
      fiscalYear: 2027,
    });
    expect(issued).toMatchObject({
      number: expect.stringMatching(/^绩效批复〔2027〕\d+号$/),
      orgUnit: { id: city.orgs.deptA },
      totalFen: ready.approvedAmountFen,
      items: [{ item: { id: ready.id }, amountFen: ready.approvedAmountFen, target: { version: 1 } }],
      departmentTarget: { versionId: v2.id },
    });
    expect((await getItem(db.db, city.actors.admin, ready.id)).state).toBe('budget_approved');
    expect((await getBudgetApproval(db.db, city.actors.officerA, issued.id)).items).toHaveLength(1);
    await expect(getBudgetApproval(db.db, city.actors.officerB, issued.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    const [version] = await db.db
      .select({ approvalId: targetVersions.approvalId })
      .from(targetVersions)
      .innerJoin(performanceTargets, eq(performanceTargets.id, targetVersions.targetId))
      .where(eq(performanceTargets.itemId, ready.id));
    expect(version?.approvalId).toBe(issued.id);
  });

  it('the set-based quality run covers the targets waiting for review; only the bureau runs it', async () => {
    const item = await newItem();
    await setTarget(city.platform, city.actors.officerA, item.id, completeTarget(2026));
    await submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 });
    await expect(runQualityChecks(city.platform, city.actors.officerA, {})).rejects.toMatchObject({
      code: 'not_allowed',
    });
    const run = await runQualityChecks(city.platform, city.actors.admin, { fiscalYear: 2026 });
    expect(run.targets).toBeGreaterThanOrEqual(1);
    expect(run.targetsWithBlocking).toBe(0);
  });
});
