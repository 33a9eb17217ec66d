import {
  buildIndicator,
  buildPluginReviewInput,
  buildPluginSnapshot,
  buildTargetIndicator,
  pluginContract,
  runCheck,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { PurchasedServicesAttributesInput } from '../src/attributes.ts';
import { contractTermCheck, prohibitedContentCheck, requirementIndicatorsCheck } from '../src/checks.ts';
import { examples, plugin } from '../src/index.ts';
import {
  contractYearsRule,
  payForPerformanceRule,
  prohibitedContentRule,
  purchaseRequirementRule,
  thirdPartyEvaluationRule,
} from '../src/rules.ts';

pluginContract(plugin, { examples });

const base: PurchasedServicesAttributesInput = { serviceCategory: 'basic_public' };
const snap = (over: Partial<PurchasedServicesAttributesInput>) =>
  buildPluginSnapshot(plugin, { ...base, ...over });

describe('contract-years', () => {
  it('1 year, or 3 years for a stable recurring service, is fine', () => {
    expect(runRule(contractYearsRule, snap({ contractYears: 1 }))).toEqual([]);
    expect(runRule(contractYearsRule, snap({ contractYears: 3, recurringStable: true }))).toEqual([]);
  });
  it('2 years for an ordinary service asks why; 4 years is over the limit', () => {
    expect(runRule(contractYearsRule, snap({ contractYears: 2 }))[0]).toMatchObject({
      key: 'over-standard',
      severity: 'yellow',
    });
    expect(runRule(contractYearsRule, snap({ contractYears: 4, recurringStable: true }))[0]).toMatchObject({
      key: 'over-max',
      severity: 'red',
      suggestedAction: 'rectify',
    });
  });
});

describe('pay-for-performance', () => {
  it('30% passes, 29.99% fires', () => {
    expect(runRule(payForPerformanceRule, snap({ payForPerformanceShare: 0.3 }))).toEqual([]);
    expect(runRule(payForPerformanceRule, snap({ payForPerformanceShare: 0.2999 }))[0]).toMatchObject({
      severity: 'orange',
      suggestedAction: 'rectify',
    });
  });
});

describe('third-party-evaluation', () => {
  it('100万元 without a third-party evaluation fires; 99.99万元 does not', () => {
    expect(
      runRule(
        thirdPartyEvaluationRule,
        snap({ contractAmountFen: 100_000_000, thirdPartyEvaluation: false }),
      ),
    ).toHaveLength(1);
    expect(
      runRule(thirdPartyEvaluationRule, snap({ contractAmountFen: 99_999_999, thirdPartyEvaluation: false })),
    ).toEqual([]);
  });
  it('an arranged evaluation, or no answer yet, is quiet', () => {
    expect(
      runRule(thirdPartyEvaluationRule, snap({ contractAmountFen: 900_000_000, thirdPartyEvaluation: true })),
    ).toEqual([]);
    expect(runRule(thirdPartyEvaluationRule, snap({ contractAmountFen: 900_000_000 }))).toEqual([]);
  });
});

describe('purchase-requirement', () => {
  const withForecast = (forecastValue: number) =>
    buildPluginSnapshot(plugin, base, {
      indicators: [
        buildIndicator({
          id: 7,
          name: '上门服务人次',
          targetValue: 1000,
          unit: '人次',
          latest: { forecastValue },
        }),
      ],
    });
  it('a forecast at 80% of target (the deviation share) is tolerated; just below fires', () => {
    expect(runRule(purchaseRequirementRule, withForecast(1000))).toEqual([]);
    expect(runRule(purchaseRequirementRule, withForecast(800))).toEqual([]);
    expect(runRule(purchaseRequirementRule, withForecast(799))[0]).toMatchObject({
      key: 'shortfall-7',
      severity: 'orange',
    });
  });
  it('failed acceptance suspends payment', () => {
    expect(runRule(purchaseRequirementRule, snap({ acceptanceResult: 'failed' }))[0]).toMatchObject({
      key: 'acceptance-failed',
      suggestedAction: 'suspend_payment',
    });
    expect(runRule(purchaseRequirementRule, snap({ acceptanceResult: 'passed' }))).toEqual([]);
  });
  it('a qualitative indicator reported not met fires', () => {
    const s = buildPluginSnapshot(plugin, base, {
      indicators: [
        buildIndicator({
          id: 8,
          name: '服务规范化程度',
          level1: 'benefit',
          level2: 'social',
          operator: 'qualitative',
          targetValue: null,
          targetText: '服务流程规范',
          latest: { qualitativeStatus: 'not_met', forecastValue: null, likelihood: 'possible' },
        }),
      ],
    });
    expect(runRule(purchaseRequirementRule, s)).toHaveLength(1);
  });
});

describe('prohibited-content', () => {
  it('construction or financing stops payment', () => {
    expect(runRule(prohibitedContentRule, snap({ includesFinancing: true }))[0]).toMatchObject({
      severity: 'red',
      suggestedAction: 'stop_payment',
    });
    expect(runRule(prohibitedContentRule, snap({}))).toEqual([]);
  });
});

describe('review checks', () => {
  const input = (over: Partial<PurchasedServicesAttributesInput>) =>
    buildPluginReviewInput(plugin, { ...base, ...over });
  it('prohibited-content', () => {
    expect(runCheck(prohibitedContentCheck, input({ includesConstruction: true })).outcome).toBe('fail');
    expect(runCheck(prohibitedContentCheck, input({})).outcome).toBe('pass');
  });
  it('contract-term: 3 years stable passes, 4 fails, 2 ordinary warns', () => {
    expect(runCheck(contractTermCheck, input({ contractYears: 3, recurringStable: true })).outcome).toBe(
      'pass',
    );
    expect(runCheck(contractTermCheck, input({ contractYears: 4, recurringStable: true })).outcome).toBe(
      'fail',
    );
    expect(runCheck(contractTermCheck, input({ contractYears: 2 })).outcome).toBe('warn');
  });
  it('requirement-indicators: default target passes; no output indicator fails', () => {
    expect(runCheck(requirementIndicatorsCheck, input({})).outcome).toBe('pass');
    const onlyBenefit = {
      overallGoal: '提升养老服务水平',
      indicators: [buildTargetIndicator({ name: '受益老人数', level1: 'benefit', level2: 'social' })],
    };
    expect(
      runCheck(requirementIndicatorsCheck, buildPluginReviewInput(plugin, base, { target: onlyBenefit }))
        .outcome,
    ).toBe('fail');
  });
});
