import { DomainError } from '@jixiao/core';
import { loadActor, type Platform, userIdForToken } from '@jixiao/db';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * Bearer-token authentication: the token's hash is looked up, its user loaded with their data
 * scope, and the actor put on the context for the repositories. Every /api route sits behind it.
 */
export function bearerAuth({ platform }: { platform: Platform }): MiddlewareHandler<AppEnv> {
  return async function bearerAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
    if (!match?.[1]) {
      throw new DomainError(
        'unauthenticated',
        '未提供有效的访问令牌：请在请求头 Authorization 中使用 “Bearer <令牌>”',
      );
    }
    const userId = await userIdForToken(platform.db, match[1], platform.now());
    const actor = userId === null ? null : await loadActor(platform.db, userId);
    if (!actor) throw new DomainError('unauthenticated', '访问令牌无效、已过期或已吊销');
    c.set('actor', actor);
    await next();
  };
}
