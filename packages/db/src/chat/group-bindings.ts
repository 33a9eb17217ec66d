import { InputError, NotAllowedError, NotFoundError, permissionScope } from '@jixiao/core';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Actor, inScope, requirePermissionAt } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx, Tx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { groupBindings, orgUnits } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

export interface GroupBinding {
  conversationId: string;
  title: string | null;
  org: { id: number; name: string; path: string };
  boundBy: number | null;
  boundAt: Date;
}

export interface OrgUnitBrief {
  id: number;
  name: string;
  kind: string;
  path: string;
}

/** The department a group chat is bound to (configuration of the chat, not data of anyone's scope). */
export async function getGroupBinding(db: DbOrTx, conversationId: string): Promise<GroupBinding | null> {
  const rows = await db
    .select({
      b: groupBindings,
      orgName: orgUnits.name,
      orgPath: orgUnits.path,
    })
    .from(groupBindings)
    .innerJoin(orgUnits, eq(orgUnits.id, groupBindings.orgUnitId))
    .where(eq(groupBindings.conversationId, conversationId))
    .limit(1);
  const r = rows[0];
  if (!r) return null;
  return {
    conversationId: r.b.conversationId,
    title: r.b.title,
    org: { id: r.b.orgUnitId, name: r.orgName, path: r.orgPath },
    boundBy: r.b.boundBy,
    boundAt: r.b.boundAt,
  };
}

/** Departments, units and finance bureaus in the actor's scope (to find one by name). */
export async function listOrgUnitsInScope(db: DbOrTx, actor: Actor, limit = 2000): Promise<OrgUnitBrief[]> {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind, path: orgUnits.path })
    .from(orgUnits)
    .where(and(orgInScope(actor), inArray(orgUnits.kind, ['finance_bureau', 'department', 'unit'])))
    .orderBy(asc(orgUnits.id))
    .limit(limit);
}

export const BIND_NOT_ALLOWED = '只有财政绩效管理员或该部门的绩效专员可以绑定本群';

/**
 * Binding a group to a department is that department's business: `groups.bind` reaches it (the
 * finance bureau's whole region, an officer's own unit). The bot asks before it shows a card.
 */
export function mayBindGroup(actor: Actor, path: string): boolean {
  const scope = permissionScope(actor.roleScopes, 'groups.bind');
  return scope !== null && path.startsWith(scope);
}

/** A group's binding and its department, locked until the transaction ends. */
async function lockBinding(tx: Tx, conversationId: string) {
  const [row] = await tx
    .select({ orgUnitId: groupBindings.orgUnitId, orgName: orgUnits.name, orgPath: orgUnits.path })
    .from(groupBindings)
    .innerJoin(orgUnits, eq(orgUnits.id, groupBindings.orgUnitId))
    .where(eq(groupBindings.conversationId, conversationId))
    .limit(1)
    .for('update', { of: groupBindings });
  return row;
}

/**
 * 绑定本群: answers in the group are limited to the department's data from now on. A group already
 * bound to another department changes hands only by someone who may bind that department too (its
 * officers, or the finance bureau): no one takes over another department's group.
 */
export async function bindGroup(
  platform: Platform,
  actor: Actor,
  input: { conversationId: string; title?: string | null; orgUnitId: number },
): Promise<GroupBinding> {
  const conversationId = input.conversationId.trim();
  if (!conversationId || conversationId.length > 200)
    throw new InputError('字段 conversationId：群会话标识不合法', [
      { path: 'conversationId', message: '群会话标识不合法' },
    ]);
  const [org] = await platform.db.select().from(orgUnits).where(eq(orgUnits.id, input.orgUnitId)).limit(1);
  if (!org || !inScope(actor, org.path) || org.kind === 'third_party')
    throw new NotFoundError('部门不存在或不在您的数据范围内', { orgUnitId: input.orgUnitId });
  requirePermissionAt(actor, 'groups.bind', org.path, `“${org.name}”`);
  const at = platform.now();
  const title = input.title ? input.title.slice(0, 200) : null;
  await platform.db.transaction(async (tx) => {
    const values = { conversationId, title, orgUnitId: org.id, boundBy: actor.userId, boundAt: at };
    // Insert if unbound; otherwise lock the binding and check who may change it.
    const inserted = await tx
      .insert(groupBindings)
      .values(values)
      .onConflictDoNothing()
      .returning({ id: groupBindings.conversationId });
    const before = inserted.length > 0 ? undefined : await lockBinding(tx, conversationId);
    if (before) {
      if (before.orgUnitId !== org.id && !mayBindGroup(actor, before.orgPath)) {
        throw new NotAllowedError(
          `本群已绑定${before.orgName}，只有${before.orgName}的绩效专员或财政部门可以改绑`,
          { boundOrgUnitId: before.orgUnitId },
        );
      }
      await tx.update(groupBindings).set(values).where(eq(groupBindings.conversationId, conversationId));
    }
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'group.bind',
          entityType: 'group_binding',
          entityId: conversationId,
          before: before ? { orgUnitId: before.orgUnitId } : null,
          after: { orgUnitId: org.id, title },
        },
      ],
      at,
    );
  });
  const bound = await getGroupBinding(platform.db, conversationId);
  if (!bound) throw new NotFoundError('绑定失败，请重试');
  return bound;
}

/** 解绑本群: by someone who may bind the bound department (its officers, or the finance bureau). */
export async function unbindGroup(
  platform: Platform,
  actor: Actor,
  conversationId: string,
): Promise<boolean> {
  return platform.db.transaction(async (tx) => {
    const bound = await lockBinding(tx, conversationId);
    if (!bound) return false;
    if (!mayBindGroup(actor, bound.orgPath))
      throw new NotAllowedError(`本群绑定的是${bound.orgName}，只有其绩效专员或财政部门可以解绑`);
    await tx.delete(groupBindings).where(eq(groupBindings.conversationId, conversationId));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'group.unbind',
          entityType: 'group_binding',
          entityId: conversationId,
          before: { orgUnitId: bound.orgUnitId },
          after: null,
        },
      ],
      platform.now(),
    );
    return true;
  });
}
