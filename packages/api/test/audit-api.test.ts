import { queryRows, SYSTEM_ACTOR } from '@jixiao/db';
import { checkpointAuditChain } from '@jixiao/db/audit';
import { issueToken } from '@jixiao/db/auth';
import { createUser } from '@jixiao/db/master-data';
import { createExecutingItem, createTestAuditAnchor, rehashAuditChainFrom } from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './helpers.ts';

let h: ApiHarness;
let auditorToken: string;
let itemId: number;

beforeAll(async () => {
  h = await createApiHarness();
  h.city.platform.auditAnchor = createTestAuditAnchor();
  const auditor = await createUser(h.city.platform, SYSTEM_ACTOR, {
    name: '孙审计',
    orgUnitId: h.city.orgs.finance,
    roles: ['auditor'],
    dingtalkUserId: 'dt-auditor',
    dingtalkUnionId: 'union-dt-auditor',
  });
  auditorToken = (await issueToken(h.db.db, auditor.id, 'test')).token;
  itemId = (await createExecutingItem(h.city)).id;
  await createExecutingItem(h.city, { orgUnitId: h.city.orgs.deptB }, h.city.actors.officerB);
  await checkpointAuditChain(h.city.platform);
});
afterAll(async () => {
  await h?.close();
});

describe('verifying the audit chain through the API', () => {
  it('checks the whole chain against the signed checkpoints, for auditors and whoever reads audit logs', async () => {
    const r = await h.call('GET', '/api/v1/audit/verify', { token: auditorToken });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ok: true,
      problems: [],
      checkpoints: { total: 1, matched: 1 },
      latestCheckpoint: { seq: 1, lastEntryId: r.body.entries, count: r.body.entries },
      verifiedThroughId: r.body.entries,
    });
    expect(r.body).not.toHaveProperty('checkpointFile'); // no server paths
    expect((await h.call('GET', '/api/v1/audit/verify', { token: h.tokens.unitA1 })).status).toBe(403);
  });

  it('verifies one item’s entries for those who may read its audit log, and no one else', async () => {
    const path = `/api/v1/items/${itemId}/audit/verify`;
    const own = await h.call('GET', path, { token: h.tokens.officerA });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ ok: true, itemId, unverifiedEntryIds: [], chain: { ok: true } });
    expect(own.body.entries).toBeGreaterThan(0);
    expect(own.body.verifiedEntries).toBe(own.body.entries);
    // The audit bureau sees every item of its region, read-only; so does the leader.
    for (const token of [auditorToken, h.tokens.leader, h.tokens.admin]) {
      expect((await h.call('GET', path, { token })).body).toMatchObject({ ok: true, itemId });
    }
    // Another department's officer cannot even learn that the item exists; a unit officer may not read audit logs.
    expect((await h.call('GET', path, { token: h.tokens.officerB })).status).toBe(404);
    expect((await h.call('GET', path, { token: h.tokens.unitA1 })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/items/999999/audit/verify', { token: auditorToken })).status).toBe(
      404,
    );
  });

  it('names an entry slipped into the item’s audit log with a made-up id', async () => {
    await h.db.db.execute(
      sql`insert into audit_entries (id, at, actor_name, action, entity_type, entity_id, item_id, prev_hash, hash, hash_version)
          values (-7, now(), '王财政', 'payment.record', 'payment', '1', ${itemId}, repeat('0', 64), repeat('1', 64), 2)`,
    );
    const listed = await h.call('GET', `/api/v1/items/${itemId}/audit`, { token: auditorToken });
    expect(listed.body.entries.map((e: { id: number }) => e.id)).toContain(-7);
    const item = await h.call('GET', `/api/v1/items/${itemId}/audit/verify`, { token: auditorToken });
    expect(item.body).toMatchObject({ ok: false, unverifiedEntryIds: [-7] });
    expect(item.body.reason).toContain('第 -7 条');
    expect(item.body.chain).toMatchObject({ ok: false, brokenAtId: -7, foreignEntryIds: [-7] });
    const chain = await h.call('GET', '/api/v1/audit/verify', { token: auditorToken });
    expect(chain.body).toMatchObject({ ok: false, brokenAtId: -7 });
    expect(chain.body.reason).toContain('第 -7 条的编号不是正数');
    await h.db.db.execute(sql`delete from audit_entries where id = -7`);
  });

  it('reports a rewrite that kept the chain consistent, by the signed checkpoint', async () => {
    const [row] = await queryRows<{ id: number }>(h.db.db, sql`select max(id)::int as id from audit_entries`);
    const last = Number(row?.id);
    await h.db.db.execute(sql`update audit_entries set actor_name = '张三' where id = ${last - 2}`);
    await rehashAuditChainFrom(h.db.db, last - 2);
    const r = await h.call('GET', '/api/v1/audit/verify', { token: auditorToken });
    expect(r.body).toMatchObject({ ok: false, brokenAtId: last, verifiedThroughId: null });
    expect(r.body.reason).toContain('签名检查点 #1');
    const item = await h.call('GET', `/api/v1/items/${itemId}/audit/verify`, { token: auditorToken });
    expect(item.body.ok).toBe(false);
  });
});
