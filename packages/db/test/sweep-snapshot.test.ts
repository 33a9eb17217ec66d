import type { ItemSnapshot } from '@jixiao/core';
import { fenSchema } from '@jixiao/core';
import { definePlugin, itemRule } from '@jixiao/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadTargets, recordPayment, reportIndicator, runSweep } from '../src/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testFundPlugin,
} from '../src/testing/index.ts';

// A fund type whose rule only remembers the snapshot the sweep hands it.
const seen = new Map<number, ItemSnapshot<unknown>>();
const recorderPlugin = definePlugin({
  id: 'recorder-fund',
  name: '记录快照的资金类型',
  budgetBook: 'general',
  attributes: z.object({ note: z.string().optional(), contractAmountFen: fenSchema.optional() }),
  monitoringRules: [
    itemRule({
      id: 'record',
      name: '记录快照',
      source: '测试',
      uses: ['indicators', 'paymentsByMonth'],
      evaluate: (s) => {
        seen.set(s.item.id, s);
        return [];
      },
    }),
  ],
});

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-08-31', plugins: [testFundPlugin, recorderPlugin] });
});
afterAll(async () => {
  await db?.dispose();
});

describe('the snapshot a plugin rule sees', () => {
  it('is the item as stored: fields, attributes, payments by month, indicators with their latest report', async () => {
    const attributes = { note: '引号"、反斜杠\\ 与换行\n都原样保留', contractAmountFen: 90_071_992_547_409 };
    const item = await createExecutingItem(city, {
      fundTypeId: 'recorder-fund',
      name: '快照核对项目',
      approvedAmountFen: 2_000_000_00,
      isSpecialTransfer: true,
      attributes,
    });
    for (const [paidOn, amountFen] of [
      ['2026-03-10', 300_000_00],
      ['2026-07-01', 150_000_00],
      ['2026-07-15', 50_000_00],
    ] as const) {
      await recordPayment(city.platform, city.actors.officerA, item.id, {
        paidOn,
        amountFen,
        source: 'treasury',
      });
    }
    const [target] = await loadTargets(db.db, item.id);
    const reported = target?.indicators[1];
    await reportIndicator(city.platform, city.actors.officerA, item.id, {
      indicatorId: reported?.id as number,
      reportedOn: '2026-06-30',
      actualValue: 12.5,
      forecastValue: 40,
      likelihood: 'possible',
      deviationReason: 'funding',
      deviationNote: '资金晚到',
      correctiveMeasure: '加快拨付',
    });

    await runSweep(city.platform, { trigger: 'test', asOf: '2026-08-31' });

    const s = seen.get(item.id);
    expect(s?.item).toEqual({
      id: item.id,
      code: item.code,
      name: '快照核对项目',
      kind: 'project',
      fundTypeId: 'recorder-fund',
      orgUnitId: city.orgs.deptA,
      orgUnitName: expect.any(String),
      regionId: expect.any(Number),
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 2_000_000_00,
      state: 'executing',
      isNewMajor: false,
      isSpecialTransfer: true,
      responsiblePerson: '张三',
    });
    expect(s?.attributes).toEqual(attributes);
    expect(s?.target).toEqual({ overallGoal: target?.overallGoal, approved: true });
    expect(s?.execution).toEqual({
      paidFen: 500_000_00,
      paymentCount: 3,
      lastPaidOn: '2026-07-15',
      paidByMonth: [0, 0, 300_000_00, 0, 0, 0, 200_000_00, 0, 0, 0, 0, 0],
      executionRateBp: 2500,
    });
    expect(s?.calendar).toEqual({ asOf: '2026-08-31', fiscalYear: 2026, month: 8, timeProgressBp: 5833 });
    // Every indicator in its position, as loadTargets reads it; only the reported one has a latest report.
    expect(s?.indicators).toEqual(
      target?.indicators.map((i) => ({
        id: i.id,
        name: i.name,
        level1: i.level1,
        level2: i.level2,
        operator: i.operator,
        targetValue: i.targetValue,
        targetMin: i.targetMin,
        targetMax: i.targetMax,
        targetText: i.targetText,
        unit: i.unit,
        weight: i.weight,
        latest:
          i.id === reported?.id
            ? {
                reportedOn: '2026-06-30',
                actualValue: 12.5,
                qualitativeStatus: null,
                forecastValue: 40,
                likelihood: 'possible',
                deviationReason: 'funding',
                deviationNote: '资金晚到',
                correctiveMeasure: '加快拨付',
              }
            : null,
      })),
    );
  });
});
