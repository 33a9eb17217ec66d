import { schema } from '@jixiao/db';
import { createExecutingItem } from '@jixiao/db/testing';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let poorId: number;
let goodId: number;
let excellentId: number;
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-12-05' });
  const item = async (name: string, wan: number) =>
    (await createExecutingItem(api.city, { name, approvedAmountFen: wan * 1_000_000 })).id;
  poorId = await item('校园安全监控改造', 200);
  goodId = await item('农村学校营养餐补助', 500);
  excellentId = await item('中小学教师培训', 100);
  const record = (itemId: number, grade: string, score: number, findings: unknown[] = []) =>
    api.call('POST', '/api/v1/evaluation-results', {
      body: { source: 'key_evaluation', fiscalYear: 2026, itemId, score, grade, findings },
    });
  expect(
    (
      await record(poorId, 'poor', 52, [
        { finding: '监控点位建成率仅40%', requiredAction: '完成剩余点位建设并验收', deadline: '2027-03-31' },
      ])
    ).status,
  ).toBe(201);
  expect((await record(goodId, 'good', 85)).status).toBe(201);
  expect((await record(excellentId, 'excellent', 95)).status).toBe(201);
});
afterAll(() => api.close());

const auditCount = async () => (await api.db.db.select({ n: count() }).from(schema.auditEntries))[0]?.n;

describe('next year’s control numbers from this year’s results', () => {
  it('computes a draft the department cannot see, cuts 差 and its unrectified finding, marks 优', async () => {
    const res = await api.call('POST', '/api/v1/budget-proposals/compute', { body: { basisYear: 2026 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fiscalYear: 2027, departments: 1, lines: 3 });
    expect(
      (await api.call('GET', '/api/v1/budget-proposals?fiscalYear=2027', { token: api.tokens.officerA })).body
        .data,
    ).toEqual([]);
    expect(
      (
        await api.call('POST', '/api/v1/budget-proposals/compute', {
          token: api.tokens.officerA,
          body: { basisYear: 2026 },
        })
      ).status,
    ).toBe(403);

    const [draft] = (await api.call('GET', '/api/v1/budget-proposals?fiscalYear=2027')).body.data;
    const p = (await api.call('GET', `/api/v1/budget-proposals/${draft.id}`)).body;
    expect(p.department.name).toBe('景德镇市教育局');
    const line = (id: number) => p.lines.find((l: { item: { id: number } }) => l.item.id === id);
    // 差: 30% + a further 10% while the finding is unrectified.
    expect(line(poorId)).toMatchObject({
      gradeLabel: '差',
      cutBp: 4000,
      proposedFen: 120_000_000,
      unrectified: true,
    });
    expect(line(poorId).reasons.join()).toContain('扣减下年度预算控制数30%');
    expect(line(goodId)).toMatchObject({ cutBp: 0, proposedFen: 500_000_000 });
    expect(line(excellentId)).toMatchObject({ priority: true });
    expect(p.proposedFen).toBe(720_000_000);
  });

  it('answers a what-if without writing anything', async () => {
    const before = await auditCount();
    const res = await api.call('POST', '/api/v1/budget-proposals/what-if', {
      body: { basisYear: 2026, cutForPoor: 0.5, orgUnitId: api.city.orgs.deptA },
    });
    expect(res.status).toBe(200);
    expect(res.body.departments).toEqual([
      expect.objectContaining({ configuredFen: 720_000_000, whatIfFen: 680_000_000 }),
    ]);
    expect(await auditCount()).toBe(before);
    const [draft] = (await api.call('GET', '/api/v1/budget-proposals?fiscalYear=2027')).body.data;
    expect(draft.proposedFen).toBe(720_000_000);
    const bad = await api.call('POST', '/api/v1/budget-proposals/what-if', {
      body: { basisYear: 2026, cutForPoor: 3 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('cutForPoor');
  });

  it('lets the bureau override a line with a reason, issue, and the department read it and download the sheet', async () => {
    const [draft] = (await api.call('GET', '/api/v1/budget-proposals?fiscalYear=2027')).body.data;
    const noReason = await api.call('PATCH', `/api/v1/budget-proposals/${draft.id}/lines/${goodId}`, {
      body: { proposedFen: 450_000_000, reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason');
    const over = await api.call('PATCH', `/api/v1/budget-proposals/${draft.id}/lines/${goodId}`, {
      body: { proposedFen: 450_000_000, reason: '学生人数下降，按实际需求核减' },
    });
    expect(over.status).toBe(200);
    expect(over.body.proposedFen).toBe(670_000_000);
    const audited = await api.db.db
      .select()
      .from(schema.auditEntries)
      .where(eq(schema.auditEntries.action, 'budget_proposal.override'));
    expect(audited).toHaveLength(1);

    expect((await api.call('POST', `/api/v1/budget-proposals/${draft.id}/issue`)).status).toBe(200);
    const seen = await api.call('GET', `/api/v1/budget-proposals/${draft.id}`, {
      token: api.tokens.officerA,
    });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ statusLabel: '已下达', proposedFen: 670_000_000 });
    // The audit records what was issued: the total with the bureau's override.
    const [issued] = await api.db.db
      .select()
      .from(schema.auditEntries)
      .where(eq(schema.auditEntries.action, 'budget_proposal.issue'));
    expect(issued?.after).toMatchObject({ proposed: '670.00万元' });
    const good = seen.body.lines.find((l: { item: { id: number } }) => l.item.id === goodId);
    expect(good.reasons).toContain('财政部门审核调整：学生人数下降，按实际需求核减');
    expect(
      (
        await api.call('PATCH', `/api/v1/budget-proposals/${draft.id}/lines/${goodId}`, {
          body: { proposedFen: 1, reason: '再改' },
        })
      ).status,
    ).toBe(409);
    const notices = await api.db.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.kind, 'budget_proposal'));
    expect(notices.map((n) => n.recipientUserId)).toContain(api.city.actors.officerA.userId);
    expect(
      (await api.call('GET', `/api/v1/budget-proposals/${draft.id}`, { token: api.tokens.officerB })).status,
    ).toBe(404);

    const file = await api.request(`/api/v1/budget-proposals/${draft.id}/workbook`, {
      token: api.tokens.officerA,
    });
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
    const ws = wb.getWorksheet('预算安排建议表');
    const text = JSON.stringify(ws?.getSheetValues());
    expect(text).toContain('校园安全监控改造');
    expect(text).toContain('下年度建议控制数');
  });
});
