import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(() => api.close());

const table = {
  budget: { adjusted: 1000, executed: 950, weight: 10, printedScore: 9.5 },
  indicators: [
    {
      level1: '产出指标',
      level2: '数量指标',
      name: '新建公租房',
      target: '≥200套',
      actual: '180套',
      weight: 50,
      printedScore: 50,
    },
    {
      level1: '效益指标',
      name: '保障住房困难家庭',
      target: '≥180户',
      actual: '180户',
      weight: 30,
      printedScore: 30,
    },
    { level1: '满意度指标', name: '租户满意度', target: '≥90%', actual: '93%', weight: 10, printedScore: 10 },
  ],
  printedTotal: 99.5,
};

describe('POST /api/v1/self-evaluations/check', () => {
  it('scores a printed table and names its mistakes, for any authenticated caller, writing nothing', async () => {
    const before = await api.call('GET', '/api/v1/audit/verify');
    let kicked = 0;
    api.city.platform.onWritten = () => {
      kicked++;
    };
    const res = await api.call('POST', '/api/v1/self-evaluations/check', {
      token: api.tokens.officerA,
      body: table,
    });
    api.city.platform.onWritten = undefined;
    // Writing nothing, it asks for no monitoring judging (under load each one is a transaction).
    expect(kicked).toBe(0);
    expect(res.status).toBe(200);
    expect(res.body.budget).toEqual({ rate: 0.95, score: 9.5 });
    expect(res.body.indicators.map((i: { score: number }) => i.score)).toEqual([45, 30, 10]);
    expect(res.body.total).toBe(94.5);
    expect(res.body.grade).toEqual({ code: 'excellent', label: '优' });
    expect(res.body.problems).toEqual([
      {
        code: 'unmet_scored_full',
        row: 0,
        message: '第1项指标“新建公租房”：未达到年度指标值（完成90%），却得满分50分',
      },
    ]);
    const after = await api.call('GET', '/api/v1/audit/verify');
    expect(after.body.entries).toBe(before.body.entries);
  });

  it('refuses an unknown scheme, a malformed table and an unauthenticated caller in Chinese', async () => {
    const unknown = await api.call('POST', '/api/v1/self-evaluations/check', {
      body: { ...table, scheme: 'nope' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('字段 scheme：评分方案“nope”不存在');
    const bad = await api.call('POST', '/api/v1/self-evaluations/check', {
      body: { ...table, indicators: [{ level1: '产出指标', name: 'x', target: 5, actual: '1' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('indicators.0.target');
    const anon = await api.call('POST', '/api/v1/self-evaluations/check', { token: null, body: table });
    expect(anon.status).toBe(401);
  });
});
