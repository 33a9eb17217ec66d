import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import { appendAudit } from '../audit/chain.ts';
import type { DbOrTx } from '../client.ts';
import type { Platform } from '../platform.ts';
import { digestSubscriptions } from '../schema/index.ts';

/** Whether the actor gets the weekly digest (null: never chose). */
export async function getDigestSubscription(db: DbOrTx, actor: Actor): Promise<boolean | null> {
  if (actor.userId === null) return null;
  const [row] = await db
    .select({ subscribed: digestSubscriptions.subscribed })
    .from(digestSubscriptions)
    .where(eq(digestSubscriptions.userId, actor.userId))
    .limit(1);
  return row ? row.subscribed : null;
}

/** 订阅/退订周报: the actor's own subscription only. Returns the previous choice. */
export async function setDigestSubscription(
  platform: Platform,
  actor: Actor,
  subscribed: boolean,
): Promise<boolean | null> {
  const userId = actor.userId;
  if (userId === null) return null;
  const at = platform.now();
  return platform.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ subscribed: digestSubscriptions.subscribed })
      .from(digestSubscriptions)
      .where(eq(digestSubscriptions.userId, userId))
      .limit(1)
      .for('update');
    await tx
      .insert(digestSubscriptions)
      .values({ userId, subscribed, updatedAt: at })
      .onConflictDoUpdate({
        target: digestSubscriptions.userId,
        set: { subscribed: sql`excluded.subscribed`, updatedAt: sql`excluded.updated_at` },
      });
    if (before?.subscribed !== subscribed) {
      await appendAudit(
        tx,
        [
          {
            actor,
            action: subscribed ? 'digest.subscribe' : 'digest.unsubscribe',
            entityType: 'digest_subscription',
            entityId: userId,
            before: before ? { subscribed: before.subscribed } : null,
            after: { subscribed },
          },
        ],
        at,
      );
    }
    return before ? before.subscribed : null;
  });
}
