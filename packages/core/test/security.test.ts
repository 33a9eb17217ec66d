import { describe, expect, it } from 'vitest';
import {
  decideSweepDate,
  decimalIdSchema,
  permissionScope,
  RateLimiter,
  readScope,
  roleScopesOf,
  rolesAt,
  unstorablePath,
} from '../src/index.ts';

const home = { orgPath: '/360200/o7/', regionPath: '/360200/' };

describe('scope per permission', () => {
  it('a region-wide reading role never widens where its holder writes', () => {
    const scopes = roleScopesOf(['dept_officer', 'region_leader'], home);
    expect(readScope(scopes, home)).toBe('/360200/');
    expect(permissionScope(scopes, 'payments.write')).toBe('/360200/o7/');
    expect(permissionScope(scopes, 'audit.read')).toBe('/360200/');
    expect(permissionScope(scopes, 'warnings.manage')).toBeNull();
    expect(rolesAt(scopes, '/360200/o9/')).toEqual(['region_leader']);
    expect(rolesAt(scopes, '/360200/o7/o12/')).toEqual(['dept_officer', 'region_leader']);
  });

  it('a department leader reads their department only; the finance bureau its region', () => {
    expect(readScope(roleScopesOf(['dept_officer', 'leader'], home), home)).toBe('/360200/o7/');
    expect(readScope(roleScopesOf(['finance_admin'], home), home)).toBe('/360200/');
  });
});

describe('unstorable text', () => {
  it('walks any depth without recursion and names the field', () => {
    let deep: unknown = 'ok\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorablePath(deep)?.split('.')).toHaveLength(100_000);
    expect(unstorablePath({ a: [{ b: 'x' }, { 'c\u0000': 1 }] })).toBe('a.1.c?');
    expect(unstorablePath({ a: ['ok', { b: '\uD800' }] }, ['attributes'])).toBe('attributes.a.1.b');
    expect(unstorablePath({ a: [1, 'fine'] })).toBeNull();
  });
});

describe('sweep dates', () => {
  const today = '2026-08-31';
  it('are in the current fiscal year up to today unless back-dated with a reason', () => {
    expect(decideSweepDate(undefined, today)).toEqual({ ok: true, asOf: today });
    expect(decideSweepDate('2026-01-01', today)).toEqual({ ok: true, asOf: '2026-01-01' });
    for (const asOf of ['1900-01-01', '0000-01-01', '2025-12-31', '2026-09-01', '2026-02-30', '2026-1-1']) {
      expect(decideSweepDate(asOf, today).ok, asOf).toBe(false);
    }
    expect(decideSweepDate('2025-12-31', today, { reason: '补做' })).toEqual({
      ok: true,
      asOf: '2025-12-31',
    });
    expect(decideSweepDate('2024-12-31', today, { reason: '补做' }).ok).toBe(false);
    expect(decideSweepDate('2027-01-01', today, { reason: '补做' }).ok).toBe(false);
  });
});

describe('path ids', () => {
  it('are plain decimal', () => {
    expect(decimalIdSchema.parse('42')).toBe(42);
    for (const bad of ['0x1F', ' 1', '00001', '1e3', '-1', '0', '1.5', '99999999999999999']) {
      expect(decimalIdSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('rate limiter', () => {
  it('allows a minute’s worth at once, then one more as each share of the minute passes, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now);
    for (let i = 0; i < 6; i++) expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(10);
    expect(limiter.take('b')).toBeNull();
    now += 10_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(10);
  });

  it('keeps a bounded number of callers', () => {
    const limiter = new RateLimiter(1, () => 0, 2);
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('b')).toBeNull();
    expect(limiter.take('c')).toBeNull(); // 'a', the oldest, is forgotten
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('c')).not.toBeNull();
  });
});
