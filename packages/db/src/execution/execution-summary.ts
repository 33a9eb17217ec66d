import { and, asc, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';
import { executionRecords } from '../schema/index.ts';

export interface ExecutionSummary {
  fiscalYear: number;
  paidFen: number;
  paymentCount: number;
  lastPaidOn: string | null;
  /** Index 0 = January. */
  paidByMonth: number[];
}

export async function executionSummary(
  db: DbOrTx,
  itemId: number,
  fiscalYear: number,
): Promise<ExecutionSummary> {
  const rows = await queryRows<{ month: number; paid: string; n: number; last: string }>(
    db,
    sql`select extract(month from ${executionRecords.paidOn})::int as month,
               sum(${executionRecords.amountFen})::text as paid,
               count(*)::int as n,
               max(${executionRecords.paidOn})::text as last
        from ${executionRecords}
        where ${executionRecords.itemId} = ${itemId} and ${executionRecords.fiscalYear} = ${fiscalYear}
        group by 1`,
  );
  const paidByMonth = Array.from({ length: 12 }, () => 0);
  let paidFen = 0;
  let paymentCount = 0;
  let lastPaidOn: string | null = null;
  for (const r of rows) {
    const paid = Number(r.paid);
    paidByMonth[r.month - 1] = paid;
    paidFen += paid;
    paymentCount += Number(r.n);
    if (lastPaidOn === null || r.last > lastPaidOn) lastPaidOn = r.last;
  }
  return { fiscalYear, paidFen, paymentCount, lastPaidOn, paidByMonth };
}

export async function listPayments(db: DbOrTx, itemId: number, fiscalYear?: number) {
  return db
    .select()
    .from(executionRecords)
    .where(
      fiscalYear === undefined
        ? eq(executionRecords.itemId, itemId)
        : and(eq(executionRecords.itemId, itemId), eq(executionRecords.fiscalYear, fiscalYear)),
    )
    .orderBy(asc(executionRecords.paidOn), asc(executionRecords.id));
}
