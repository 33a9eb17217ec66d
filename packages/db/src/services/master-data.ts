import {
  ConflictError,
  InputError,
  NotFoundError,
  type orgUnitInputSchema,
  type Role,
  type regionInputSchema,
  type userInputSchema,
} from '@jixiao/core';
import type { Plugin } from '@jixiao/plugin-kit';
import { and, asc, eq, gt, like, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, inScope, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit.ts';
import type { Db, DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { orgInScope } from '../repositories/scope.ts';
import { fundTypes, imIdentities, orgUnits, regions, users } from '../schema/index.ts';

type RegionInput = z.output<typeof regionInputSchema>;
type OrgUnitInput = z.output<typeof orgUnitInputSchema>;
type UserInput = z.output<typeof userInputSchema>;

/** Regions the actor may see: theirs and those below it (a region is visible when its path shares the scope's region prefix). */
export async function listRegions(db: DbOrTx, actor: Actor) {
  const regionPrefix = actor.scopePath.replace(/o\d+\/.*$/, '');
  return db
    .select()
    .from(regions)
    .where(like(regions.path, `${regionPrefix}%`))
    .orderBy(asc(regions.path));
}

export async function createRegion(platform: Platform, actor: Actor, input: RegionInput) {
  requirePermission(actor, 'master_data.write');
  return platform.db.transaction(async (tx) => {
    let path = `/${input.code}/`;
    if (input.parentId !== null) {
      const parent = (await tx.select().from(regions).where(eq(regions.id, input.parentId)).limit(1))[0];
      if (!parent || !inScope(actor, parent.path)) {
        throw new InputError('字段 parentId：上级区划不存在或不在您的数据范围内', [
          { path: 'parentId', message: '上级区划不存在或不在您的数据范围内' },
        ]);
      }
      path = `${parent.path}${input.code}/`;
    } else if (actor.scopePath !== '/') {
      throw new InputError('字段 parentId：只能在本级区划之下新增区划', [
        { path: 'parentId', message: '须指定上级区划' },
      ]);
    }
    try {
      const row = (
        await tx
          .insert(regions)
          .values({ ...input, path })
          .returning()
      )[0];
      await appendAudit(
        tx,
        [{ actor, action: 'region.create', entityType: 'region', entityId: row?.id ?? 0, after: row }],
        platform.now(),
      );
      return row as typeof regions.$inferSelect;
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ConflictError(`行政区划代码“${input.code}”已存在`, {
          issues: [{ path: 'code', message: '代码已存在' }],
        });
      throw err;
    }
  });
}

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
  requirePermission(actor, 'master_data.write');
  return platform.db.transaction(async (tx) => {
    const region = (await tx.select().from(regions).where(eq(regions.id, input.regionId)).limit(1))[0];
    if (
      !region ||
      (!inScope(actor, region.path) && !region.path.startsWith(actor.scopePath.replace(/o\d+\/.*$/, '')))
    ) {
      throw new InputError('字段 regionId：区划不存在或不在您的数据范围内', [
        { path: 'regionId', message: '区划不存在或不在您的数据范围内' },
      ]);
    }
    let parentPath = region.path;
    if (input.parentId !== null) {
      const parent = (await tx.select().from(orgUnits).where(eq(orgUnits.id, input.parentId)).limit(1))[0];
      if (!parent || !inScope(actor, parent.path) || parent.regionId !== input.regionId) {
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

export interface UserRow {
  id: number;
  name: string;
  orgUnit: { id: number; name: string };
  roles: Role[];
  title: string | null;
  active: boolean;
  dingtalkUserId: string | null;
}

export async function listUsers(
  db: DbOrTx,
  actor: Actor,
  opts: { afterId?: number; limit: number },
): Promise<UserRow[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      orgUnitId: orgUnits.id,
      orgUnitName: orgUnits.name,
      roles: users.roles,
      title: users.title,
      active: users.active,
      dingtalkUserId: imIdentities.externalUserId,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .leftJoin(imIdentities, and(eq(imIdentities.userId, users.id), eq(imIdentities.channel, 'dingtalk')))
    .where(and(orgInScope(actor), opts.afterId !== undefined ? gt(users.id, opts.afterId) : undefined))
    .orderBy(asc(users.id))
    .limit(opts.limit);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    orgUnit: { id: r.orgUnitId, name: r.orgUnitName },
    roles: r.roles as Role[],
    title: r.title,
    active: r.active,
    dingtalkUserId: r.dingtalkUserId,
  }));
}

export async function createUser(platform: Platform, actor: Actor, input: UserInput) {
  requirePermission(actor, 'users.write');
  return platform.db.transaction(async (tx) => {
    const org = (await tx.select().from(orgUnits).where(eq(orgUnits.id, input.orgUnitId)).limit(1))[0];
    if (!org || !inScope(actor, org.path)) {
      throw new InputError('字段 orgUnitId：单位不存在或不在您的数据范围内', [
        { path: 'orgUnitId', message: '单位不存在或不在您的数据范围内' },
      ]);
    }
    const user = (
      await tx
        .insert(users)
        .values({
          name: input.name,
          orgUnitId: input.orgUnitId,
          roles: input.roles,
          title: input.title ?? null,
          mobile: input.mobile ?? null,
        })
        .returning()
    )[0] as typeof users.$inferSelect;
    if (input.dingtalkUserId) {
      try {
        await tx.insert(imIdentities).values({
          userId: user.id,
          channel: 'dingtalk',
          externalUserId: input.dingtalkUserId,
          unionId: input.dingtalkUnionId ?? null,
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ConflictError(`钉钉账号“${input.dingtalkUserId}”已绑定其他用户`, {
            issues: [{ path: 'dingtalkUserId', message: '钉钉账号已绑定其他用户' }],
          });
        }
        throw err;
      }
    }
    await appendAudit(
      tx,
      [{ actor, action: 'user.create', entityType: 'user', entityId: user.id, after: { ...input } }],
      platform.now(),
    );
    return user;
  });
}

export async function requireUserInScope(db: DbOrTx, actor: Actor, userId: number) {
  const rows = await db
    .select({ id: users.id, path: orgUnits.path })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!rows[0] || !inScope(actor, rows[0].path))
    throw new NotFoundError(`用户 ${userId} 不存在或不在您的数据范围内`);
  return rows[0];
}

/** Makes the fund_types table match the loaded plugins: new ones inserted, missing ones disabled. */
export async function syncFundTypes(db: Db, plugins: readonly Plugin[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(fundTypes).set({ enabled: false });
    for (const p of plugins) {
      await tx
        .insert(fundTypes)
        .values({ id: p.id, name: p.name, budgetBook: p.budgetBook, enabled: true })
        .onConflictDoUpdate({
          target: fundTypes.id,
          set: { name: p.name, budgetBook: p.budgetBook, enabled: true, updatedAt: new Date() },
        });
    }
  });
}
