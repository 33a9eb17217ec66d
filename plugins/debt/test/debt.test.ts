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
import type { DebtAttributesInput } from '../src/attributes.ts';
import { specialBondExAnteCheck, specialBondTargetsCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import { bondSpendingRule, bondTypeRule, debtRatioRule, selfBalanceRule } from '../src/rules.ts';

pluginContract(plugin, { examples });

const special = (over: Partial<DebtAttributesInput> = {}): DebtAttributesInput => ({
  bondType: 'special',
  bondAmountFen: 10_000,
  issuedOn: '2026-02-28',
  projectRevenueFen: 12_000,
  financingFen: 10_000,
  spentBondFen: 8_000,
  ...over,
});
const snap = (attributes: DebtAttributesInput, asOf = '2026-08-31') =>
  buildPluginSnapshot(plugin, attributes, { calendar: { asOf } });

describe('self-balance', () => {
  const coverage = (revenue: number) =>
    runRule(selfBalanceRule, snap(special({ projectRevenueFen: revenue })));
  it('1.2× is quiet', () => expect(coverage(12_000)).toEqual([]));
  it('1.1999× is a yellow reminder; exactly 1× still yellow', () => {
    expect(coverage(11_999)[0]).toMatchObject({ severity: 'yellow', suggestedAction: 'remind' });
    expect(coverage(10_000)[0]?.severity).toBe('yellow');
  });
  it('0.9999× is red', () => {
    const [f] = coverage(9_999);
    expect(f).toMatchObject({ severity: 'red', suggestedAction: 'rectify' });
    expect(f?.details).toMatchObject({ coverage: 0.9999 });
  });
  it('ignores general bonds and missing figures', () => {
    expect(runRule(selfBalanceRule, snap(special({ bondType: 'general', projectRevenueFen: 1 })))).toEqual(
      [],
    );
    expect(runRule(selfBalanceRule, snap({ bondType: 'special' }))).toEqual([]);
  });
});

describe('bond-type-mismatch', () => {
  it('a special bond with no revenue fires', () => {
    expect(runRule(bondTypeRule, snap(special({ projectRevenueFen: 0 })))[0]?.severity).toBe('red');
  });
  it('a special bond with some revenue, or a general bond with none, does not', () => {
    expect(runRule(bondTypeRule, snap(special({ projectRevenueFen: 1 })))).toEqual([]);
    expect(runRule(bondTypeRule, snap(special({ bondType: 'general', projectRevenueFen: 0 })))).toEqual([]);
  });
});

describe('bond-spending-progress', () => {
  it('50% spent after 6 months is quiet; 49.99% fires', () => {
    expect(runRule(bondSpendingRule, snap(special({ spentBondFen: 5_000 })))).toEqual([]);
    const [f] = runRule(bondSpendingRule, snap(special({ spentBondFen: 4_999 })));
    expect(f).toMatchObject({ severity: 'orange', suggestedAction: 'explain' });
    expect(f?.details).toMatchObject({ monthsSinceIssue: 6 });
  });
  it('is not checked before 6 whole months have passed', () => {
    expect(runRule(bondSpendingRule, snap(special({ spentBondFen: 0 }), '2026-08-27'))).toEqual([]);
    expect(runRule(bondSpendingRule, snap(special({ spentBondFen: 0 }), '2026-08-28'))).toHaveLength(1);
  });
});

describe('debt-ratio-band', () => {
  const resources = 1_000_000;
  const run = (debt: number) =>
    runPortfolioRule(
      debtRatioRule,
      [snap(special())],
      buildRegionFacts({ debtBalanceFen: debt, comprehensiveFinancialResourcesFen: resources }),
    );
  it('119.99% is green (no finding); 120% is yellow', () => {
    expect(run(1_199_900)).toEqual([]);
    expect(run(1_200_000)[0]).toMatchObject({ severity: 'yellow', suggestedAction: 'remind' });
  });
  it('200% is orange, 299.99% still orange, 300% red', () => {
    expect(run(2_000_000)[0]?.severity).toBe('orange');
    expect(run(2_999_900)[0]?.severity).toBe('orange');
    expect(run(3_000_000)[0]).toMatchObject({ severity: 'red', suggestedAction: 'rectify' });
  });
  it('needs both figures', () => {
    expect(runPortfolioRule(debtRatioRule, [snap(special())], null)).toEqual([]);
    expect(
      runPortfolioRule(
        debtRatioRule,
        [snap(special())],
        buildRegionFacts({ comprehensiveFinancialResourcesFen: null }),
      ),
    ).toEqual([]);
  });
});

describe('review checks', () => {
  it('special-bond-ex-ante: balanced and assessed passes; unassessed or unbalanced fails', () => {
    const exAnte = { conclusion: 'support' as const, summary: '予以支持' };
    expect(
      runCheck(specialBondExAnteCheck, buildPluginReviewInput(plugin, special(), { exAnte })).outcome,
    ).toBe('pass');
    expect(runCheck(specialBondExAnteCheck, buildPluginReviewInput(plugin, special())).outcome).toBe('fail');
    const unbalanced = buildPluginReviewInput(plugin, special({ projectRevenueFen: 9_999 }), { exAnte });
    expect(runCheck(specialBondExAnteCheck, unbalanced).reasons[0]).toContain('自求平衡');
  });

  it('special-bond-targets: needs 融资成本 and 偿债 indicators', () => {
    const complete = {
      overallGoal: '按期建成并按时偿债',
      indicators: [
        ...defaultTargetIndicators(),
        buildTargetIndicator({
          name: '融资成本（债券综合利率）',
          level1: 'cost',
          level2: 'economic_cost',
          operator: 'lte',
        }),
        buildTargetIndicator({
          name: '按期偿债率',
          level1: 'benefit',
          level2: 'sustainable',
          operator: 'eq',
        }),
      ],
    };
    expect(
      runCheck(specialBondTargetsCheck, buildPluginReviewInput(plugin, special(), { target: complete }))
        .outcome,
    ).toBe('pass');
    const result = runCheck(specialBondTargetsCheck, buildPluginReviewInput(plugin, special()));
    expect(result.outcome).toBe('fail');
    expect(result.reasons[0]).toContain('融资成本指标');
    expect(
      runCheck(specialBondTargetsCheck, buildPluginReviewInput(plugin, { bondType: 'general' })).outcome,
    ).toBe('pass');
  });
});
