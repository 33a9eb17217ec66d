import { InputError, NotAllowedError, NotFoundError } from '@jixiao/core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, inScope } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
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

const OFFICER_ROLES = new Set(['dept_officer', 'unit_officer']);

/** Finance admins bind a group to any department in their scope; an officer only to their own. */
export function mayBindGroup(actor: Actor, orgUnitId: number): boolean {
  if (actor.roles.includes('finance_admin')) return true;
  return actor.orgUnitId === orgUnitId && actor.roles.some((r) => OFFICER_ROLES.has(r));
}

export const BIND_NOT_ALLOWED = '只有财政绩效管理员或该部门的绩效专员可以绑定本群';

function requireMayBind(actor: Actor, orgUnitId: number): void {
  if (!mayBindGroup(actor, orgUnitId)) throw new NotAllowedError(BIND_NOT_ALLOWED);
}

/** 绑定本群: answers in the group are limited to the department's data from now on. */
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
  requireMayBind(actor, org.id);
  const at = platform.now();
  const title = input.title ? input.title.slice(0, 200) : null;
  await platform.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(groupBindings)
      .where(eq(groupBindings.conversationId, conversationId))
      .limit(1);
    await tx
      .insert(groupBindings)
      .values({ conversationId, title, orgUnitId: org.id, boundBy: actor.userId, boundAt: at })
      .onConflictDoUpdate({
        target: groupBindings.conversationId,
        set: {
          title: sql`excluded.title`,
          orgUnitId: sql`excluded.org_unit_id`,
          boundBy: sql`excluded.bound_by`,
          boundAt: sql`excluded.bound_at`,
        },
      });
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

/** 解绑本群: by a finance admin whose scope covers the bound department, or an officer of it. */
export async function unbindGroup(
  platform: Platform,
  actor: Actor,
  conversationId: string,
): Promise<boolean> {
  const bound = await getGroupBinding(platform.db, conversationId);
  if (!bound) return false;
  if (!inScope(actor, bound.org.path))
    throw new NotAllowedError('本群绑定的部门不在您的数据范围内，无法解绑');
  requireMayBind(actor, bound.org.id);
  const at = platform.now();
  await platform.db.transaction(async (tx) => {
    await tx.delete(groupBindings).where(eq(groupBindings.conversationId, conversationId));
    await appendAudit(
      tx,
      [
        {
          actor,
          action: 'group.unbind',
          entityType: 'group_binding',
          entityId: conversationId,
          before: { orgUnitId: bound.org.id },
          after: null,
        },
      ],
      at,
    );
  });
  return true;
}
