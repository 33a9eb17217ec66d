import { type TokenStatus, tokenStatus } from '@jixiao/core';
import { inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateToken,
  hashToken,
  issueStartupToken,
  listApiTokens,
  resolveApiToken,
} from '../src/auth/index.ts';
import { apiTokens } from '../src/schema/index.ts';
import { createTestDatabase, seedTestCity, type TestCity, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
});
afterAll(async () => {
  await db?.dispose();
});

const NOW = new Date('2026-08-31T04:00:00Z');
/** Around now, to the millisecond, so the boundary (expiring exactly now) comes up. */
const moment = fc.option(
  fc
    .oneof(fc.constant(0), fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }))
    .map((ms) => new Date(NOW.getTime() + ms)),
  { nil: null },
);

describe('token status in SQL', () => {
  it('lists by status and accepts a bearer exactly as the core rule says', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ expiresAt: moment, revokedAt: moment }), { minLength: 1, maxLength: 8 }),
        async (specs) => {
          const tokens = specs.map(() => generateToken());
          const rows = await db.db
            .insert(apiTokens)
            .values(
              specs.map((s, i) => ({
                userId: city.actors.officerA.userId as number,
                name: 'property',
                tokenHash: hashToken(tokens[i] as string),
                prefix: 'jx_prop',
                ...s,
              })),
            )
            .returning({ id: apiTokens.id });
          const ids = rows.map((r) => r.id);
          const expected = (status: TokenStatus) =>
            ids.filter((_, i) => tokenStatus(specs[i] as (typeof specs)[number], NOW) === status).sort();
          for (const status of ['active', 'expired', 'revoked'] as const) {
            const listed = await listApiTokens(db.db, city.actors.admin, { status, limit: 1000, now: NOW });
            expect(
              listed
                .map((t) => t.id)
                .filter((id) => ids.includes(id))
                .sort(),
            ).toEqual(expected(status));
            expect(listed.every((t) => t.status === status)).toBe(true);
          }
          const accepted = [];
          for (const [i, token] of tokens.entries()) {
            if (await resolveApiToken(db.db, token, NOW)) accepted.push(ids[i] as number);
          }
          expect(accepted.sort()).toEqual(expected('active'));
          await db.db.delete(apiTokens).where(inArray(apiTokens.id, ids));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('the start-up admin token', () => {
  const admin = () => city.actors.admin.userId as number;
  const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

  it('expires, and a new start revokes the token printed at the last one', async () => {
    const first = await issueStartupToken(db, admin(), { now: NOW, expiresAt: at(24) });
    expect(await resolveApiToken(db.db, first, at(1))).not.toBeNull();
    expect(await resolveApiToken(db.db, first, at(25))).toBeNull();

    const second = await issueStartupToken(db, admin(), { now: at(2), expiresAt: at(26) });
    expect(await resolveApiToken(db.db, first, at(3))).toBeNull();
    expect(await resolveApiToken(db.db, second, at(3))).not.toBeNull();
  });

  it('a configured token is renewed to the new expiry at each start and refused for another user', async () => {
    const configured = 'jx_configured-admin-token-0001';
    await issueStartupToken(db, admin(), { configured, now: NOW, expiresAt: at(24) });
    expect(await resolveApiToken(db.db, configured, at(30))).toBeNull();
    await issueStartupToken(db, admin(), { configured, now: at(30), expiresAt: at(54) });
    expect(await resolveApiToken(db.db, configured, at(31))).not.toBeNull();
    await expect(
      issueStartupToken(db, city.actors.officerA.userId as number, {
        configured,
        now: at(31),
        expiresAt: at(55),
      }),
    ).rejects.toThrow('JIXIAO_ADMIN_TOKEN');
  });
});
