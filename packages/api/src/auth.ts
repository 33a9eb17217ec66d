import { DomainError } from '@jixiao/core';
import { type Actor, loadActor, type Platform } from '@jixiao/db';
import { hashToken, userIdForToken } from '@jixiao/db/auth';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * Who a token belongs to, remembered for a few seconds: a busy integration system calls many
 * times a second, and two queries per call would double the cost of a cheap list. A revoked or
 * expired token, or a changed role, takes effect within `ttlMs`.
 */
class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: string, now: number): Actor | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.actor;
  }

  set(key: string, actor: Actor, now: number): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { actor, until: now + this.ttlMs });
  }
}

export interface BearerAuthOptions {
  platform: Platform;
  /** How long a token's actor is remembered (default 5 s; 0 disables). */
  cacheTtlMs?: number;
}

/**
 * Bearer-token authentication: the token's hash is looked up, its user loaded with their data
 * scope, and the actor put on the context for the repositories. Every /api route sits behind it.
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
    let actor = cacheTtlMs > 0 ? cache.get(key, now) : undefined;
    if (!actor) {
      const userId = await userIdForToken(platform.db, match[1], platform.now());
      actor = (userId === null ? null : await loadActor(platform.db, userId)) ?? undefined;
      if (!actor) throw new DomainError('unauthenticated', '访问令牌无效、已过期或已吊销');
      if (cacheTtlMs > 0) cache.set(key, actor, now);
    }
    c.set('actor', actor);
    await next();
  };
}
