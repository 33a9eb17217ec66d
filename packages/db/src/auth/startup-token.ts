import { and, eq, isNull } from 'drizzle-orm';
import type { DatabaseHandle } from '../client.ts';
import { apiTokens } from '../schema/index.ts';
import { generateToken, hashToken } from './tokens.ts';

/** The name a token generated at start-up carries (shown in 令牌列表). */
const GENERATED_NAME = '启动时生成';
const CONFIGURED_NAME = 'JIXIAO_ADMIN_TOKEN';

/**
 * The demo administrator's start-up token, valid until `expiresAt`. A generated one replaces the
 * tokens generated at earlier starts (they are revoked, so a printed token from last week stops
 * working); a configured one (`JIXIAO_ADMIN_TOKEN`) is renewed to the new expiry.
 */
export async function issueStartupToken(
  handle: DatabaseHandle,
  userId: number,
  opts: { configured?: string | undefined; now: Date; expiresAt: Date },
): Promise<string> {
  const token = opts.configured ?? generateToken();
  const name = opts.configured ? CONFIGURED_NAME : GENERATED_NAME;
  await handle.db.transaction(async (tx) => {
    if (!opts.configured) {
      await tx
        .update(apiTokens)
        .set({ revokedAt: opts.now })
        .where(
          and(eq(apiTokens.userId, userId), eq(apiTokens.name, GENERATED_NAME), isNull(apiTokens.revokedAt)),
        );
    }
    const rows = await tx
      .insert(apiTokens)
      .values({
        userId,
        name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 7),
        expiresAt: opts.expiresAt,
      })
      .onConflictDoUpdate({
        target: apiTokens.tokenHash,
        set: { expiresAt: opts.expiresAt },
        setWhere: and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)),
      })
      .returning({ id: apiTokens.id });
    if (!rows[0]) throw new Error('JIXIAO_ADMIN_TOKEN 已被其他用户使用或已被吊销');
  });
  return token;
}
