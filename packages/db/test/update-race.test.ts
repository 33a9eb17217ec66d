import { DomainError } from '@jixiao/core';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPayment } from '../src/execution/index.ts';
import { queryRows } from '../src/index.ts';
import { updateItem } from '../src/items/index.ts';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '../src/testing/index.ts';

// The probe raced PATCH approvedAmountFen against payments and left paid > approved, and audit
// entries whose `before` was not the previous `after`: the update read the item before locking it.
// Here random mixes of both run at once (on PostgreSQL: really concurrently, over a pool) and the
// invariants are checked afterwards.

let db: TestDatabase;
let city: TestCity;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 12 });
  city = await seedTestCity(db);
});
afterAll(async () => {
  await db?.dispose();
});

const WAN = 1_000_000; // 1万元 in fen

type Op = { kind: 'approve'; amountFen: number } | { kind: 'pay'; amountFen: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('approve' as const),
    amountFen: fc.integer({ min: 1, max: 12 }).map((n) => n * WAN),
  }),
  fc.record({
    kind: fc.constant('pay' as const),
    amountFen: fc.integer({ min: 1, max: 4 }).map((n) => n * WAN),
  }),
);

describe(`racing item updates and payments (${testDatabaseKind()})`, () => {
  it('keeps paid ≤ approved and an unbroken before/after chain in the audit, over random interleavings', async () => {
    let voucher = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 16 }), async (ops) => {
        const item = await createExecutingItem(city, { approvedAmountFen: 6 * WAN });
        const results = await Promise.allSettled(
          ops.map((o) =>
            o.kind === 'approve'
              ? updateItem(city.platform, city.actors.admin, item.id, { approvedAmountFen: o.amountFen })
              : recordPayment(city.platform, city.actors.officerA, item.id, {
                  paidOn: '2026-08-01',
                  amountFen: o.amountFen,
                  source: 'treasury',
                  voucherNo: `RACE-${++voucher}`,
                }),
          ),
        );
        // Refusals are the domain's (over the approved amount, below what was paid), never a crash.
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DomainError);

        const [state] = await queryRows<{ approved: string; paid: string }>(
          db.db,
          sql`select bi.approved_amount_fen::text as approved,
                     (select coalesce(sum(amount_fen), 0) from execution_records e where e.item_id = bi.id)::text as paid
              from budget_items bi where bi.id = ${item.id}`,
        );
        expect(Number(state?.paid)).toBeLessThanOrEqual(Number(state?.approved));

        const audits = await queryRows<{ action: string; before: unknown; after: unknown }>(
          db.db,
          sql`select action, before, after from audit_entries
              where item_id = ${item.id} and action in ('item.update', 'payment.record') order by id`,
        );
        let approved = 6 * WAN;
        let paid = 0;
        for (const a of audits) {
          if (a.action === 'payment.record') {
            paid += (a.after as { amountFen: number }).amountFen;
          } else {
            const before = (a.before as { approvedAmountFen: number }).approvedAmountFen;
            const after = (a.after as { approvedAmountFen: number }).approvedAmountFen;
            expect(before).toBe(approved); // each before is the previous after
            expect(after).not.toBe(before); // a no-op update leaves no entry
            approved = after;
          }
          // Replayed in commit order, the log never shows more paid than approved.
          expect(paid).toBeLessThanOrEqual(approved);
        }
        expect(approved).toBe(Number(state?.approved));
        expect(paid).toBe(Number(state?.paid));
      }),
      { numRuns: 12 },
    );
  });

  it('writes no audit entry for an update that changes nothing', async () => {
    const item = await createExecutingItem(city, { approvedAmountFen: 6 * WAN });
    const count = async () =>
      Number(
        (
          await queryRows<{ n: number }>(
            db.db,
            sql`select count(*)::int as n from audit_entries where item_id = ${item.id}`,
          )
        )[0]?.n,
      );
    const before = await count();
    const same = await updateItem(city.platform, city.actors.admin, item.id, {
      approvedAmountFen: 6 * WAN,
      name: item.name,
    });
    expect(await count()).toBe(before);
    expect(same.version).toBe(item.version);
  });
});
