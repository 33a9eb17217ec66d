import { type AssessmentContent, fenSchema } from '@jixiao/core';
import { definePlugin, reviewCheck } from '@jixiao/plugin-kit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadActor } from '../src/actor.ts';
import {
  acceptAssessment,
  createAssessment,
  getAssessment,
  listAssessments,
  loadExAnteStatus,
  recordAssessment,
  requireAssessment,
  respondToChanges,
  returnAssessment,
  submitAssessment,
  uploadAssessmentReport,
} from '../src/assessments/index.ts';
import { DEFAULT_ATTACHMENT_LIMITS } from '../src/attachments/index.ts';
import { verifyAuditChain } from '../src/audit/index.ts';
import { issueBudgetApproval } from '../src/budget-approvals/index.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/index.ts';
import { createInstitution } from '../src/institutions/index.ts';
import { createItem, getItem, type ItemRow } from '../src/items/index.ts';
import { createOrgUnit, createUser } from '../src/master-data/index.ts';
import { exAnteAssessments, outbox, targetVersions } from '../src/schema/index.ts';
import { reviewTarget, submitTarget } from '../src/target-reviews/index.ts';
import { setTarget } from '../src/targets/index.ts';
import {
  ALL_CRITERIA_MET,
  completeTarget,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testFundPlugin,
} from '../src/testing/index.ts';

/** A fund type with a pass/fail ex-ante dimension and a check that fails a supporting conclusion without it. */
const bondPlugin = definePlugin<{ coverage?: number }>({
  id: 'bond-fund',
  name: '测试债券',
  budgetBook: 'gov_fund',
  attributes: z.object({ coverage: z.number().optional(), contractAmountFen: fenSchema.optional() }),
  exAnteDimensions: [
    { id: 'self-balance', name: '收益与融资自求平衡', guidance: '覆盖倍数不低于1', source: '测试' },
  ],
  reviewChecks: [
    reviewCheck({
      id: 'coverage',
      name: '本息覆盖',
      source: '测试',
      appliesTo: 'ex_ante',
      run: ({ attributes }) =>
        (attributes.coverage ?? 0) >= 1
          ? { outcome: 'pass', reasons: [] }
          : { outcome: 'fail', reasons: ['项目收益不足以覆盖债券本息'] },
    }),
  ],
});

let db: TestDatabase;
let city: TestCity;
let evaluator: Actor;
let institutionId: number;
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { plugins: [testFundPlugin, bondPlugin] });
  const org = await createOrgUnit(city.platform, SYSTEM_ACTOR, {
    code: 'TP-1',
    name: '江西正信绩效评价事务所',
    kind: 'third_party',
    regionId: city.regionId,
    parentId: null,
  });
  const user = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '吴评估',
    orgUnitId: org.id,
    roles: ['evaluator'],
  });
  evaluator = (await loadActor(db.db, user.id)) as Actor;
  institutionId = (
    await createInstitution(city.platform, city.actors.admin, {
      name: '江西正信绩效评价事务所',
      credentials: '财政部门第三方机构库入库机构；绩效评价业务5年',
      orgUnitId: org.id,
    })
  ).id;
});
afterAll(() => db.dispose());

let seq = 0;
function newItem(over: Partial<Parameters<typeof createItem>[2]> = {}): Promise<ItemRow> {
  seq++;
  return createItem(city.platform, city.actors.officerA, {
    code: `EA-${seq}`,
    name: `新建项目${seq}`,
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: city.orgs.deptA,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 8_000_000_00,
    responsiblePerson: '张',
    isNewMajor: true,
    isSpecialTransfer: false,
    attributes: {},
    ...over,
  });
}

const scores = (each: number) => ({
  necessity: each,
  economy: each,
  targetSoundness: each,
  feasibility: each,
  financingCompliance: each,
});

const content = (reportId: number, over: Partial<AssessmentContent> = {}): AssessmentContent => ({
  scores: scores(18),
  verdicts: {},
  findings: '立项依据充分，投入测算合理，建议予以支持。',
  conclusion: null,
  requiredChanges: [],
  reportAttachmentIds: [reportId],
  ...over,
});

async function report(by: Actor, assessmentId: number) {
  return uploadAssessmentReport(
    city.platform,
    by,
    assessmentId,
    { fileName: '事前绩效评估报告.pdf', bytes: pdf },
    DEFAULT_ATTACHMENT_LIMITS,
  );
}

/** The department assesses its item and the bureau accepts the given conclusion. */
async function assessed(item: ItemRow, over: Partial<AssessmentContent> = {}) {
  const a = await createAssessment(city.platform, city.actors.officerA, {
    itemId: item.id,
    assessor: 'department',
  });
  const r = await report(city.actors.officerA, a.id);
  await recordAssessment(city.platform, city.actors.officerA, a.id, content(r.id, over));
  await submitAssessment(city.platform, city.actors.officerA, a.id);
  return acceptAssessment(city.platform, city.actors.admin, a.id, null);
}

describe('ex-ante assessment', () => {
  it('a new major item sends no target before an accepted assessment, and nothing is written', async () => {
    const item = await newItem();
    await setTarget(city.platform, city.actors.officerA, item.id, completeTarget(2026));
    await expect(
      submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      code: 'transition_refused',
      message: expect.stringContaining('须先完成事前绩效评估'),
    });
    expect(await db.db.select().from(targetVersions).where(eq(targetVersions.itemId, item.id))).toEqual([]);
    expect((await getItem(db.db, city.actors.officerA, item.id)).state).toBe('draft');
  });

  it('a commissioned institution carries out the assessment the bureau accepts; it sees nothing else', async () => {
    const item = await newItem({ name: '城区智慧停车系统建设' });
    const a = await createAssessment(city.platform, city.actors.admin, {
      itemId: item.id,
      assessor: 'third_party',
      institutionId,
    });
    expect(a).toMatchObject({ status: 'draft', assessor: 'third_party', institution: { id: institutionId } });
    await expect(getItem(db.db, evaluator, item.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await listAssessments(db.db, evaluator, { limit: 50 })).map((x) => x.id)).toEqual([a.id]);
    await expect(
      createAssessment(city.platform, city.actors.officerA, { itemId: item.id, assessor: 'department' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      recordAssessment(city.platform, city.actors.officerA, a.id, content(1)),
    ).rejects.toMatchObject({ code: 'not_allowed' });

    const file = await report(evaluator, a.id);
    expect(file).toMatchObject({
      itemId: item.id,
      purpose: 'ex_ante_report',
      uploadedBy: { name: '吴评估' },
    });
    const recorded = await recordAssessment(
      city.platform,
      evaluator,
      a.id,
      content(file.id, { scores: scores(17) }),
    );
    expect(recorded).toMatchObject({ totalScore: 85, computedConclusion: 'support', conclusion: 'support' });
    const submitted = await submitAssessment(city.platform, evaluator, a.id);
    expect(submitted).toMatchObject({ status: 'submitted', submittedBy: { name: '吴评估' } });
    await expect(acceptAssessment(city.platform, evaluator, a.id, null)).rejects.toMatchObject({
      code: 'not_allowed',
    });

    const accepted = await acceptAssessment(city.platform, city.actors.admin, a.id, '同意评估结论');
    expect(accepted).toMatchObject({
      status: 'accepted',
      reviewedBy: { name: '王财政' },
      reviewComment: '同意评估结论',
    });
    expect((await getItem(db.db, city.actors.officerA, item.id)).state).toBe('assessed');
    const told = await db.db
      .select()
      .from(outbox)
      .where(
        and(eq(outbox.kind, 'assessment_review'), eq(outbox.recipientUserId, evaluator.userId as number)),
      );
    expect(told.map((r) => r.payload)).toEqual([{ assessmentId: a.id, event: 'accepted' }]);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });

  it('the bureau returns an assessment with its comments; the assessor fixes and resubmits', async () => {
    const item = await newItem();
    const a = await createAssessment(city.platform, city.actors.officerA, {
      itemId: item.id,
      assessor: 'department',
    });
    const r = await report(city.actors.officerA, a.id);
    await recordAssessment(city.platform, city.actors.officerA, a.id, content(r.id));
    await submitAssessment(city.platform, city.actors.officerA, a.id);
    await expect(returnAssessment(city.platform, city.actors.admin, a.id, null)).rejects.toMatchObject({
      message: '退回须填写审核意见',
    });
    const returned = await returnAssessment(
      city.platform,
      city.actors.admin,
      a.id,
      '投入经济性论证不足，请补充同类项目成本对比',
    );
    expect(returned).toMatchObject({ status: 'returned', round: 2 });
    await recordAssessment(
      city.platform,
      city.actors.officerA,
      a.id,
      content(r.id, { findings: '已补充同类项目成本对比。' }),
    );
    expect((await submitAssessment(city.platform, city.actors.officerA, a.id)).status).toBe('submitted');
  });

  it('refuses bad content naming the field and writes nothing', async () => {
    const item = await newItem();
    const a = await createAssessment(city.platform, city.actors.officerA, {
      itemId: item.id,
      assessor: 'department',
    });
    await expect(
      recordAssessment(
        city.platform,
        city.actors.officerA,
        a.id,
        content(1, { scores: { ...scores(18), necessity: 25 } }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('scores.necessity') });
    await expect(submitAssessment(city.platform, city.actors.officerA, a.id)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('未给“立项必要性”打分'),
    });
    const other = await newItem();
    const foreign = await createAssessment(city.platform, city.actors.officerA, {
      itemId: other.id,
      assessor: 'department',
    });
    const otherReport = await report(city.actors.officerA, foreign.id);
    await expect(
      recordAssessment(city.platform, city.actors.officerA, a.id, content(otherReport.id)),
    ).rejects.toMatchObject({
      message: expect.stringContaining('reportAttachmentIds.0'),
    });
    const [row] = await db.db.select().from(exAnteAssessments).where(eq(exAnteAssessments.id, a.id));
    expect(row).toMatchObject({ scores: {}, summary: '', reportAttachmentIds: [] });
  });

  it('不予支持: the item stays in 编制中 and no budget can be arranged', async () => {
    const item = await newItem();
    const a = await assessed(item, { scores: scores(10) });
    expect(a.conclusion).toBe('reject');
    expect((await getItem(db.db, city.actors.officerA, item.id)).state).toBe('draft');
    await setTarget(city.platform, city.actors.officerA, item.id, completeTarget(2026));
    await expect(
      submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('不予支持'),
    });
    await expect(
      issueBudgetApproval(city.platform, city.actors.admin, {
        orgUnitId: city.orgs.deptA,
        fiscalYear: 2026,
        itemIds: [item.id],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining(item.name) });
  });

  it('调整完善: the budget waits until every listed change is answered', async () => {
    const item = await newItem();
    const a = await assessed(item, {
      scores: scores(14),
      requiredChanges: ['压减设备购置预算约15%', '补充运维资金来源'],
    });
    expect(a).toMatchObject({
      conclusion: 'support_after_revision',
      requiredChanges: [{ id: 1 }, { id: 2 }],
    });
    await setTarget(city.platform, city.actors.officerA, item.id, completeTarget(2026));
    const v = await submitTarget(city.platform, city.actors.officerA, item.id, { fiscalYear: 2026 });
    await reviewTarget(city.platform, city.actors.admin, v.id, 'approve', {
      criteria: ALL_CRITERIA_MET,
      comments: [],
    });
    const budget = { orgUnitId: city.orgs.deptA, fiscalYear: 2026, itemIds: [item.id] };
    await expect(issueBudgetApproval(city.platform, city.actors.admin, budget)).rejects.toMatchObject({
      message: expect.stringContaining('尚有2项调整完善意见未答复'),
    });
    await expect(
      respondToChanges(city.platform, city.actors.officerA, a.id, {
        responses: [{ changeId: 9, response: 'x', attachmentIds: [] }],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('responses.0.changeId') });
    await respondToChanges(city.platform, city.actors.officerA, a.id, {
      responses: [
        { changeId: 1, response: '设备购置由320万元压减至270万元', attachmentIds: [] },
        { changeId: 2, response: '运维资金纳入部门年度预算', attachmentIds: [] },
      ],
    });
    expect((await loadExAnteStatus(db.db, item, city.platform.config)).gate.openChanges).toBe(0);
    const sheet = await issueBudgetApproval(city.platform, city.actors.admin, budget);
    expect(sheet.items.map((l) => l.item.id)).toEqual([item.id]);
  });

  it('a fund type’s failed verdict computes 不予支持, and its check refuses accepting a supporting conclusion', async () => {
    const bond = await newItem({ fundTypeId: 'bond-fund', attributes: { coverage: 0.8 } });
    const a = await createAssessment(city.platform, city.actors.officerA, {
      itemId: bond.id,
      assessor: 'department',
    });
    const r = await report(city.actors.officerA, a.id);
    const failed = await recordAssessment(
      city.platform,
      city.actors.officerA,
      a.id,
      content(r.id, { verdicts: { 'bond-fund:self-balance': { passed: false, note: '覆盖倍数0.8' } } }),
    );
    expect(failed).toMatchObject({ totalScore: 90, computedConclusion: 'reject' });
    await recordAssessment(
      city.platform,
      city.actors.officerA,
      a.id,
      content(r.id, { verdicts: { 'bond-fund:self-balance': { passed: true } } }),
    );
    await submitAssessment(city.platform, city.actors.officerA, a.id);
    await expect(acceptAssessment(city.platform, city.actors.admin, a.id, null)).rejects.toMatchObject({
      code: 'transition_refused',
      message: expect.stringContaining('项目收益不足以覆盖债券本息'),
    });
    expect((await getAssessment(db.db, city.actors.admin, a.id)).status).toBe('submitted');
  });

  it('the bureau may require any item to be assessed; a department may not', async () => {
    const item = await newItem({ isNewMajor: false });
    expect((await loadExAnteStatus(db.db, item, city.platform.config)).requirement.required).toBe(false);
    await expect(
      requireAssessment(city.platform, city.actors.officerA, item.id, '社会关注度高'),
    ).rejects.toMatchObject({
      code: 'not_allowed',
    });
    await requireAssessment(city.platform, city.actors.admin, item.id, '社会关注度高');
    expect((await loadExAnteStatus(db.db, item, city.platform.config)).requirement.reasons).toEqual([
      '财政部门要求评估：社会关注度高',
    ]);
  });
});
