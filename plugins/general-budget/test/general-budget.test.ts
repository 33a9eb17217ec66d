import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  buildRegionFacts,
  buildTargetIndicator,
  defaultTargetIndicators,
  pluginContract,
  runCheck,
  runPortfolioRule,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { GeneralBudgetAttributesInput } from '../src/attributes.ts';
import { revenueTargetRealismCheck, taxPreferenceEffectCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import {
  decemberConcentrationRule,
  revenueAboveTargetRule,
  revenueGrowthRealismRule,
  staleCarryOverRule,
  taxShareRule,
} from '../src/rules.ts';

pluginContract(plugin, { examples });

const revenue = (over: Partial<GeneralBudgetAttributesInput> = {}) =>
  buildPluginSnapshot(plugin, { side: 'revenue', ...over });

describe('revenue-growth-realism', () => {
  const run = (revenueGrowthTarget: number, expectedGdpGrowth: number) =>
    runPortfolioRule(
      revenueGrowthRealismRule,
      [revenue({ revenueGrowthTarget, expectedGdpGrowth })],
      buildRegionFacts(),
    );
  it('exactly 1 point above GDP growth is fine; 1.01 points fires', () => {
    expect(run(0.065, 0.055)).toEqual([]);
    const [f] = run(0.0651, 0.055);
    expect(f).toMatchObject({ itemId: 1, severity: 'orange', suggestedAction: 'explain' });
  });
  it('falls back on the region’s figures, and on target ÷ prior-year revenue', () => {
    const fromRegion = buildRegionFacts({ revenueGrowthTargetBp: 700, gdpGrowthBp: 500 });
    expect(runPortfolioRule(revenueGrowthRealismRule, [revenue()], fromRegion)).toHaveLength(1);
    const derived = revenue({ revenueTargetFen: 10_700, priorYearRevenueFen: 10_000 });
    expect(
      runPortfolioRule(revenueGrowthRealismRule, [derived], buildRegionFacts({ gdpGrowthBp: 600 })),
    ).toEqual([]);
    expect(
      runPortfolioRule(revenueGrowthRealismRule, [derived], buildRegionFacts({ gdpGrowthBp: 599 })),
    ).toHaveLength(1);
  });
  it('ignores spending items and unknown growth', () => {
    const spending = buildPluginSnapshot(plugin, { revenueGrowthTarget: 0.5, expectedGdpGrowth: 0 });
    expect(runPortfolioRule(revenueGrowthRealismRule, [spending], buildRegionFacts())).toEqual([]);
    expect(runPortfolioRule(revenueGrowthRealismRule, [revenue({ revenueGrowthTarget: 0.5 })], null)).toEqual(
      [],
    );
  });
});

describe('december-revenue-concentration', () => {
  const months = (december: number) => [...Array.from({ length: 11 }, () => 1_000), december];
  // 3,300 of 22,000 is exactly 15%; 1,942 of 12,942 is 15.006%.
  it('15% or less is fine; above fires', () => {
    expect(
      runRule(
        decemberConcentrationRule,
        revenue({ monthlyRevenueFen: [...Array.from({ length: 11 }, () => 1_700), 3_300] }),
      ),
    ).toEqual([]);
    expect(
      runRule(decemberConcentrationRule, revenue({ monthlyRevenueFen: months(1_942) }))[0],
    ).toMatchObject({
      severity: 'orange',
    });
  });
  it('needs all twelve months', () => {
    expect(runRule(decemberConcentrationRule, revenue({ monthlyRevenueFen: [1, 2, 3] }))).toEqual([]);
  });
});

describe('revenue-above-target', () => {
  it('5% above target is fine; 5.01% asks why', () => {
    expect(
      runRule(revenueAboveTargetRule, revenue({ revenueTargetFen: 10_000, actualRevenueFen: 10_500 })),
    ).toEqual([]);
    expect(
      runRule(revenueAboveTargetRule, revenue({ revenueTargetFen: 10_000, actualRevenueFen: 10_501 }))[0],
    ).toMatchObject({
      severity: 'yellow',
      suggestedAction: 'explain',
    });
  });
});

describe('tax-revenue-share', () => {
  it('70% is fine; 69.99% reminds', () => {
    expect(runRule(taxShareRule, revenue({ actualRevenueFen: 10_000, taxRevenueFen: 7_000 }))).toEqual([]);
    expect(runRule(taxShareRule, revenue({ actualRevenueFen: 10_000, taxRevenueFen: 6_999 }))).toHaveLength(
      1,
    );
  });
});

describe('stale-carry-over', () => {
  it('1 year is fine; 2 years must be recovered', () => {
    expect(
      runRule(staleCarryOverRule, buildPluginSnapshot(plugin, { carryOverFen: 100, carryOverYears: 1 })),
    ).toEqual([]);
    expect(
      runRule(staleCarryOverRule, buildPluginSnapshot(plugin, { carryOverFen: 100, carryOverYears: 2 }))[0],
    ).toMatchObject({
      severity: 'orange',
      suggestedAction: 'rectify',
    });
    expect(
      runRule(staleCarryOverRule, buildPluginSnapshot(plugin, { carryOverFen: 0, carryOverYears: 5 })),
    ).toEqual([]);
  });
});

describe('review checks', () => {
  it('revenue-target-realism: passes at the edge, fails above, warns without data', () => {
    const input = (over: Partial<GeneralBudgetAttributesInput>) =>
      buildPluginReviewInput(plugin, { side: 'revenue', ...over });
    expect(
      runCheck(revenueTargetRealismCheck, input({ revenueGrowthTarget: 0.06, expectedGdpGrowth: 0.05 }))
        .outcome,
    ).toBe('pass');
    expect(
      runCheck(revenueTargetRealismCheck, input({ revenueGrowthTarget: 0.0601, expectedGdpGrowth: 0.05 }))
        .outcome,
    ).toBe('fail');
    expect(runCheck(revenueTargetRealismCheck, input({})).outcome).toBe('warn');
    expect(runCheck(revenueTargetRealismCheck, buildPluginReviewInput(plugin, {})).outcome).toBe('pass');
  });
  it('tax-preference-effect: needs a benefit indicator on the cuts', () => {
    const attrs: GeneralBudgetAttributesInput = {
      side: 'revenue',
      taxPreferenceFen: 1_000,
      taxPreferenceEvaluated: true,
    };
    expect(runCheck(taxPreferenceEffectCheck, buildPluginReviewInput(plugin, attrs)).outcome).toBe('warn');
    const target = {
      overallGoal: '落实减税降费',
      indicators: [
        ...defaultTargetIndicators(),
        buildTargetIndicator({
          name: '减税降费惠及市场主体户数',
          level1: 'benefit',
          level2: 'economic',
          weight: 0,
        }),
      ],
    };
    expect(
      runCheck(taxPreferenceEffectCheck, buildPluginReviewInput(plugin, attrs, { target })).outcome,
    ).toBe('pass');
  });
});
