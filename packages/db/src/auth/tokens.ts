import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { apiTokens } from '../schema/index.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token: `jx_` + 40 base62-ish chars. Only its hash is stored. */
export function generateToken(): string {
  return `jx_${randomBytes(30).toString('base64url')}`;
}

export async function issueToken(
  db: DbOrTx,
  userId: number,
  name: string,
  token: string = generateToken(),
  expiresAt: Date | null = null,
): Promise<{ id: number; token: string }> {
  const rows = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: hashToken(token), prefix: token.slice(0, 7), expiresAt })
    .onConflictDoNothing({ target: apiTokens.tokenHash })
    .returning({ id: apiTokens.id });
  if (rows[0]) return { id: rows[0].id, token };
  const existing = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (existing[0]?.userId !== userId) throw new Error('令牌已被其他用户使用');
  return { id: existing[0].id, token };
}

/** The user a bearer token belongs to, if the token is valid, unrevoked and unexpired. */
export async function userIdForToken(db: DbOrTx, token: string, now: Date): Promise<number | null> {
  const rows = await db
    .select({ userId: apiTokens.userId })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  return rows[0]?.userId ?? null;
}
