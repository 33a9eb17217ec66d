import {
  type BudgetItemCreate,
  type BudgetItemUpdate,
  ConflictError,
  canonicalJson,
  formatWanYuan,
  InputError,
  ITEM_KINDS,
  NotAllowedError,
  type Permission,
  TransitionRefusedError,
} from '@jixiao/core';
import { eq, sql } from 'drizzle-orm';
import { type Actor, actorRolesAt, inScope, requirePermission, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { budgetItems, fundTypes, orgUnits } from '../schema/index.ts';
import { getItem, type ItemRow, lockItemForWrite } from './item-queries.ts';

type OrgUnitRow = typeof orgUnits.$inferSelect;

/**
 * The reads a new item is checked against (its fund type, its org unit), each done once however
 * many items share it: an import of thousands of rows names a handful of each.
 */
export function itemLookups(platform: Platform, db: DbOrTx) {
  const fundTypesEnabled = new Map<string, Promise<boolean>>();
  const orgs = new Map<number, Promise<OrgUnitRow | undefined>>();
  const once = <K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> => {
    const hit = cache.get(key) ?? load();
    cache.set(key, hit);
    return hit;
  };
  return {
    fundTypeEnabled: (id: string) =>
      once(fundTypesEnabled, id, async () => {
        const rows = await db.select().from(fundTypes).where(eq(fundTypes.id, id)).limit(1);
        return Boolean(rows[0]?.enabled && platform.registry.get(id));
      }),
    orgUnit: (id: number) =>
      once(orgs, id, async () => (await db.select().from(orgUnits).where(eq(orgUnits.id, id)).limit(1))[0]),
  };
}
export type ItemLookups = ReturnType<typeof itemLookups>;

/**
 * The org unit, when it lies in the actor's read scope and `permission` reaches it; otherwise
 * an InputError naming `field` (not there or not visible) or NotAllowedError (visible, but the
 * permission does not reach it).
 */
export async function orgUnitForWrite(
  db: DbOrTx,
  actor: Actor,
  orgUnitId: number,
  permission: Permission,
  field = 'orgUnitId',
): Promise<OrgUnitRow> {
  const rows = await db.select().from(orgUnits).where(eq(orgUnits.id, orgUnitId)).limit(1);
  const org = rows[0];
  if (!org || !inScope(actor, org.path)) {
    throw new InputError(`字段 ${field}：单位 ${orgUnitId} 不存在或不在您的数据范围内`, [
      { path: field, message: '单位不存在或不在您的数据范围内' },
    ]);
  }
  requirePermissionAt(actor, permission, org.path, `单位“${org.name}”`);
  return org;
}

const codeTaken = (code: string) =>
  new ConflictError(`项目编码“${code}”已存在`, { issues: [{ path: 'code', message: '项目编码已存在' }] });

/**
 * Validates a new item against the registry and the actor's scope; returns the row to insert.
 * `permission` is what the caller is exercising (entering an item, or importing it) and must
 * reach the item's unit.
 */
export async function prepareItem(
  platform: Platform,
  db: DbOrTx,
  actor: Actor,
  input: BudgetItemCreate,
  permission: Permission = 'items.write',
  lookups: ItemLookups = itemLookups(platform, db),
) {
  if (!(await lookups.fundTypeEnabled(input.fundTypeId))) {
    throw new InputError(`字段 fundTypeId：资金类型“${input.fundTypeId}”不存在或未启用`, [
      { path: 'fundTypeId', message: '资金类型不存在或未启用' },
    ]);
  }
  const org = await lookups.orgUnit(input.orgUnitId);
  if (!org || !inScope(actor, org.path)) {
    throw new InputError(`字段 orgUnitId：单位 ${input.orgUnitId} 不存在或不在您的数据范围内`, [
      { path: 'orgUnitId', message: '单位不存在或不在您的数据范围内' },
    ]);
  }
  requirePermissionAt(actor, permission, org.path, `单位“${org.name}”`);
  const plugin = platform.registry.require(input.fundTypeId);
  if (!plugin.itemKinds.includes(input.kind)) {
    const allowed = plugin.itemKinds.map((k) => ITEM_KINDS.labels[k]).join('、');
    throw new InputError(
      `字段 kind：${plugin.name}只用于${allowed}，不能登记为“${ITEM_KINDS.labels[input.kind]}”`,
      [{ path: 'kind', message: `${plugin.name}只用于${allowed}` }],
    );
  }
  const attributes = platform.registry.parseAttributes(input.fundTypeId, input.attributes);
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
    isNew: input.isNew ?? false,
    isCapitalConstruction: input.isCapitalConstruction ?? false,
    sector: input.sector ?? null,
    description: input.description ?? null,
    functionalSubject: input.functionalSubject ?? null,
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
    const before = await lockItemForWrite(tx, actor, itemId, 'items.write');
    if (before.state === 'terminated' || before.state === 'closed') {
      throw new TransitionRefusedError('项目已清理退出或办结，不能修改');
    }
    if (
      !OFFICER_EDITABLE.has(before.state) &&
      !actorRolesAt(actor, before.orgPath).includes('finance_admin')
    ) {
      throw new NotAllowedError('项目已报送绩效目标，修改须由财政部门办理（预算调整）');
    }
    const proposed: Partial<typeof budgetItems.$inferInsert> = {};
    if (patch.name !== undefined) proposed.name = patch.name;
    if (patch.responsiblePerson !== undefined) proposed.responsiblePerson = patch.responsiblePerson;
    if (patch.description !== undefined) proposed.description = patch.description;
    if (patch.functionalSubject !== undefined) proposed.functionalSubject = patch.functionalSubject;
    if (patch.isNewMajor !== undefined) proposed.isNewMajor = patch.isNewMajor;
    if (patch.isSpecialTransfer !== undefined) proposed.isSpecialTransfer = patch.isSpecialTransfer;
    if (patch.isNew !== undefined) proposed.isNew = patch.isNew;
    if (patch.isCapitalConstruction !== undefined)
      proposed.isCapitalConstruction = patch.isCapitalConstruction;
    if (patch.sector !== undefined) proposed.sector = patch.sector;
    if (patch.approvedAmountFen !== undefined) {
      if (patch.approvedAmountFen < before.paidFen) {
        throw new InputError(
          `字段 approvedAmountFen：批复金额不能低于本年度已支付的 ${formatWanYuan(before.paidFen)}`,
          [{ path: 'approvedAmountFen', message: '批复金额不能低于已支付金额' }],
        );
      }
      proposed.approvedAmountFen = patch.approvedAmountFen;
    }
    if (patch.attributes !== undefined) {
      proposed.attributes = platform.registry.parseAttributes(before.fundTypeId, {
        ...before.attributes,
        ...patch.attributes,
      });
    }
    // Only what really changes is written and audited; an update that changes nothing leaves no trace.
    const current = before as unknown as Record<string, unknown>;
    const changed = Object.keys(proposed).filter(
      (k) => canonicalJson(current[k]) !== canonicalJson((proposed as Record<string, unknown>)[k]),
    );
    if (changed.length === 0) return;
    const changes = Object.fromEntries(changed.map((k) => [k, (proposed as Record<string, unknown>)[k]]));
    await tx
      .update(budgetItems)
      .set({ ...changes, version: sql`${budgetItems.version} + 1`, updatedAt: platform.now() })
      .where(eq(budgetItems.id, itemId));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'item.update',
          entityType: 'budget_item',
          entityId: itemId,
          itemId,
          before: Object.fromEntries(changed.map((k) => [k, current[k]])),
          after: changes,
        },
      ],
      platform.now(),
    );
  });
  return getItem(platform.db, actor, itemId);
}
