import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defaultPolicyConfig,
  formatDecimal,
  formatShare,
  formatTimes,
  policyForFundType,
  resolvePolicyConfig,
  wholeMonthsBetween,
} from '../src/index.ts';

const issuePaths = (overrides: unknown): string[] => {
  try {
    resolvePolicyConfig(overrides as never);
  } catch (err) {
    if (err instanceof z.ZodError) return err.issues.map((i) => i.path.join('.'));
    throw err;
  }
  return [];
};

describe('the platform’s policy configuration', () => {
  it('holds no fund type’s own numbers: their old sections are refused, not silently ignored', () => {
    expect(Object.keys(defaultPolicyConfig)).not.toContain('ppp');
    expect(issuePaths({ ppp: { affordabilityRedLine: 0.08 } })).toEqual(['']);
    expect(issuePaths({ monitoring: { lagYelowPoints: 5 } })).toEqual(['monitoring']);
  });

  it('lets a fund type set its own lag bands and report deadline, merged into monitoring', () => {
    const config = resolvePolicyConfig({
      fundTypes: { ppp: { monitoring: { lagYellowPoints: 15, lagOrangePoints: 20, lagRedPoints: 30 } } },
    });
    expect(policyForFundType(config, 'ppp').monitoring).toMatchObject({
      lagYellowPoints: 15,
      lagOrangePoints: 20,
      lagRedPoints: 30,
      reportOverdueDays: 90,
      noPaymentByMonth: 6,
    });
    expect(policyForFundType(config, 'debt')).toBe(config);
    expect(policyForFundType(config, 'debt').monitoring.lagYellowPoints).toBe(10);
  });

  it('refuses bands that do not rise, and fund-type overrides of anything else, naming the path', () => {
    expect(issuePaths({ monitoring: { lagOrangePoints: 25 } })).toEqual(['monitoring.lagRedPoints']);
    expect(issuePaths({ fundTypes: { ppp: { monitoring: { lagYellowPoints: 18 } } } })).toEqual([
      'fundTypes.ppp.monitoring.lagOrangePoints',
    ]);
    expect(issuePaths({ fundTypes: { ppp: { monitoring: { noPaymentByMonth: 3 } } } })).toEqual([
      'fundTypes.ppp.monitoring',
    ]);
    expect(issuePaths({ fundTypes: { ppp: { monitoring: { reportOverdueDays: 0 } } } })).toEqual([
      'fundTypes.ppp.monitoring.reportOverdueDays',
    ]);
    expect(issuePaths({ fundTypes: { PPP: { monitoring: {} } } })).toEqual(['fundTypes.PPP']);
  });
});

describe('shares, multiples and months in messages', () => {
  it('show up to two decimals', () => {
    expect(formatShare(0.1001)).toBe('10.01%');
    expect(formatShare(0.1)).toBe('10%');
    expect(formatShare(0.07)).toBe('7%');
    expect(formatTimes(1.234)).toBe('1.23倍');
    expect(formatTimes(1)).toBe('1倍');
    expect(formatDecimal(5.96, '个月')).toBe('5.96个月');
  });

  it('count whole months between dates', () => {
    expect(wholeMonthsBetween('2026-02-28', '2026-08-27')).toBe(5);
    expect(wholeMonthsBetween('2026-02-28', '2026-08-28')).toBe(6);
  });
});
