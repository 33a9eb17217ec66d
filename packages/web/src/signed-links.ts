import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links in DingTalk messages and to-dos open pages without a login: each is signed for one user
 * and one path and expires. Whoever holds the link sees what that user may see, no more, and
 * only until it expires.
 */
export interface LinkSigner {
  /** `/view/tasks/12` → `/view/tasks/12?u=34&e=<expiry>&s=<signature>` for user 34. */
  sign(userId: number, path: string, ttlMs?: number): string;
  /** The user a link was signed for, or why it can't be used. */
  verify(path: string, query: { u?: string; e?: string; s?: string }): LinkCheck;
}

export type LinkCheck = { ok: true; userId: number } | { ok: false; reason: 'invalid' | 'expired' };

export interface LinkSignerOptions {
  secret: Buffer;
  /** How long a link works (default 30 days: a to-do stays open that long). */
  ttlMs?: number;
  now?: () => number;
}

const DAY = 86_400_000;

export function createLinkSigner({
  secret,
  ttlMs = 30 * DAY,
  now = Date.now,
}: LinkSignerOptions): LinkSigner {
  if (secret.length < 32) throw new Error('链接签名密钥至少32字节');
  const mac = (path: string, userId: number, expires: number) =>
    createHmac('sha256', secret).update(`${path}\n${userId}\n${expires}`).digest('base64url');
  return {
    sign(userId, path, ttl = ttlMs) {
      const expires = Math.floor((now() + ttl) / 1000);
      return `${path}?u=${userId}&e=${expires}&s=${mac(path, userId, expires)}`;
    },
    verify(path, q) {
      const userId = Number(q.u);
      const expires = Number(q.e);
      if (!/^\d{1,10}$/.test(q.u ?? '') || !/^\d{1,12}$/.test(q.e ?? '') || !q.s)
        return { ok: false, reason: 'invalid' };
      const expected = Buffer.from(mac(path, userId, expires));
      const given = Buffer.from(q.s);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'invalid' };
      if (expires * 1000 <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, userId };
    },
  };
}
