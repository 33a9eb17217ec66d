import type { Role } from '@jixiao/core';
import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, buildActor } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { imIdentities, orgUnits, regions, users } from '../schema/index.ts';

/** The official behind an IM account, as an Actor, with their org unit and its parent (for "本部门"). */
export interface ImUser {
  userId: number;
  name: string;
  actor: Actor;
  org: { id: number; name: string; kind: string; path: string };
  parent: { id: number; name: string; kind: string; path: string } | null;
}

const parentOrg = alias(orgUnits, 'parent_org');

/**
 * Who an IM account belongs to, in one query: the active user, their Actor (built as loadActor
 * builds it) and their org unit. This is authentication (who is asking), not a data read, so it has no data scope.
 * Null for unknown or deactivated accounts.
 */
export async function findImUser(
  db: DbOrTx,
  channel: 'dingtalk',
  externalUserId: string,
): Promise<ImUser | null> {
  if (!externalUserId || externalUserId.length > 200) return null;
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      roles: users.roles,
      active: users.active,
      org: { id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind, path: orgUnits.path },
      regionId: orgUnits.regionId,
      regionPath: regions.path,
      parentId: parentOrg.id,
      parentName: parentOrg.name,
      parentKind: parentOrg.kind,
      parentPath: parentOrg.path,
    })
    .from(imIdentities)
    .innerJoin(users, eq(users.id, imIdentities.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .innerJoin(regions, eq(regions.id, orgUnits.regionId))
    .leftJoin(parentOrg, eq(parentOrg.id, orgUnits.parentId))
    .where(and(eq(imIdentities.channel, channel), eq(imIdentities.externalUserId, externalUserId)))
    .limit(1);
  const r = rows[0];
  if (!r?.active) return null;
  return {
    userId: r.userId,
    name: r.name,
    actor: buildActor({
      userId: r.userId,
      name: r.name,
      roles: r.roles as Role[],
      orgUnitId: r.org.id,
      regionId: r.regionId,
      orgPath: r.org.path,
      regionPath: r.regionPath,
    }),
    org: r.org,
    parent:
      r.parentId !== null && r.parentName !== null && r.parentKind !== null && r.parentPath !== null
        ? { id: r.parentId, name: r.parentName, kind: r.parentKind, path: r.parentPath }
        : null,
  };
}
