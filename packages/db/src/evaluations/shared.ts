import { InputError, NotAllowedError, NotFoundError } from '@jixiao/core';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { DbOrTx } from '../client.ts';
import { orgUnits, regions } from '../schema/index.ts';

/** A record kept by a region is visible there and in the regions below it (a county may use a city-listed expert). */
export function visibleFromRegion(actor: Actor, regionPath: SQL | typeof regions.path = regions.path): SQL {
  return sql`(${regionPath} like ${`${actor.scopePath.replace(/o\d+\/.*$/, '')}%`} or ${actor.scopePath} like ${regionPath} || '%')`;
}

/** Only the finance bureau of the region that keeps a record maintains it. */
export async function requireKeeper(
  db: DbOrTx,
  scope: string,
  regionId: number,
  what: string,
): Promise<void> {
  const [r] = await db
    .select({ path: regions.path, name: regions.name })
    .from(regions)
    .where(eq(regions.id, regionId));
  if (!r?.path.startsWith(scope)) {
    throw new NotAllowedError(`${what}由${r?.name ?? '其他地区'}登记，只能由其财政部门维护`, { regionId });
  }
}

/** The department an org path lies under: the id of its first org segment. */
export function departmentIdOf(path: string): number | null {
  const m = /o(\d+)\//.exec(path);
  return m ? Number(m[1]) : null;
}

export interface OrgRef {
  id: number;
  name: string;
  path: string;
  kind: string;
  regionId: number;
}

export async function loadOrg(db: DbOrTx, id: number, field: string): Promise<OrgRef> {
  const [o] = await db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      path: orgUnits.path,
      kind: orgUnits.kind,
      regionId: orgUnits.regionId,
    })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  if (!o) throw new InputError(`字段 ${field}：单位 ${id} 不存在`, [{ path: field, message: '单位不存在' }]);
  return o;
}

export const notFound = (what: string, id: number, key: string) =>
  new NotFoundError(`${what} ${id} 不存在或不在您的数据范围内`, { [key]: id });
