import {
  effectiveTokenRoles,
  hasPermission,
  NotAllowedError,
  PERMISSION_LABELS,
  type Permission,
  REGION_WIDE_ROLES,
  type Role,
} from '@jixiao/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { orgUnits, regions, users } from './schema/index.ts';

/**
 * Who is acting and what they may see. `scopePath` is a prefix of org_units.path: every read and
 * write of scoped data is filtered by it in the repositories.
 */
export interface Actor {
  userId: number | null;
  name: string;
  roles: readonly Role[];
  orgUnitId: number | null;
  regionId: number | null;
  scopePath: string;
  /** The API token this actor came in with: every audited write records it. */
  tokenId?: number | null;
}

/** The platform itself (sweeps, workers): sees everything, audited under its own name. */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: null,
  name: '系统',
  roles: ['finance_admin'] as const,
  orgUnitId: null,
  regionId: null,
  scopePath: '/',
});

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
  const regionWide = roles.some((r) => REGION_WIDE_ROLES.includes(r));
  return {
    userId: row.id,
    name: row.name,
    roles,
    orgUnitId: row.orgUnitId,
    regionId: row.regionId,
    scopePath: regionWide ? row.regionPath : row.orgPath,
    ...(token ? { tokenId: token.id } : {}),
  };
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.roles, permission)) {
    throw new NotAllowedError(`您的角色无权${PERMISSION_LABELS[permission]}`, { permission });
  }
}

/** True when a path (org unit or region) lies inside the actor's scope. */
export function inScope(actor: Actor, path: string): boolean {
  return path.startsWith(actor.scopePath);
}
