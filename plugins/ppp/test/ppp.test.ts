import { runPluginInDatabase } from '@jixiao/db/testing';
import {
  buildPluginReviewInput,
  buildPluginSnapshot,
  buildRegionFacts,
  buildScopedReader,
  pluginContract,
  requestPluginRoute,
  runBotCommand,
  runCheck,
  runPortfolioRule,
  runRule,
} from '@jixiao/plugin-kit/testing';
import { describe, expect, it } from 'vitest';
import type { PppAttributesInput } from '../src/attributes.ts';
import { newMechanismCheck, performancePaymentCheck, valueForMoneyCheck } from '../src/checks.ts';
import { affordabilityCommand } from '../src/commands.ts';
import { examples, plugin } from '../src/index.ts';
import {
  affordabilityRedLineRule,
  cooperationPeriodRule,
  governmentPayLimitRule,
  obligationBudgetRule,
  performanceLinkedPaymentRule,
} from '../src/rules.ts';

pluginContract(plugin, { examples });

const EXPENDITURE = 1_000_000_000_000; // 100亿元
const region = buildRegionFacts({ generalBudgetExpenditureFen: EXPENDITURE });
const snap = (attributes: PppAttributesInput, id = 1) =>
  buildPluginSnapshot(plugin, attributes, { item: { id } });
/** Two items whose obligations add up to `share` of expenditure (in 万分之一 steps). */
const portfolio = (shareBp: number, first: Partial<PppAttributesInput> = {}) => {
  const total = (EXPENDITURE * shareBp) / 10_000;
  return [
    snap({ paymentMechanism: 'viability_gap', annualFiscalObligationFen: total / 2, ...first }, 1),
    snap({ paymentMechanism: 'government_pay', annualFiscalObligationFen: total / 2 }, 2),
  ];
};

describe('affordability-red-line', () => {
  it('exactly 10% is not red (but above the 7% warning line)', () => {
    const findings = runPortfolioRule(affordabilityRedLineRule, portfolio(1000), region);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.severity === 'orange' && f.suggestedAction === 'remind')).toBe(true);
  });
  it('10.01% is red on every contributing item; a new item must stop', () => {
    const findings = runPortfolioRule(
      affordabilityRedLineRule,
      portfolio(1001, { phase: 'preparation' }),
      region,
    );
    expect(findings.map((f) => [f.itemId, f.severity, f.suggestedAction])).toEqual([
      [1, 'red', 'stop_payment'],
      [2, 'red', 'explain'],
    ]);
    expect(findings[0]?.message).toContain('10.01%');
    expect(findings[0]?.details).toMatchObject({
      obligationFen: 100_100_000_000,
      expenditureFen: EXPENDITURE,
    });
  });
  it('exactly 7% is quiet, 7.01% warns', () => {
    expect(runPortfolioRule(affordabilityRedLineRule, portfolio(700), region)).toEqual([]);
    expect(runPortfolioRule(affordabilityRedLineRule, portfolio(701), region)[0]?.severity).toBe('orange');
  });
  it('needs the region’s general-budget expenditure', () => {
    expect(runPortfolioRule(affordabilityRedLineRule, portfolio(2000), null)).toEqual([]);
    expect(
      runPortfolioRule(
        affordabilityRedLineRule,
        portfolio(2000),
        buildRegionFacts({ generalBudgetExpenditureFen: null }),
      ),
    ).toEqual([]);
  });
  it('obligations paid from other budgets do not count', () => {
    const items = portfolio(1200, { obligationBudget: 'gov_fund' });
    expect(runPortfolioRule(affordabilityRedLineRule, items, region)).toEqual([]);
  });
});

describe('government-pay-limit', () => {
  const withNewGovPay = (shareBp: number) => [
    ...portfolio(shareBp),
    snap({ phase: 'identification', paymentMechanism: 'government_pay' }, 3),
  ];
  it('exactly 5% allows new government-pay projects', () => {
    expect(runPortfolioRule(governmentPayLimitRule, withNewGovPay(500), region)).toEqual([]);
  });
  it('5.01% suspends the new government-pay project only', () => {
    const findings = runPortfolioRule(governmentPayLimitRule, withNewGovPay(501), region);
    expect(findings.map((f) => [f.itemId, f.severity, f.suggestedAction])).toEqual([
      [3, 'red', 'suspend_payment'],
    ]);
  });
});

describe('performance-linked-payment', () => {
  it('30% passes, 29.99% fires', () => {
    expect(
      runRule(
        performanceLinkedPaymentRule,
        snap({ paymentMechanism: 'government_pay', performanceLinkedShare: 0.3 }),
      ),
    ).toEqual([]);
    const [f] = runRule(
      performanceLinkedPaymentRule,
      snap({ paymentMechanism: 'government_pay', performanceLinkedShare: 0.2999 }),
    );
    expect(f).toMatchObject({ severity: 'orange', suggestedAction: 'rectify' });
    expect(f?.message).toContain('29.99%');
  });
  it('does not apply to user-paid projects or missing data', () => {
    expect(
      runRule(
        performanceLinkedPaymentRule,
        snap({ paymentMechanism: 'user_pay', performanceLinkedShare: 0 }),
      ),
    ).toEqual([]);
    expect(runRule(performanceLinkedPaymentRule, snap({ paymentMechanism: 'government_pay' }))).toEqual([]);
  });
});

describe('cooperation-period', () => {
  const years = (n: number) =>
    runRule(cooperationPeriodRule, snap({ paymentMechanism: 'viability_gap', cooperationPeriodYears: n }));
  it('10 and 30 years pass', () => {
    expect(years(10)).toEqual([]);
    expect(years(30)).toEqual([]);
  });
  it('9 years is short (orange), 31 years long (yellow)', () => {
    expect(years(9)[0]).toMatchObject({ key: 'cooperation-period-short', severity: 'orange' });
    expect(years(31)[0]).toMatchObject({ key: 'cooperation-period-long', severity: 'yellow' });
  });
});

describe('obligation-budget', () => {
  it('a new project paid from the fund budget fires', () => {
    const [f] = runRule(
      obligationBudgetRule,
      snap({ phase: 'procurement', paymentMechanism: 'viability_gap', obligationBudget: 'gov_fund' }),
    );
    expect(f).toMatchObject({ severity: 'red', suggestedAction: 'rectify' });
  });
  it('existing projects and general-budget payment do not', () => {
    expect(
      runRule(
        obligationBudgetRule,
        snap({ phase: 'execution', paymentMechanism: 'viability_gap', obligationBudget: 'gov_fund' }),
      ),
    ).toEqual([]);
    expect(
      runRule(obligationBudgetRule, snap({ phase: 'procurement', paymentMechanism: 'viability_gap' })),
    ).toEqual([]);
  });
});

describe('review checks', () => {
  const input = (attributes: PppAttributesInput, fiscalYearStart = 2026) =>
    buildPluginReviewInput(plugin, attributes, { item: { fiscalYearStart } });

  it('value-for-money: 60 points and PPP ≤ PSC pass; 59.9 or PPP > PSC fail; missing warns', () => {
    const vfm = (qualitativeScore: number, pppValueFen: number) =>
      runCheck(
        valueForMoneyCheck,
        input({
          paymentMechanism: 'user_pay',
          valueForMoney: { qualitativeScore, pppValueFen, pscValueFen: 100 },
        }),
      );
    expect(vfm(60, 100).outcome).toBe('pass');
    expect(vfm(59.9, 100).outcome).toBe('fail');
    expect(vfm(80, 101).reasons[0]).toContain('PSC');
    expect(runCheck(valueForMoneyCheck, input({ paymentMechanism: 'user_pay' })).outcome).toBe('warn');
  });

  it('performance-payment-plan: 30% with a quality indicator passes, 29% fails', () => {
    expect(
      runCheck(
        performancePaymentCheck,
        input({ paymentMechanism: 'government_pay', performanceLinkedShare: 0.3 }),
      ).outcome,
    ).toBe('pass');
    expect(
      runCheck(
        performancePaymentCheck,
        input({ paymentMechanism: 'government_pay', performanceLinkedShare: 0.29 }),
      ).outcome,
    ).toBe('fail');
  });

  it('new-mechanism: a new government-pay project from 2024 fails, 2023 passes', () => {
    const attrs: PppAttributesInput = { phase: 'preparation', paymentMechanism: 'government_pay' };
    expect(runCheck(newMechanismCheck, input(attrs, 2024)).outcome).toBe('fail');
    expect(runCheck(newMechanismCheck, input(attrs, 2023)).outcome).toBe('pass');
    expect(runCheck(newMechanismCheck, input({ ...attrs, paymentMechanism: 'user_pay' }, 2024)).outcome).toBe(
      'pass',
    );
  });
});

describe('PPP财承 command and /affordability route', () => {
  const reader = buildScopedReader({ items: portfolio(1050), regions: [region] });

  it('answers the region’s ratio', async () => {
    const reply = await runBotCommand(affordabilityCommand, 'PPP财承 2026', { reader });
    expect(reply?.title).toContain('2026');
    expect(reply?.markdown).toContain('10.5%');
    expect(reply?.markdown).toContain('超过红线');
  });

  it('does not match unrelated text', async () => {
    expect(await runBotCommand(affordabilityCommand, '我的预警', { reader })).toBeNull();
  });

  it('serves GET /affordability', async () => {
    const res = await requestPluginRoute(plugin, '/affordability?fiscalYear=2026', { reader });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { regions: Array<{ ratio: number; band: string }> };
    expect(body.regions[0]).toMatchObject({ ratio: 0.105, band: 'red_line' });
    const bad = await requestPluginRoute(plugin, '/affordability?fiscalYear=abc', { reader });
    expect(bad.status).toBe(400);
  });
});

describe('the whole plugin against a database', () => {
  it('a region whose PPP obligations pass 10% of general-budget expenditure gets red warnings on every PPP item', async () => {
    const { warnings, errors } = await runPluginInDatabase(plugin, {
      region: { generalBudgetExpenditureFen: 1_000_000_000_000 },
      items: [
        {
          attributes: {
            paymentMechanism: 'government_pay',
            annualFiscalObligationFen: 60_000_000_000,
            performanceLinkedShare: 0.4,
          },
        },
        {
          attributes: {
            paymentMechanism: 'viability_gap',
            annualFiscalObligationFen: 45_000_000_000,
            performanceLinkedShare: 0.4,
          },
        },
      ],
    });
    expect(errors).toEqual([]);
    const redLine = warnings.filter((w) => w.ruleId === 'affordability-red-line');
    expect(redLine.map((w) => w.item).sort()).toEqual([0, 1]);
    expect(redLine.every((w) => w.severity === 'red')).toBe(true);
  });

  it('the same items under a larger budget raise no affordability warning', async () => {
    const { warnings } = await runPluginInDatabase(plugin, {
      region: { generalBudgetExpenditureFen: 2_000_000_000_000 },
      items: [
        {
          attributes: {
            paymentMechanism: 'viability_gap',
            annualFiscalObligationFen: 100_000_000_000,
            performanceLinkedShare: 0.4,
          },
        },
      ],
    });
    expect(warnings.filter((w) => w.ruleId === 'affordability-red-line')).toEqual([]);
  });
});
