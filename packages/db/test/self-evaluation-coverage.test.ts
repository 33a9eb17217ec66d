import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWarnings, runSweep } from '../src/monitoring/index.ts';
import {
  actOnSelfEvaluation,
  departmentCoverage,
  prepareItemSelfEvaluation,
  recordSelfEvaluation,
} from '../src/self-evaluations/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-12-20' });
});
afterAll(() => db.dispose());

const at = (date: string) => ({ ...city.platform, now: () => new Date(`${date}T04:00:00Z`) });

async function submitted(itemId: number) {
  const officer = city.actors.officerA;
  const se = await prepareItemSelfEvaluation(city.platform, officer, itemId, 2026);
  await recordSelfEvaluation(city.platform, officer, se.id, {
    lines: ['12000平方米', '100%', '3000人', '95%'].map((actual, row) => ({ row, actual })),
  });
  return actOnSelfEvaluation(city.platform, officer, se.id, 'submit');
}

const coverageWarnings = async () =>
  listWarnings(db.db, city.actors.admin, { ruleId: 'core:self-evaluation-coverage', limit: 50 });

describe('self-evaluation coverage warnings (EV-10, EV-12)', () => {
  it('warns the unevaluated items of a short department from 30 days before the deadline, and stops when covered', async () => {
    const small = await createExecutingItem(city, { name: '校园绿化', approvedAmountFen: 20_000_000 });
    const mid = await createExecutingItem(city, { name: '实验室设备', approvedAmountFen: 30_000_000 });
    const large = await createExecutingItem(city, { name: '教学楼加固', approvedAmountFen: 50_000_000 });
    await submitted(small.id);

    const [edu] = (await departmentCoverage(db.db, city.actors.admin, 2026, city.platform.config)).filter(
      (d) => d.department.id === city.orgs.deptA,
    );
    expect(edu?.projectShare).toBeCloseTo(0.2, 6);
    expect(edu?.shortfalls).toEqual(['项目资金自评覆盖率20%，低于60%']);

    await runSweep(at('2027-03-30'), { trigger: 'test' });
    expect(await coverageWarnings()).toEqual([]);

    await runSweep(at('2027-04-05'), { trigger: 'test' });
    const warned = await coverageWarnings();
    expect(warned.map((w) => w.item.id).sort()).toEqual([mid.id, large.id].sort());
    expect(warned[0]?.severity).toBe('yellow');
    expect(warned[0]?.message).toBe(
      '景德镇市教育局2026年绩效自评覆盖率不足（项目资金已自评20.0%，要求不低于60%），本项目尚未提交2026年度绩效自评，请于2027年4月30日前完成',
    );

    // Once 70% is self-evaluated the department is covered: the remaining item's warning closes.
    await submitted(large.id);
    await runSweep(at('2027-04-06'), { trigger: 'test' });
    expect(await coverageWarnings()).toEqual([]);
  });
});
