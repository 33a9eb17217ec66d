import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateTransfers,
  applyBp,
  defaultPolicyConfig,
  exitCandidates,
  findOverlaps,
  type OverlapSubject,
  overlapOf,
  ownerReminderPeriod,
  proposeControlNumbers,
  resolvePolicyConfig,
  sharedTerms,
  transferFactor,
} from '../src/index.ts';

const cfg = defaultPolicyConfig.resultApplication;
const WAN = 1_000_000; // fen in 1万元

describe('next year’s control numbers', () => {
  const items = [
    {
      itemId: 1,
      name: '义务教育学校设备购置',
      amountFen: 500 * WAN,
      grade: 'excellent' as const,
      unrectified: false,
    },
    { itemId: 2, name: '乡村教师培训', amountFen: 200 * WAN, grade: 'fair' as const, unrectified: false },
    { itemId: 3, name: '校园安全改造', amountFen: 300 * WAN, grade: 'poor' as const, unrectified: true },
    { itemId: 4, name: '学生资助', amountFen: 100 * WAN, grade: null, unrectified: false },
  ];

  it('cuts 中 by 10% and 差 by 30% plus 10% while unrectified, marks 优 for priority, and explains each line', () => {
    const p = proposeControlNumbers(items, null, cfg);
    expect(p.lines.map((l) => [l.itemId, l.cutBp, l.cutFen, l.proposedFen, l.priority])).toEqual([
      [1, 0, 0, 500 * WAN, true],
      [2, 1000, 20 * WAN, 180 * WAN, false],
      [3, 4000, 120 * WAN, 180 * WAN, false],
      [4, 0, 0, 100 * WAN, false],
    ]);
    expect(p.lines[1]?.reasons).toEqual([
      '绩效评价为“中（一般）”，扣减下年度预算控制数10%（景党发〔2019〕18号§十，JX-2）',
    ]);
    expect(p.lines[2]?.reasons[1]).toContain('尚未整改到位，再扣减10%');
    expect(p.lines[3]?.flags).toEqual(['not_evaluated']);
    expect(p.baseFen).toBe(1100 * WAN);
    expect(p.itemsCutFen).toBe(140 * WAN);
    expect(p.proposedFen).toBe(960 * WAN);
  });

  it('adjusts the department total by its department-wide grade', () => {
    const p = proposeControlNumbers(items, 'poor', cfg);
    expect(p.departmentAdjustmentBp).toBe(-500);
    expect(p.departmentAdjustmentFen).toBe(-48 * WAN);
    expect(p.proposedFen).toBe(912 * WAN);
    expect(p.reasons[0]).toBe('部门整体绩效评价为“差”，部门预算核减5%（48.00万元，景党发〔2019〕18号§十六）');
  });

  it('answers a what-if with other shares, and never cuts more than the whole amount', () => {
    const whatIf = resolvePolicyConfig({ resultApplication: { cutForPoor: 0.95 } }).resultApplication;
    const p = proposeControlNumbers(items, null, whatIf);
    expect(p.lines[2]?.cutBp).toBe(10_000);
    expect(p.lines[2]?.proposedFen).toBe(0);
  });

  it('cuts in exact integer fen for any amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 10_000 }),
        (fen, bp) => {
          const cut = applyBp(fen, bp);
          expect(Number.isSafeInteger(cut)).toBe(true);
          expect(cut).toBe(Number((BigInt(fen) * BigInt(bp) + 5_000n) / 10_000n));
          expect(cut).toBeLessThanOrEqual(fen);
        },
      ),
    );
  });
});

describe('policies and projects due for exit', () => {
  it('names expired items, items graded 差 twice in three years, and two years of low execution, with the figures', () => {
    const out = exitCandidates(
      [
        { itemId: 1, name: '老旧小区改造补助', fiscalYearEnd: 2025, grades: {}, executionRateBp: {} },
        {
          itemId: 2,
          name: '农业产业化贴息',
          fiscalYearEnd: 2030,
          grades: { 2024: 'poor', 2025: 'good', 2026: 'poor' },
          executionRateBp: {},
        },
        {
          itemId: 3,
          name: '招商引资奖励',
          fiscalYearEnd: 2030,
          grades: {},
          executionRateBp: { 2025: 4200, 2026: 3100 },
        },
        {
          itemId: 4,
          name: '城市道路养护',
          fiscalYearEnd: 2030,
          grades: { 2023: 'poor', 2024: 'good', 2025: 'good', 2026: 'poor' },
          executionRateBp: { 2025: 4000, 2026: 9000 },
        },
      ],
      2026,
      cfg,
    );
    expect(out.map((c) => [c.itemId, c.reasons.map((r) => r.code)])).toEqual([
      [1, ['expired']],
      [2, ['poor_repeatedly']],
      [3, ['low_execution']],
    ]);
    expect(out[1]?.reasons[0]?.message).toBe('2024、2026年度绩效评价均为“差”（近3个评价年度内2次）');
    expect(out[2]?.reasons[0]?.message).toBe('连续2年预算执行率低于50%（2025年42.0%、2026年31.0%）');
  });
});

describe('overlapping and fragmented policies', () => {
  const s = (
    itemId: number,
    departmentId: number,
    name: string,
    extra: Partial<OverlapSubject> = {},
  ): OverlapSubject => ({
    itemId,
    name,
    departmentId,
    departmentName: `部门${departmentId}`,
    description: null,
    functionalSubject: null,
    indicatorNames: [],
    ...extra,
  });

  it('finds the same purpose paid by two departments, and one programme split between them, and says why', () => {
    const pairs = findOverlaps(
      [
        s(1, 10, '2026年农村饮水安全巩固提升工程', {
          functionalSubject: '2130314',
          indicatorNames: ['农村自来水普及率', '受益人口'],
        }),
        s(2, 20, '农村饮水安全巩固提升专项资金', {
          functionalSubject: '2130314',
          indicatorNames: ['农村自来水普及率', '水质达标率'],
        }),
        s(3, 10, '农村饮水安全维修养护', { functionalSubject: '2130314' }),
        s(4, 30, '中小学校舍维修改造'),
      ],
      cfg,
    );
    // 1–2 repeat one purpose; 2–3 split one programme between two departments (碎片化); 1–3 are one department's.
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(pairs[0]?.explanation).toEqual([
      '名称都含“农村饮水安全巩固提升”',
      '同一功能分类科目 2130314',
      '有相同的绩效指标：农村自来水普及率',
    ]);
    expect(pairs[0]?.score).toBeGreaterThan(0.8);
  });

  it('scores unrelated purposes low, and the same department is never a pair', () => {
    expect(overlapOf(s(1, 1, '城市快速路PPP项目'), s(2, 2, '家庭医生签约服务'), cfg).score).toBe(0);
    expect(findOverlaps([s(1, 1, '乡村教师培训'), s(2, 1, '乡村教师培训')], cfg)).toEqual([]);
  });

  it('takes common runs of two characters or more, longest first', () => {
    expect(sharedTerms('农村饮水安全巩固提升', '农村饮水安全维修养护')).toEqual(['农村饮水安全']);
    expect(sharedTerms('城市道路养护', '乡村道路养护')).toEqual(['道路养护']);
  });
});

describe('transfers linked to the counties’ fiscal performance', () => {
  it('weights each county’s formula share by its score’s factor and shares the pool to the fen', () => {
    expect([null, 50, 60, 77.5, 95, 99].map((x) => transferFactor(x, cfg))).toEqual([
      1, 0.9, 0.9, 1, 1.1, 1.1,
    ]);
    const out = allocateTransfers(
      1000 * WAN,
      [
        { regionId: 1, name: '浮梁县', formulaFen: 400 * WAN, score: 95 },
        { regionId: 2, name: '乐平市', formulaFen: 400 * WAN, score: 60 },
        { regionId: 3, name: '昌江区', formulaFen: 200 * WAN, score: null },
      ],
      cfg,
    );
    // Weights 440, 360, 200 of 1000.
    expect(out.map((c) => c.allocatedFen)).toEqual([440 * WAN, 360 * WAN, 200 * WAN]);
    expect(out[0]?.explanation).toBe('综合绩效评价95分，绩效系数1.1');
  });

  it('always hands out exactly the pool', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.array(
          fc.record({
            f: fc.integer({ min: 1, max: 10 ** 10 }),
            s: fc.option(fc.integer({ min: 0, max: 100 })),
          }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (pool, counties) => {
          const out = allocateTransfers(
            pool,
            counties.map((c, i) => ({ regionId: i, name: `县${i}`, formulaFen: c.f, score: c.s })),
            cfg,
          );
          expect(out.reduce((s, c) => s + c.allocatedFen, 0)).toBe(pool);
          expect(out.every((c) => c.allocatedFen >= 0)).toBe(true);
        },
      ),
    );
  });
});

describe('owner reminder periods (§十五)', () => {
  const weekly = cfg.ownerReminders;
  it('names each period by its first day, so a reminder is sent once a week or month', () => {
    // 2026-12-07 is a Monday.
    expect(ownerReminderPeriod('2026-12-07', weekly)).toBe('2026-12-07');
    expect(ownerReminderPeriod('2026-12-13', weekly)).toBe('2026-12-07');
    expect(ownerReminderPeriod('2026-12-06', weekly)).toBe('2026-11-30');
    const monthly = { ...weekly, cadence: 'monthly' as const, dayOfMonth: 5 };
    expect(ownerReminderPeriod('2026-12-05', monthly)).toBe('2026-12-05');
    expect(ownerReminderPeriod('2026-12-31', monthly)).toBe('2026-12-05');
    expect(ownerReminderPeriod('2027-01-04', monthly)).toBe('2026-12-05');
  });
});
