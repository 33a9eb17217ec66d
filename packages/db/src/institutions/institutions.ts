import {
  ConflictError,
  InputError,
  type InstitutionInput,
  type InstitutionUpdate,
  NotAllowedError,
  NotFoundError,
} from '@jixiao/core';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, inScope, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { institutions, orgUnits, regions } from '../schema/index.ts';

export interface InstitutionRow {
  id: number;
  name: string;
  credentials: string;
  creditCode: string | null;
  contact: string | null;
  orgUnitId: number | null;
  region: { id: number; name: string };
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** An institution is visible in its own region and to the regions below it (a county may commission a city-listed one). */
function visible(actor: Actor): SQL {
  return sql`(${regions.path} like ${`${actor.scopePath.replace(/o\d+\/.*$/, '')}%`} or ${actor.scopePath} like ${regions.path} || '%')`;
}

function query(db: DbOrTx, actor: Actor, conds: SQL[]) {
  return db
    .select({ i: institutions, regionName: regions.name })
    .from(institutions)
    .innerJoin(regions, eq(regions.id, institutions.regionId))
    .where(and(visible(actor), ...conds))
    .orderBy(asc(institutions.id));
}

const toRow = (r: { i: typeof institutions.$inferSelect; regionName: string }): InstitutionRow => ({
  id: r.i.id,
  name: r.i.name,
  credentials: r.i.credentials,
  creditCode: r.i.creditCode,
  contact: r.i.contact,
  orgUnitId: r.i.orgUnitId,
  region: { id: r.i.regionId, name: r.regionName },
  active: r.i.active,
  createdAt: r.i.createdAt,
  updatedAt: r.i.updatedAt,
});

export async function listInstitutions(db: DbOrTx, actor: Actor, f: { activeOnly?: boolean; limit: number }) {
  const conds: SQL[] = f.activeOnly ? [eq(institutions.active, true)] : [];
  return (await query(db, actor, conds).limit(f.limit)).map(toRow);
}

export async function getInstitution(db: DbOrTx, actor: Actor, id: number): Promise<InstitutionRow> {
  const [row] = await query(db, actor, [eq(institutions.id, id)]).limit(1);
  if (!row) throw new NotFoundError(`第三方机构 ${id} 不存在或不在您的数据范围内`, { institutionId: id });
  return toRow(row);
}

/** The institution's staff sign in under a third-party org unit in the actor's scope. */
async function requireThirdPartyOrg(db: DbOrTx, actor: Actor, orgUnitId: number): Promise<void> {
  const [org] = await db.select().from(orgUnits).where(eq(orgUnits.id, orgUnitId)).limit(1);
  if (!org || !inScope(actor, org.path) || org.kind !== 'third_party') {
    throw new InputError(`字段 orgUnitId：单位 ${orgUnitId} 不是本地区登记的第三方机构单位`, [
      { path: 'orgUnitId', message: '须为本地区的第三方机构单位' },
    ]);
  }
}

const taken = () =>
  new ConflictError('统一社会信用代码或登录单位已被其他机构使用', {
    issues: [{ path: 'creditCode', message: '已被其他机构使用' }],
  });

/** Records an institution (name, credentials) in the finance bureau's region. */
export async function createInstitution(
  platform: Platform,
  actor: Actor,
  input: InstitutionInput,
): Promise<InstitutionRow> {
  requirePermission(actor, 'institutions.manage');
  if (actor.regionId === null) throw new InputError('系统身份不能登记第三方机构');
  const regionId = actor.regionId;
  try {
    const id = await platform.db.transaction(async (tx) => {
      if (input.orgUnitId !== undefined) await requireThirdPartyOrg(tx, actor, input.orgUnitId);
      const [row] = await tx
        .insert(institutions)
        .values({ ...input, regionId, createdBy: actor.userId })
        .returning({ id: institutions.id });
      const institutionId = (row as { id: number }).id;
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'institution.create',
            entityType: 'institution',
            entityId: institutionId,
            after: input,
          },
        ],
        platform.now(),
      );
      return institutionId;
    });
    return getInstitution(platform.db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

export async function updateInstitution(
  platform: Platform,
  actor: Actor,
  id: number,
  patch: InstitutionUpdate,
): Promise<InstitutionRow> {
  const scope = requirePermission(actor, 'institutions.manage');
  try {
    await platform.db.transaction(async (tx) => {
      const before = await getInstitution(tx, actor, id);
      // Visible to the regions below, kept by the region that listed it.
      const [listedIn] = await tx
        .select({ path: regions.path })
        .from(regions)
        .where(eq(regions.id, before.region.id));
      if (!listedIn?.path.startsWith(scope)) {
        throw new NotAllowedError(
          `第三方机构“${before.name}”由${before.region.name}登记，只能由其财政部门维护`,
          {
            institutionId: id,
          },
        );
      }
      await tx
        .select({ id: institutions.id })
        .from(institutions)
        .where(eq(institutions.id, id))
        .for('update');
      if (patch.orgUnitId !== undefined) await requireThirdPartyOrg(tx, actor, patch.orgUnitId);
      await tx
        .update(institutions)
        .set({ ...patch, updatedAt: platform.now() })
        .where(eq(institutions.id, id));
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'institution.update',
            entityType: 'institution',
            entityId: id,
            before,
            after: patch,
          },
        ],
        platform.now(),
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  return getInstitution(platform.db, actor, id);
}
