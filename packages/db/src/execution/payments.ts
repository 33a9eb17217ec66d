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
import { type DbOrTx, queryRows, type Tx } from '../client.ts';
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
 * Checks a payment against its item (state, fiscal year, date, cumulative amount). The caller
 * holds the item's row lock, so the cumulative check can't race another payment.
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
  const paid = await queryRows<{ paid: string }>(
    db,
    sql`select coalesce(sum(${executionRecords.amountFen}), 0)::text as paid from ${executionRecords}
        where ${executionRecords.itemId} = ${item.id} and ${executionRecords.fiscalYear} = ${year}`,
  );
  const paidFen = Number(paid[0]?.paid ?? 0);
  if (paidFen + input.amountFen > item.approvedAmountFen) {
    throw new InputError(
      `字段 amountFen：累计支付将超过批复金额（批复${formatWanYuan(item.approvedAmountFen)}，已支付${formatWanYuan(paidFen)}）`,
      [{ path: 'amountFen', message: '累计支付将超过批复金额' }],
    );
  }
}

/** Inserts a checked payment and its audit entry in the caller's transaction. */
export async function insertPayment(
  platform: Platform,
  tx: Tx,
  actor: Actor,
  item: ItemRow,
  input: PaymentInput,
) {
  const values = {
    itemId: item.id,
    fiscalYear: parseIsoDate(input.paidOn).year,
    paidOn: input.paidOn,
    amountFen: input.amountFen,
    source: input.source,
    voucherNo: input.voucherNo ?? null,
    note: input.note ?? null,
    createdBy: actor.userId,
  };
  try {
    const rows = await tx.insert(executionRecords).values(values).returning();
    const row = rows[0] as typeof executionRecords.$inferSelect;
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'payment.record',
          entityType: 'execution_record',
          entityId: row.id,
          itemId: item.id,
          after: values,
        },
      ],
      platform.now(),
    );
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError(`凭证号“${input.voucherNo}”已登记过，不能重复登记`, {
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
    return insertPayment(platform, tx, actor, item, input);
  });
}
