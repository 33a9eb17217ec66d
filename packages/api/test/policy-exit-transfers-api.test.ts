import { createExecutingItem } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
let eduWater: number;
let healthWater: number;
let expired: number;
beforeAll(async () => {
  api = await createApiHarness({ today: '2026-12-05' });
  const { city } = api;
  eduWater = (
    await createExecutingItem(city, {
      name: '农村学校饮水安全改造工程',
      description: '为农村中小学安装净水设备，保障师生饮水安全',
      functionalSubject: '2050201',
    })
  ).id;
  healthWater = (
    await createExecutingItem(
      city,
      {
        name: '农村学校饮水安全提升专项',
        description: '为农村学校安装净水设备，保障学生饮水安全',
        functionalSubject: '2050201',
        orgUnitId: city.orgs.deptB,
      },
      city.actors.officerB,
    )
  ).id;
  expired = (await createExecutingItem(city, { name: '校舍抗震加固补助' })).id;
  for (const year of [2025, 2026]) {
    const res = await api.call('POST', '/api/v1/evaluation-results', {
      body: { source: 'key_evaluation', fiscalYear: year, itemId: expired, score: 50, grade: 'poor' },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => api.close());

describe('清理退出: exit candidates and overlapping pairs, decided by the bureau', () => {
  it('lists an expired item graded 差 twice with its reasons, for the bureau only', async () => {
    expect(
      (
        await api.call('GET', '/api/v1/policy-exit/candidates?fiscalYear=2027', {
          token: api.tokens.officerA,
        })
      ).status,
    ).toBe(403);
    const res = await api.call('GET', '/api/v1/policy-exit/candidates?fiscalYear=2027');
    expect(res.status).toBe(200);
    const c = res.body.data.find((x: { itemId: number }) => x.itemId === expired);
    expect(c.reasons.map((r: { code: string }) => r.code)).toEqual(['expired', 'poor_repeatedly']);
    expect(c.reasons[1].message).toContain('2025、2026年度绩效评价均为“差”');
  });

  it('finds the two departments’ drinking-water projects and says why they match', async () => {
    const res = await api.call('GET', '/api/v1/policy-exit/overlaps?fiscalYear=2026');
    expect(res.status).toBe(200);
    const pair = res.body.data.find(
      (p: { a: number; b: number }) => [p.a, p.b].sort().join() === [eduWater, healthWater].sort().join(),
    );
    expect(pair).toBeDefined();
    expect(pair.items.map((i: { department: string }) => i.department).sort()).toEqual([
      '景德镇市卫生健康委员会',
      '景德镇市教育局',
    ]);
    const why = pair.explanation.join('；');
    expect(why).toContain('农村学校饮水安全');
    expect(why).toContain('同一功能分类科目 2050201');
    expect(why).toContain('有相同的绩效指标');
  });

  it('records keep and exit decisions with reasons; exit terminates the item', async () => {
    const keep = await api.call('POST', '/api/v1/policy-exit/decisions', {
      body: {
        itemId: eduWater,
        fiscalYear: 2026,
        decision: 'merge',
        reason: '并入教育局项目统一实施',
        otherItemId: healthWater,
      },
    });
    expect(keep.status).toBe(200);
    expect(keep.body).toMatchObject({ decisionLabel: '整合', state: 'executing' });
    const noReason = await api.call('POST', '/api/v1/policy-exit/decisions', {
      body: { itemId: expired, fiscalYear: 2027, decision: 'exit', reason: '' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason');
    const exit = await api.call('POST', '/api/v1/policy-exit/decisions', {
      body: { itemId: expired, fiscalYear: 2027, decision: 'exit', reason: '实施期满且连续两年评价为差' },
    });
    expect(exit.status).toBe(200);
    expect(exit.body).toMatchObject({ decisionLabel: '退出', state: 'terminated' });
    const item = await api.call('GET', `/api/v1/items/${expired}`, { token: api.tokens.officerA });
    expect(item.body.state).toBe('terminated');
    const audit = await api.call('GET', `/api/v1/items/${expired}/audit`);
    expect(JSON.stringify(audit.body)).toContain('policy_exit.decide');
  });
});

describe('transfers follow the counties’ comprehensive fiscal scores', () => {
  it('gives the better-scored county a larger share of the pool, explained, summing to the pool', async () => {
    const other = await api.call('POST', '/api/v1/regions', {
      body: { code: '360281', name: '乐平市', level: 'county', parentId: api.city.regionId },
    });
    expect(other.status).toBe(201);
    await api.call('POST', '/api/v1/evaluation-results', {
      body: {
        source: 'county_evaluation',
        fiscalYear: 2026,
        regionId: api.city.countyRegionId,
        score: 95,
        grade: 'excellent',
      },
    });
    const res = await api.call('POST', '/api/v1/transfer-allocations/preview', {
      body: {
        fiscalYear: 2026,
        poolFen: 1_000_000_00,
        counties: [
          { regionId: api.city.countyRegionId, formulaFen: 500_000_00 },
          { regionId: other.body.id, formulaFen: 500_000_00 },
        ],
      },
    });
    expect(res.status).toBe(200);
    const [fuliang, leping] = res.body.data;
    expect(fuliang).toMatchObject({
      name: '浮梁县',
      score: 95,
      factor: 1.1,
      scoreSource: 'county_evaluation',
    });
    expect(fuliang.explanation).toContain('综合绩效评价95分');
    expect(leping).toMatchObject({ score: null, factor: 1 });
    expect(fuliang.allocatedFen + leping.allocatedFen).toBe(1_000_000_00);
    expect(fuliang.allocatedFen).toBeGreaterThan(leping.allocatedFen);

    // Without a recorded evaluation the score comes from all the facts held: revenue quality,
    // 三保, debt ratio, treasury cash and execution, each explained.
    const wan = 1_000_000;
    const put = await api.call('PUT', `/api/v1/regions/${other.body.id}/fiscal-facts/2026`, {
      body: {
        generalBudgetRevenueFen: 100_000 * wan,
        taxRevenueFen: 50_000 * wan,
        basicGuaranteesArrangedFen: 45_000 * wan,
        basicGuaranteesNeededFen: 50_000 * wan,
        debtBalanceFen: 250_000 * wan,
        comprehensiveFinancialResourcesFen: 100_000 * wan,
        treasuryCashFen: 3_000 * wan,
        monthlyExpenditureFen: 10_000 * wan,
        executionRateBp: 8_000,
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const again = await api.call('POST', '/api/v1/transfer-allocations/preview', {
      body: {
        fiscalYear: 2026,
        poolFen: 1_000_000_00,
        counties: [{ regionId: other.body.id, formulaFen: 500_000_00 }],
      },
    });
    const [scored] = again.body.data;
    // Tax 50% → 0; 三保 90% → 0; debt 250% orange → 8; cash 0.3 months → 0; execution 80% → 12.
    expect(scored).toMatchObject({ score: 20, scoreSource: 'fiscal_facts' });
    for (const part of [
      '收入质量',
      '“三保”支出保障程度90%得0分',
      '债务风险（债务率）250%得8分',
      '库款保障水平',
    ])
      expect(scored.scoreNote).toContain(part);
  });
});
