import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPayment } from '../src/execution/index.ts';
import { importBatch } from '../src/import/index.ts';
import { queryRows } from '../src/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '../src/testing/index.ts';

// The running payment totals (migration 0013) are a second copy of an aggregate: after any mix of
// writes — through the repository, a bulk import, or straight SQL inserting, moving, re-dating and
// deleting payments — they must equal the aggregate computed afresh from the payments.

let db: TestDatabase;
let city: TestCity;
let items: Array<{ id: number; code: string }> = [];
beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db, { today: '2026-11-30' });
  for (let i = 0; i < 4; i++)
    items.push(await createExecutingItem(city, { approvedAmountFen: 10_000_000_000_00 }));
  items = items.map((it) => ({ id: it.id, code: it.code }));
});
afterAll(() => db.dispose());

interface Totals {
  item_id: number;
  fiscal_year: number;
  paid: string;
  n: number;
  last: string | null;
  months: string;
}

const fresh = () =>
  queryRows<Totals>(
    db.db,
    sql`select item_id, fiscal_year, sum(amount_fen)::text as paid, count(*)::int as n, max(paid_on)::text as last,
               array(select coalesce(sum(e2.amount_fen), 0) from generate_series(1, 12) m
                     left join execution_records e2 on e2.item_id = e.item_id and e2.fiscal_year = e.fiscal_year
                                                    and extract(month from e2.paid_on) = m
                     group by m order by m)::text as months
        from execution_records e group by item_id, fiscal_year order by item_id, fiscal_year`,
  );
const kept = () =>
  queryRows<Totals>(
    db.db,
    sql`select item_id, fiscal_year, paid_fen::text as paid, payments as n, last_paid_on::text as last,
               by_month_fen::text as months
        from item_payment_totals order by item_id, fiscal_year`,
  );

const day = fc
  .integer({ min: 0, max: 332 })
  .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
const amount = fc.integer({ min: 1, max: 5_000_000_00 });
const pick = fc.integer({ min: 0, max: 3 });

type Op =
  | { kind: 'record'; item: number; paidOn: string; amountFen: number }
  | { kind: 'import'; rows: Array<{ item: number; paidOn: string; amountFen: number }> }
  | { kind: 'insertSql'; rows: Array<{ item: number; year: number; paidOn: string; amountFen: number }> }
  | {
      kind: 'update';
      share: number;
      shiftDays: number;
      scale: number;
      toItem: number | null;
      toYear: number | null;
    }
  | { kind: 'delete'; share: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('record' as const), item: pick, paidOn: day, amountFen: amount }),
  fc.record({
    kind: fc.constant('import' as const),
    rows: fc.array(fc.record({ item: pick, paidOn: day, amountFen: amount }), {
      minLength: 1,
      maxLength: 30,
    }),
  }),
  fc.record({
    kind: fc.constant('insertSql' as const),
    rows: fc.array(
      fc.record({ item: pick, year: fc.constantFrom(2025, 2026), paidOn: day, amountFen: amount }),
      { minLength: 1, maxLength: 12 },
    ),
  }),
  fc.record({
    kind: fc.constant('update' as const),
    share: fc.integer({ min: 1, max: 100 }),
    shiftDays: fc.integer({ min: -200, max: 30 }),
    scale: fc.constantFrom(1, 2, 0.5),
    toItem: fc.option(pick, { nil: null }),
    toYear: fc.option(fc.constantFrom(2025, 2026), { nil: null }),
  }),
  fc.record({ kind: fc.constant('delete' as const), share: fc.integer({ min: 1, max: 100 }) }),
);

let voucher = 0;
async function apply(op: Op): Promise<void> {
  const id = (k: number) => (items[k] as { id: number }).id;
  switch (op.kind) {
    case 'record':
      await recordPayment(city.platform, city.actors.officerA, id(op.item), {
        paidOn: op.paidOn,
        amountFen: op.amountFen,
        source: 'treasury',
        voucherNo: `P-${++voucher}`,
      });
      return;
    case 'import': {
      const result = await importBatch(city.platform, city.actors.officerA, {
        payments: op.rows.map((r) => ({
          itemCode: (items[r.item] as { code: string }).code,
          paidOn: r.paidOn,
          amountFen: r.amountFen,
          source: 'import',
          voucherNo: `I-${++voucher}`,
        })),
      });
      expect(result.payments).toBe(op.rows.length);
      return;
    }
    case 'insertSql':
      await db.db.execute(sql`insert into execution_records (item_id, fiscal_year, paid_on, amount_fen, source)
        values ${sql.join(
          op.rows.map(
            (r) =>
              sql`(${id(r.item)}::int, ${r.year}::int, ${r.paidOn}::date, ${r.amountFen}::bigint, 'treasury')`,
          ),
          sql`, `,
        )}`);
      return;
    case 'update':
      // A random share of the payments re-dated, re-valued, moved to another item or year — one statement.
      await db.db.execute(sql`update execution_records set
          paid_on = paid_on + ${op.shiftDays}::int,
          amount_fen = greatest(1, (amount_fen * ${op.scale}::float8)::bigint),
          item_id = coalesce(${op.toItem === null ? null : id(op.toItem)}::int, item_id),
          fiscal_year = coalesce(${op.toYear}::int, fiscal_year),
          voucher_no = case when voucher_no is null then null else voucher_no || '-u' || id end
        where (id * 7919) % 100 < ${op.share}::int`);
      return;
    case 'delete':
      await db.db.execute(
        sql`delete from execution_records where (id * 104729 + ${voucher}::int) % 100 < ${op.share}::int`,
      );
      return;
  }
}

describe(`running payment totals (${testDatabaseKind()})`, () => {
  it('equal a fresh aggregate of the payments after any mix of inserts, imports, updates and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const op of ops) {
          await apply(op);
          expect(await kept()).toEqual(await fresh());
        }
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  it('concurrent writers to one item lose none of each other’s sums', async () => {
    const target = (items[0] as { id: number }).id;
    await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        db.db.transaction(async (tx) => {
          await tx.execute(sql`insert into execution_records (item_id, fiscal_year, paid_on, amount_fen, source)
            select ${target}::int, 2026, date '2026-03-01' + (g * ${k + 1}::int), 100 + g, 'treasury'
            from generate_series(1, 20) g`);
          await tx.execute(sql`delete from execution_records
            where item_id = ${target}::int and id in (select id from execution_records where item_id = ${target}::int
                                                      order by paid_on desc, id limit 1)`);
        }),
      ),
    );
    expect(await kept()).toEqual(await fresh());
  }, 120_000);
});
