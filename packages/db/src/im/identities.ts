import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { imIdentities } from '../schema/index.ts';
import type { ImInboundChannel } from './inbound.ts';

export interface ImIdentity {
  userId: number;
  channel: ImInboundChannel;
  externalUserId: string;
  unionId: string | null;
}

const columns = {
  userId: imIdentities.userId,
  channel: imIdentities.channel,
  externalUserId: imIdentities.externalUserId,
  unionId: imIdentities.unionId,
};

/** The user behind an IM account (DingTalk staff userId). */
export async function findImIdentity(
  db: DbOrTx,
  channel: ImInboundChannel,
  externalUserId: string,
): Promise<ImIdentity | null> {
  const rows = await db
    .select(columns)
    .from(imIdentities)
    .where(and(eq(imIdentities.channel, channel), eq(imIdentities.externalUserId, externalUserId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Remembers an account's unionId once looked up (DingTalk to-dos are addressed by unionId). */
export async function saveImUnionId(
  db: DbOrTx,
  channel: ImInboundChannel,
  externalUserId: string,
  unionId: string,
): Promise<boolean> {
  const rows = await db
    .update(imIdentities)
    .set({ unionId })
    .where(and(eq(imIdentities.channel, channel), eq(imIdentities.externalUserId, externalUserId)))
    .returning({ userId: imIdentities.userId });
  return rows.length > 0;
}
