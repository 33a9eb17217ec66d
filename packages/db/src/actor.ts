import {
  effectiveTokenRoles,
  NotAllowedError,
  PERMISSION_LABELS,
  type Permission,
  permissionScope,
  permissionsOf,
  type Role,
  type RoleScopes,
  readScope,
  roleScopesOf,
  rolesAt,
} from '@jixiao/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { orgUnits, regions, users } from './schema/index.ts';

/**
 * Who is acting and where. `scopePath` is the read scope, a prefix of org_units.path: every read
 * of scoped data is filtered by it in the repositories. `roleScopes` says where each role applies;
 * a write is allowed where a role granting its permission applies (`requirePermissionAt`), so a
 * region-wide reading role never widens where its holder may write.
 */
export interface Actor {
  userId: number | null;
  name: string;
  roles: readonly Role[];
  orgUnitId: number | null;
  regionId: number | null;
  scopePath: string;
  roleScopes: RoleScopes;
  /** The API token this actor came in with: every audited write records it. */
  tokenId?: number | null;
}

/** The platform itself (sweeps, workers): sees everything, audited under its own name. */
export const SYSTEM_ACTOR: Actor = systemActor('系统');

/** An actor for the platform's own work under `name`: every permission, everywhere. */
export function systemActor(name: string): Actor {
  return Object.freeze({
    userId: null,
    name,
    roles: ['finance_admin'] as const,
    orgUnitId: null,
    regionId: null,
    scopePath: '/',
    roleScopes: { finance_admin: '/' },
  });
}

/** The actor of a user sitting at `orgPath` in the region at `regionPath`. */
export function buildActor(user: {
  userId: number;
  name: string;
  roles: readonly Role[];
  orgUnitId: number;
  regionId: number;
  orgPath: string;
  regionPath: string;
}): Actor {
  const home = { orgPath: user.orgPath, regionPath: user.regionPath };
  const roleScopes = roleScopesOf(user.roles, home);
  return {
    userId: user.userId,
    name: user.name,
    roles: user.roles,
    orgUnitId: user.orgUnitId,
    regionId: user.regionId,
    scopePath: readScope(roleScopes, home),
    roleScopes,
  };
}

/**
 * The user as an actor, or null when they are inactive. With a `token`, the actor carries its id and acts
 * with the token's roles only (see `effectiveTokenRoles`); null when none of them is left.
 */
export async function loadActor(
  db: DbOrTx,
  userId: number,
  token?: { id: number; roles: readonly Role[] | null },
): Promise<Actor | null> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      roles: users.roles,
      active: users.active,
      orgUnitId: users.orgUnitId,
      orgPath: orgUnits.path,
      regionId: orgUnits.regionId,
      regionPath: regions.path,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .innerJoin(regions, eq(regions.id, orgUnits.regionId))
    .where(eq(users.id, userId))
    .limit(1);
  const row = rows[0];
  if (!row?.active) return null;
  const roles = token ? effectiveTokenRoles(row.roles as Role[], token.roles) : (row.roles as Role[]);
  if (roles.length === 0) return null;
  const actor = buildActor({ ...row, userId: row.id, roles });
  return token ? { ...actor, tokenId: token.id } : actor;
}

/**
 * Where the actor may exercise `permission` (a path prefix); NotAllowedError when no role of
 * theirs grants it.
 */
export function requirePermission(actor: Actor, permission: Permission): string {
  const scope = permissionScope(actor.roleScopes, permission);
  if (scope === null) {
    throw new NotAllowedError(`您的角色无权${PERMISSION_LABELS[permission]}`, { permission });
  }
  return scope;
}

/**
 * The actor may exercise `permission` on data at `path` (an org unit's path): a role granting it
 * applies there. `what` names the data in the refusal (e.g. 项目“…”).
 */
export function requirePermissionAt(actor: Actor, permission: Permission, path: string, what: string): void {
  const scope = requirePermission(actor, permission);
  if (!path.startsWith(scope)) {
    throw new NotAllowedError(`${what}不在您可${PERMISSION_LABELS[permission]}的范围内`, { permission });
  }
}

/** The actor's roles that apply at `path`: what they may do there (lifecycle guards take these). */
export function actorRolesAt(actor: Actor, path: string): Role[] {
  return rolesAt(actor.roleScopes, path);
}

/** The permissions the actor's roles give at `path` (what core workflow rules are judged on). */
export function permissionsAt(actor: Actor, path: string): Permission[] {
  return permissionsOf(rolesAt(actor.roleScopes, path));
}

/** True when a path (org unit or region) lies inside the actor's read scope. */
export function inScope(actor: Actor, path: string): boolean {
  return path.startsWith(actor.scopePath);
}

/**
 * The same actor limited to what lies under `path` as well (a group bound to a department, "本部门"),
 * reading and writing; null when that leaves nothing of the actor's scope.
 */
export function narrowActor(actor: Actor, path: string): Actor | null {
  const within = (scope: string): string | null =>
    scope.startsWith(path) ? scope : path.startsWith(scope) ? path : null;
  const scopePath = within(actor.scopePath);
  if (scopePath === null) return null;
  if (scopePath === actor.scopePath && Object.values(actor.roleScopes).every((s) => s.startsWith(path)))
    return actor;
  const roleScopes: Partial<Record<Role, string>> = {};
  for (const [role, scope] of Object.entries(actor.roleScopes) as Array<[Role, string]>) {
    const narrowed = within(scope);
    if (narrowed !== null) roleScopes[role] = narrowed;
  }
  return { ...actor, scopePath, roleScopes };
}
