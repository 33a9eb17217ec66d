import { type DateChange, dateMayChange } from '@jixiao/plugin-kit';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/index.ts';
import { dateMayChangeSql } from '../src/monitoring/sweep/date-due-sql.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '../src/testing/index.ts';

// The nightly sweep decides in SQL where a date rule with `dateChanges` can have changed since the
// last run; plugin-kit's `dateMayChange` (which the contract test holds rules to) decides it in
// TypeScript. They must agree on every item, condition and pair of days.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.dispose());

const day = fc
  .integer({ min: 0, max: 4 * 366 })
  .map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
const attrValue = fc.oneof(
  day,
  fc.constantFrom(null, 'soon', '2026-1-5', '2026-02-31', ' 2026-01-05', '2026-01-05\n'),
  fc.integer(),
  fc.boolean(),
);
const changeArb: fc.Arbitrary<DateChange> = fc.oneof(
  fc.constantFrom<DateChange>('fiscalYear', 'fiscalYearEnd'),
  fc.record({ after: fc.constantFrom('a', 'b') }),
  fc.record({ after: fc.constantFrom('a', 'b'), unless: fc.constantFrom('b', 'c') }),
);

describe(`where a date rule can have changed, in SQL (${testDatabaseKind()})`, () => {
  it('agrees with dateMayChange on any conditions, attributes, fiscal year and pair of days', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(changeArb, { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), attrValue),
        fc.integer({ min: 2024, max: 2027 }),
        day,
        day,
        async (changes, attributes, fy, d1, d2) => {
          const [from, to] = d1 < d2 ? [d1, d2] : [d2, d1]; // sometimes the same day
          const rows = await queryRows<{ due: boolean }>(
            db.db,
            sql`select ${dateMayChangeSql(changes, from, to)} as due
                from (select ${JSON.stringify(attributes)}::jsonb as attributes, ${fy}::int as fy) i`,
          );
          expect(rows[0]?.due).toBe(dateMayChange(changes, { attributes, fiscalYear: fy }, from, to));
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
