import { eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';
import type { DbOrTx } from './client.ts';
import { orgUnits } from './schema/index.ts';

/** `org_units.path` lies in the actor's scope. Every query over scoped data joins org_units and adds this. */
export function orgInScope(actor: Actor): SQL {
  return sql`${orgUnits.path} like ${`${actor.scopePath}%`}`;
}

/** Same, for raw SQL where the org_units alias is `alias`. */
export function rawOrgInScope(actor: Actor, alias: string): SQL {
  return sql`${sql.raw(alias)}.path like ${`${actor.scopePath}%`}`;
}

/** An org unit's path (where its data lies), for permission checks; '' when it does not exist. */
export async function orgUnitPath(db: DbOrTx, orgUnitId: number): Promise<string> {
  const rows = await db
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.id, orgUnitId))
    .limit(1);
  return rows[0]?.path ?? '';
}
