import { ConflictError, InputError, type regionInputSchema } from '@jixiao/core';
import { asc, eq, like } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { regions } from '../schema/index.ts';

type RegionInput = z.output<typeof regionInputSchema>;

export async function listRegions(db: DbOrTx, actor: Actor) {
  const regionPrefix = actor.scopePath.replace(/o\d+\/.*$/, '');
  return db
    .select()
    .from(regions)
    .where(like(regions.path, `${regionPrefix}%`))
    .orderBy(asc(regions.path));
}

export async function createRegion(platform: Platform, actor: Actor, input: RegionInput) {
  const scope = requirePermission(actor, 'master_data.write');
  return platform.db.transaction(async (tx) => {
    let path = `/${input.code}/`;
    if (input.parentId !== null) {
      const parent = (await tx.select().from(regions).where(eq(regions.id, input.parentId)).limit(1))[0];
      if (!parent?.path.startsWith(scope)) {
        throw new InputError('字段 parentId：上级区划不存在或不在您的数据范围内', [
          { path: 'parentId', message: '上级区划不存在或不在您的数据范围内' },
        ]);
      }
      path = `${parent.path}${input.code}/`;
    } else if (scope !== '/') {
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
