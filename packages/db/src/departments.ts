import { eq } from 'drizzle-orm';
import type { Actor } from './actor.ts';
import type { DbOrTx } from './client.ts';
import { orgUnits } from './schema/index.ts';

/** The top-level org unit (department or bureau) an org path lies under: its first `o<id>/` segment. */
function departmentSegment(path: string): string | null {
  return /o\d+\//.exec(path)?.[0] ?? null;
}

/**
 * True when the org path belongs to the actor's own department (the actor's org unit and the
 * subject share their top-level org unit). Reviewers may not review their own department's work.
 */
export async function isOwnDepartment(db: DbOrTx, actor: Actor, orgPath: string): Promise<boolean> {
  if (actor.orgUnitId === null) return false;
  const [own] = await db
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.id, actor.orgUnitId))
    .limit(1);
  if (!own) return false;
  const a = departmentSegment(own.path);
  return a !== null && a === departmentSegment(orgPath);
}

/** The name of the top-level org unit (the 主管部门) an org path lies under; null when there is none. */
export async function departmentNameOf(db: DbOrTx, orgPath: string): Promise<string | null> {
  const segment = departmentSegment(orgPath);
  const id = segment ? Number(segment.slice(1, -1)) : Number.NaN;
  if (!Number.isSafeInteger(id)) return null;
  const [row] = await db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, id)).limit(1);
  return row?.name ?? null;
}
