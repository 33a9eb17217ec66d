import {
  type BudgetItemCreate,
  type BudgetItemUpdate,
  ConflictError,
  formatWanYuan,
  InputError,
  ITEM_KINDS,
  NotAllowedError,
  TransitionRefusedError,
} from '@jixiao/core';
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, inScope, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { budgetItems, fundTypes, orgUnits } from '../schema/index.ts';
import { getItem, type ItemRow, lockItem } from './item-queries.ts';

/** Org unit by id if it lies in the actor's scope; InputError naming `field` otherwise. */
async function orgUnitInScope(db: DbOrTx, actor: Actor, orgUnitId: number, field = 'orgUnitId') {
  const rows = await db.select().from(orgUnits).where(eq(orgUnits.id, orgUnitId)).limit(1);
  const org = rows[0];
  if (!org || !inScope(actor, org.path)) {
    throw new InputError(`字段 ${field}：单位 ${orgUnitId} 不存在或不在您的数据范围内`, [
      { path: field, message: '单位不存在或不在您的数据范围内' },
    ]);
  }
  return org;
}

async function requireEnabledFundType(platform: Platform, db: DbOrTx, fundTypeId: string) {
  const rows = await db.select().from(fundTypes).where(eq(fundTypes.id, fundTypeId)).limit(1);
  if (!rows[0]?.enabled || !platform.registry.get(fundTypeId)) {
    throw new InputError(`字段 fundTypeId：资金类型“${fundTypeId}”不存在或未启用`, [
      { path: 'fundTypeId', message: '资金类型不存在或未启用' },
    ]);
  }
}

const codeTaken = (code: string) =>
  new ConflictError(`项目编码“${code}”已存在`, { issues: [{ path: 'code', message: '项目编码已存在' }] });

/** Validates a new item against the registry and the actor's scope; returns the row to insert. */
export async function prepareItem(platform: Platform, db: DbOrTx, actor: Actor, input: BudgetItemCreate) {
  await requireEnabledFundType(platform, db, input.fundTypeId);
  const plugin = platform.registry.require(input.fundTypeId);
  if (!plugin.itemKinds.includes(input.kind)) {
    const allowed = plugin.itemKinds.map((k) => ITEM_KINDS.labels[k]).join('、');
    throw new InputError(
      `字段 kind：${plugin.name}只用于${allowed}，不能登记为“${ITEM_KINDS.labels[input.kind]}”`,
      [{ path: 'kind', message: `${plugin.name}只用于${allowed}` }],
    );
  }
  const attributes = platform.registry.parseAttributes(input.fundTypeId, input.attributes);
  const org = await orgUnitInScope(db, actor, input.orgUnitId);
  if (org.kind === 'third_party') {
    throw new InputError('字段 orgUnitId：第三方机构不能作为预算项目的主管单位', [
      { path: 'orgUnitId', message: '第三方机构不能作为预算项目的主管单位' },
    ]);
  }
  return {
    code: input.code,
    name: input.name,
    kind: input.kind,
    fundTypeId: input.fundTypeId,
    orgUnitId: input.orgUnitId,
    fiscalYearStart: input.fiscalYearStart,
    fiscalYearEnd: input.fiscalYearEnd,
    currentFiscalYear: input.fiscalYearStart,
    approvedAmountFen: input.approvedAmountFen,
    responsiblePerson: input.responsiblePerson,
    isNewMajor: input.isNewMajor,
    isSpecialTransfer: input.isSpecialTransfer,
    description: input.description ?? null,
    attributes,
  };
}

export async function createItem(
  platform: Platform,
  actor: Actor,
  input: BudgetItemCreate,
): Promise<ItemRow> {
  requirePermission(actor, 'items.write');
  const values = await prepareItem(platform, platform.db, actor, input);
  try {
    const id = await platform.db.transaction(async (tx) => {
      const inserted = await tx.insert(budgetItems).values(values).returning({ id: budgetItems.id });
      const itemId = inserted[0]?.id as number;
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'item.create',
            entityType: 'budget_item',
            entityId: itemId,
            itemId,
            after: values,
          },
        ],
        platform.now(),
      );
      return itemId;
    });
    return getItem(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw codeTaken(input.code);
    throw err;
  }
}

/** States in which officers may still edit an item; after that only the finance bureau may (预算调整). */
const OFFICER_EDITABLE = new Set(['draft', 'assessed']);

export async function updateItem(
  platform: Platform,
  actor: Actor,
  itemId: number,
  patch: BudgetItemUpdate,
): Promise<ItemRow> {
  requirePermission(actor, 'items.write');
  await platform.db.transaction(async (tx) => {
    const before = await getItem(tx, actor, itemId);
    await lockItem(tx, itemId);
    if (before.state === 'terminated' || before.state === 'closed') {
      throw new TransitionRefusedError('项目已清理退出或办结，不能修改');
    }
    if (!OFFICER_EDITABLE.has(before.state) && !actor.roles.includes('finance_admin')) {
      throw new NotAllowedError('项目已报送绩效目标，修改须由财政部门办理（预算调整）');
    }
    const changes: Partial<typeof budgetItems.$inferInsert> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.responsiblePerson !== undefined) changes.responsiblePerson = patch.responsiblePerson;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.isNewMajor !== undefined) changes.isNewMajor = patch.isNewMajor;
    if (patch.isSpecialTransfer !== undefined) changes.isSpecialTransfer = patch.isSpecialTransfer;
    if (patch.approvedAmountFen !== undefined) {
      if (patch.approvedAmountFen < before.paidFen) {
        throw new InputError(
          `字段 approvedAmountFen：批复金额不能低于本年度已支付的 ${formatWanYuan(before.paidFen)}`,
          [{ path: 'approvedAmountFen', message: '批复金额不能低于已支付金额' }],
        );
      }
      changes.approvedAmountFen = patch.approvedAmountFen;
    }
    if (patch.attributes !== undefined) {
      changes.attributes = platform.registry.parseAttributes(before.fundTypeId, {
        ...before.attributes,
        ...patch.attributes,
      });
    }
    await tx
      .update(budgetItems)
      .set({ ...changes, version: sql`${budgetItems.version} + 1`, updatedAt: platform.now() })
      .where(and(eq(budgetItems.id, itemId)));
    const beforeFields = Object.fromEntries(
      Object.keys(changes).map((k) => [k, (before as unknown as Record<string, unknown>)[k]]),
    );
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'item.update',
          entityType: 'budget_item',
          entityId: itemId,
          itemId,
          before: beforeFields,
          after: changes,
        },
      ],
      platform.now(),
    );
  });
  return getItem(platform.db, actor, itemId);
}
