import { DomainError } from '@jixiao/core';
import { type Actor, loadActor, type Platform } from '@jixiao/db';
import { hashToken, resolveApiToken } from '@jixiao/db/auth';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * Who a token belongs to, remembered for a few seconds: a busy integration system calls many
 * times a second, and two queries per call would double the cost of a cheap list. A changed
 * role, or a token revoked by another process, takes effect within `ttlMs`; a token expires on
 * time, and one revoked through this app is forgotten at once.
 */
class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; until: number; expiresAt: number | null }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  /** `now` is the process clock (the cache's own ttl), `businessNow` the platform's (token expiry). */
  get(key: string, now: number, businessNow: number): Actor | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= now || (hit.expiresAt !== null && hit.expiresAt <= businessNow)) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.actor;
  }

  forgetToken(tokenId: number): void {
    for (const [key, hit] of this.entries) if (hit.actor.tokenId === tokenId) this.entries.delete(key);
  }

  set(key: string, actor: Actor, now: number, expiresAt: Date | null): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { actor, until: now + this.ttlMs, expiresAt: expiresAt?.getTime() ?? null });
  }
}

export interface BearerAuthOptions {
  platform: Platform;
  /** How long a token's actor is remembered (default 5 s; 0 disables). */
  cacheTtlMs?: number;
}

/**
 * Bearer-token authentication: the token's hash is looked up, its user loaded with their data
 * scope and the token's roles, and the actor (carrying the token id, for the audit) put on the
 * context for the repositories. Every /api route sits behind it.
 */
export function bearerAuth({ platform, cacheTtlMs = 5000 }: BearerAuthOptions): MiddlewareHandler<AppEnv> {
  const cache = new ActorCache(cacheTtlMs, 5000);
  return async function bearerAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
    if (!match?.[1]) {
      throw new DomainError(
        'unauthenticated',
        '未提供有效的访问令牌：请在请求头 Authorization 中使用 “Bearer <令牌>”',
      );
    }
    const key = hashToken(match[1]);
    const now = Date.now();
    const businessNow = platform.now();
    let actor = cacheTtlMs > 0 ? cache.get(key, now, businessNow.getTime()) : undefined;
    if (!actor) {
      const token = await resolveApiToken(platform.db, match[1], businessNow);
      actor =
        (token && (await loadActor(platform.db, token.userId, { id: token.tokenId, roles: token.roles }))) ??
        undefined;
      if (!token || !actor) throw new DomainError('unauthenticated', '访问令牌无效、已过期或已吊销');
      if (cacheTtlMs > 0) cache.set(key, actor, now, token.expiresAt);
    }
    c.set('actor', actor);
    c.set('forgetToken', (tokenId) => cache.forgetToken(tokenId));
    await next();
  };
}
