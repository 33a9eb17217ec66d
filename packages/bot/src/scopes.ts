import { REGION_WIDE_ROLES } from '@jixiao/core';
import type { Actor } from '@jixiao/db';
import type { Scope } from './parser/index.ts';

/**
 * The narrower of two scopes when one contains the other; null when they are disjoint. Data scope
 * paths are prefixes, so containment is a prefix test.
 */
export function intersectScope(a: string, b: string): string | null {
  if (a.startsWith(b)) return a;
  if (b.startsWith(a)) return b;
  return null;
}

/** A scope path no org unit has: an actor with it sees nothing. */
const NOTHING = '/\u0000/';

/** The same actor seeing only what lies in both its scope and `scopePath` (nothing when disjoint). */
export function narrowActor(actor: Actor, scopePath: string): Actor {
  const path = intersectScope(actor.scopePath, scopePath) ?? NOTHING;
  return path === actor.scopePath ? actor : { ...actor, scopePath: path };
}

export function isRegionWide(actor: Actor): boolean {
  return actor.roles.some((r) => REGION_WIDE_ROLES.includes(r));
}

/**
 * The actor a question about "我的" / "本部门" / everything runs as. For officers "我的" is their own
 * org unit; for the finance bureau and leaders, who oversee, "我的" is their whole scope and "本部门"
 * their own bureau.
 */
export function actorForScope(
  base: Actor,
  scope: Scope,
  paths: { orgPath: string; departmentPath: string },
): Actor {
  if (scope === 'all') return base;
  if (scope === 'mine') return isRegionWide(base) ? base : narrowActor(base, paths.orgPath);
  return narrowActor(base, paths.departmentPath);
}
