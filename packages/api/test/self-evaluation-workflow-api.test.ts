import { loadTargets } from '@jixiao/db/targets';
import { createExecutingItem } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-12-20' });
});
afterAll(() => api.close());

async function executingItemWithHistory(name: string) {
  const item = await createExecutingItem(api.city, { name });
  const pay = await api.call('POST', `/api/v1/items/${item.id}/payments`, {
    token: api.tokens.officerA,
    body: { paidOn: '2026-06-30', amountFen: 95_000_000 },
  });
  expect(pay.status).toBe(201);
  const [target] = await loadTargets(api.city.platform.db, item.id, 2026);
  const area = target?.indicators.find((i) => i.name === '改造校舍面积');
  const rep = await api.call('POST', `/api/v1/items/${item.id}/indicator-reports`, {
    token: api.tokens.officerA,
    body: { indicatorId: area?.id, reportedOn: '2026-11-30', actualValue: 10000 },
  });
  expect(rep.status).toBe(201);
  return item;
}

describe('self-evaluation workflow through the API', () => {
  it('prepares from the budget and the target in force, scores every save, and walks draft → submitted → confirmed → accepted', async () => {
    const item = await executingItemWithHistory('城区学校校舍改造');
    const prepared = await api.call('POST', '/api/v1/self-evaluations', {
      token: api.tokens.officerA,
      body: { itemId: item.id, fiscalYear: 2026 },
    });
    expect(prepared.status).toBe(201);
    const se = prepared.body;
    expect(se.status).toBe('draft');
    expect(se.budget).toEqual({ initialFen: 100_000_000, adjustedFen: 100_000_000, executedFen: 95_000_000 });
    expect(
      se.lines.map((l: { name: string; target: string; latest: string | null }) => [
        l.name,
        l.target,
        l.latest,
      ]),
    ).toEqual([
      ['改造校舍面积', '≥12000平方米', '10000平方米'],
      ['工程验收合格率', '≥100%', null],
      ['受益学生人数', '≥3000人', null],
      ['学生家长满意度', '≥90%', null],
    ]);
    expect(se.score).toBeNull();
    expect(se.problems.some((p: { code: string }) => p.code === 'missing_actual')).toBe(true);

    // Submitting with values missing is refused and names how many.
    const early = await api.call('POST', `/api/v1/self-evaluations/${se.id}/submit`, {
      token: api.tokens.officerA,
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('4项指标未填写实际完成值');

    const filled = await api.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: {
        lines: [
          { row: 0, actual: '10800平方米' },
          { row: 1, actual: '100%' },
          { row: 2, actual: '3200人' },
          { row: 3, actual: '95%' },
        ],
        measures: '加快剩余工程进度',
      },
    });
    expect(filled.status).toBe(200);
    // 9.5 (执行率95%) + 27 (10800÷12000×30) + 20 + 30 + 10
    expect(filled.body.score).toBe(96.5);
    expect(filled.body.grade).toEqual({ code: 'excellent', label: '优' });

    const unexplained = await api.call('POST', `/api/v1/self-evaluations/${se.id}/submit`, {
      token: api.tokens.officerA,
    });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.message).toContain('lines.0.deviationReason');
    expect(unexplained.body.message).toContain('改造校舍面积');

    await api.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: { lines: [{ row: 0, deviationReason: '征地拖延，部分校舍延期开工' }] },
    });
    const submitted = await api.call('POST', `/api/v1/self-evaluations/${se.id}/submit`, {
      token: api.tokens.officerA,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    // Another department's officer cannot even see it; the finance bureau may not confirm for the department
    // before it is confirmed … but here the finance admin holds confirm everywhere, so we use the department's.
    const other = await api.call('GET', `/api/v1/self-evaluations/${se.id}`, { token: api.tokens.officerB });
    expect(other.status).toBe(404);
    const early2 = await api.call('POST', `/api/v1/self-evaluations/${se.id}/accept`, {
      token: api.tokens.admin,
    });
    expect(early2.status).toBe(409);
    expect(early2.body.message).toContain('不能接收绩效自评');

    const confirmed = await api.call('POST', `/api/v1/self-evaluations/${se.id}/confirm`, {
      token: api.tokens.officerA,
    });
    expect(confirmed.body.status).toBe('confirmed');
    const officerAccept = await api.call('POST', `/api/v1/self-evaluations/${se.id}/accept`, {
      token: api.tokens.officerA,
    });
    expect(officerAccept.status).toBe(403);

    const accepted = await api.call('POST', `/api/v1/self-evaluations/${se.id}/accept`, {
      token: api.tokens.admin,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.finalScore).toBe(96.5);
    expect(accepted.body.finalGrade.label).toBe('优');
    const detail = await api.call('GET', `/api/v1/items/${item.id}`, { token: api.tokens.admin });
    expect(detail.body.state).toBe('self_evaluated');
    // The accepted self-evaluation is the item's result for next year's budget.
    const results = await api.call('GET', `/api/v1/evaluation-results?itemId=${item.id}`, {
      token: api.tokens.admin,
    });
    expect(results.body.data).toMatchObject([
      {
        source: 'self_evaluation',
        fiscalYear: 2026,
        score: 96.5,
        grade: 'excellent',
        sourceRef: `self_evaluation:${se.id}`,
      },
    ]);
  });

  it('returns with a comment, and only then may the officer change it again', async () => {
    const item = await executingItemWithHistory('乡村学校食堂改造');
    const se = (
      await api.call('POST', '/api/v1/self-evaluations', {
        token: api.tokens.officerA,
        body: { itemId: item.id, fiscalYear: 2026 },
      })
    ).body;
    const dup = await api.call('POST', '/api/v1/self-evaluations', {
      token: api.tokens.officerA,
      body: { itemId: item.id, fiscalYear: 2026 },
    });
    expect(dup.status).toBe(409);
    await api.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: {
        lines: [0, 1, 2, 3].map((row) => ({ row, actual: ['12000平方米', '100%', '3000人', '92%'][row] })),
      },
    });
    await api.call('POST', `/api/v1/self-evaluations/${se.id}/submit`, { token: api.tokens.officerA });
    const noComment = await api.call('POST', `/api/v1/self-evaluations/${se.id}/return`, {
      token: api.tokens.officerA,
      body: {},
    });
    expect(noComment.status).toBe(400);
    expect(noComment.body.message).toContain('comment');
    const locked = await api.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: { measures: '改' },
    });
    expect(locked.status).toBe(409);
    const returned = await api.call('POST', `/api/v1/self-evaluations/${se.id}/return`, {
      token: api.tokens.officerA,
      body: { comment: '请补充佐证材料' },
    });
    expect(returned.body.status).toBe('returned');
    expect(returned.body.returnComment).toBe('请补充佐证材料');
    expect(returned.body.round).toBe(2);
    const badRow = await api.call('PUT', `/api/v1/self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: { lines: [{ row: 9, actual: '1' }] },
    });
    expect(badRow.status).toBe(400);
    expect(badRow.body.message).toContain('lines.0.row');
  });

  it('prepares a whole year set-based for the finance bureau only, and reports coverage per department', async () => {
    await executingItemWithHistory('校园安全设施');
    const refused = await api.call('POST', '/api/v1/self-evaluations/prepare-year', {
      token: api.tokens.officerA,
      body: { fiscalYear: 2026 },
    });
    expect(refused.status).toBe(403);
    const run = await api.call('POST', '/api/v1/self-evaluations/prepare-year', {
      token: api.tokens.admin,
      body: { fiscalYear: 2026 },
    });
    expect(run.status).toBe(200);
    expect(run.body.prepared).toBe(1);
    expect(run.body.scored).toBe(1);
    const again = await api.call('POST', '/api/v1/self-evaluations/prepare-year', {
      token: api.tokens.admin,
      body: { fiscalYear: 2026 },
    });
    expect(again.body.prepared).toBe(0);
    const coverage = await api.call('GET', '/api/v1/self-evaluations/coverage?fiscalYear=2026', {
      token: api.tokens.admin,
    });
    const edu = coverage.body.departments.find(
      (d: { department: { name: string } }) => d.department.name === '景德镇市教育局',
    );
    // 3 items of 1,000,000 元; one accepted, one returned, one draft: 1/3 covered.
    expect(edu.projectShare).toBeCloseTo(1 / 3, 5);
    expect(edu.short).toBe(true);
    expect(edu.shortfalls[0]).toContain('低于60%');
  });
});
