import { RateLimiter } from '@jixiao/core';
import { hashToken } from '@jixiao/db/auth';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../errors.ts';

/** The caller's network address: the socket's peer on the Node server; null when unknown (in-process tests). */
export type ClientAddress = (c: Context<AppEnv>) => string | null;

export const socketAddress: ClientAddress = (c) => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
};

function refuse(c: Context<AppEnv>, retryAfter: number, perMinute: number, who: string) {
  c.header('Retry-After', String(retryAfter));
  return errorResponse(
    c,
    'rate_limited',
    `${who}请求过于频繁（每分钟最多 ${perMinute} 次），请在 ${retryAfter} 秒后重试`,
    {
      retryAfterSeconds: retryAfter,
      limitPerMinute: perMinute,
    },
  );
}

/** Requests per client address, before authentication: guessing tokens costs the guesser only. */
export function addressRateLimit(
  perMinute: number,
  address: ClientAddress,
  now?: () => number,
): MiddlewareHandler<AppEnv> {
  const limiter = new RateLimiter(perMinute, now);
  return async function addressRateLimit(c, next) {
    const key = perMinute > 0 ? address(c) : null;
    const wait = key === null ? null : limiter.take(key);
    if (wait !== null) return refuse(c, wait, perMinute, '来自该地址的');
    return next();
  };
}

/** Requests per access token, after authentication (only valid tokens get a bucket). */
export function tokenRateLimit(perMinute: number, now?: () => number): MiddlewareHandler<AppEnv> {
  const limiter = new RateLimiter(perMinute, now);
  return async function tokenRateLimit(c, next) {
    if (perMinute > 0) {
      const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const wait = token ? limiter.take(hashToken(token)) : null;
      if (wait !== null) return refuse(c, wait, perMinute, '该令牌');
    }
    return next();
  };
}
