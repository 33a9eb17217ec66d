import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetItemCreateSchema,
  fenSchema,
  formatWanYuan,
  formatYuan,
  indicatorReportInputSchema,
  isoDateSchema,
  parseYuan,
  paymentInputSchema,
  ratioBp,
  resolvePolicyConfig,
  sumFen,
  targetInputSchema,
  timeProgressBp,
  userInputSchema,
} from '../src/index.ts';

describe('money in fen', () => {
  it('yuan text round-trips through fen exactly, for any amount with at most two decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_000_000_000_000_000n }), (fenBig) => {
        const fen = Number(fenBig);
        const text = formatYuan(fen).replace(/[,元]/g, '');
        expect(parseYuan(text)).toBe(fen);
      }),
    );
  });

  it('万 and 亿 scale exactly, and more precision than a fen is refused', () => {
    expect(parseYuan('12.34万')).toBe(12_340_000);
    expect(parseYuan('3.2亿')).toBe(32_000_000_000);
    expect(parseYuan('0.001')).toBeUndefined();
    expect(parseYuan('1.234567万')).toBe(1_234_567); // 12,345.67元: still whole fen
    expect(parseYuan('1.2345678万')).toBeUndefined();
    expect(parseYuan('一百')).toBeUndefined();
  });

  it('万元 display rounds half up to two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (fen) => {
        const shown = Number(formatWanYuan(fen).replace(/[,万元]/g, ''));
        expect(Math.abs(shown * 1_000_000 - fen)).toBeLessThanOrEqual(5_000 + 1e-6 * fen);
      }),
    );
    expect(formatWanYuan(5_000)).toBe('0.01万元');
    expect(formatWanYuan(4_999)).toBe('0.00万元');
  });

  it('the fen schema takes non-negative integers only', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0 }), (n) => {
        expect(fenSchema.safeParse(n).success).toBe(true);
      }),
    );
    for (const bad of [-1, 1.5, Number.NaN, '100', 2 ** 53, null])
      expect(fenSchema.safeParse(bad).success).toBe(false);
  });

  it('sums stay exact or refuse; ratios are integer basis points', () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow('超出');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1e12 }), (a, b) => {
        const bp = ratioBp(a, b);
        expect(Number.isInteger(bp)).toBe(true);
        expect(bp).toBe(Math.floor((a * 10_000) / b) === bp ? bp : Number((BigInt(a) * 10_000n) / BigInt(b)));
      }),
    );
    expect(ratioBp(5, 0)).toBe(0);
  });
});

describe('time progress (序时进度)', () => {
  it('by month counts completed months; by day counts elapsed days', () => {
    expect(timeProgressBp('2026-08-31', 2026, 'month')).toBe(5833);
    expect(timeProgressBp('2026-01-15', 2026, 'month')).toBe(0);
    expect(timeProgressBp('2026-12-31', 2026, 'day')).toBe(10_000);
    expect(timeProgressBp('2027-01-01', 2026, 'month')).toBe(10_000);
    expect(timeProgressBp('2025-12-31', 2026, 'day')).toBe(0);
  });
});

describe('every input schema names the field and rejects unknown keys', () => {
  const item = {
    code: 'JDZ-2026-0001',
    name: '项目',
    kind: 'project',
    fundTypeId: 'ppp',
    orgUnitId: 1,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 100,
    responsiblePerson: '李',
  };
  const cases: Array<
    [
      string,
      { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } },
      unknown,
      string,
    ]
  > = [
    ['item code', budgetItemCreateSchema, { ...item, code: '项目 1' }, 'code'],
    ['item years', budgetItemCreateSchema, { ...item, fiscalYearEnd: 2040 }, 'fiscalYearEnd'],
    ['item extra key', budgetItemCreateSchema, { ...item, secret: 1 }, ''],
    ['payment amount', paymentInputSchema, { paidOn: '2026-05-01', amountFen: 0 }, 'amountFen'],
    ['payment date', paymentInputSchema, { paidOn: '2026-02-30', amountFen: 1 }, 'paidOn'],
    ['report value', indicatorReportInputSchema, { indicatorId: 1, reportedOn: '2026-05-01' }, 'actualValue'],
    [
      'target indicators',
      targetInputSchema,
      { fiscalYear: 2026, overallGoal: '目标', indicators: [] },
      'indicators',
    ],
    [
      'user mobile',
      userInputSchema,
      { name: '李', orgUnitId: 1, roles: ['leader'], mobile: '123' },
      'mobile',
    ],
    ['user roles', userInputSchema, { name: '李', orgUnitId: 1, roles: ['king'] }, 'roles.0'],
  ];
  it.each(cases)('%s', (_label, schema, value, path) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.map(String).join('.'))).toContain(path);
  });

  it('dates must exist', () => {
    expect(isoDateSchema.safeParse('2026-02-29').success).toBe(false);
    expect(isoDateSchema.safeParse('2028-02-29').success).toBe(true);
  });

  it('policy overrides are validated with the key named', () => {
    expect(() => resolvePolicyConfig({ monitoring: { lagYellowPoints: -1 } as never })).toThrow();
    expect(resolvePolicyConfig({ grading: { excellent: 95, good: 85, fair: 60 } }).grading.excellent).toBe(
      95,
    );
  });
});
