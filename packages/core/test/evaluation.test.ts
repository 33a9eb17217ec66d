import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateScores,
  benchmark,
  compare,
  conflictsOfInterest,
  costBenefit,
  defaultPolicyConfig,
  drawSpotCheckSample,
  factorAnalysis,
  judgeDistortion,
  publicJudgement,
  type SampleCandidate,
  scoreCountyFiscal,
} from '../src/index.ts';

const cfg = defaultPolicyConfig.evaluation;

describe('spot-check sample', () => {
  const candidates: SampleCandidate[] = Array.from({ length: 60 }, (_, i) => ({
    id: i + 1,
    departmentId: (i % 3) + 1,
    amountFen: (i + 1) * 10_000_000,
    isSpecialTransfer: i === 59,
    selfGrade: i === 5 ? 'excellent' : 'good',
    executionRateBp: i === 5 ? 6500 : 9500,
    hasCheckProblems: i === 7,
  }));

  it('always draws the configured categories and a fifth of every department’s small and large items', () => {
    const drawn = drawSpotCheckSample(candidates, 20261130, cfg.spotCheck);
    const reasons = Object.fromEntries(
      drawn.filter((d) => d.reason !== 'random').map((d) => [d.id, d.reason]),
    );
    expect(reasons).toEqual({ 6: 'excellent_low_execution', 8: 'check_problems', 60: 'special_transfer' });
    // 57 others in 3 departments, each split in two strata of 9–10: ceil(20%) = 2 from each.
    expect(drawn.filter((d) => d.reason === 'random')).toHaveLength(12);
    for (const dept of [1, 2, 3]) {
      const ids = drawn.filter((d) => d.reason === 'random').map((d) => d.id);
      expect(ids.filter((id) => (id - 1) % 3 === dept - 1)).toHaveLength(4);
    }
  });

  it('gives the same sample for the same seed, and another for another seed', () => {
    const a = drawSpotCheckSample(candidates, 7, cfg.spotCheck);
    expect(drawSpotCheckSample([...candidates].reverse(), 7, cfg.spotCheck)).toEqual(a);
    expect(drawSpotCheckSample(candidates, 8, cfg.spotCheck)).not.toEqual(a);
  });

  it('never draws an item twice or one that is not a candidate', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (seed, share) => {
        const drawn = drawSpotCheckSample(candidates, seed, { ...cfg.spotCheck, share });
        const ids = drawn.map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.every((id) => id >= 1 && id <= 60)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('distortion', () => {
  it('is a re-score more than 5 points away, a changed grade or a table that does not add up', () => {
    const sc = cfg.spotCheck;
    expect(
      judgeDistortion({ score: 92, grade: 'excellent' }, { score: 91, grade: 'excellent' }, 0, sc),
    ).toEqual({
      distorted: false,
      difference: -1,
      reasons: [],
    });
    const d = judgeDistortion({ score: 91, grade: 'excellent' }, { score: 84.5, grade: 'good' }, 2, sc);
    expect(d.distorted).toBe(true);
    expect(d.reasons).toEqual([
      '复核得分84.5分，与自评91分相差6.5分（超过5分）',
      '复核等级为“良”，自评为“优”',
      '自评表本身有2处计算或填报问题',
    ]);
    expect(
      judgeDistortion({ score: 90, grade: 'excellent' }, { score: 89, grade: 'good' }, 0, sc).distorted,
    ).toBe(true);
  });
});

describe('experts', () => {
  it('aggregates line scores by mean, trimmed mean or median', () => {
    expect(aggregateScores([8, 9, 4], 'mean')).toBe(7);
    expect(aggregateScores([8, 9, 4], 'trimmed_mean')).toBe(8);
    expect(aggregateScores([8, 9, 4, 10], 'trimmed_mean')).toBe(8.5);
    expect(aggregateScores([8, 9], 'trimmed_mean')).toBe(8.5);
    expect(aggregateScores([8, 9, 4, 10], 'median')).toBe(8.5);
    expect(aggregateScores([], 'mean')).toBeNull();
  });

  it('names the conflicts of interest that keep an expert from an evaluation', () => {
    const party = { orgUnitId: 12, departmentId: 3, name: '景德镇市第一中学' };
    const ex = cfg.experts;
    expect(conflictsOfInterest({ employerOrgUnitId: 40, pastWork: [] }, party, '2026-11-30', ex)).toEqual([]);
    expect(conflictsOfInterest({ employerOrgUnitId: 3, pastWork: [] }, party, '2026-11-30', ex)).toEqual([
      '本人任职于被评价单位或其主管部门（景德镇市第一中学）',
    ]);
    expect(
      conflictsOfInterest(
        {
          employerOrgUnitId: null,
          pastWork: [
            { orgUnitId: 12, endedOn: '2024-06-30' },
            { orgUnitId: 12, endedOn: '2020-01-01' },
          ],
        },
        party,
        '2026-11-30',
        ex,
      ),
    ).toEqual(['近3年曾为被评价单位或其主管部门提供服务（最近一次至2024-06-30）']);
    expect(
      conflictsOfInterest(
        { employerOrgUnitId: null, pastWork: [{ orgUnitId: 12, endedOn: '2023-11-29' }] },
        party,
        '2026-11-30',
        ex,
      ),
    ).toEqual([]);
  });
});

describe('the counties’ comprehensive fiscal evaluation', () => {
  const WAN = 1_000_000;
  const county = (
    regionId: number,
    name: string,
    over: Partial<Parameters<typeof scoreCountyFiscal>[0][number]> = {},
  ) => ({
    regionId,
    name,
    taxRevenueFen: 7_000 * WAN,
    generalBudgetRevenueFen: 10_000 * WAN,
    basicGuaranteesArrangedFen: 5_000 * WAN,
    basicGuaranteesNeededFen: 5_000 * WAN,
    debtBalanceFen: 15_000 * WAN,
    comprehensiveFinancialResourcesFen: 10_000 * WAN,
    treasuryCashFen: 900 * WAN,
    monthlyExpenditureFen: 1_000 * WAN,
    executionRateBp: 9_000,
    managementScore: 80,
    ...over,
  });

  it('scores each indicator from the facts, explains it, and ranks the counties', () => {
    const out = scoreCountyFiscal(
      [
        county(1, '浮梁县'),
        county(2, '乐平市', { taxRevenueFen: 8_000 * WAN, debtBalanceFen: 32_000 * WAN }),
        county(3, '昌江区', { treasuryCashFen: null }),
      ],
      cfg.countyFiscal,
    );
    // 浮梁县: tax 70% → 20×(0.70−0.50)/0.25 = 16; 三保 100% → 15; debt 150% yellow → 14; cash 0.9 → 15; 90% → 13.5; 80 → 12.
    const fuliang = out.find((c) => c.name === '浮梁县');
    expect(fuliang?.indicators.map((i) => i.score)).toEqual([16, 15, 14, 15, 13.5, 12]);
    expect(fuliang?.total).toBe(85.5);
    expect(fuliang?.indicators[2]?.note).toBe('黄色风险等级（DB-1）');
    // 乐平市: tax 80% → 20; debt 320% red → 0.
    expect(out.find((c) => c.name === '乐平市')?.total).toBe(75.5);
    const changjiang = out.find((c) => c.name === '昌江区');
    expect(changjiang?.indicators[3]).toMatchObject({ score: 0, note: '未报送数据，不得分' });
    expect(out.map((c) => [c.name, c.rank])).toEqual([
      ['浮梁县', 1],
      ['乐平市', 2],
      ['昌江区', 3],
    ]);
  });

  it('gives equal totals the same rank', () => {
    const out = scoreCountyFiscal(
      [county(1, '甲'), county(2, '乙'), county(3, '丙', { managementScore: 0 })],
      cfg.countyFiscal,
    );
    expect(out.map((c) => c.rank)).toEqual([1, 1, 3]);
  });
});

describe('evaluation methods (seed §十四)', () => {
  it('cost-benefit: present values, net present value and benefit-cost ratio', () => {
    const r = costBenefit({
      discountRate: 0.1,
      flows: [
        { year: 0, costFen: 1_000_000, benefitFen: 0 },
        { year: 1, costFen: 0, benefitFen: 660_000 },
        { year: 2, costFen: 0, benefitFen: 605_000 },
      ],
    });
    expect(r).toEqual({
      presentCostFen: 1_000_000,
      presentBenefitFen: 1_100_000,
      netPresentValueFen: 100_000,
      benefitCostRatio: 1.1,
    });
  });

  it('comparison against target, history and peers', () => {
    expect(compare({ actual: 90, target: 100, history: [80, 100], peers: [70, 95, 85] })).toEqual({
      againstTarget: -0.1,
      againstHistory: 0,
      againstPeers: 0.08,
      peerPercentile: 0.6667,
    });
    expect(compare({ actual: 30, peers: [40, 20], higherIsBetter: false }).peerPercentile).toBe(0.5);
  });

  it('factor analysis splits a gap into contributions that add up to it', () => {
    const r = factorAnalysis([
      { name: '建设数量', planned: 200, actual: 180 },
      { name: '单位成本', planned: 30, actual: 32 },
    ]);
    expect(r).toEqual({
      planned: 6000,
      actual: 5760,
      gap: -240,
      contributions: [
        { name: '建设数量', contribution: -600 },
        { name: '单位成本', contribution: 360 },
      ],
    });
  });

  it('public judgement from survey answers, ignoring invalid ones', () => {
    expect(publicJudgement([5, 4, 4, 3, 5, 2, 9, 0])).toEqual({
      responses: 6,
      satisfiedShare: 0.6667,
      meanScore: 3.83,
      marginOfError: 0.3772,
    });
    expect(publicJudgement([]).satisfiedShare).toBeNull();
  });

  it('benchmarking ranks like items by unit cost and result', () => {
    const r = benchmark([
      { id: 1, unitCost: 32, result: 90 },
      { id: 2, unitCost: 28, result: 95 },
      { id: 3, unitCost: 35, result: 80 },
    ]);
    expect(r.map((x) => [x.id, x.costRank, x.resultRank, x.benchmark, x.costGapToBest])).toEqual([
      [1, 2, 2, false, 0.1429],
      [2, 1, 1, true, 0],
      [3, 3, 3, false, 0.25],
    ]);
  });
});
