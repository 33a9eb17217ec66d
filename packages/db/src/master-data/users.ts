import { ConflictError, InputError, type Role, type userInputSchema } from '@jixiao/core';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, requirePermission } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import { isUniqueViolation } from '../pg-errors.ts';
import type { Platform } from '../platform.ts';
import { imIdentities, orgUnits, users } from '../schema/index.ts';
import { orgInScope } from '../scope.ts';

type UserInput = z.output<typeof userInputSchema>;

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
  const scope = requirePermission(actor, 'users.write');
  return platform.db.transaction(async (tx) => {
    const org = (await tx.select().from(orgUnits).where(eq(orgUnits.id, input.orgUnitId)).limit(1))[0];
    if (!org?.path.startsWith(scope)) {
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

/** Makes the fund_types table match the loaded plugins: new ones inserted, missing ones disabled. */
