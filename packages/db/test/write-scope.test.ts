import { NotAllowedError } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindGroup } from '../src/chat/index.ts';
import { recordPayment, reportIndicator } from '../src/execution/index.ts';
import { importBatch } from '../src/import/index.ts';
import { type Actor, loadActor, queryRows, SYSTEM_ACTOR } from '../src/index.ts';
import { applyAction, createItem, type ItemRow, listItems, updateItem } from '../src/items/index.ts';
import { createUser } from '../src/master-data/index.ts';
import { acknowledgeWarning, listWarnings, runSweep } from '../src/monitoring/index.ts';
import { loadTargets, setTarget } from '../src/targets/index.ts';
import {
  completeTarget,
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '../src/testing/index.ts';

// The probe's first finding: a department head held a region-wide reading role next to the
// officer role, and wrote everywhere the reading role reached. Here a user reads the whole city
// (region_leader) and is 教育局's officer (dept_officer): every write outside 教育局 must be refused
// with 403 semantics (NotAllowedError) and leave nothing behind, while the same writes in 教育局 work.

let db: TestDatabase;
let city: TestCity;
let head: Actor;
let own: ItemRow;
let other: ItemRow;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  const u = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '钱局长',
    orgUnitId: city.orgs.deptA,
    roles: ['dept_officer', 'region_leader'],
  });
  head = (await loadActor(db.db, u.id)) as Actor;
  own = await createExecutingItem(city, { attributes: { method: 'single_source' } });
  other = await createExecutingItem(
    city,
    { orgUnitId: city.orgs.deptB, attributes: { method: 'single_source' } },
    city.actors.officerB,
  );
  await runSweep(city.platform, { trigger: 'test' });
});
afterAll(async () => {
  await db?.dispose();
});

/** Everything a write could leave behind, in one row. */
async function footprint() {
  const [row] = await queryRows<Record<string, number>>(
    db.db,
    sql`select (select count(*) from audit_entries)::int as audit,
               (select count(*) from budget_items)::int as items,
               (select coalesce(sum(version), 0) from budget_items)::int as versions,
               (select count(*) from execution_records)::int as payments,
               (select count(*) from indicator_reports)::int as reports,
               (select count(*) from performance_targets)::int as targets,
               (select count(*) from lifecycle_events)::int as events,
               (select count(*) from warnings where acknowledged_at is not null)::int as acknowledged,
               (select count(*) from group_bindings)::int as bindings`,
  );
  return row;
}

async function indicatorOf(item: ItemRow): Promise<number> {
  const [target] = await loadTargets(db.db, item.id);
  return target?.indicators[0]?.id as number;
}

async function warningOf(item: ItemRow): Promise<number> {
  const [w] = await listWarnings(db.db, SYSTEM_ACTOR, { itemId: item.id, limit: 1 });
  return w?.id as number;
}

describe(`write scope is decided per permission (${testDatabaseKind()})`, () => {
  it('the region-wide reader sees the other department', async () => {
    const codes = (await listItems(db.db, head, { limit: 100 })).map((i) => i.code);
    expect(codes).toContain(other.code);
    expect(head.scopePath).not.toBe(head.roleScopes.dept_officer);
  });

  it('refuses every officer write in another department, writing nothing', async () => {
    const before = await footprint();
    const warningId = await warningOf(other);
    const indicatorId = await indicatorOf(other);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      [
        'create an item',
        () =>
          createItem(city.platform, head, {
            code: 'PROBE-1',
            name: '越权新建',
            kind: 'project',
            fundTypeId: 'test-fund',
            orgUnitId: city.orgs.deptB,
            fiscalYearStart: 2026,
            fiscalYearEnd: 2026,
            approvedAmountFen: 100,
            responsiblePerson: '某',
            isNewMajor: false,
            isSpecialTransfer: false,
            attributes: {},
          }),
      ],
      ['change an item', () => updateItem(city.platform, head, other.id, { name: '越权改名' })],
      [
        'record a payment',
        () =>
          recordPayment(city.platform, head, other.id, {
            paidOn: '2026-08-01',
            amountFen: 100,
            source: 'treasury',
          }),
      ],
      [
        'report an indicator',
        () =>
          reportIndicator(city.platform, head, other.id, {
            indicatorId,
            reportedOn: '2026-08-01',
            actualValue: 1,
          }),
      ],
      ['set a target', () => setTarget(city.platform, head, other.id, completeTarget(2026))],
      [
        'submit the self-evaluation',
        () => applyAction(city.platform, head, other.id, 'submit_self_evaluation', {}),
      ],
      ['acknowledge a warning', () => acknowledgeWarning(city.platform, head, warningId, '越权签收')],
      [
        'bind a group to the department',
        () => bindGroup(city.platform, head, { conversationId: 'cid-probe', orgUnitId: city.orgs.deptB }),
      ],
    ];
    for (const [what, attempt] of attempts) {
      await expect(attempt(), what).rejects.toBeInstanceOf(NotAllowedError);
    }
    // Importing is a write too: rows landing outside the department are rejected, the file with them.
    await expect(
      importBatch(city.platform, head, {
        payments: [{ itemCode: other.code, paidOn: '2026-08-01', amountFen: 100, source: 'treasury' }],
      }),
    ).rejects.toMatchObject({ details: { rejected: [{ sheet: 'payments', row: 1 }] } });
    expect(await footprint()).toEqual(before);
  });

  it('lets the same person write in their own department', async () => {
    const before = await footprint();
    await recordPayment(city.platform, head, own.id, {
      paidOn: '2026-08-01',
      amountFen: 100,
      source: 'treasury',
    });
    await acknowledgeWarning(city.platform, head, await warningOf(own), '已核实单一来源理由');
    const draft = await createItem(city.platform, head, {
      code: 'HEAD-OWN-1',
      name: '本部门新建',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: city.orgs.unitA1,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 100,
      responsiblePerson: '某',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    await updateItem(city.platform, head, draft.id, { responsiblePerson: '钱局长' });
    const after = await footprint();
    expect(after?.payments).toBe(Number(before?.payments) + 1);
    expect(after?.acknowledged).toBe(Number(before?.acknowledged) + 1);
    expect(after?.items).toBe(Number(before?.items) + 1);
    expect(after?.audit).toBe(Number(before?.audit) + 4);
  });

  it('takes lifecycle roles only where they reach: the finance bureau’s leader is no finance admin', async () => {
    await expect(
      applyAction(city.platform, city.actors.leader, other.id, 'suspend', { reason: '领导越权' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      applyAction(city.platform, city.actors.countyAdmin, other.id, 'suspend', { reason: '县里越权' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
