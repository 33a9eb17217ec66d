import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_MAX_ROWS, importBatch } from '../src/import/index.ts';
import { queryRows } from '../src/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '../src/testing/index.ts';

// /import failed with a 500 from 4,681 item rows, under its documented 5,000: one insert of that
// many rows binds more than PostgreSQL's 65,534 parameters. Imports at the documented maximum.

let db: TestDatabase;
let city: TestCity;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
});
afterAll(async () => {
  await db?.dispose();
});

const itemRow = (i: number, orgUnitId: number) => ({
  code: `MAX-${String(i).padStart(5, '0')}`,
  name: `批量导入项目${i}`,
  kind: 'project',
  fundTypeId: 'test-fund',
  orgUnitId,
  fiscalYearStart: 2026,
  fiscalYearEnd: 2026,
  approvedAmountFen: 1_000_000 + i,
  responsiblePerson: '张三',
  isNewMajor: false,
  isSpecialTransfer: false,
  description: '由批量导入创建',
  attributes: { method: 'public_tender' },
});

async function count(table: 'budget_items' | 'execution_records' | 'audit_entries'): Promise<number> {
  const rows = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from ${sql.raw(table)}`);
  return Number(rows[0]?.n);
}

describe(`import at the documented maximum (${testDatabaseKind()})`, () => {
  it(`imports ${IMPORT_MAX_ROWS} items and ${IMPORT_MAX_ROWS} payments in one file`, async () => {
    const target = await createExecutingItem(city, { approvedAmountFen: 10_000_000_000 });
    const items = Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => itemRow(i, city.orgs.deptA));
    const payments = Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => ({
      itemCode: target.code,
      paidOn: '2026-08-01',
      amountFen: 100 + i,
      source: 'import',
      voucherNo: `V-${i}`,
    }));
    const auditBefore = await count('audit_entries');
    const result = await importBatch(city.platform, city.actors.officerA, { items, payments });
    expect(result).toEqual({ items: IMPORT_MAX_ROWS, targets: 0, payments: IMPORT_MAX_ROWS });
    const [stored] = await queryRows<{ n: number; last: string; sum: string }>(
      db.db,
      sql`select count(*)::int as n, max(code) as last, sum(approved_amount_fen)::text as sum
          from budget_items where code like 'MAX-%'`,
    );
    expect(stored).toEqual({
      n: IMPORT_MAX_ROWS,
      last: `MAX-${String(IMPORT_MAX_ROWS - 1).padStart(5, '0')}`,
      sum: String(IMPORT_MAX_ROWS * 1_000_000 + (IMPORT_MAX_ROWS * (IMPORT_MAX_ROWS - 1)) / 2),
    });
    expect(await count('audit_entries')).toBe(auditBefore + 2 * IMPORT_MAX_ROWS);
  }, 180_000);

  it('refuses one row more than the maximum, naming the sheet, and writes nothing', async () => {
    const before = await count('budget_items');
    const items = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) =>
      itemRow(100_000 + i, city.orgs.deptA),
    );
    await expect(importBatch(city.platform, city.actors.officerA, { items })).rejects.toMatchObject({
      code: 'invalid_input',
      message: `字段 items：一次最多导入 ${IMPORT_MAX_ROWS} 行，实际 ${IMPORT_MAX_ROWS + 1} 行`,
    });
    expect(await count('budget_items')).toBe(before);
  });
});
