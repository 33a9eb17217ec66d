import {
  type BudgetItemCreate,
  budgetItemCreateSchema,
  codeSchema,
  DomainError,
  InputError,
  type PaymentInput,
  paymentInputSchema,
  type TargetInput,
  targetInputSchema,
} from '@jixiao/core';
import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import { insertInBatches } from '../batch-insert.ts';
import type { Tx } from '../client.ts';
import { checkPayment, insertPayments } from '../execution/payments.ts';
import { getItemByCode, type ItemRow, lockItem } from '../items/item-queries.ts';
import { itemLookups, prepareItem } from '../items/item-writes.ts';
import type { Platform } from '../platform.ts';
import { budgetItems } from '../schema/index.ts';
import { writeTarget } from '../targets/target-writes.ts';

export const IMPORT_MAX_ROWS = 5000;

const importTargetRowSchema = targetInputSchema.extend({ itemCode: codeSchema });
const importPaymentRowSchema = paymentInputSchema.extend({ itemCode: codeSchema });

export interface ImportBatch {
  items?: unknown[];
  targets?: unknown[];
  payments?: unknown[];
}

export interface RejectedRow {
  sheet: 'items' | 'targets' | 'payments';
  /** 1-based row number within its sheet. */
  row: number;
  itemCode: string | null;
  reasons: string[];
}

export interface ImportResult {
  items: number;
  targets: number;
  payments: number;
}

function zodReasons(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `字段 ${i.path.join('.')}：${i.message}` : i.message));
}

function domainReasons(err: unknown): string[] {
  if (err instanceof DomainError) {
    const issues = (err.details.issues as Array<{ path: string; message: string }> | undefined) ?? [];
    return issues.length > 1 ? issues.map((i) => `字段 ${i.path}：${i.message}`) : [err.message];
  }
  throw err;
}

/**
 * Imports items, targets and payments all-or-nothing: every row is checked first and every
 * rejected row is reported with its reasons; if any row is rejected nothing is written. The
 * writes run in one transaction, so a failure part-way leaves nothing behind.
 */
export async function importBatch(
  platform: Platform,
  actor: Actor,
  batch: ImportBatch,
): Promise<ImportResult> {
  const importScope = requirePermission(actor, 'import');
  const sheets = { items: batch.items ?? [], targets: batch.targets ?? [], payments: batch.payments ?? [] };
  for (const [sheet, rows] of Object.entries(sheets)) {
    if (rows.length > IMPORT_MAX_ROWS) {
      throw new InputError(`字段 ${sheet}：一次最多导入 ${IMPORT_MAX_ROWS} 行，实际 ${rows.length} 行`, [
        { path: sheet, message: `一次最多导入 ${IMPORT_MAX_ROWS} 行` },
      ]);
    }
  }
  if (sheets.items.length + sheets.targets.length + sheets.payments.length === 0) {
    throw new InputError('导入内容为空：items、targets、payments 至少提供一项', [
      { path: 'items', message: '导入内容为空' },
    ]);
  }

  return platform.db.transaction(async (tx) => {
    const rejected: RejectedRow[] = [];
    const reject = (sheet: RejectedRow['sheet'], index: number, itemCode: string | null, reasons: string[]) =>
      rejected.push({ sheet, row: index + 1, itemCode, reasons });

    // Items
    const newItems: Array<{ values: Awaited<ReturnType<typeof prepareItem>> }> = [];
    const lookups = itemLookups(platform, tx);
    const seenCodes = new Set<string>();
    const parsedItems = sheets.items.map((raw) => budgetItemCreateSchema.safeParse(raw));
    const candidateCodes = parsedItems.flatMap((p) => (p.success ? [p.data.code] : []));
    const taken = new Set(
      candidateCodes.length
        ? (
            await tx
              .select({ code: budgetItems.code })
              .from(budgetItems)
              .where(inArray(budgetItems.code, candidateCodes))
          ).map((r) => r.code)
        : [],
    );
    for (const [i, parsed] of parsedItems.entries()) {
      if (!parsed.success) {
        reject('items', i, codeOf(sheets.items[i]), zodReasons(parsed.error));
        continue;
      }
      const input: BudgetItemCreate = parsed.data;
      if (seenCodes.has(input.code)) {
        reject('items', i, input.code, [`项目编码“${input.code}”在本次导入中重复`]);
        continue;
      }
      seenCodes.add(input.code);
      if (taken.has(input.code)) {
        reject('items', i, input.code, [`项目编码“${input.code}”已存在`]);
        continue;
      }
      try {
        newItems.push({ values: await prepareItem(platform, tx, actor, input, 'import', lookups) });
      } catch (err) {
        reject('items', i, input.code, domainReasons(err));
      }
    }

    // Existing items referenced by targets and payments, where the import reaches, read under
    // their row lock for the checks.
    const existing = new Map<string, ItemRow | null>();
    const lookup = async (code: string): Promise<ItemRow | null> => {
      if (existing.has(code)) return existing.get(code) ?? null;
      const seen = await getItemByCode(tx, actor, code);
      let item: ItemRow | null = null;
      if (seen?.orgPath.startsWith(importScope)) {
        await lockItem(tx, seen.id);
        item = await getItemByCode(tx, actor, code);
      }
      existing.set(code, item);
      return item;
    };

    const targets: Array<{ code: string; input: TargetInput }> = [];
    for (const [i, raw] of sheets.targets.entries()) {
      const parsed = importTargetRowSchema.safeParse(raw);
      if (!parsed.success) {
        reject('targets', i, codeOf(raw), zodReasons(parsed.error));
        continue;
      }
      const { itemCode, ...input } = parsed.data;
      if (!seenCodes.has(itemCode) && !(await lookup(itemCode))) {
        reject('targets', i, itemCode, [`字段 itemCode：项目“${itemCode}”不存在或不在您可批量导入的范围内`]);
        continue;
      }
      targets.push({ code: itemCode, input });
    }

    const payments: Array<{ item: ItemRow; input: PaymentInput }> = [];
    const pendingPaid = new Map<number, number>();
    for (const [i, raw] of sheets.payments.entries()) {
      const parsed = importPaymentRowSchema.safeParse(raw);
      if (!parsed.success) {
        reject('payments', i, codeOf(raw), zodReasons(parsed.error));
        continue;
      }
      const { itemCode, ...input } = parsed.data;
      if (seenCodes.has(itemCode)) {
        reject('payments', i, itemCode, ['本次导入新建的项目尚未批复执行，不能登记支付']);
        continue;
      }
      const item = await lookup(itemCode);
      if (!item) {
        reject('payments', i, itemCode, [`字段 itemCode：项目“${itemCode}”不存在或不在您可批量导入的范围内`]);
        continue;
      }
      // Earlier rows of this file count toward the cumulative limit.
      const already = pendingPaid.get(item.id) ?? 0;
      try {
        await checkPayment(platform, tx, { ...item, paidFen: item.paidFen + already }, input);
        pendingPaid.set(item.id, already + input.amountFen);
        payments.push({ item, input });
      } catch (err) {
        reject('payments', i, itemCode, domainReasons(err));
      }
    }

    if (rejected.length > 0) {
      throw new InputError(`导入失败：${rejected.length} 行有误，未写入任何数据`, [], { rejected });
    }

    // All rows passed: write them.
    const created = await insertInBatches(
      newItems.map((n) => n.values),
      (chunk) =>
        tx.insert(budgetItems).values(chunk).returning({ id: budgetItems.id, code: budgetItems.code }),
    );
    if (created.length) {
      await appendAudit(
        tx,
        created.map((c, i) => ({
          actor,
          action: 'item.import',
          entityType: 'budget_item',
          entityId: c.id,
          itemId: c.id,
          after: newItems[i]?.values,
        })),
        platform.now(),
      );
    }
    for (const t of targets) {
      const item = (await lookup(t.code)) as ItemRow;
      await writeTarget(platform, tx as Tx, actor, item, t.input);
    }
    await insertPayments(platform, tx as Tx, actor, payments);
    return { items: created.length, targets: targets.length, payments: payments.length };
  });
}

function codeOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    const code = r.itemCode ?? r.code;
    return typeof code === 'string' ? code.slice(0, 40) : null;
  }
  return null;
}
