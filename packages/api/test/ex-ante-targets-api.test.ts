import { issueToken } from '@jixiao/db/auth';
import { ALL_CRITERIA_MET, completeTarget } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
let evaluatorToken: string;

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  h = await createApiHarness();
  const org = await h.call('POST', '/api/v1/org-units', {
    body: { code: 'TP-ZX', name: '江西正信绩效评价事务所', kind: 'third_party', regionId: h.city.regionId },
  });
  const user = await h.call('POST', '/api/v1/users', {
    body: { name: '吴评估', orgUnitId: org.body.id, roles: ['evaluator'] },
  });
  evaluatorToken = (await issueToken(h.db.db, user.body.id, 'test')).token;
  const inst = await h.call('POST', '/api/v1/institutions', {
    body: {
      name: '江西正信绩效评价事务所',
      credentials: '省财政厅第三方机构库入库机构',
      orgUnitId: org.body.id,
    },
  });
  expect(inst.status, JSON.stringify(inst.body)).toBe(201);
});
afterAll(() => h.close());

let seq = 0;
async function newItem(over: Record<string, unknown> = {}) {
  seq++;
  const res = await h.call('POST', '/api/v1/items', {
    token: h.tokens.officerA,
    body: {
      code: `API-EA-${seq}`,
      name: `城区学校扩建${seq}`,
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: h.city.orgs.deptA,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 12_000_000_00,
      responsiblePerson: '张',
      isNew: true,
      sector: 'education',
      ...over,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

const SCORES = { necessity: 18, economy: 16, targetSoundness: 17, feasibility: 17, financingCompliance: 18 };

function upload(path: string, token: string) {
  const form = new FormData();
  form.append('file', new Blob([pdf]), '事前绩效评估报告.pdf');
  return h.request(path, { method: 'POST', body: form, token });
}

async function counts() {
  const rows = await h.db.db.execute(
    sql`select (select count(*) from audit_entries)::int as audit, (select count(*) from outbox)::int as outbox,
               (select count(*) from target_versions)::int as versions, (select count(*) from ex_ante_assessments)::int as assessments`,
  );
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0];
}

describe('ex-ante assessment through the API', () => {
  it('a third party the bureau commissions assesses the item and the bureau accepts it', async () => {
    const itemId = await newItem();
    const status = await h.call('GET', `/api/v1/items/${itemId}/ex-ante`, { token: h.tokens.officerA });
    expect(status.body).toMatchObject({ required: true, acceptedConclusion: null });
    expect(status.body.reasons[0]).toContain('新增项目');
    expect(status.body.budgetRefusal).toContain('必备要件');

    const institutions = await h.call('GET', '/api/v1/institutions');
    const commissioned = await h.call('POST', '/api/v1/assessments', {
      body: { itemId, assessor: 'third_party', institutionId: institutions.body.institutions[0].id },
    });
    expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(201);
    const id = commissioned.body.id;
    expect(commissioned.body.dimensions.map((d: { name: string }) => d.name)).toEqual([
      '立项必要性',
      '投入经济性',
      '绩效目标合理性',
      '实施方案可行性',
      '筹资合规性',
    ]);
    const seen = await h.call('GET', '/api/v1/assessments', { token: evaluatorToken });
    expect(seen.body.assessments.map((a: { id: number }) => a.id)).toEqual([id]);
    expect((await h.call('GET', `/api/v1/items/${itemId}`, { token: evaluatorToken })).status).toBe(404);

    const file = await upload(`/api/v1/assessments/${id}/report`, evaluatorToken);
    expect(file.status).toBe(201);
    const reportId = ((await file.json()) as { id: number }).id;
    const recorded = await h.call('PUT', `/api/v1/assessments/${id}`, {
      token: evaluatorToken,
      body: {
        scores: SCORES,
        findings: '学位缺口测算依据充分，投资估算合理，建议予以支持。',
        reportAttachmentIds: [reportId],
      },
    });
    expect(recorded.body).toMatchObject({
      totalScore: 86,
      computedConclusion: 'support',
      conclusionLabel: '予以支持',
    });
    expect((await h.call('POST', `/api/v1/assessments/${id}/submit`, { token: evaluatorToken })).status).toBe(
      200,
    );
    const refused = await h.call('POST', `/api/v1/assessments/${id}/accept`, { token: h.tokens.officerA });
    expect(refused.status).toBe(403);
    const accepted = await h.call('POST', `/api/v1/assessments/${id}/accept`, {
      body: { comment: '同意评估结论' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      statusLabel: '财政审核通过',
      reviewComment: '同意评估结论',
    });
    const after = await h.call('GET', `/api/v1/items/${itemId}/ex-ante`, { token: h.tokens.officerA });
    expect(after.body).toMatchObject({ acceptedConclusion: 'support', budgetRefusal: null });
    expect((await h.call('GET', `/api/v1/items/${itemId}`, { token: h.tokens.officerA })).body.state).toBe(
      'assessed',
    );
    const generic = await h.call('POST', `/api/v1/items/${itemId}/actions/assess`);
    expect(generic.status).toBe(409);
    expect(generic.body.message).toContain('/api/v1/assessments');
  });
});

describe('performance targets through the API', () => {
  it('a target is submitted, returned with comments, fixed (the resubmission shows what changed) and approved', async () => {
    const itemId = await newItem({ isNew: false, approvedAmountFen: 2_000_000_00 });
    await h.call('PUT', `/api/v1/items/${itemId}/targets`, {
      token: h.tokens.officerA,
      body: completeTarget(2026),
    });
    const v1 = await h.call('POST', `/api/v1/items/${itemId}/targets/submit`, {
      token: h.tokens.officerA,
      body: { fiscalYear: 2026 },
    });
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    const queue = await h.call('GET', '/api/v1/target-reviews?status=submitted');
    expect(queue.body.reviews.map((r: { id: number }) => r.id)).toContain(v1.body.id);

    const returned = await h.call('POST', `/api/v1/target-reviews/${v1.body.id}/return`, {
      body: {
        criteria: { quantified: { met: false, note: '受益人数口径不清' } },
        comments: [{ indicator: '受益学生人数', comment: '请按新增学位数核定' }],
        opinion: '指标值依据不足，请修改后重新报送',
      },
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', statusLabel: '已退回' });

    const fixed = completeTarget(2026);
    fixed.indicators[2] = {
      ...(fixed.indicators[2] as (typeof fixed.indicators)[number]),
      targetValue: 1800,
    };
    const resubmitted = await h.call('POST', `/api/v1/items/${itemId}/targets/submit`, {
      token: h.tokens.officerA,
      body: {
        fiscalYear: 2026,
        overallGoal: fixed.overallGoal,
        indicators: fixed.indicators,
        note: '已按意见修改',
      },
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(201);
    expect(resubmitted.body.changes).toEqual({
      since: 1,
      overallGoal: null,
      added: [],
      removed: [],
      changed: [{ name: '受益学生人数', fields: [{ field: 'targetValue', before: 3000, after: 1800 }] }],
    });
    const detail = await h.call('GET', `/api/v1/target-reviews/${resubmitted.body.id}`);
    expect(detail.body.version).toBe(2);
    const approved = await h.call('POST', `/api/v1/target-reviews/${resubmitted.body.id}/approve`, {
      body: { criteria: ALL_CRITERIA_MET, opinion: '同意' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const history = await h.call('GET', `/api/v1/items/${itemId}/targets/history?fiscalYear=2026`, {
      token: h.tokens.officerA,
    });
    expect(history.body.versions.map((v: { status: string }) => v.status)).toEqual(['returned', 'approved']);
    expect(history.body.inForceVersion).toBe(2);
  });

  it('a department’s budget and its targets are issued together, producing the 批复表', async () => {
    const dims = [
      'effectiveness',
      'running_cost',
      'management_efficiency',
      'social_effect',
      'sustainability',
      'satisfaction',
    ];
    const saved = await h.call('PUT', `/api/v1/org-units/${h.city.orgs.deptA}/department-target`, {
      token: h.tokens.officerA,
      body: {
        fiscalYear: 2026,
        overallGoal: '全面完成年度教育事业发展目标',
        indicators: dims.map((dimension, i) => ({
          name: `部门指标${i + 1}`,
          dimension,
          operator: 'gte',
          targetValue: 90,
          unit: '%',
          weight: i === 0 ? 50 : 10,
        })),
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const dtReview = await h.call('POST', `/api/v1/department-targets/${saved.body.id}/submit`, {
      token: h.tokens.officerA,
      body: {},
    });
    expect(dtReview.status, JSON.stringify(dtReview.body)).toBe(201);
    await h.call('POST', `/api/v1/target-reviews/${dtReview.body.reviewId}/approve`, {
      body: { criteria: ALL_CRITERIA_MET },
    });

    const itemId = await newItem({ isNew: false, approvedAmountFen: 3_000_000_00 });
    const submitted = await h.call('POST', `/api/v1/items/${itemId}/targets/submit`, {
      token: h.tokens.officerA,
      body: completeTarget(2026),
    });
    await h.call('POST', `/api/v1/target-reviews/${submitted.body.id}/approve`, {
      body: { criteria: ALL_CRITERIA_MET },
    });
    const preview = await h.call(
      'GET',
      `/api/v1/budget-approvals/preview?orgUnitId=${h.city.orgs.deptA}&fiscalYear=2026`,
    );
    expect(preview.body.candidates.find((c: { item: { id: number } }) => c.item.id === itemId)).toMatchObject(
      { ready: true },
    );
    const issued = await h.call('POST', '/api/v1/budget-approvals', {
      body: { orgUnitId: h.city.orgs.deptA, fiscalYear: 2026, itemIds: [itemId], note: '2026年部门预算批复' },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({
      orgUnit: { id: h.city.orgs.deptA },
      totalFen: 3_000_000_00,
      items: [{ item: { id: itemId }, amountFen: 3_000_000_00, target: { version: 1 } }],
      departmentTarget: { versionId: dtReview.body.reviewId },
    });
    expect(issued.body.items[0].target.content.indicators).toHaveLength(4);
    const sheet = await h.call('GET', `/api/v1/budget-approvals/${issued.body.id}`, {
      token: h.tokens.officerA,
    });
    expect(sheet.body.number).toBe(issued.body.number);
    expect((await h.call('GET', `/api/v1/items/${itemId}`, { token: h.tokens.officerA })).body.state).toBe(
      'budget_approved',
    );
    const audit = await h.call('GET', `/api/v1/items/${itemId}/audit`, { token: h.tokens.officerA });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('item.approve_budget');
  });

  it('every bad input is refused with a Chinese message naming the field, and nothing is written', async () => {
    const itemId = await newItem({ isNew: false });
    await h.call('PUT', `/api/v1/items/${itemId}/targets`, {
      token: h.tokens.officerA,
      body: {
        ...completeTarget(2026),
        indicators: completeTarget(2026).indicators.map((l, i) => (i === 1 ? { ...l, unit: '' } : l)),
      },
    });
    const draft = await h.call('POST', '/api/v1/assessments', {
      token: h.tokens.officerA,
      body: { itemId, assessor: 'department' },
    });
    const target = (await h.call('GET', `/api/v1/items/${itemId}/targets`, { token: h.tokens.officerA })).body
      .targets[0];
    const before = await counts();
    const cases: Array<[string, string, unknown, string, string?]> = [
      ['POST', '/api/v1/assessments', { itemId: 'x' }, 'itemId'],
      ['POST', '/api/v1/assessments', { itemId, assessor: 'third_party' }, 'institutionId'],
      ['PUT', `/api/v1/assessments/${draft.body.id}`, { scores: { necessity: 25 } }, 'scores.necessity'],
      ['PUT', `/api/v1/assessments/${draft.body.id}`, { scores: { necessity: -1 } }, 'scores.necessity'],
      [
        'PUT',
        `/api/v1/assessments/${draft.body.id}`,
        { reportAttachmentIds: [999999] },
        'reportAttachmentIds.0',
      ],
      ['POST', `/api/v1/assessments/${draft.body.id}/submit`, undefined, 'scores.necessity'],
      ['POST', `/api/v1/items/${itemId}/targets/submit`, { fiscalYear: 'abc' }, 'fiscalYear'],
      ['POST', `/api/v1/items/${itemId}/targets/submit`, { fiscalYear: 2026 }, 'indicators.1.unit'],
      ['POST', `/api/v1/items/${itemId}/targets/adjustments`, { ...completeTarget(2026) }, 'reason'],
      ['GET', `/api/v1/items/${itemId}/targets/history?fiscalYear=20x6`, undefined, 'fiscalYear'],
      [
        'POST',
        `/api/v1/indicator-library`,
        { name: '受益人数', level1: 'output', level2: 'social', operator: 'gte', unit: '人', source: '测试' },
        'level2',
      ],
      [
        'POST',
        `/api/v1/indicator-library`,
        {
          name: '达标率',
          level1: 'output',
          level2: 'quality',
          operator: 'gte',
          unit: '%',
          referenceMin: 90,
          referenceMax: 80,
          source: '测试',
        },
        'referenceMax',
      ],
      [
        'PUT',
        `/api/v1/org-units/${h.city.orgs.deptA}/department-target`,
        {
          fiscalYear: 2026,
          overallGoal: '目标',
          indicators: [
            { name: 'a', dimension: 'speed', operator: 'gte', targetValue: 1, unit: '%', weight: 100 },
          ],
        },
        'indicators.0.dimension',
      ],
      [
        'POST',
        '/api/v1/budget-approvals',
        { orgUnitId: h.city.orgs.deptA, fiscalYear: 2026, itemIds: [999999] },
        'itemIds.0',
      ],
      [
        'POST',
        '/api/v1/institutions',
        { name: '某机构', credentials: '资质', creditCode: '123' },
        'creditCode',
      ],
      ['POST', '/api/v1/target-reviews/quality-run', { limit: 5000 }, 'limit'],
      ['POST', `/api/v1/items/${itemId}/ex-ante/requirement`, { reason: '' }, 'reason'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await h.call(method, path, body === undefined ? {} : { token: h.tokens.admin, body });
      const label = `${method} ${path} ${JSON.stringify(body)}`;
      expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.message, label).toContain(field);
      expect(res.body.message, label).toMatch(/[\u4e00-\u9fa5]/);
    }
    const officerCases: Array<[string, string, unknown, string]> = [
      ['POST', `/api/v1/assessments/${draft.body.id}/responses`, { responses: [] }, 'responses'],
    ];
    for (const [method, path, body, field] of officerCases) {
      const res = await h.call(method, path, { token: h.tokens.officerA, body });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
    expect(await counts()).toEqual(before);
    expect(target.status).toBe('draft');
  });

  it('documents every workflow in OpenAPI', async () => {
    const doc = await h.call('GET', '/openapi.json', { token: null });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/assessments',
        '/api/v1/assessments/{id}/accept',
        '/api/v1/items/{id}/ex-ante',
        '/api/v1/institutions',
        '/api/v1/indicator-library',
        '/api/v1/items/{id}/targets/submit',
        '/api/v1/items/{id}/targets/adjustments',
        '/api/v1/target-reviews/{id}/approve',
        '/api/v1/target-reviews/quality-run',
        '/api/v1/org-units/{orgUnitId}/department-target',
        '/api/v1/budget-approvals',
        '/api/v1/budget-approvals/{id}',
      ]),
    );
  });
});
