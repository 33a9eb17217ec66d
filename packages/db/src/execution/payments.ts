import {
  acceptsPayments,
  ConflictError,
  DomainError,
  formatWanYuan,
  InputError,
  ITEM_STATES,
  type PaymentInput,
  parseIsoDate,
  TransitionRefusedError,
} from '@jixiao/core';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { insertInBatches } from '../batch-insert.ts';
import type { DbOrTx, Tx } from '../client.ts';
import { type ItemRow, lockItemForWrite } from '../items/item-queries.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import { type Platform, today } from '../platform.ts';
import { executionRecords, lifecycleEvents } from '../schema/index.ts';

/** Why an item in this state takes no payment, in the words the payer needs. */
async function paymentRefusal(db: DbOrTx, item: ItemRow): Promise<DomainError | null> {
  if (acceptsPayments(item.state)) return null;
  if (item.state === 'suspended' || item.state === 'terminated') {
    const last = await db
      .select({ reason: lifecycleEvents.reason })
      .from(lifecycleEvents)
      .where(and(eq(lifecycleEvents.itemId, item.id), eq(lifecycleEvents.toState, item.state)))
      .orderBy(sql`${lifecycleEvents.id} desc`)
      .limit(1);
    const why = last[0]?.reason ? `（原因：${last[0].reason}）` : '';
    const what = item.state === 'suspended' ? '已暂缓拨款' : '已清理退出、停止拨款';
    return new DomainError('payment_blocked', `项目“${item.name}”${what}${why}，不能登记支付`, {
      state: item.state,
    });
  }
  return new TransitionRefusedError(
    `项目“${item.name}”当前为“${ITEM_STATES.labels[item.state]}”，尚未进入执行阶段，不能登记支付`,
    { state: item.state },
  );
}

/**
 * Checks a payment against its item (state, fiscal year, date, cumulative amount). The item was
 * read under its row lock, so its `paidFen` is what is paid now and no other payment can race this
 * one; a caller checking several payments counts the earlier ones into `paidFen`.
 */
export async function checkPayment(
  platform: Platform,
  db: DbOrTx,
  item: ItemRow,
  input: PaymentInput,
): Promise<void> {
  const refusal = await paymentRefusal(db, item);
  if (refusal) throw refusal;
  const year = parseIsoDate(input.paidOn).year;
  if (year !== item.currentFiscalYear) {
    throw new InputError(`字段 paidOn：支付日期须在当前预算年度（${item.currentFiscalYear}年）内`, [
      { path: 'paidOn', message: `支付日期须在${item.currentFiscalYear}年内` },
    ]);
  }
  if (input.paidOn > today(platform)) {
    throw new InputError('字段 paidOn：支付日期不能晚于今天', [
      { path: 'paidOn', message: '支付日期不能晚于今天' },
    ]);
  }
  if (item.paidFen + input.amountFen > item.approvedAmountFen) {
    throw new InputError(
      `字段 amountFen：累计支付将超过批复金额（批复${formatWanYuan(item.approvedAmountFen)}，已支付${formatWanYuan(item.paidFen)}）`,
      [{ path: 'amountFen', message: '累计支付将超过批复金额' }],
    );
  }
}

/** Inserts checked payments and their audit entries in the caller's transaction, in order. */
export async function insertPayments(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  payments: ReadonlyArray<{ item: ItemRow; input: PaymentInput }>,
) {
  const values = payments.map(({ item, input }) => ({
    itemId: item.id,
    fiscalYear: parseIsoDate(input.paidOn).year,
    paidOn: input.paidOn,
    amountFen: input.amountFen,
    source: input.source,
    voucherNo: input.voucherNo ?? null,
    note: input.note ?? null,
    createdBy: actor.userId,
  }));
  try {
    const rows = await insertInBatches(values, (chunk) =>
      tx.insert(executionRecords).values(chunk).returning(),
    );
    await appendAudit(
      tx,
      rows.map((row, i) => ({
        actor,
        action: 'payment.record',
        entityType: 'execution_record',
        entityId: row.id,
        itemId: row.itemId,
        after: values[i],
      })),
      platform.now(),
    );
    return rows;
  } catch (err) {
    if (isUniqueViolation(err)) {
      const which = payments.length === 1 ? `“${payments[0]?.input.voucherNo}”` : '';
      throw new ConflictError(`凭证号${which}已登记过，不能重复登记`, {
        issues: [{ path: 'voucherNo', message: '凭证号已登记' }],
      });
    }
    throw err;
  }
}

export async function recordPayment(platform: Platform, actor: Actor, itemId: number, input: PaymentInput) {
  requirePermission(actor, 'payments.write');
  return platform.db.transaction(async (tx) => {
    const item = await lockItemForWrite(tx, actor, itemId, 'payments.write');
    await checkPayment(platform, tx, item, input);
    const [row] = await insertPayments(platform, tx, actor, [{ item, input }]);
    return row as typeof executionRecords.$inferSelect;
  });
}
