import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { conversationStates } from '../schema/index.ts';

/**
 * The bot's short memory, by key (`dingtalk:<conversationId>:<externalUserId>`, or a per-user key).
 * Keys are built by the bot from the authenticated sender, so a state is only ever read back for
 * the person who wrote it.
 */
export async function getConversationStates(
  db: DbOrTx,
  keys: readonly string[],
): Promise<Map<string, { state: Record<string, unknown>; updatedAt: Date }>> {
  const out = new Map<string, { state: Record<string, unknown>; updatedAt: Date }>();
  if (keys.length === 0) return out;
  const rows = await db
    .select()
    .from(conversationStates)
    .where(inArray(conversationStates.key, [...keys]));
  for (const r of rows) out.set(r.key, { state: r.state, updatedAt: r.updatedAt });
  return out;
}

export async function putConversationState(
  db: DbOrTx,
  key: string,
  state: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db
    .insert(conversationStates)
    .values({ key, state, updatedAt: at })
    .onConflictDoUpdate({
      target: conversationStates.key,
      set: { state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` },
    });
}

export async function deleteConversationState(db: DbOrTx, key: string): Promise<void> {
  await db.delete(conversationStates).where(inArray(conversationStates.key, [key]));
}
