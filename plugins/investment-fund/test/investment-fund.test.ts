import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  pluginContract,
  runCheck,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { InvestmentFundAttributesInput } from '../src/attributes.ts';
import { exitMechanismCheck, noDisguisedBorrowingCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import {
  disguisedBorrowingRule,
  idleMoneyRule,
  leverageRule,
  paidInRule,
  policyTargetRule,
} from '../src/rules.ts';

pluginContract(plugin, { examples });

const snap = (attributes: InvestmentFundAttributesInput) => buildPluginSnapshot(plugin, attributes);

describe('paid-in-progress', () => {
  it('paid-in equal to the commitment is fine; one fen more is red', () => {
    expect(runRule(paidInRule, snap({ committedFen: 10_000, paidInFen: 10_000 }))).toEqual([]);
    expect(runRule(paidInRule, snap({ committedFen: 10_000, paidInFen: 10_001 }))[0]).toMatchObject({
      key: 'over-committed',
      severity: 'red',
    });
  });
  it('paid-in at the agreed schedule is fine; one fen short asks why', () => {
    expect(
      runRule(paidInRule, snap({ committedFen: 10_000, paidInDueFen: 6_000, paidInFen: 6_000 })),
    ).toEqual([]);
    expect(
      runRule(paidInRule, snap({ committedFen: 10_000, paidInDueFen: 6_000, paidInFen: 5_999 }))[0],
    ).toMatchObject({
      key: 'behind-schedule',
      severity: 'yellow',
      suggestedAction: 'explain',
    });
  });
});

describe('leverage-shortfall', () => {
  it('actual equal to target is fine; below fires; funds still raising are skipped', () => {
    expect(runRule(leverageRule, snap({ leverageTarget: 4, leverageActual: 4 }))).toEqual([]);
    expect(runRule(leverageRule, snap({ leverageTarget: 4, leverageActual: 3.99 }))).toHaveLength(1);
    expect(runRule(leverageRule, snap({ stage: 'raising', leverageTarget: 4, leverageActual: 1 }))).toEqual(
      [],
    );
  });
});

describe('idle-money', () => {
  it('365 days is fine, 366 fires', () => {
    expect(runRule(idleMoneyRule, snap({ idleDays: 365, paidInFen: 100, investedFen: 40 }))).toEqual([]);
    const [f] = runRule(idleMoneyRule, snap({ idleDays: 366, paidInFen: 100, investedFen: 40 }));
    expect(f).toMatchObject({ severity: 'orange', suggestedAction: 'rectify', details: { idleFen: 60 } });
  });
  it('nothing uninvested means nothing idle', () => {
    expect(runRule(idleMoneyRule, snap({ idleDays: 900, paidInFen: 100, investedFen: 100 }))).toEqual([]);
  });
});

describe('policy-target-shortfall', () => {
  it('uses the charter minimum: 50% passes at 50%, 49.99% fires', () => {
    expect(runRule(policyTargetRule, snap({ policyTargetMinShare: 0.5, policyTargetShare: 0.5 }))).toEqual(
      [],
    );
    expect(
      runRule(policyTargetRule, snap({ policyTargetMinShare: 0.5, policyTargetShare: 0.4999 })),
    ).toHaveLength(1);
  });
  it('falls back on the configured default (60%)', () => {
    expect(runRule(policyTargetRule, snap({ policyTargetShare: 0.6 }))).toEqual([]);
    expect(runRule(policyTargetRule, snap({ policyTargetShare: 0.5999 }))[0]?.details).toMatchObject({
      minShare: 0.6,
    });
    expect(
      runRule(policyTargetRule, snap({ policyTargetShare: 0.55 }), {
        settings: { defaultPolicyTargetMinShare: 0.5 },
      }),
    ).toEqual([]);
  });
});

describe('disguised-borrowing', () => {
  it('a guaranteed return stops payment', () => {
    expect(runRule(disguisedBorrowingRule, snap({ guaranteedReturn: true }))[0]?.suggestedAction).toBe(
      'stop_payment',
    );
    expect(runRule(disguisedBorrowingRule, snap({}))).toEqual([]);
  });
});

describe('review checks', () => {
  it('no-disguised-borrowing', () => {
    expect(
      runCheck(noDisguisedBorrowingCheck, buildPluginReviewInput(plugin, { guaranteedReturn: true })).outcome,
    ).toBe('fail');
    expect(runCheck(noDisguisedBorrowingCheck, buildPluginReviewInput(plugin, {})).outcome).toBe('pass');
  });
  it('exit-mechanism: needs a duration; warns without policy and leverage targets', () => {
    expect(runCheck(exitMechanismCheck, buildPluginReviewInput(plugin, {})).outcome).toBe('fail');
    expect(runCheck(exitMechanismCheck, buildPluginReviewInput(plugin, { durationYears: 10 })).outcome).toBe(
      'warn',
    );
    const full = { durationYears: 10, policyTargetMinShare: 0.6, leverageTarget: 4 };
    expect(runCheck(exitMechanismCheck, buildPluginReviewInput(plugin, full)).outcome).toBe('pass');
  });
});
