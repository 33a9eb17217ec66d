import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  pluginContract,
  runCheck,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { GovFundAttributesInput } from '../src/attributes.ts';
import { fundBasisCheck, fundPlanCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import { carryOverExcessRule, repaymentSupportRule, spendingExceedsIncomeRule } from '../src/rules.ts';

pluginContract(plugin, { examples });

const snap = (attributes: GovFundAttributesInput) => buildPluginSnapshot(plugin, attributes);

describe('spending-exceeds-income', () => {
  const attrs = { fundIncomeFen: 10_000, priorCarryOverFen: 2_000, transferToGeneralFen: 1_000 };
  it('spending equal to what is available is fine; one fen more fires', () => {
    expect(runRule(spendingExceedsIncomeRule, snap({ ...attrs, fundSpendingFen: 11_000 }))).toEqual([]);
    expect(runRule(spendingExceedsIncomeRule, snap({ ...attrs, fundSpendingFen: 11_001 }))[0]).toMatchObject({
      severity: 'orange',
      details: { gapFen: 1 },
    });
  });
});

describe('carry-over-excess', () => {
  const attrs = { fundIncomeFen: 10_000, priorCarryOverFen: 0, transferToGeneralFen: 0 };
  it('carry-over of exactly 30% of income is fine; one fen more fires', () => {
    expect(runRule(carryOverExcessRule, snap({ ...attrs, fundSpendingFen: 7_000 }))).toEqual([]);
    expect(runRule(carryOverExcessRule, snap({ ...attrs, fundSpendingFen: 6_999 }))[0]).toMatchObject({
      severity: 'orange',
      suggestedAction: 'rectify',
      details: { excessFen: 1 },
    });
  });
  it('a transfer to the general budget clears it', () => {
    expect(
      runRule(carryOverExcessRule, snap({ ...attrs, fundSpendingFen: 5_000, transferToGeneralFen: 2_000 })),
    ).toEqual([]);
  });
});

describe('special-bond-repayment', () => {
  const run = (available: number) =>
    runRule(
      repaymentSupportRule,
      snap({ specialBondRepaymentDueFen: 10_000, fundAvailableForRepaymentFen: available }),
    );
  it('1.2× is fine, 1.1999× yellow, 1× still yellow, below 1× red', () => {
    expect(run(12_000)).toEqual([]);
    expect(run(11_999)[0]?.severity).toBe('yellow');
    expect(run(10_000)[0]?.severity).toBe('yellow');
    expect(run(9_999)[0]).toMatchObject({ severity: 'red', suggestedAction: 'rectify' });
  });
  it('nothing due, nothing to check', () => {
    expect(
      runRule(repaymentSupportRule, snap({ specialBondRepaymentDueFen: 0, fundAvailableForRepaymentFen: 0 })),
    ).toEqual([]);
  });
});

describe('review checks', () => {
  it('fund-basis: needs a legal basis; an expired levy fails', () => {
    expect(runCheck(fundBasisCheck, buildPluginReviewInput(plugin, {})).outcome).toBe('fail');
    expect(
      runCheck(fundBasisCheck, buildPluginReviewInput(plugin, { legalBasis: '《土地管理法》' })).outcome,
    ).toBe('pass');
    expect(
      runCheck(fundBasisCheck, buildPluginReviewInput(plugin, { legalBasis: '某文件', levyUntilYear: 2025 }))
        .reasons[0],
    ).toContain('届满');
  });
  it('fund-plan: balanced with repayment covered passes; uncovered repayment fails', () => {
    const ok = {
      fundIncomeFen: 100,
      fundSpendingFen: 100,
      specialBondRepaymentDueFen: 10,
      fundAvailableForRepaymentFen: 12,
    };
    expect(runCheck(fundPlanCheck, buildPluginReviewInput(plugin, ok)).outcome).toBe('pass');
    expect(
      runCheck(fundPlanCheck, buildPluginReviewInput(plugin, { ...ok, fundAvailableForRepaymentFen: 9 }))
        .outcome,
    ).toBe('fail');
    expect(
      runCheck(fundPlanCheck, buildPluginReviewInput(plugin, { ...ok, fundSpendingFen: 101 })).outcome,
    ).toBe('fail');
  });
});
