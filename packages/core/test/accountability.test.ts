import { describe, expect, it } from 'vitest';
import { decideCaseAction, holderOn, holderPeriods } from '../src/index.ts';

const handovers = [
  { fromName: '李四', toName: '王五', effectiveOn: '2026-09-01', reason: '调任' },
  { fromName: '张三', toName: '李四', effectiveOn: '2025-03-15', reason: '退休' },
];

describe('the responsibility register', () => {
  it('gives each holder the days they answered for, whatever order the handovers come in', () => {
    expect(holderPeriods('王五', handovers)).toEqual([
      { name: '张三', from: null, to: '2025-03-14' },
      { name: '李四', from: '2025-03-15', to: '2026-08-31' },
      { name: '王五', from: '2026-09-01', to: null },
    ]);
    expect(holderOn('王五', handovers, '2024-12-31').name).toBe('张三');
    expect(holderOn('王五', handovers, '2025-03-15').name).toBe('李四');
    expect(holderOn('王五', handovers, '2026-08-31').name).toBe('李四');
    expect(holderOn('王五', handovers, '2026-12-01').name).toBe('王五');
    expect(holderOn('赵六', [], '2020-01-01')).toEqual({ name: '赵六', from: null, to: null });
  });
});

describe('accountability cases', () => {
  const open = { status: 'open' as const, roles: ['finance_admin' as const], reason: '核实属实' };

  it('is decided by the finance bureau, with a reason and, to conclude, an outcome', () => {
    expect(decideCaseAction('conclude', { ...open, outcome: 'criticism' })).toEqual({
      ok: true,
      to: 'concluded',
    });
    expect(decideCaseAction('refer', open)).toEqual({ ok: true, to: 'referred' });
    expect(decideCaseAction('conclude', open)).toMatchObject({ ok: false, field: 'outcome' });
    expect(decideCaseAction('withdraw', { ...open, reason: ' ' })).toMatchObject({
      ok: false,
      field: 'reason',
    });
    expect(decideCaseAction('refer', { ...open, roles: ['dept_officer'] })).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect(decideCaseAction('refer', { ...open, status: 'concluded' })).toEqual({
      ok: false,
      code: 'conflict',
      message: '问责事项当前为“已作出处理”，不能移送纪检监察机关',
    });
  });
});
