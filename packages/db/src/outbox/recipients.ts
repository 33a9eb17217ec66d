import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { imIdentities, orgUnits, users } from '../schema/index.ts';

export interface NotifyRecipientRow {
  userId: number;
  name: string;
  active: boolean;
  orgUnitId: number;
  orgName: string;
  /** DingTalk staff userId, null when the user has no DingTalk identity. */
  dingtalkUserId: string | null;
  unionId: string | null;
}

/** A user with their DingTalk identity, or null if there is no such user. */
export async function loadNotifyRecipient(db: DbOrTx, userId: number): Promise<NotifyRecipientRow | null> {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      active: users.active,
      orgUnitId: users.orgUnitId,
      orgName: orgUnits.name,
      dingtalkUserId: imIdentities.externalUserId,
      unionId: imIdentities.unionId,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .leftJoin(imIdentities, and(eq(imIdentities.userId, users.id), eq(imIdentities.channel, 'dingtalk')))
    .where(eq(users.id, userId))
    .orderBy(asc(imIdentities.id))
    .limit(1);
  return rows[0] ?? null;
}
