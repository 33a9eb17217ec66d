import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  pluginContract,
  runCheck,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { SoeCapitalAttributesInput } from '../src/attributes.ts';
import { balancedPlanCheck, plannedTransferCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import { noDeficitRule, socialSecurityTransferRule, transferShareRule } from '../src/rules.ts';

pluginContract(plugin, { examples });

const snap = (attributes: SoeCapitalAttributesInput) => buildPluginSnapshot(plugin, attributes);

describe('transfer-to-general-share', () => {
  it('30% passes, 29.99% fires', () => {
    expect(
      runRule(transferShareRule, snap({ profitTurnedOverFen: 10_000, transferredToGeneralFen: 3_000 })),
    ).toEqual([]);
    const [f] = runRule(
      transferShareRule,
      snap({ profitTurnedOverFen: 10_000, transferredToGeneralFen: 2_999 }),
    );
    expect(f).toMatchObject({ severity: 'orange', suggestedAction: 'rectify' });
    expect(f?.message).toContain('29.99%');
  });
  it('follows the configured share', () => {
    const s = snap({ profitTurnedOverFen: 10_000, transferredToGeneralFen: 3_000 });
    expect(runRule(transferShareRule, s, { settings: { minTransferToGeneralShare: 0.35 } })).toHaveLength(1);
  });
  it('skips when income or transfer is unknown', () => {
    expect(runRule(transferShareRule, snap({ profitTurnedOverFen: 10_000 }))).toEqual([]);
  });
});

describe('social-security-transfer', () => {
  it('10% passes, 9.99% reminds', () => {
    expect(runRule(socialSecurityTransferRule, snap({ socialSecurityTransferShare: 0.1 }))).toEqual([]);
    expect(
      runRule(socialSecurityTransferRule, snap({ socialSecurityTransferShare: 0.0999 }))[0],
    ).toMatchObject({
      severity: 'yellow',
      suggestedAction: 'remind',
    });
  });
});

describe('spending-exceeds-available', () => {
  const attrs = { profitTurnedOverFen: 10_000, carryOverFen: 1_000, transferredToGeneralFen: 3_000 };
  it('spending equal to income + carry-over − transfer is fine; one fen more fires', () => {
    expect(runRule(noDeficitRule, snap({ ...attrs, spendingFen: 8_000 }))).toEqual([]);
    expect(runRule(noDeficitRule, snap({ ...attrs, spendingFen: 8_001 }))[0]?.details).toMatchObject({
      gapFen: 1,
    });
  });
});

describe('review checks', () => {
  it('planned-transfer-share: 30% passes, 29% fails, unknown warns', () => {
    const input = (transferredToGeneralFen: number) =>
      buildPluginReviewInput(plugin, { profitTurnedOverFen: 100, transferredToGeneralFen });
    expect(runCheck(plannedTransferCheck, input(30)).outcome).toBe('pass');
    expect(runCheck(plannedTransferCheck, input(29)).outcome).toBe('fail');
    expect(runCheck(plannedTransferCheck, buildPluginReviewInput(plugin, {})).outcome).toBe('warn');
  });
  it('balanced-plan: no deficit', () => {
    const input = (spendingFen: number) =>
      buildPluginReviewInput(plugin, { profitTurnedOverFen: 100, transferredToGeneralFen: 30, spendingFen });
    expect(runCheck(balancedPlanCheck, input(70)).outcome).toBe('pass');
    expect(runCheck(balancedPlanCheck, input(71)).outcome).toBe('fail');
  });
});
