import { describe, expect, it } from 'vitest';
import {
  adjustedBudgetFen,
  adjustmentRefusal,
  budgetAdjustmentInputSchema,
  defaultPolicyConfig,
  departmentWideScheme,
  prepareDepartmentSelfEvaluation,
  scoreSelfEvaluation,
} from '../src/index.ts';

describe('全年预算数 (EV-14)', () => {
  it('adds the signed adjustments to 年初预算数 and refuses a year below zero', () => {
    expect(adjustedBudgetFen(100_00, [])).toBe(100_00);
    expect(adjustedBudgetFen(100_00, [{ amountFen: 20_00 }, { amountFen: -5_00 }])).toBe(115_00);
    expect(adjustmentRefusal(100_00, -60_00, -40_00)).toBeNull();
    expect(adjustmentRefusal(100_00, -60_00, -40_01)).toContain('不能小于零');
  });

  it('checks the sign by kind and the date within the year, naming the field', () => {
    const base = { itemId: 1, fiscalYear: 2025, adjustedOn: '2025-06-30', reason: '调整' };
    expect(budgetAdjustmentInputSchema.safeParse({ ...base, kind: 'supplement', amountFen: 1 }).success).toBe(
      true,
    );
    expect(
      budgetAdjustmentInputSchema.safeParse({ ...base, kind: 'adjustment', amountFen: -1 }).success,
    ).toBe(true);
    const issues = (v: Record<string, unknown>) =>
      budgetAdjustmentInputSchema.safeParse({ ...base, ...v }).error?.issues.map((i) => i.path.join('.')) ??
      [];
    expect(issues({ kind: 'supplement', amountFen: -1 })).toEqual(['amountFen']);
    expect(issues({ kind: 'reduction', amountFen: 1 })).toEqual(['amountFen']);
    expect(issues({ kind: 'adjustment', amountFen: 0 })).toEqual(['amountFen']);
    expect(issues({ kind: 'supplement', amountFen: 1, adjustedOn: '2026-01-01' })).toEqual(['adjustedOn']);
    expect(issues({ kind: 'supplement', amountFen: 1.5 })).toEqual(['amountFen']);
  });
});

describe('部门整体支出绩效自评 (DW-4)', () => {
  const scheme = departmentWideScheme(defaultPolicyConfig);
  const content = prepareDepartmentSelfEvaluation(
    {
      budget: { initialFen: 150, adjustedFen: 160, executedFen: 132 },
      indicators: [
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
          weight: 25,
        },
        {
          name: '管理制度健全性',
          dimension: 'sustainability',
          operator: 'qualitative',
          targetText: '健全',
          unit: '',
          weight: 25,
        },
      ],
    },
    scheme,
  );

  it('prints each indicator under its dimension, sharing the points left after the budget row', () => {
    expect(content.lines.map((l) => [l.level1, l.level2, l.name, l.target, l.weight, l.indicatorId])).toEqual(
      [
        ['履职效能', '', '重点任务完成率', '≥90%', 45, null],
        ['运行成本', '', '公用经费控制率', '≤100%', 22.5, null],
        ['可持续发展能力', '', '管理制度健全性', '健全', 22.5, null],
      ],
    );
    expect(content.budget).toEqual({ initialFen: 150, adjustedFen: 160, executedFen: 132 });
  });

  it('is scored by the same check: 8.25 + 45 + 22.5 (≤ met) + 18 (部分达成 band) = 93.75', () => {
    const filled = {
      ...content,
      lines: content.lines.map((l, i) => ({ ...l, actual: ['99%', '96%', '基本健全'][i] ?? null })),
    };
    const check = scoreSelfEvaluation(filled, scheme, defaultPolicyConfig);
    expect(check.budget.score).toBe(8.25);
    expect(check.indicators.map((i) => i.score)).toEqual([45, 22.5, 18]);
    expect(check.total).toBe(93.75);
    expect(check.grade?.label).toBe('优');
    expect(check.problems).toEqual([]);
  });
});
