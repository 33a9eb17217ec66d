import { InputError, NotAllowedError } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/index.ts';
import { type ItemRow, updateItem } from '../src/items/index.ts';
import { runSweep } from '../src/monitoring/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '../src/testing/index.ts';

// A county finance admin could start a sweep over the whole city, and any asOf was accepted
// (1900-01-01 closed every open warning; 0000-01-01 was a 500). A run started by a person judges
// their region only; its date lies in the current fiscal year up to today unless back-dated with
// a reason, which is audited.

let db: TestDatabase;
let city: TestCity;
let cityItem: ItemRow;
let countyItem: ItemRow;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db); // today: 2026-08-31
  cityItem = await createExecutingItem(city, { attributes: { method: 'single_source' } });
  countyItem = await createExecutingItem(
    city,
    { orgUnitId: city.orgs.countyFinance, attributes: { method: 'single_source' } },
    city.actors.countyAdmin,
  );
  await runSweep(city.platform, { trigger: 'test' });
});
afterAll(async () => {
  await db?.dispose();
});

async function warningStatus(item: ItemRow): Promise<string[]> {
  const rows = await queryRows<{ status: string }>(
    db.db,
    sql`select status from warnings where item_id = ${item.id} and rule_id = 'test-fund:single-source' order by id`,
  );
  return rows.map((r) => r.status);
}

async function openWarnings(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from warnings where status <> 'closed'`,
  );
  return Number(row?.n);
}

describe(`sweep bounds (${testDatabaseKind()})`, () => {
  it('refuses dates outside the current fiscal year, in the future or not real, changing nothing', async () => {
    const open = await openWarnings();
    const runs = async () =>
      Number(
        (await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from monitoring_runs`))[0]?.n,
      );
    const before = await runs();
    for (const asOf of [
      '1900-01-01',
      '0000-01-01',
      '2025-12-31',
      '2026-09-01',
      '2099-01-01',
      '2026-02-30',
      'x',
    ]) {
      await expect(runSweep(city.platform, { trigger: 'test', asOf }), asOf).rejects.toBeInstanceOf(
        InputError,
      );
    }
    // Even back-dated: only to the previous fiscal year, and with a reason.
    for (const [asOf, reason] of [
      ['2024-12-31', '补做'],
      ['2025-12-31', '  '],
    ] as const) {
      await expect(
        runSweep(city.platform, { trigger: 'test', asOf, backdate: { reason } }),
        asOf,
      ).rejects.toBeInstanceOf(InputError);
    }
    expect(await openWarnings()).toBe(open);
    expect(await runs()).toBe(before);
  });

  it('audits a back-dated run with its reason', async () => {
    const result = await runSweep(city.platform, {
      trigger: 'test',
      actor: city.actors.admin,
      asOf: '2025-12-31',
      backdate: { reason: '补做2025年度末监控' },
    });
    const [entry] = await queryRows<{ actor_name: string; after: { asOf: string; reason: string } }>(
      db.db,
      sql`select actor_name, after from audit_entries
          where action = 'monitoring.backdate' and entity_id = ${String(result.runId)}`,
    );
    expect(entry?.actor_name).toBe(city.actors.admin.name);
    expect(entry?.after).toMatchObject({ asOf: '2025-12-31', reason: '补做2025年度末监控' });
    // Put today's judgement back for the next tests.
    await runSweep(city.platform, { trigger: 'test' });
  });

  it('a county admin’s run judges the county only; it never closes or opens the city’s warnings', async () => {
    expect(await warningStatus(cityItem)).toEqual(['open']);
    expect(await warningStatus(countyItem)).toEqual(['open']);
    // Both findings disappear; a new one appears in the city.
    await updateItem(city.platform, city.actors.admin, cityItem.id, {
      attributes: { method: 'public_tender' },
    });
    await updateItem(city.platform, city.actors.admin, countyItem.id, {
      attributes: { method: 'public_tender' },
    });
    const another = await createExecutingItem(city, { attributes: { method: 'single_source' } });

    const county = await runSweep(city.platform, { trigger: 'api', actor: city.actors.countyAdmin });
    expect(county).toMatchObject({ created: 0, closed: 1 });
    expect(await warningStatus(countyItem)).toEqual(['closed']);
    expect(await warningStatus(cityItem)).toEqual(['open']);
    expect(await warningStatus(another)).toEqual([]);

    const whole = await runSweep(city.platform, { trigger: 'api', actor: city.actors.admin });
    expect(whole.closed).toBe(1);
    expect(whole.created).toBeGreaterThan(0);
    expect(await warningStatus(cityItem)).toEqual(['closed']);
    expect(await warningStatus(another)).toEqual(['open']);
  });

  it('is for those with monitoring.run only', async () => {
    await expect(
      runSweep(city.platform, { trigger: 'api', actor: city.actors.officerA }),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });
});
