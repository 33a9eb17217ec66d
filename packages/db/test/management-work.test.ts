import { defaultPolicyConfig } from '@jixiao/core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../src/actor.ts';
import { recordEvaluationResult } from '../src/evaluation-results/index.ts';
import type { Actor } from '../src/index.ts';
import { SYSTEM_ACTOR } from '../src/index.ts';
import { createItem } from '../src/items/index.ts';
import {
  assessManagementWork,
  getTargetDeadline,
  managementAssessmentCsv,
  recordInterview,
  setTargetDeadline,
} from '../src/management-work/index.ts';
import { createUser } from '../src/master-data/index.ts';
import { actOnPublication, createPublication } from '../src/publications/index.ts';
import {
  auditEntries,
  evaluationFindings,
  outbox,
  rectificationTasks,
  targetVersions,
} from '../src/schema/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
let schoolId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, {
    today: '2026-11-30',
    config: {
      ...defaultPolicyConfig,
      managementAssessment: {
        ...defaultPolicyConfig.managementAssessment,
        commendTop: 1,
        interviewBottom: 1,
      },
    },
  });
  // 教育局: its project's target approved, and it is published.
  const school = await createExecutingItem(city, { name: '城区学校校舍改造' });
  schoolId = school.id;
  // 卫健委: a project whose target was never submitted.
  await createItem(city.platform, city.actors.officerB, {
    code: 'HEALTH-2026-001',
    name: '社区卫生服务中心改造',
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: city.orgs.deptB,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 500_000_00,
    responsiblePerson: '陈医生',
    isNewMajor: false,
    isSpecialTransfer: false,
    attributes: {},
  });
  const u = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '孙审核',
    orgUnitId: city.orgs.finance,
    roles: ['finance_admin'],
  });
  const reviewer = (await loadActor(db.db, u.id)) as Actor;
  const p = await createPublication(city.platform, city.actors.admin, {
    fiscalYear: 2026,
    draft: 'budget',
    itemIds: [school.id],
    departmentIds: [],
  });
  await actOnPublication(city.platform, city.actors.admin, p.id, 'submit');
  await actOnPublication(city.platform, reviewer, p.id, 'approve', { publishOn: '2026-11-30' });
});
afterAll(() => db.dispose());

describe('预算绩效管理工作考核 (DI-6)', () => {
  it('scores departments and county bureaus from recorded facts, ranks, notifies all and tasks the bottom', async () => {
    await expect(assessManagementWork(city.platform, city.actors.officerA, 2026)).rejects.toThrow(/无权/);
    const a = await assessManagementWork(city.platform, city.actors.admin, 2026);
    expect(a.scores.map((s) => [s.rank, s.name, s.total, s.outcome])).toEqual([
      [1, '浮梁县财政局', 95, 'commended'],
      [2, '景德镇市教育局', 85, null],
      [3, '景德镇市卫生健康委员会', 80, 'interviewed'],
    ]);
    const edu = a.scores.find((s) => s.name === '景德镇市教育局');
    expect(edu?.indicators.find((i) => i.key === 'monitoringReports')?.evidence).toBe(
      '4项中0项绩效指标按时填报监控情况（0%）',
    );
    // The 通报 reaches every department's officer and the county bureau, each to acknowledge.
    const notices = (await db.db.select().from(outbox)).filter((r) => r.kind === 'management_ranking');
    expect(notices.map((r) => r.recipientUserId).sort()).toEqual(
      [city.actors.officerA.userId, city.actors.officerB.userId, city.actors.countyAdmin.userId].sort(),
    );
    // The bottom one has its rectification task, for its own officer, with a deadline.
    const health = a.scores.find((s) => s.outcome === 'interviewed');
    const tasks = await db.db.select().from(rectificationTasks);
    const task = tasks.find((t) => t.id === health?.taskId);
    expect(task).toMatchObject({
      source: 'management_assessment',
      assigneeUserId: city.actors.officerB.userId,
      deadline: '2026-12-30',
    });
    expect(task?.requirement).toContain('绩效目标按时报送');
    // The interview is recorded for the interviewed one only, and not in the future.
    const recorded = await recordInterview(city.platform, city.actors.admin, a.id, {
      partyId: health?.partyId as number,
      heldOn: '2026-11-30',
      summary: '分管领导到会，说明目标未报送的原因，承诺月底前补报',
    });
    expect(recorded.scores.find((s) => s.partyId === health?.partyId)?.interview).toEqual({
      heldOn: '2026-11-30',
      summary: '分管领导到会，说明目标未报送的原因，承诺月底前补报',
      recordedBy: '王财政',
    });
    await expect(
      recordInterview(city.platform, city.actors.admin, a.id, {
        partyId: city.orgs.deptA,
        heldOn: '2026-11-30',
        summary: '无',
      }),
    ).rejects.toThrow(/不是本次考核的约谈对象/);
    await expect(
      recordInterview(city.platform, city.actors.admin, a.id, {
        partyId: health?.partyId as number,
        heldOn: '2026-12-01',
        summary: '无',
      }),
    ).rejects.toThrow(/不能晚于今天/);
    const csv = managementAssessmentCsv(a);
    expect(csv.split('\r\n')[1]).toBe(
      '1,浮梁县财政局,县（区）财政部门,95,通报表扬,绩效信息公开：1项中0项应公开事项已公开（0%）（扣5分）',
    );
  });
  it('deducts for every self-evaluation of the year before that a spot check found distorted', async () => {
    const before = await assessManagementWork(city.platform, city.actors.admin, 2026);
    const edu = (a: typeof before) => a.scores.find((s) => s.name === '景德镇市教育局');
    await db.db.transaction((tx) =>
      recordEvaluationResult(tx, city.actors.admin, city.platform, {
        source: 'spot_check',
        fiscalYear: 2025,
        itemId: schoolId,
        score: 70,
        grade: 'fair',
        distortion: true,
      }),
    );
    const after = await assessManagementWork(city.platform, city.actors.admin, 2026);
    const cfg = defaultPolicyConfig.managementAssessment;
    expect(edu(after)?.total).toBe((edu(before)?.total as number) - cfg.pointsPerDistortion);
    expect(edu(after)?.indicators.find((i) => i.key === 'spotCheckDistortions')?.evidence).toBe(
      `抽查发现1份自评失真，每份扣${cfg.pointsPerDistortion}分`,
    );
  });

  it('counts targets on time against the deadline the bureau set, by the China date of the first submission', async () => {
    const edu = async () =>
      (await assessManagementWork(city.platform, city.actors.admin, 2026)).scores
        .find((s) => s.name === '景德镇市教育局')
        ?.indicators.find((i) => i.key === 'targetsOnTime');
    expect((await edu())?.evidence).toBe('未设定报送截止日期，1项中1项按时报送绩效目标（100%）');
    await expect(
      setTargetDeadline(city.platform, city.actors.officerA, {
        regionId: city.regionId,
        fiscalYear: 2026,
        deadline: '2026-03-31',
      }),
    ).rejects.toThrow(/无权/);
    await expect(
      setTargetDeadline(city.platform, city.actors.admin, {
        regionId: city.regionId,
        fiscalYear: 2026,
        deadline: '2027-03-31',
      }),
    ).rejects.toThrow(/字段 deadline/);
    await setTargetDeadline(city.platform, city.actors.admin, {
      regionId: city.regionId,
      fiscalYear: 2026,
      deadline: '2026-03-31',
    });
    expect(await getTargetDeadline(db.db, city.actors.admin, city.regionId, 2026)).toMatchObject({
      deadline: '2026-03-31',
    });
    // The school's target was submitted on 2026-11-30: late.
    expect((await edu())?.evidence).toBe('报送截止日期2026-03-31，1项中0项按时报送绩效目标（0%）');
    // 23:59 in Beijing on the deadline is on time; a minute later is not.
    const submitAt = (iso: string) =>
      db.db
        .update(targetVersions)
        .set({ submittedAt: new Date(iso) })
        .where(eq(targetVersions.itemId, schoolId));
    await submitAt('2026-03-31T15:59:00Z');
    expect((await edu())?.score).toBe(15);
    await submitAt('2026-03-31T16:00:00Z');
    expect((await edu())?.score).toBe(0);
    // Moved later: audited with the date before.
    await setTargetDeadline(city.platform, city.actors.admin, {
      regionId: city.regionId,
      fiscalYear: 2026,
      deadline: '2026-04-15',
    });
    expect((await edu())?.score).toBe(15);
    const audits = (await db.db.select().from(auditEntries)).filter(
      (a) => a.action === 'target_deadline.set',
    );
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [null, { fiscalYear: 2026, deadline: '2026-03-31' }],
      [
        { fiscalYear: 2026, deadline: '2026-03-31' },
        { fiscalYear: 2026, deadline: '2026-04-15' },
      ],
    ]);
  });

  it('scores the rectifications opened from evaluation results by the share closed by their deadline', async () => {
    const edu = (a: Awaited<ReturnType<typeof assessManagementWork>>) =>
      a.scores.find((s) => s.name === '景德镇市教育局');
    const before = await assessManagementWork(city.platform, city.actors.admin, 2026);
    const resultId = await db.db.transaction((tx) =>
      recordEvaluationResult(tx, city.actors.admin, city.platform, {
        source: 'key_evaluation',
        fiscalYear: 2026,
        itemId: schoolId,
        score: 65,
        grade: 'fair',
        findings: [
          { finding: '验收资料不全', requiredAction: '补齐验收资料', deadline: '2026-12-20' },
          { finding: '资金拨付滞后', requiredAction: '加快拨付', deadline: '2026-12-20' },
        ],
      }),
    );
    const taskIds = (
      await db.db.select().from(evaluationFindings).where(eq(evaluationFindings.resultId, resultId))
    ).map((f) => f.rectificationTaskId as number);
    // Time has passed: one is overdue and still open, the other was accepted before its deadline.
    await db.db
      .update(rectificationTasks)
      .set({ deadline: '2026-11-20' })
      .where(eq(rectificationTasks.id, taskIds[0] as number));
    await db.db
      .update(rectificationTasks)
      .set({ deadline: '2026-11-25', status: 'accepted', reviewedAt: new Date('2026-11-10T02:00:00Z') })
      .where(eq(rectificationTasks.id, taskIds[1] as number));
    const after = await assessManagementWork(city.platform, city.actors.admin, 2026);
    const point = edu(after)?.indicators.find((i) => i.key === 'resultRectificationsOnTime');
    expect(point).toMatchObject({ name: '评价结果整改按期完成', score: 2.5 });
    expect(point?.evidence).toBe('2项中1项评价结果整改任务按期完成（50%）');
    // The other rectification point is not counted twice.
    const other = (a: typeof after) => edu(a)?.indicators.find((i) => i.key === 'rectificationsOnTime');
    expect(other(after)).toEqual(other(before));
    expect(edu(after)?.total).toBe((edu(before)?.total as number) - 2.5);
  });
});
