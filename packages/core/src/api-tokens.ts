/**
 * API tokens: who a token acts as (a person or a system account), with which of that user's roles, until
 * when. The rules are pure; storage and auditing are in `@jixiao/db/auth`.
 */
import { z } from 'zod';
import { idSchema, text } from './schemas.ts';
import { type Role, roleSchema } from './vocabulary.ts';

/**
 * How long tokens live. Source: GB/T 22239-2019《网络安全等级保护基本要求》8.1.4.1 a)
 * “身份鉴别信息具有复杂度要求并定期更换” — a token is a credential, so every token expires;
 * the day counts are this system's defaults ([U] 设计默认), to be set by the finance bureau.
 */
export const tokenPolicySchema = z.object({
  /** Lifetime of a token issued without `expiresInDays`. */
  defaultDays: z.int().min(1).max(3650).default(90),
  /** Longest lifetime one may ask for. */
  maxDays: z.int().min(1).max(3650).default(365),
});
export type TokenPolicy = z.infer<typeof tokenPolicySchema>;
const defaultTokenPolicy: TokenPolicy = tokenPolicySchema.parse({});

export const TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];
export const TOKEN_STATUS_LABELS: Readonly<Record<TokenStatus, string>> = {
  active: '有效',
  expired: '已过期',
  revoked: '已吊销',
};

/** The role every system account (a user row standing for another system) has. */
export const SYSTEM_ACCOUNT_ROLE: Role = 'plugin';

/** What issuing a token takes: for a person (`userId`) or a system account, optionally fewer roles. */
export function apiTokenInputSchema(policy: TokenPolicy = defaultTokenPolicy) {
  return z
    .strictObject({
      name: text('令牌名称', 100),
      userId: idSchema.optional(),
      systemAccount: z
        .strictObject({ name: text('系统账号名称', 50), orgUnitId: idSchema })
        .optional()
        .describe('系统对接账号：在该单位下按名称查找（没有则创建）一个“系统对接”角色的用户'),
      roles: z
        .array(roleSchema)
        .min(1, '至少指定一个角色')
        .max(7)
        .optional()
        .describe('只授予该用户的部分角色；不填则随用户的全部角色'),
      expiresInDays: z
        .int('有效天数必须是整数')
        .min(1, '有效天数至少为1天')
        .max(policy.maxDays, `有效天数不能超过${policy.maxDays}天`)
        .default(policy.defaultDays),
    })
    .superRefine((v, ctx) => {
      if ((v.userId === undefined) === (v.systemAccount === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['userId'],
          message: '须指定 userId（个人令牌）或 systemAccount（系统账号令牌）之一，且只能指定一个',
        });
      }
    });
}
export type ApiTokenInput = z.output<ReturnType<typeof apiTokenInputSchema>>;

/**
 * The roles a new token may carry: the requested ones when the user has them all (null = all the user's
 * roles, whatever they are when the token is used); never a role the user lacks.
 */
export function decideTokenRoles(
  userRoles: readonly Role[],
  requested: readonly Role[] | undefined,
): { ok: true; roles: Role[] | null } | { ok: false; missing: Role[] } {
  if (!requested) return { ok: true, roles: null };
  const missing = requested.filter((r) => !userRoles.includes(r));
  if (missing.length > 0) return { ok: false, missing: [...new Set(missing)] };
  return { ok: true, roles: [...new Set(requested)] };
}

/** The roles a token acts with now: the user's current roles, cut down to the token's if it has a set. */
export function effectiveTokenRoles(userRoles: readonly Role[], tokenRoles: readonly Role[] | null): Role[] {
  return tokenRoles ? userRoles.filter((r) => tokenRoles.includes(r)) : [...userRoles];
}

export function tokenExpiry(issuedAt: Date, days: number): Date {
  return new Date(issuedAt.getTime() + days * 86_400_000);
}

export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TokenStatus {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
