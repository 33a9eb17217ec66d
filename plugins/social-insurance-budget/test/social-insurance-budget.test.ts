import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  defaultTargetIndicators,
  pluginContract,
  runCheck,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { SocialInsuranceAttributesInput } from '../src/attributes.ts';
import { balancedBudgetCheck, sustainabilityIndicatorCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import { actuarialGapRule, currentDeficitRule, payableMonthsRule } from '../src/rules.ts';

pluginContract(plugin, { examples });

const snap = (over: Partial<SocialInsuranceAttributesInput>) =>
  buildPluginSnapshot(plugin, { fundKind: 'enterprise_pension', ...over });

describe('payable-months', () => {
  const run = (balance: number) =>
    runRule(payableMonthsRule, snap({ accumulatedBalanceFen: balance, monthlyPaymentFen: 10_000 }));
  it('6 months is fine, 5.99 yellow', () => {
    expect(run(60_000)).toEqual([]);
    expect(run(59_900)[0]).toMatchObject({ severity: 'yellow', suggestedAction: 'remind' });
  });
  it('3 months is still yellow, 2.99 red', () => {
    expect(run(30_000)[0]?.severity).toBe('yellow');
    const [f] = run(29_900);
    expect(f).toMatchObject({ severity: 'red', suggestedAction: 'rectify' });
    expect(f?.message).toContain('2.99个月');
  });
  it('uses expenditure ÷ 12 when monthly payments are not given', () => {
    expect(
      runRule(payableMonthsRule, snap({ accumulatedBalanceFen: 59_999, expenditureFen: 120_000 })),
    ).toHaveLength(1);
    expect(
      runRule(payableMonthsRule, snap({ accumulatedBalanceFen: 60_000, expenditureFen: 120_000 })),
    ).toEqual([]);
  });
});

describe('current-deficit', () => {
  it('income equal to expenditure is fine; one fen short fires', () => {
    expect(runRule(currentDeficitRule, snap({ incomeFen: 100, expenditureFen: 100 }))).toEqual([]);
    expect(runRule(currentDeficitRule, snap({ incomeFen: 100, expenditureFen: 101 }))[0]).toMatchObject({
      severity: 'orange',
      details: { gapFen: 1 },
    });
  });
});

describe('actuarial-gap', () => {
  it('a gap of 5% of expenditure is tolerated; 5.01% fires', () => {
    expect(runRule(actuarialGapRule, snap({ actuarialGapFen: 500, expenditureFen: 10_000 }))).toEqual([]);
    expect(runRule(actuarialGapRule, snap({ actuarialGapFen: 501, expenditureFen: 10_000 }))).toHaveLength(1);
  });
});

describe('review checks', () => {
  const input = (over: Partial<SocialInsuranceAttributesInput>) =>
    buildPluginReviewInput(plugin, { fundKind: 'unemployment', ...over });
  it('balanced-budget: balanced passes, covered by balance warns, uncovered fails', () => {
    expect(runCheck(balancedBudgetCheck, input({ incomeFen: 100, expenditureFen: 100 })).outcome).toBe(
      'pass',
    );
    expect(
      runCheck(balancedBudgetCheck, input({ incomeFen: 100, expenditureFen: 150, accumulatedBalanceFen: 50 }))
        .outcome,
    ).toBe('warn');
    expect(
      runCheck(balancedBudgetCheck, input({ incomeFen: 100, expenditureFen: 151, accumulatedBalanceFen: 50 }))
        .outcome,
    ).toBe('fail');
  });
  it('sustainability-indicator: needs a 可持续影响 benefit indicator', () => {
    expect(runCheck(sustainabilityIndicatorCheck, input({})).outcome).toBe('fail');
    const indicators = defaultTargetIndicators().map((i) =>
      i.level1 === 'benefit' ? { ...i, name: '基金累计结余可支付月数', level2: 'sustainable' as const } : i,
    );
    expect(
      runCheck(
        sustainabilityIndicatorCheck,
        buildPluginReviewInput(
          plugin,
          { fundKind: 'unemployment' },
          { target: { overallGoal: '收支平衡', indicators } },
        ),
      ).outcome,
    ).toBe('pass');
  });
});
