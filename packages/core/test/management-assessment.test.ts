import { describe, expect, it } from 'vitest';
import {
  defaultPolicyConfig,
  type ManagementFacts,
  resolvePolicyConfig,
  scoreManagementWork,
  targetsOnTime,
} from '../src/index.ts';

const cfg = defaultPolicyConfig.managementAssessment;
const perfect = (partyId: number, name: string): ManagementFacts => ({
  partyId,
  name,
  targetsOnTime: { done: 10, due: 10 },
  targetsDeadline: '2026-03-31',
  targetsFirstPass: { done: 10, due: 10 },
  monitoringReports: { done: 40, due: 40 },
  warningsAcknowledged: { done: 5, due: 5 },
  warningsHandled: { done: 5, due: 5 },
  selfEvaluationCoverage: { done: 1, due: 1 },
  distortions: 0,
  rectificationsOnTime: { done: 2, due: 2 },
  resultRectificationsOnTime: { done: 1, due: 1 },
  disclosure: { done: 3, due: 3 },
});

describe('assessing departments’ performance-management work', () => {
  it('scores each indicator from the record with its evidence', () => {
    const [s] = scoreManagementWork(
      [
        {
          ...perfect(1, '教育局'),
          targetsOnTime: { done: 8, due: 10 },
          warningsAcknowledged: { done: 0, due: 0 },
          selfEvaluationCoverage: { done: 45, due: 60 },
          distortions: 1,
          resultRectificationsOnTime: { done: 1, due: 4 },
        },
      ],
      cfg,
    );
    expect(s?.indicators.map((i) => [i.key, i.score])).toEqual([
      ['targetsOnTime', 12],
      ['targetsFirstPass', 10],
      ['monitoringReports', 15],
      ['warningsAcknowledged', 10],
      ['warningsHandled', 10],
      ['selfEvaluationCoverage', 11.25],
      ['spotCheckDistortions', 5],
      ['rectificationsOnTime', 5],
      ['resultRectificationsOnTime', 1.25],
      ['disclosure', 5],
    ]);
    expect(s?.total).toBe(84.5);
    expect(s?.indicators[8]?.evidence).toBe('4项中1项评价结果整改任务按期完成（25%）');
    expect(s?.indicators[0]?.evidence).toBe('报送截止日期2026-03-31，10项中8项按时报送绩效目标（80%）');
    expect(s?.indicators[3]?.evidence).toBe('本年度无此类事项，得满分');
    expect(s?.indicators[6]?.evidence).toBe('抽查发现1份自评失真，每份扣5分');
  });

  it('ranks everyone, commends the top and interviews the bottom and anyone below the line', () => {
    const parties = ['甲', '乙', '丙', '丁', '戊', '己', '庚'].map((n, i) => ({
      ...perfect(i + 1, n),
      monitoringReports: { done: 40 - i * 5, due: 40 },
    }));
    parties[6] = {
      ...(parties[6] as ManagementFacts),
      targetsOnTime: { done: 0, due: 10 },
      warningsHandled: { done: 0, due: 5 },
      distortions: 4,
    };
    const out = scoreManagementWork(parties, cfg);
    expect(out.map((s) => [s.name, s.rank, s.outcome])).toEqual([
      ['甲', 1, 'commended'],
      ['乙', 2, 'commended'],
      ['丙', 3, 'commended'],
      ['丁', 4, null],
      ['戊', 5, 'interviewed'],
      ['己', 6, 'interviewed'],
      ['庚', 7, 'interviewed'],
    ]);
    expect(out[6]?.total).toBeLessThan(60);
    const strict = resolvePolicyConfig({ managementAssessment: { interviewBelow: 98 } }).managementAssessment;
    // Below the line is interviewed whatever the rank: 丙 (96.25) is, 乙 (98.13) is not.
    expect(
      scoreManagementWork(parties, strict)
        .filter((s) => s.outcome === 'interviewed')
        .map((s) => s.name),
    ).toEqual(['丙', '丁', '戊', '己', '庚']);
  });
});

describe('targets submitted on time (DI-6)', () => {
  const firsts = ['2026-03-30', '2026-03-31', '2026-04-01', null];
  it('counts first submissions on or before the deadline, and the unsubmitted once it has passed', () => {
    expect(targetsOnTime(firsts, '2026-03-31', '2026-04-01')).toEqual({ due: 4, done: 2 });
    // Before the deadline the unsubmitted are not late yet (nor is anything submitted after it, which cannot be).
    expect(targetsOnTime(['2026-03-01', null], '2026-03-31', '2026-03-20')).toEqual({ due: 1, done: 1 });
    expect(targetsOnTime(['2026-03-01', null], '2026-03-31', '2026-03-31')).toEqual({ due: 1, done: 1 });
  });
  it('without a deadline counts every submission', () => {
    expect(targetsOnTime(firsts, null, '2026-12-01')).toEqual({ due: 4, done: 3 });
    const [s] = scoreManagementWork(
      [
        {
          ...perfect(1, '教育局'),
          targetsDeadline: null,
          targetsOnTime: targetsOnTime(firsts, null, '2026-12-01'),
        },
      ],
      cfg,
    );
    expect(s?.indicators[0]?.evidence).toBe('未设定报送截止日期，4项中3项按时报送绩效目标（75%）');
  });
});
