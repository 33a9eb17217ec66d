/** API tokens through the API: issued (scoped, expiring, shown once, stored hashed), listed, used, revoked, audited. */
import { queryRows, SYSTEM_ACTOR } from '@jixiao/db';
import { hashToken } from '@jixiao/db/auth';
import { createUser } from '@jixiao/db/master-data';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;

async function tokenCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(h.db.db, sql`select count(*)::int as n from api_tokens`);
  return Number(row?.n);
}

async function auditOf(action: string, entityId: number) {
  return queryRows<{ actor_user_id: number | null; actor_token_id: number | null; after: any }>(
    h.db.db,
    sql`select actor_user_id, actor_token_id, after from audit_entries
        where action = ${action} and entity_id = ${String(entityId)} order by id`,
  );
}

async function tokenIdOf(token: string): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    h.db.db,
    sql`select id from api_tokens where token_hash = ${hashToken(token)}`,
  );
  return Number(row?.id);
}

async function issue(body: Record<string, unknown>, token = h.tokens.admin) {
  return h.call('POST', '/api/v1/tokens', { token, body });
}

describe('issuing API tokens', () => {
  it('the finance bureau issues a token for an official: shown once, stored hashed, expiring, audited', async () => {
    const before = await tokenCount();
    const res = await issue({ userId: h.city.actors.officerA.userId, name: '教育局报表工具' });
    expect(res.status).toBe(201);
    const { token, apiToken } = res.body;
    expect(token).toMatch(/^jx_[A-Za-z0-9_-]{40}$/);
    expect(apiToken).toMatchObject({
      name: '教育局报表工具',
      prefix: token.slice(0, 7),
      user: { id: h.city.actors.officerA.userId, name: '李教育', systemAccount: false },
      roles: null,
      status: 'active',
      statusLabel: '有效',
      createdBy: { id: h.city.actors.admin.userId, name: '王财政' },
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(JSON.stringify(apiToken)).not.toContain(token);
    const issuedAt = h.city.platform.now().getTime();
    expect(Date.parse(apiToken.expiresAt) - issuedAt).toBe(90 * DAY);
    expect(await tokenCount()).toBe(before + 1);

    // Only the hash is kept, and the clear token appears nowhere in the database's audit.
    const [stored] = await queryRows<{ token_hash: string }>(
      h.db.db,
      sql`select token_hash from api_tokens where id = ${apiToken.id}`,
    );
    expect(stored?.token_hash).toBe(hashToken(token));
    const audit = await auditOf('api_token.issue', apiToken.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ userId: h.city.actors.officerA.userId, roles: null });
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(audit[0]?.actor_user_id).toBe(h.city.actors.admin.userId);
    expect(audit[0]?.actor_token_id).toBe(await tokenIdOf(h.tokens.admin));

    // It works, as that official, and its use is noted.
    const me = await h.call('GET', '/api/v1/me', { token });
    expect(me.body).toMatchObject({ userId: h.city.actors.officerA.userId, roles: ['dept_officer'] });
    const mine = await h.call('GET', '/api/v1/me/tokens', { token });
    expect(mine.body.tokens.find((t: any) => t.id === apiToken.id).lastUsedAt).not.toBeNull();
  });

  it('limits a token to some of the user’s roles, and never grants one the user lacks', async () => {
    const user = await createUser(h.city.platform, SYSTEM_ACTOR, {
      name: '孙兼职',
      orgUnitId: h.city.orgs.deptA,
      roles: ['dept_officer', 'leader'],
    });
    const narrow = await issue({ userId: user.id, name: '只读', roles: ['dept_officer'] });
    expect(narrow.status).toBe(201);
    expect(narrow.body.apiToken).toMatchObject({ roles: ['dept_officer'], roleLabels: ['主管部门绩效专员'] });
    const me = await h.call('GET', '/api/v1/me', { token: narrow.body.token });
    // A leader sees the whole region; limited to dept_officer the token sees the department only.
    expect(me.body.roles).toEqual(['dept_officer']);
    const [dept] = await queryRows<{ path: string }>(
      h.db.db,
      sql`select path from org_units where id = ${h.city.orgs.deptA}`,
    );
    expect(me.body.scopePath).toBe(dept?.path);

    const before = await tokenCount();
    const wider = await issue({ userId: user.id, name: '越权', roles: ['dept_officer', 'finance_admin'] });
    expect(wider.status).toBe(400);
    expect(wider.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('roles') });
    expect(wider.body.message).toContain('财政绩效管理员');
    expect(await tokenCount()).toBe(before);
  });

  it('issues tokens for a system account (role 系统对接) in an org unit, reusing the account', async () => {
    const body = {
      systemAccount: { name: '预算一体化系统', orgUnitId: h.city.orgs.finance },
      name: '一体化对接',
    };
    const first = await issue(body);
    expect(first.status).toBe(201);
    expect(first.body.apiToken.user).toMatchObject({ name: '预算一体化系统', systemAccount: true });
    const second = await issue({ ...body, name: '一体化对接（备用）', expiresInDays: 365 });
    expect(second.body.apiToken.user.id).toBe(first.body.apiToken.user.id);
    const me = await h.call('GET', '/api/v1/me', { token: first.body.token });
    expect(me.body).toMatchObject({ name: '预算一体化系统', roles: ['plugin'] });
    // A system account can do what its role allows and no more.
    const denied = await h.call('POST', '/api/v1/regions', {
      token: first.body.token,
      body: { code: '360299', name: '测试区', level: 'county', parentId: h.city.regionId },
    });
    expect(denied.status).toBe(403);
    expect(await auditOf('user.create', first.body.apiToken.user.id)).toHaveLength(1);
  });

  it('refuses bad input, callers without the permission and users outside the caller’s scope', async () => {
    const before = await tokenCount();
    const officer = await issue({ userId: h.city.actors.officerB.userId, name: 'x' }, h.tokens.officerA);
    expect(officer.status).toBe(403);
    const county = await issue({ userId: h.city.actors.officerA.userId, name: 'x' }, h.tokens.countyAdmin);
    expect(county.status).toBe(400);
    expect(county.body.message).toContain('userId');
    const both = await issue({ name: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain('userId');
    const tooLong = await issue({ userId: h.city.actors.officerA.userId, name: 'x', expiresInDays: 366 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toContain('expiresInDays');
    expect(tooLong.body.message).toContain('365');
    expect(await tokenCount()).toBe(before);
  });
});

describe('listing, expiry and revocation', () => {
  it('a token stops working when it expires', async () => {
    const res = await issue({ userId: h.city.actors.officerB.userId, name: '一天', expiresInDays: 1 });
    const { token } = res.body;
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(200);
    const now = h.city.platform.now;
    const later = now().getTime() + DAY + 1;
    h.city.platform.now = () => new Date(later);
    try {
      const expired = await h.call('GET', '/api/v1/me', { token });
      expect(expired.status).toBe(401);
      const listed = await h.call(
        'GET',
        `/api/v1/tokens?userId=${h.city.actors.officerB.userId}&status=expired`,
      );
      expect(listed.body.tokens.map((t: any) => t.id)).toContain(res.body.apiToken.id);
    } finally {
      h.city.platform.now = now;
    }
  });

  it('the finance bureau lists the tokens in its scope; an official sees only their own', async () => {
    const all = await h.call('GET', '/api/v1/tokens?limit=200');
    expect(all.status).toBe(200);
    const names = all.body.tokens.map((t: any) => t.user.name);
    expect(names).toContain('李教育');
    expect(names).toContain('周浮梁'); // the county is inside the city's scope
    const county = await h.call('GET', '/api/v1/tokens?limit=200', { token: h.tokens.countyAdmin });
    expect(county.body.tokens.map((t: any) => t.user.name)).toEqual(['周浮梁']);
    const paged = await h.call('GET', '/api/v1/tokens?limit=2');
    expect(paged.body.tokens).toHaveLength(2);
    const next = await h.call('GET', `/api/v1/tokens?limit=200&cursor=${paged.body.nextCursor}`);
    expect(next.body.tokens[0].id).toBeLessThan(paged.body.tokens[1].id);

    const mine = await h.call('GET', '/api/v1/me/tokens', { token: h.tokens.officerB });
    expect(mine.body.tokens.length).toBeGreaterThan(0);
    expect(mine.body.tokens.every((t: any) => t.user.id === h.city.actors.officerB.userId)).toBe(true);
    expect((await h.call('GET', '/api/v1/tokens', { token: h.tokens.officerB })).status).toBe(403);
  });

  it('an official revokes their own token (it stops at once); another’s is not theirs to see', async () => {
    const issued = await issue({ userId: h.city.actors.officerA.userId, name: '要吊销的' });
    const { token, apiToken } = issued.body;
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(200);

    const others = await h.call('DELETE', `/api/v1/tokens/${apiToken.id}`, { token: h.tokens.officerB });
    expect(others.status).toBe(404);

    const revoked = await h.call('DELETE', `/api/v1/tokens/${apiToken.id}`, { token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revokedBy: { id: h.city.actors.officerA.userId, name: '李教育' },
    });
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(401);
    const audit = await auditOf('api_token.revoke', apiToken.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: h.city.actors.officerA.userId,
      actor_token_id: apiToken.id,
    });
  });

  it('a token revoked by another process stops within the 5 s the verified token is remembered', async () => {
    const issued = await issue({ userId: h.city.actors.officerA.userId, name: '另一进程吊销' });
    const { token, apiToken } = issued.body;
    // Only the process clock the cache reads is moved; nothing sleeps.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(200); // verified, remembered
      // What `npm run token -- revoke` or another server does: the row, not this process's cache.
      await h.db.db.execute(sql`update api_tokens set revoked_at = now() where id = ${apiToken.id}::int`);
      vi.setSystemTime(Date.now() + 4_000);
      expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(200); // still within 5 s
      vi.setSystemTime(Date.now() + 1_001);
      expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the finance bureau revokes a token in its scope, once', async () => {
    const issued = await issue({ userId: h.city.actors.unitA1.userId, name: '单位工具' });
    const id = issued.body.apiToken.id;
    const first = await h.call('DELETE', `/api/v1/tokens/${id}`);
    expect(first.body).toMatchObject({ status: 'revoked', revokedBy: { name: '王财政' } });
    const again = await h.call('DELETE', `/api/v1/tokens/${id}`);
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(first.body.revokedAt);
    expect(await auditOf('api_token.revoke', id)).toHaveLength(1);
    expect((await h.call('GET', '/api/v1/me', { token: issued.body.token })).status).toBe(401);
    expect((await h.call('DELETE', '/api/v1/tokens/999999')).status).toBe(404);
  });
});

describe('attribution', () => {
  it('every audited write made with a token records the token, and the audit chain still verifies', async () => {
    const issued = await issue({ userId: h.city.actors.admin.userId, name: '基础数据同步' });
    const { token, apiToken } = issued.body;
    const region = await h.call('POST', '/api/v1/regions', {
      token,
      body: { code: '360281', name: '乐平市', level: 'county', parentId: h.city.regionId },
    });
    expect(region.status).toBe(201);
    const audit = await auditOf('region.create', region.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: h.city.actors.admin.userId,
      actor_token_id: apiToken.id,
    });
    const verify = await h.call('GET', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('an audit entry’s token cannot be changed without breaking the chain', async () => {
    await h.db.db.execute(
      sql`update audit_entries set actor_token_id = actor_token_id + 1000 where action = 'region.create'`,
    );
    const verify = await h.call('GET', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: false, reason: expect.stringContaining('篡改') });
  });
});
