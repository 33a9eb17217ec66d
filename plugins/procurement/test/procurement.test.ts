import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  pluginContract,
  runCheck,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { ProcurementAttributesInput } from '../src/attributes.ts';
import { procurementPlanCheck, smeReservationCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import {
  completionOverdueRule,
  contractSigningRule,
  methodComplianceRule,
  savingsRateRule,
  smeShareRule,
} from '../src/rules.ts';

pluginContract(plugin, { examples });

const WAN = 1_000_000; // fen in 1万元
const base: ProcurementAttributesInput = { method: 'public_tender', category: 'goods' };
const snap = (over: Partial<ProcurementAttributesInput>, asOf = '2026-08-31') =>
  buildPluginSnapshot(plugin, { ...base, ...over }, { calendar: { asOf } });

describe('savings-rate', () => {
  const run = (budgetFen: number, contractAmountFen: number) =>
    runRule(savingsRateRule, snap({ budgetFen, contractAmountFen }));
  it('contract equal to budget is fine; one fen over is red', () => {
    expect(run(10_000, 10_000)).toEqual([]);
    expect(run(10_000, 10_001)[0]).toMatchObject({
      key: 'over-budget',
      severity: 'red',
      suggestedAction: 'rectify',
    });
  });
  it('30% savings is fine; 30.01% asks for an explanation', () => {
    expect(run(10_000, 7_000)).toEqual([]);
    const [f] = run(10_000, 6_999);
    expect(f).toMatchObject({ key: 'abnormal-savings', severity: 'yellow', suggestedAction: 'explain' });
    expect(f?.message).toContain('30.01%');
  });
});

describe('sme-share', () => {
  const run = (over: Partial<ProcurementAttributesInput>) =>
    runRule(smeShareRule, snap({ budgetFen: 200 * WAN, contractAmountFen: 10_000, ...over }));
  it('30% passes, 29.99% fires', () => {
    expect(run({ smeContractFen: 3_000 })).toEqual([]);
    expect(run({ smeContractFen: 2_999 })[0]).toMatchObject({
      severity: 'yellow',
      suggestedAction: 'explain',
    });
  });
  it('does not apply below 200万元, to works, or to unsuitable purchases', () => {
    expect(run({ smeContractFen: 0, budgetFen: 200 * WAN - 1 })).toEqual([]);
    expect(run({ smeContractFen: 0, category: 'works' })).toEqual([]);
    expect(run({ smeContractFen: 0, smeSuitable: false })).toEqual([]);
  });
});

describe('contract-signing-overdue', () => {
  it('signed on day 30 is fine, day 31 late', () => {
    expect(
      runRule(contractSigningRule, snap({ awardNoticeOn: '2026-05-01', contractSignedOn: '2026-05-31' })),
    ).toEqual([]);
    expect(
      runRule(contractSigningRule, snap({ awardNoticeOn: '2026-05-01', contractSignedOn: '2026-06-01' }))[0],
    ).toMatchObject({
      key: 'signed-late',
      severity: 'yellow',
    });
  });
  it('unsigned: 30 days after the notice is fine, 31 days is orange', () => {
    expect(runRule(contractSigningRule, snap({ awardNoticeOn: '2026-08-01' }, '2026-08-31'))).toEqual([]);
    expect(
      runRule(contractSigningRule, snap({ awardNoticeOn: '2026-07-31' }, '2026-08-31'))[0],
    ).toMatchObject({
      key: 'unsigned',
      severity: 'orange',
      suggestedAction: 'rectify',
    });
  });
});

describe('method-compliance', () => {
  it('below 400万元 any method is fine; at 400万元 an unapproved inquiry fires', () => {
    expect(runRule(methodComplianceRule, snap({ method: 'inquiry', budgetFen: 400 * WAN - 1 }))).toEqual([]);
    expect(runRule(methodComplianceRule, snap({ method: 'inquiry', budgetFen: 400 * WAN }))[0]).toMatchObject(
      {
        severity: 'orange',
        suggestedAction: 'rectify',
      },
    );
  });
  it('public tender or an approved method is fine', () => {
    expect(runRule(methodComplianceRule, snap({ method: 'public_tender', budgetFen: 900 * WAN }))).toEqual(
      [],
    );
    expect(
      runRule(
        methodComplianceRule,
        snap({ method: 'single_source', methodApproved: true, budgetFen: 900 * WAN }),
      ),
    ).toEqual([]);
  });
});

describe('completion-overdue', () => {
  it('due today is fine, one day late reminds', () => {
    expect(runRule(completionOverdueRule, snap({ plannedCompletionDate: '2026-08-31' }))).toEqual([]);
    expect(runRule(completionOverdueRule, snap({ plannedCompletionDate: '2026-08-30' }))[0]).toMatchObject({
      severity: 'yellow',
      suggestedAction: 'remind',
    });
  });
  it('accepted purchases are done', () => {
    expect(
      runRule(completionOverdueRule, snap({ plannedCompletionDate: '2026-06-30', acceptedOn: '2026-07-05' })),
    ).toEqual([]);
  });
});

describe('review checks', () => {
  const input = (over: Partial<ProcurementAttributesInput>) =>
    buildPluginReviewInput(plugin, { ...base, ...over }, { item: { approvedAmountFen: 1_000 * WAN } });

  it('procurement-plan: within budget and tendered passes; over budget or unapproved method fails', () => {
    expect(runCheck(procurementPlanCheck, input({ budgetFen: 1_000 * WAN })).outcome).toBe('pass');
    expect(runCheck(procurementPlanCheck, input({ budgetFen: 1_000 * WAN + 1 })).reasons[0]).toContain(
      '超过项目批复金额',
    );
    expect(
      runCheck(procurementPlanCheck, input({ budgetFen: 500 * WAN, method: 'competitive_negotiation' }))
        .outcome,
    ).toBe('fail');
    expect(runCheck(procurementPlanCheck, input({})).outcome).toBe('warn');
  });

  it('sme-reservation: 30% passes, 29% fails', () => {
    expect(
      runCheck(smeReservationCheck, input({ budgetFen: 300 * WAN, smeReservedShare: 0.3 })).outcome,
    ).toBe('pass');
    expect(
      runCheck(smeReservationCheck, input({ budgetFen: 300 * WAN, smeReservedShare: 0.29 })).outcome,
    ).toBe('fail');
    expect(runCheck(smeReservationCheck, input({ budgetFen: 100 * WAN, smeReservedShare: 0 })).outcome).toBe(
      'pass',
    );
  });
});
