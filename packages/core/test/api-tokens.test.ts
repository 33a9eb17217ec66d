import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiTokenInputSchema,
  decideTokenRoles,
  effectiveTokenRoles,
  ROLES,
  type Role,
  tokenExpiry,
  tokenStatus,
} from '../src/index.ts';

const roles = fc.uniqueArray(fc.constantFrom(...ROLES.values), { maxLength: 7 });

describe('token roles', () => {
  it('never grant a role the user lacks, now or after the user loses one', () => {
    fc.assert(
      fc.property(roles, fc.option(roles, { nil: undefined }), roles, (userRoles, requested, later) => {
        const decided = decideTokenRoles(userRoles, requested);
        if (!decided.ok) {
          expect(decided.missing.length).toBeGreaterThan(0);
          expect(decided.missing.every((r) => !userRoles.includes(r))).toBe(true);
          return;
        }
        const now = effectiveTokenRoles(userRoles, decided.roles);
        expect(now.every((r) => userRoles.includes(r))).toBe(true);
        if (requested) expect(now.every((r) => requested.includes(r))).toBe(true);
        // The user's roles change later: the token follows, and still never exceeds them.
        expect(effectiveTokenRoles(later, decided.roles).every((r) => later.includes(r))).toBe(true);
      }),
    );
  });

  it('without a role set a token acts with all the user has', () => {
    const user: Role[] = ['dept_officer', 'leader'];
    expect(decideTokenRoles(user, undefined)).toEqual({ ok: true, roles: null });
    expect(effectiveTokenRoles(user, null)).toEqual(user);
    expect(decideTokenRoles(user, ['leader', 'finance_admin'])).toEqual({
      ok: false,
      missing: ['finance_admin'],
    });
  });
});

describe('token lifetime', () => {
  it('expires at the moment given, revocation wins', () => {
    const issued = new Date('2026-08-31T04:00:00Z');
    const expiresAt = tokenExpiry(issued, 90);
    expect(expiresAt.toISOString()).toBe('2026-11-29T04:00:00.000Z');
    expect(tokenStatus({ expiresAt, revokedAt: null }, new Date(expiresAt.getTime() - 1))).toBe('active');
    expect(tokenStatus({ expiresAt, revokedAt: null }, expiresAt)).toBe('expired');
    expect(tokenStatus({ expiresAt, revokedAt: issued }, issued)).toBe('revoked');
    expect(tokenStatus({ expiresAt: null, revokedAt: null }, expiresAt)).toBe('active');
  });

  it('defaults to 90 days, refuses more than the policy allows, naming the field', () => {
    expect(apiTokenInputSchema().parse({ name: '工具', userId: 3 })).toMatchObject({ expiresInDays: 90 });
    const tooLong = apiTokenInputSchema().safeParse({ name: '工具', userId: 3, expiresInDays: 366 });
    expect(tooLong.error?.issues[0]).toMatchObject({
      path: ['expiresInDays'],
      message: '有效天数不能超过365天',
    });
    const shorter = apiTokenInputSchema({ defaultDays: 7, maxDays: 30 }).safeParse({
      name: '工具',
      userId: 3,
    });
    expect(shorter.data?.expiresInDays).toBe(7);
  });

  it('is for a person or a system account, not both and not neither', () => {
    const schema = apiTokenInputSchema();
    const account = { name: '预算一体化系统', orgUnitId: 1 };
    expect(schema.safeParse({ name: 'x' }).error?.issues[0]?.path).toEqual(['userId']);
    expect(schema.safeParse({ name: 'x', userId: 1, systemAccount: account }).success).toBe(false);
    expect(schema.safeParse({ name: 'x', systemAccount: account }).success).toBe(true);
    expect(schema.safeParse({ name: 'x', userId: 1, roles: [] }).error?.issues[0]?.path).toEqual(['roles']);
  });
});
