import { ConflictError, InputError, type orgUnitInputSchema } from '@jixiao/core';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { orgUnits, regions } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

type OrgUnitInput = z.output<typeof orgUnitInputSchema>;

export async function listOrgUnits(
  db: DbOrTx,
  actor: Actor,
  filter: { regionId?: number; kind?: string } = {},
) {
  const conds = [orgInScope(actor)];
  if (filter.regionId !== undefined) conds.push(eq(orgUnits.regionId, filter.regionId));
  if (filter.kind) conds.push(sql`${orgUnits.kind} = ${filter.kind}`);
  return db
    .select()
    .from(orgUnits)
    .where(and(...conds))
    .orderBy(asc(orgUnits.path));
}

export async function createOrgUnit(platform: Platform, actor: Actor, input: OrgUnitInput) {
  const scope = requirePermission(actor, 'master_data.write');
  return platform.db.transaction(async (tx) => {
    const region = (await tx.select().from(regions).where(eq(regions.id, input.regionId)).limit(1))[0];
    if (!region?.path.startsWith(scope.replace(/o\d+\/.*$/, ''))) {
      throw new InputError('字段 regionId：区划不存在或不在您的数据范围内', [
        { path: 'regionId', message: '区划不存在或不在您的数据范围内' },
      ]);
    }
    let parentPath = region.path;
    if (input.parentId !== null) {
      const parent = (await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).limit(1))[0];
      if (!parent?.path.startsWith(scope) || parent.regionId !== input.regionId) {
        throw new InputError('字段 parentId：上级单位不存在、不在您的数据范围内或不在同一区划', [
          { path: 'parentId', message: '上级单位不存在或不在您的数据范围内' },
        ]);
      }
      parentPath = parent.path;
    }
    try {
      const inserted = (
        await tx
          .insert(orgUnits)
          .values({ ...input, path: 'pending' })
          .returning()
      )[0] as typeof orgUnits.$inferSelect;
      const path = `${parentPath}o${inserted.id}/`;
      await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, inserted.id));
      const row = { ...inserted, path };
      await appendAudit(
        tx,
        [{ actor, action: 'org_unit.create', entityType: 'org_unit', entityId: row.id, after: row }],
        platform.now(),
      );
      return row;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ConflictError(`单位编码“${input.code}”已存在`, {
          issues: [{ path: 'code', message: '编码已存在' }],
        });
      throw err;
    }
  });
}
