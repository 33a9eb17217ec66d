import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHINA_UTC_OFFSET_MS,
  chinaDateTime,
  chinaInstant,
  chinaWeekday,
  defaultPolicyConfig,
  executionLagBp,
  forecastYearEndValue,
  type IndicatorShape,
  indicatorCompletion,
  isReportOverdue,
  isResponsibleFor,
  lagSeverity,
  quantitativeCompletion,
  receivesWarning,
  resolvePolicyConfig,
  targetRisk,
  todayInChina,
} from '../src/index.ts';

const gte = (targetValue: number): IndicatorShape => ({
  name: '指标',
  level1: 'output',
  level2: 'quantity',
  operator: 'gte',
  targetValue,
  weight: 10,
});

describe('China time', () => {
  it('is UTC+8 all year: dates turn at 16:00 UTC, times read eight hours on', () => {
    expect(CHINA_UTC_OFFSET_MS).toBe(8 * 60 * 60 * 1000);
    expect(todayInChina(new Date('2026-08-31T15:59:59Z'))).toBe('2026-08-31');
    expect(todayInChina(new Date('2026-08-31T16:00:00Z'))).toBe('2026-09-01');
    expect(chinaDateTime(new Date('2026-12-31T16:05:00Z'))).toBe('2027-01-01 00:05');
    expect(chinaInstant('2026-09-07', 9, 0).toISOString()).toBe('2026-09-07T01:00:00.000Z');
    expect(chinaWeekday(new Date('2026-09-06T16:30:00Z'))).toBe(1); // Monday 00:30 in China
  });

  it('an instant built from a China date and time reads back as that date and time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (day, hh, mm) => {
          const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
          const at = chinaInstant(date, hh, mm);
          expect(todayInChina(at)).toBe(date);
          expect(chinaDateTime(at)).toBe(
            `${date} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`,
          );
        },
      ),
    );
  });
});

describe('completion (EV-5, EV-6) and the risk it is worth (MO-6)', () => {
  it('a “≥” target of zero or below is met by any actual at or above it, and missed (0) below it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 0 }),
        fc.integer({ min: -2000, max: 2000 }),
        (target, actual) => {
          expect(quantitativeCompletion(gte(target), actual)).toBe(actual >= target ? 1 : 0);
        },
      ),
    );
  });

  it('qualitative reports score the configured EV-6 bands, and “partly met” is a yellow risk by default', () => {
    const q = { ...gte(0), operator: 'qualitative' as const };
    const c = defaultPolicyConfig;
    expect(indicatorCompletion(q, null, 'met', c)).toBe(1);
    expect(indicatorCompletion(q, null, 'partly_met', c)).toBe(0.8);
    expect(indicatorCompletion(q, null, 'not_met', c)).toBe(0.6);
    expect(targetRisk({ completion: 0.8, likelihood: null, qualitativeStatus: 'partly_met' }, c)).toBe(
      'yellow',
    );
    expect(targetRisk({ completion: 0.6, likelihood: null, qualitativeStatus: 'not_met' }, c)).toBe('red');
  });

  it('forecast completion: red below the configured share, orange short of the explanation share', () => {
    const c = defaultPolicyConfig;
    const risk = (completion: number) =>
      targetRisk({ completion, likelihood: null, qualitativeStatus: null }, c);
    expect([0.49, 0.5, 0.79, 0.8, 1].map(risk)).toEqual(['red', 'orange', 'orange', null, null]);
    const stricter = resolvePolicyConfig({ monitoring: { forecastCompletionRed: 0.6 } });
    expect(targetRisk({ completion: 0.55, likelihood: null, qualitativeStatus: null }, stricter)).toBe('red');
    expect(targetRisk({ completion: 1, likelihood: 'impossible', qualitativeStatus: null }, c)).toBe('red');
  });

  it('a “≥” count reported during its year is extrapolated to twelve months; a forecast wins', () => {
    const ind = { operator: 'gte' as const, unit: '个' };
    expect(
      forecastYearEndValue(ind, { reportedOn: '2026-04-30', actualValue: 30, forecastValue: null }, 2026),
    ).toBe(90);
    expect(
      forecastYearEndValue(ind, { reportedOn: '2026-04-30', actualValue: 30, forecastValue: 70 }, 2026),
    ).toBe(70);
    expect(
      forecastYearEndValue(
        { ...ind, unit: '%' },
        { reportedOn: '2026-04-30', actualValue: 30, forecastValue: null },
        2026,
      ),
    ).toBe(30);
  });

  it('a report is overdue once neither it nor the start of its year is within the configured days', () => {
    const c = defaultPolicyConfig; // 90 days
    expect(isReportOverdue(null, 2026, '2026-04-01', c)).toBe(false); // exactly 90 days
    expect(isReportOverdue(null, 2026, '2026-04-02', c)).toBe(true);
    expect(isReportOverdue('2026-06-01', 2026, '2026-08-30', c)).toBe(false);
    expect(isReportOverdue('2026-06-01', 2026, '2026-08-31', c)).toBe(true);
  });
});

describe('execution lag (MO-6)', () => {
  it('grades the lag above 10, 15 and 20 points by default; an item with nothing approved never lags', () => {
    const c = defaultPolicyConfig;
    const at = (paid: number) => lagSeverity(executionLagBp(paid, 1_000_000, 5833), c);
    expect([550_000, 470_000, 410_000, 300_000, 0].map(at)).toEqual([null, 'yellow', 'orange', 'red', 'red']);
    expect(executionLagBp(0, 0, 10_000)).toBeNull();
    expect(lagSeverity(1000, c)).toBeNull(); // exactly 10 points is not "more than 10"
  });
});

describe('responsibility', () => {
  it('the active officers of the item’s unit and of the department above; leaders among them only for red', () => {
    const itemOrg = { id: 5, parentId: 2 };
    const user = (
      orgUnitId: number,
      roles: Parameters<typeof isResponsibleFor>[0]['roles'],
      active = true,
    ) => ({
      orgUnitId,
      roles,
      active,
    });
    expect(isResponsibleFor(user(5, ['unit_officer']), itemOrg)).toBe(true);
    expect(isResponsibleFor(user(2, ['dept_officer']), itemOrg)).toBe(true);
    expect(isResponsibleFor(user(1, ['dept_officer']), itemOrg)).toBe(false); // two levels up
    expect(isResponsibleFor(user(5, ['leader']), itemOrg)).toBe(false);
    expect(isResponsibleFor(user(5, ['unit_officer'], false), itemOrg)).toBe(false);
    const officerLeader = user(2, ['dept_officer', 'leader']);
    expect(receivesWarning(officerLeader, itemOrg, 'orange')).toBe(false);
    expect(receivesWarning(officerLeader, itemOrg, 'red')).toBe(true);
  });
});
