import { ALL_CRITERIA_MET, createExecutingItem } from '@jixiao/db/testing';
import {
  DEPARTMENT_SELF_EVALUATION_SHEET,
  departmentSelfEvaluationWorkbook,
  readSelfEvaluationWorkbook,
} from '@jixiao/forms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let item1: number;
let item2: number;
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-12-20' });
  item1 = (await createExecutingItem(api.city, { name: '城区学校校舍改造', approvedAmountFen: 100_000_000 }))
    .id;
  item2 = (
    await createExecutingItem(api.city, {
      name: '教师培训',
      orgUnitId: api.city.orgs.unitA1,
      approvedAmountFen: 50_000_000,
    })
  ).id;
  // Another department's item: not in 教育局's totals.
  const other = await createExecutingItem(
    api.city,
    { name: '基层医疗设备', orgUnitId: api.city.orgs.deptB, approvedAmountFen: 70_000_000 },
    api.city.actors.officerB,
  );
  const paidOther = await api.call('POST', `/api/v1/items/${other.id}/payments`, {
    token: api.tokens.officerB,
    body: { paidOn: '2026-05-30', amountFen: 10_000_000 },
  });
  expect(paidOther.status).toBe(201);
  for (const [id, fen] of [
    [item1, 90_000_000],
    [item2, 42_000_000],
  ] as const) {
    const pay = await api.call('POST', `/api/v1/items/${id}/payments`, {
      token: api.tokens.officerA,
      body: { paidOn: '2026-06-30', amountFen: fen },
    });
    expect(pay.status).toBe(201);
  }
});
afterAll(() => api.close());

const DEPARTMENT_INDICATORS = [
  {
    name: '重点任务完成率',
    dimension: 'effectiveness',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 50,
  },
  {
    name: '公用经费控制率',
    dimension: 'running_cost',
    operator: 'lte',
    targetValue: 100,
    unit: '%',
    weight: 10,
  },
  {
    name: '项目按期完成率',
    dimension: 'management_efficiency',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 10,
  },
  {
    name: '受益学生人数',
    dimension: 'social_effect',
    operator: 'gte',
    targetValue: 3000,
    unit: '人',
    weight: 10,
  },
  {
    name: '管理制度健全性',
    dimension: 'sustainability',
    operator: 'qualitative',
    targetText: '健全',
    weight: 10,
  },
  {
    name: '学生家长满意度',
    dimension: 'satisfaction',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 10,
  },
];

async function approveDepartmentTarget() {
  const saved = await api.call('PUT', `/api/v1/org-units/${api.city.orgs.deptA}/department-target`, {
    token: api.tokens.officerA,
    body: {
      fiscalYear: 2026,
      overallGoal: '全面完成年度教育事业发展目标',
      indicators: DEPARTMENT_INDICATORS,
    },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const review = await api.call('POST', `/api/v1/department-targets/${saved.body.id}/submit`, {
    token: api.tokens.officerA,
    body: {},
  });
  expect(review.status, JSON.stringify(review.body)).toBe(201);
  const approved = await api.call('POST', `/api/v1/target-reviews/${review.body.reviewId}/approve`, {
    body: { criteria: ALL_CRITERIA_MET },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}

describe('预算调整 (EV-14): 全年预算数 = 年初预算数 + adjustments', () => {
  it('the finance bureau records 追加 and 调减, audited; wrong signs, a negative budget and officers are refused', async () => {
    const add = await api.call('POST', '/api/v1/budget-adjustments', {
      body: {
        itemId: item1,
        fiscalYear: 2026,
        kind: 'supplement',
        amountFen: 20_000_000,
        adjustedOn: '2026-07-15',
        reason: '追加校舍抗震加固资金',
        documentNo: '景财预〔2026〕18号',
      },
    });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(add.body).toMatchObject({ initialFen: 100_000_000, adjustedFen: 120_000_000 });
    expect(add.body.adjustments).toEqual([
      expect.objectContaining({ kind: 'supplement', kindLabel: '追加', amountFen: 20_000_000 }),
    ]);
    const cut = await api.call('POST', '/api/v1/budget-adjustments', {
      body: {
        itemId: item2,
        fiscalYear: 2026,
        kind: 'reduction',
        amountFen: -10_000_000,
        adjustedOn: '2026-09-01',
        reason: '培训人数减少',
      },
    });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);
    expect(cut.body.adjustedFen).toBe(40_000_000);

    const bad: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'reduction', amountFen: 5_000_000 }, 'amountFen'],
      [{ kind: 'adjustment', amountFen: -50_000_000 }, 'amountFen'],
      [{ kind: 'supplement', amountFen: 0 }, 'amountFen'],
      [{ kind: 'supplement', amountFen: 1, adjustedOn: '2025-12-31' }, 'adjustedOn'],
      [{ kind: 'supplement', amountFen: 1, reason: ' ' }, 'reason'],
    ];
    for (const [patch, field] of bad) {
      const res = await api.call('POST', '/api/v1/budget-adjustments', {
        body: { itemId: item2, fiscalYear: 2026, adjustedOn: '2026-10-01', reason: '调整', ...patch },
      });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.message).toContain(field);
    }
    // Two concurrent cuts that together would take 教师培训 (40万 left) below zero: one is refused.
    const cuts = await Promise.all(
      [1, 2].map((i) =>
        api.call('POST', '/api/v1/budget-adjustments', {
          body: {
            itemId: item2,
            fiscalYear: 2026,
            kind: 'reduction',
            amountFen: -30_000_000,
            adjustedOn: '2026-11-01',
            reason: `同时调减${i}`,
          },
        }),
      ),
    );
    expect(cuts.map((c) => c.status).sort()).toEqual([201, 400]);
    const undo = await api.call('POST', '/api/v1/budget-adjustments', {
      body: {
        itemId: item2,
        fiscalYear: 2026,
        kind: 'adjustment',
        amountFen: 30_000_000,
        adjustedOn: '2026-11-02',
        reason: '更正误调减',
      },
    });
    expect(undo.body.adjustedFen).toBe(40_000_000);
    expect(undo.body.adjustments.map((a: { kindLabel: string }) => a.kindLabel)).toEqual([
      '调减',
      '调减',
      '调整',
    ]);
    const officer = await api.call('POST', '/api/v1/budget-adjustments', {
      token: api.tokens.officerA,
      body: {
        itemId: item1,
        fiscalYear: 2026,
        kind: 'supplement',
        amountFen: 1,
        adjustedOn: '2026-10-01',
        reason: '自行追加',
      },
    });
    expect(officer.status).toBe(403);

    const seen = await api.call('GET', `/api/v1/items/${item2}/budget?fiscalYear=2026`, {
      token: api.tokens.officerA,
    });
    expect(seen.body).toMatchObject({ initialFen: 50_000_000, adjustedFen: 40_000_000 });
    expect(seen.body.adjustments).toHaveLength(3);
    const audit = await api.call('GET', `/api/v1/items/${item1}/audit`, { token: api.tokens.officerA });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('budget.adjust');

    // An item's own self-evaluation now shows 全年预算数 ≠ 年初预算数.
    const se = await api.call('POST', '/api/v1/self-evaluations', {
      token: api.tokens.officerA,
      body: { itemId: item1, fiscalYear: 2026 },
    });
    expect(se.body.budget).toEqual({
      initialFen: 100_000_000,
      adjustedFen: 120_000_000,
      executedFen: 90_000_000,
    });
    // … and so does its 项目支出绩效自评表.
    const sheet = await api.request(`/api/v1/self-evaluations/${se.body.id}/xlsx`, {
      token: api.tokens.officerA,
    });
    const printed = await readSelfEvaluationWorkbook(Buffer.from(await sheet.arrayBuffer()));
    expect(printed.table.budget).toMatchObject({ initial: 100, adjusted: 120, executed: 90 });
  });
});

describe('部门整体支出绩效自评 (DW-4) through the API', () => {
  let se: {
    id: number;
    lines: Array<{ level1: string; level2: string; name: string; target: string | null; weight: number }>;
  };

  it('is refused without an approved department-wide target and for a unit', async () => {
    const none = await api.call('POST', '/api/v1/department-self-evaluations', {
      token: api.tokens.officerA,
      body: { orgUnitId: api.city.orgs.deptA, fiscalYear: 2026 },
    });
    expect(none.status).toBe(409);
    expect(none.body.message).toContain('没有审核通过的部门整体绩效目标');
    const unit = await api.call('POST', '/api/v1/department-self-evaluations', {
      token: api.tokens.officerA,
      body: { orgUnitId: api.city.orgs.unitA1, fiscalYear: 2026 },
    });
    expect(unit.status).toBe(400);
    expect(unit.body.message).toContain('orgUnitId');
  });

  it('is prepared from the target in force and the department’s budget totals (with adjustments)', async () => {
    await approveDepartmentTarget();
    const prepared = await api.call('POST', '/api/v1/department-self-evaluations', {
      token: api.tokens.officerA,
      body: { orgUnitId: api.city.orgs.deptA, fiscalYear: 2026 },
    });
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
    se = prepared.body;
    expect(prepared.body).toMatchObject({
      department: { id: api.city.orgs.deptA, name: '景德镇市教育局' },
      status: 'draft',
      scheme: 'department-wide',
      // 100万+50万 年初; +20万 −10万 调整; 90万+42万 支付 (in fen ×100).
      budget: { initialFen: 150_000_000, adjustedFen: 160_000_000, executedFen: 132_000_000 },
      score: null,
    });
    expect(
      prepared.body.lines.map(
        (l: { level1: string; name: string; target: string | null; weight: number }) => [
          l.level1,
          l.name,
          l.target,
          l.weight,
        ],
      ),
    ).toEqual([
      ['履职效能', '重点任务完成率', '≥90%', 45],
      ['运行成本', '公用经费控制率', '≤100%', 9],
      ['管理效率', '项目按期完成率', '≥90%', 9],
      ['社会效应', '受益学生人数', '≥3000人', 9],
      ['可持续发展能力', '管理制度健全性', '健全', 9],
      ['服务对象满意度', '学生家长满意度', '≥90%', 9],
    ]);
    const again = await api.call('POST', '/api/v1/department-self-evaluations', {
      token: api.tokens.officerA,
      body: { orgUnitId: api.city.orgs.deptA, fiscalYear: 2026 },
    });
    expect(again.status).toBe(409);
    const other = await api.call('GET', `/api/v1/department-self-evaluations/${se.id}`, {
      token: api.tokens.officerB,
    });
    expect(other.status).toBe(404);
  });

  it('exports the 部门整体支出绩效自评表 and imports it only when the check finds nothing wrong', async () => {
    const res = await api.request(`/api/v1/department-self-evaluations/${se.id}/xlsx`, {
      token: api.tokens.officerA,
    });
    expect(res.status).toBe(200);
    const back = await readSelfEvaluationWorkbook(
      Buffer.from(await res.arrayBuffer()),
      undefined,
      DEPARTMENT_SELF_EVALUATION_SHEET,
    );
    expect(back.table.budget).toMatchObject({ initial: 150, adjusted: 160, executed: 132, weight: 10 });
    // Title, department, funding head and row, task head and two tasks, indicator head: indicators from row 9.
    expect(back.indicatorRows).toEqual([9, 10, 11, 12, 13, 14]);

    const form = (actuals: string[], scores: Array<number | null> = [], total: number | null = null) =>
      departmentSelfEvaluationWorkbook({
        fiscalYear: 2026,
        department: '景德镇市教育局',
        departmentCode: 'EDU',
        budget: {
          initialFen: 150_000_000,
          adjustedFen: 160_000_000,
          executedFen: 132_000_000,
          weight: 10,
          score: null,
        },
        tasks: [],
        lines: se.lines.map((l, i) => ({
          ...l,
          actual: actuals[i] ?? null,
          score: scores[i] ?? null,
          deviationReason: i === 3 ? '生源减少' : null,
        })),
        measures: '完善部门整体绩效管理',
        total,
      });
    const upload = (file: Buffer) => {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(file)]), '部门整体自评表.xlsx');
      return api.request(`/api/v1/department-self-evaluations/${se.id}/xlsx`, {
        method: 'POST',
        body,
        token: api.tokens.officerA,
      });
    };
    // 受益学生人数 only reached 2700 of 3000 yet is printed in full (no tasks here: indicators from row 7).
    const wrong = await upload(
      await form(['95%', '98%', '95%', '2700人', '达成', '92%'], [45, 9, 9, 9, 9, 9], 99),
    );
    expect(wrong.status, await wrong.clone().text()).toBe(400);
    const body = (await wrong.json()) as {
      message: string;
      details: { issues: Array<{ path: string; message: string }> };
    };
    expect(body.message).toContain('自评表有误，未导入');
    expect(body.details.issues).toContainEqual({
      path: '工作表“部门整体支出绩效自评表”第10行',
      message: expect.stringContaining('“受益学生人数”：未达到年度指标值'),
    });
    const untouched = await api.call('GET', `/api/v1/department-self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
    });
    expect(untouched.body.lines[0].actual).toBeNull();

    expect((await upload(Buffer.from('PK\u0003\u0004 not really a workbook'))).status).toBe(400);
    expect((await upload(Buffer.from('部门名称,实际完成值\n'))).status).toBe(400);

    const good = await upload(await form(['95%', '98%', '85.5%', '2700人', '达成', '92%']));
    expect(good.status).toBe(200);
    const imported = (await good.json()) as {
      score: number;
      lines: Array<{ actual: string }>;
      measures: string;
    };
    expect(imported.lines.map((l) => l.actual)).toEqual(['95%', '98%', '85.5%', '2700人', '达成', '92%']);
    expect(imported.measures).toBe('完善部门整体绩效管理');
    // 8.25 (执行率132÷160) + 45 + 9 + 8.55 (85.5÷90×9) + 8.1 (2700÷3000×9) + 9 + 9
    expect(imported.score).toBe(96.9);
  });

  it('walks submit → confirm → accept and records the department’s result in the registry', async () => {
    const unexplained = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/submit`, {
      token: api.tokens.officerA,
    });
    expect(unexplained.status).toBe(400);
    expect(unexplained.body.message).toContain('lines.2.deviationReason');
    expect(unexplained.body.message).toContain('项目按期完成率');

    const explained = await api.call('PUT', `/api/v1/department-self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: { lines: [{ row: 2, deviationReason: '两个项目受汛期影响延期' }] },
    });
    expect(explained.status).toBe(200);
    expect(explained.body.grade).toEqual({ code: 'excellent', label: '优' });
    const submitted = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/submit`, {
      token: api.tokens.officerA,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const locked = await api.call('PUT', `/api/v1/department-self-evaluations/${se.id}`, {
      token: api.tokens.officerA,
      body: { measures: '改' },
    });
    expect(locked.status).toBe(409);

    const early = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/accept`, {});
    expect(early.status).toBe(409);
    const confirmed = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/confirm`, {
      token: api.tokens.officerA,
    });
    expect(confirmed.body.status).toBe('confirmed');
    const officerAccept = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/accept`, {
      token: api.tokens.officerA,
    });
    expect(officerAccept.status).toBe(403);

    const returned = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/return`, {
      body: { comment: '请补充佐证材料' },
    });
    expect(returned.body).toMatchObject({ status: 'returned', round: 2, returnComment: '请补充佐证材料' });
    for (const [path, token] of [
      ['submit', api.tokens.officerA],
      ['confirm', api.tokens.officerA],
      ['accept', api.tokens.admin],
    ] as const) {
      const res = await api.call('POST', `/api/v1/department-self-evaluations/${se.id}/${path}`, { token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const accepted = await api.call('GET', `/api/v1/department-self-evaluations/${se.id}`, {});
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      finalScore: 96.9,
      finalGrade: { label: '优' },
    });

    const results = await api.call(
      'GET',
      `/api/v1/evaluation-results?fiscalYear=2026&orgUnitId=${api.city.orgs.deptA}&source=department_self_evaluation`,
      { token: api.tokens.officerA },
    );
    expect(results.status).toBe(200);
    expect(results.body.data).toEqual([
      expect.objectContaining({
        subjectKind: 'department',
        source: 'department_self_evaluation',
        sourceRef: `department_self_evaluation:${se.id}`,
        score: 96.9,
        grade: 'excellent',
      }),
    ]);
    const list = await api.call(
      'GET',
      '/api/v1/department-self-evaluations?fiscalYear=2026&status=accepted',
      {
        token: api.tokens.officerA,
      },
    );
    expect(list.body.departmentSelfEvaluations.map((s: { id: number }) => s.id)).toEqual([se.id]);
  });
});
