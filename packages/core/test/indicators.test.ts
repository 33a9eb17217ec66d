import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPolicyConfig,
  type IndicatorShape,
  indicatorInputSchema,
  indicatorPoints,
  indicatorTreeProblems,
  quantitativeCompletion,
  resolvePolicyConfig,
} from '../src/index.ts';

const ind = (over: Partial<IndicatorShape>): IndicatorShape => ({
  name: '指标',
  level1: 'output',
  level2: 'quantity',
  operator: 'gte',
  targetValue: 100,
  weight: 10,
  ...over,
});

/** Splits `total` (in hundredths) into `n` positive parts. */
const partsOf = (total: number, n: number) =>
  fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: n, maxLength: n }).map((raw) => {
    const sum = raw.reduce((a, b) => a + b, 0);
    const parts = raw.map((r) => Math.floor((r * total) / sum));
    parts[0] = (parts[0] as number) + total - parts.reduce((a, b) => a + b, 0);
    return parts.map((p) => p / 100);
  });

describe('indicator tree weights (by level-1 scheme: output 50, benefit 30, satisfaction 10)', () => {
  it('any split of the right totals is accepted, whatever the number of indicators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), (no, nb) =>
        fc.assert(
          fc.property(partsOf(5000, no), partsOf(3000, nb), (outs, bens) => {
            const tree = [
              ...outs.map((w, i) => ind({ name: `产出${i}`, weight: w })),
              ...bens.map((w, i) =>
                ind({ name: `效益${i}`, level1: 'benefit', level2: 'social', weight: w }),
              ),
              ind({ name: '满意度', level1: 'satisfaction', level2: 'satisfaction', weight: 10 }),
            ];
            expect(indicatorTreeProblems(tree, defaultPolicyConfig)).toEqual([]);
          }),
          { numRuns: 20 },
        ),
      ),
      { numRuns: 10 },
    );
  });

  it('any deviation from a bucket total is reported with both numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2000, max: 2000 }).filter((d) => d !== 0 && 5000 + d > 0),
        (delta) => {
          const tree = [
            ind({ name: '产出', weight: (5000 + delta) / 100 }),
            ind({ name: '效益', level1: 'benefit', level2: 'social', weight: 30 }),
            ind({ name: '满意度', level1: 'satisfaction', level2: 'satisfaction', weight: 10 }),
          ];
          const problems = indicatorTreeProblems(tree, defaultPolicyConfig);
          expect(problems).toHaveLength(1);
          expect(problems[0]).toBe(`产出（含成本）指标权重合计${(5000 + delta) / 100}，应为50`);
        },
      ),
    );
  });

  it('without a satisfaction indicator its 10 points go to benefit; cost counts toward output', () => {
    const tree = [
      ind({ name: '数量', weight: 40 }),
      ind({ name: '成本', level1: 'cost', level2: 'economic_cost', operator: 'lte', weight: 10 }),
      ind({ name: '效益', level1: 'benefit', level2: 'social', weight: 40 }),
    ];
    expect(indicatorTreeProblems(tree, defaultPolicyConfig)).toEqual([]);
  });

  it('names missing headings, duplicates and misplaced level-2 headings', () => {
    expect(indicatorTreeProblems([], defaultPolicyConfig)).toEqual(['未设置任何绩效指标']);
    const problems = indicatorTreeProblems(
      [
        ind({ name: '重复', weight: 50 }),
        ind({ name: '重复', level1: 'output', level2: 'social', weight: 0 }),
      ],
      defaultPolicyConfig,
    );
    expect(problems).toEqual(
      expect.arrayContaining(['指标“重复”重复', '指标“重复”的二级分类与一级分类不匹配', '缺少效益指标']),
    );
  });

  it('the total-only scheme checks just the sum', () => {
    const config = resolvePolicyConfig({ weightScheme: 'total_only' });
    expect(
      indicatorTreeProblems(
        [ind({ weight: 60 }), ind({ name: 'b', level1: 'benefit', level2: 'social', weight: 30 })],
        config,
      ),
    ).toEqual([]);
    expect(
      indicatorTreeProblems(
        [ind({ weight: 60 }), ind({ name: 'b', level1: 'benefit', level2: 'social', weight: 20 })],
        config,
      ),
    ).toEqual(['指标权重合计80，应为90']);
  });
});

describe('completion and points', () => {
  it('completion is always within [0, 1] and equals 1 exactly when the target is met', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('gte', 'lte', 'eq', 'range'),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (operator, target, actual, width) => {
          const shape = ind({ operator, targetValue: target, targetMin: target, targetMax: target + width });
          const c = quantitativeCompletion(shape, actual);
          expect(c).not.toBeNull();
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(1);
          const met =
            operator === 'gte'
              ? actual >= target
              : operator === 'lte'
                ? actual <= target
                : operator === 'eq'
                  ? actual === target
                  : actual >= target && actual <= target + width;
          if (met) expect(c).toBe(1);
        },
      ),
    );
  });

  it('“≥” is proportional (EV-5) and “≤” is target ÷ actual', () => {
    expect(quantitativeCompletion(ind({ operator: 'gte', targetValue: 200 }), 150)).toBe(0.75);
    expect(quantitativeCompletion(ind({ operator: 'lte', targetValue: 90 }), 100)).toBe(0.9);
    expect(quantitativeCompletion(ind({ operator: 'qualitative' }), 1)).toBeNull();
  });

  it('points never exceed the weight and round to hundredths', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: -2, max: 3, noNaN: true }),
        (w, c) => {
          const p = indicatorPoints(w, c);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(Math.round(w * 100) / 100 + 1e-9);
          expect(Math.round(p * 100)).toBeCloseTo(p * 100, 6);
        },
      ),
    );
  });
});

describe('the indicator input schema', () => {
  const ok = {
    name: '新建校舍',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    targetValue: 12,
    unit: '所',
    weight: 20,
  };
  it('accepts a complete line and names the field of a bad one in Chinese', () => {
    expect(indicatorInputSchema.safeParse(ok).success).toBe(true);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...ok, targetValue: undefined }, 'targetValue', '定量指标须填写目标值'],
      [{ ...ok, level2: 'social' }, 'level2', '不能放在'],
      [{ ...ok, operator: 'range', targetMin: 5, targetMax: 3 }, 'targetMax', '上限不能小于下限'],
      [{ ...ok, operator: 'qualitative', targetValue: undefined }, 'targetText', '定性指标须填写目标描述'],
      [{ ...ok, weight: 10.555 }, 'weight', '两位小数'],
      [{ ...ok, weight: -1 }, 'weight', '不能为负数'],
      [{ ...ok, name: '' }, 'name', '不能为空'],
      [{ ...ok, operator: 'approximately' }, 'operator', ''],
    ];
    for (const [input, path, message] of cases) {
      const r = indicatorInputSchema.safeParse(input);
      expect(r.success, path).toBe(false);
      if (!r.success) {
        const issue = r.error.issues.find((i) => i.path.join('.') === path);
        expect(issue, path).toBeDefined();
        expect(issue?.message).toContain(message);
      }
    }
  });
});
