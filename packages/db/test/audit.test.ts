import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditAnchor,
  AuditKeyError,
  appendAudit,
  checkpointAuditChain,
  legacyEntryHash,
  openAuditAnchor,
  readCheckpointFile,
  runDailyAuditVerification,
  verifyAuditChain,
  verifyAuditTrail,
  verifyItemAuditTrail,
  writeAuditCheckpoint,
} from '../src/audit/index.ts';
import { queryRows, SYSTEM_ACTOR } from '../src/index.ts';
import { createUser } from '../src/master-data/index.ts';
import { runSweep } from '../src/monitoring/index.ts';
import { auditChainHead, auditEntries, outbox } from '../src/schema/index.ts';
import {
  createExecutingItem,
  createTestAuditAnchor,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
let anchor: AuditAnchor;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  anchor = createTestAuditAnchor();
  city.platform.auditAnchor = anchor;
  await createUser(city.platform, SYSTEM_ACTOR, {
    name: '孙审计',
    orgUnitId: city.orgs.finance,
    roles: ['auditor'],
    dingtalkUserId: 'dt-auditor',
    dingtalkUnionId: 'union-dt-auditor',
  });
});
afterAll(async () => {
  await db?.dispose();
});

class Rollback extends Error {}

/** Runs `tamper` and `check` in a transaction that is then rolled back: the database is as before. */
async function tampered<T>(
  tamper: string,
  check: (tx: Parameters<Parameters<typeof db.db.transaction>[0]>[0]) => Promise<T>,
): Promise<T> {
  let out: T | undefined;
  await db.db
    .transaction(async (tx) => {
      await tx.execute(sql.raw(tamper));
      out = await check(tx);
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return out as T;
}

async function lastEntryId(): Promise<number> {
  const [row] = await queryRows<{ id: number | string }>(db.db, sql`select max(id) as id from audit_entries`);
  return Number(row?.id);
}

async function alertsQueued(): Promise<Array<{ recipient: number | null; kind: string }>> {
  const rows = await db.db
    .select({ recipient: outbox.recipientUserId, kind: outbox.kind })
    .from(outbox)
    .where(eq(outbox.kind, 'audit_alert'))
    .orderBy(asc(outbox.recipientUserId));
  return rows;
}

describe('the chain (hash version 2)', () => {
  it('numbers entries 1, 2, 3… without gaps, even when a transaction that appended rolled back', async () => {
    await createExecutingItem(city);
    await db.db
      .transaction(async (tx) => {
        await appendAudit(tx, [
          { actor: SYSTEM_ACTOR, action: 'test.rolled_back', entityType: 'x', entityId: 1 },
        ]);
        throw new Rollback();
      })
      .catch(() => {});
    await db.db.transaction((tx) =>
      appendAudit(tx, [{ actor: SYSTEM_ACTOR, action: 'test.kept', entityType: 'x', entityId: 2 }]),
    );
    const ids = (
      await db.db.select({ id: auditEntries.id }).from(auditEntries).orderBy(asc(auditEntries.id))
    ).map((r) => r.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(await verifyAuditChain(db.db)).toMatchObject({
      ok: true,
      entries: ids.length,
      verifiedThroughId: ids.length,
    });
  });

  it('writers appending at once take turns: one chain, no gaps', async () => {
    const before = await lastEntryId();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.db.transaction((tx) =>
          appendAudit(tx, [
            { actor: SYSTEM_ACTOR, action: 'test.concurrent', entityType: 'x', entityId: i },
            { actor: SYSTEM_ACTOR, action: 'test.concurrent', entityType: 'x', entityId: i },
          ]),
        ),
      ),
    );
    expect(await lastEntryId()).toBe(before + 16);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });

  it('hashes every column: changing any one of them in any entry is found at that entry', async () => {
    const item = await createExecutingItem(city);
    const [victim] = await db.db
      .select({ id: auditEntries.id })
      .from(auditEntries)
      .where(eq(auditEntries.itemId, item.id))
      .orderBy(asc(auditEntries.id))
      .limit(1);
    const id = victim?.id as number;
    const changes = {
      at: `at = at + interval '1 microsecond'`,
      actor_user_id: `actor_user_id = coalesce(actor_user_id, 0) + 1`,
      actor_name: `actor_name = '篡改者'`,
      action: `action = action || '.x'`,
      entity_type: `entity_type = entity_type || 'x'`,
      entity_id: `entity_id = entity_id || '0'`,
      item_id: `item_id = ${item.id + 1}`,
      before: `before = '{"x":1}'::jsonb`,
      after: `after = coalesce(after, '{}'::jsonb) || '{"approvedAmountFen":1}'::jsonb`,
      prev_hash: `prev_hash = repeat('a', 64)`,
      hash: `hash = repeat('b', 64)`,
      hash_version: `hash_version = 1`,
    };
    for (const [column, set] of Object.entries(changes)) {
      const result = await tampered(`update audit_entries set ${set} where id = ${id}`, (tx) =>
        verifyAuditChain(tx),
      );
      expect({ column, ...result }).toMatchObject({ column, ok: false, brokenAtId: id });
    }
    // Renumbered: the entry after the gap shows it.
    const renumbered = await tampered(`update audit_entries set id = id + 1000000 where id = ${id}`, (tx) =>
      verifyAuditChain(tx),
    );
    expect(renumbered).toMatchObject({ ok: false, brokenAtId: id + 1 });
    expect(renumbered.reason).toContain(`第 ${id - 1} 条之后应为第 ${id} 条`);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });
});

describe('entries written before the upgrade (hash version 1)', () => {
  it('keep verifying, up to the first version-2 entry; a version-1 entry after it is refused', async () => {
    const legacyDb = await createTestDatabase();
    try {
      // As the old code wrote them: identity ids (with a gap from a rolled-back append), the
      // time to the millisecond, the version-1 hash; the migration marked them version 1.
      let prevHash = '0'.repeat(64);
      const at = new Date('2026-03-01T08:00:00.123Z');
      for (const id of [1, 2, 4]) {
        const fields = {
          at: at.toISOString(),
          actorUserId: null,
          actorName: '系统',
          action: 'legacy.write',
          entityType: 'x',
          entityId: String(id),
          itemId: null,
          before: null,
          after: { n: id, 中文: '内容' },
        };
        const hash = legacyEntryHash(prevHash, fields);
        await legacyDb.db.insert(auditEntries).values({
          id,
          at,
          actorUserId: null,
          actorName: fields.actorName,
          action: fields.action,
          entityType: fields.entityType,
          entityId: fields.entityId,
          itemId: null,
          before: null,
          after: fields.after,
          prevHash,
          hash,
          hashVersion: 1,
        });
        prevHash = hash;
      }
      await legacyDb.db.insert(auditChainHead).values({ id: 1, lastEntryId: 4, lastHash: prevHash });
      expect(await verifyAuditChain(legacyDb.db)).toMatchObject({ ok: true, entries: 3, legacyEntries: 3 });

      await legacyDb.db.transaction((tx) =>
        appendAudit(tx, [{ actor: SYSTEM_ACTOR, action: 'after.upgrade', entityType: 'x', entityId: 5 }]),
      );
      const [v2] = await legacyDb.db
        .select()
        .from(auditEntries)
        .where(eq(auditEntries.action, 'after.upgrade'));
      expect(v2).toMatchObject({ id: 5, hashVersion: 2, prevHash });
      expect(await verifyAuditChain(legacyDb.db)).toMatchObject({ ok: true, entries: 4, legacyEntries: 3 });

      // A millisecond-exact shift of a version-1 entry's time changes its hash; a sub-millisecond
      // one (which version 1 did not hash) is caught because every writer wrote whole milliseconds.
      await legacyDb.db.execute(
        sql`update audit_entries set at = at + interval '1 microsecond' where id = 2`,
      );
      expect(await verifyAuditChain(legacyDb.db)).toMatchObject({ ok: false, brokenAtId: 2 });
      await legacyDb.db.execute(
        sql`update audit_entries set at = at - interval '1 microsecond' where id = 2`,
      );

      // Rewriting the newest entry as version 1 (so that its id is no longer hashed) is refused.
      await legacyDb.db.transaction((tx) =>
        appendAudit(tx, [{ actor: SYSTEM_ACTOR, action: 'after.upgrade', entityType: 'x', entityId: 6 }]),
      );
      await legacyDb.db.execute(sql`update audit_entries set hash_version = 1 where id = 6`);
      const result = await verifyAuditChain(legacyDb.db);
      expect(result).toMatchObject({ ok: false, brokenAtId: 6 });
      expect(result.reason).toContain('旧版记录只能出现在升级之前');
    } finally {
      await legacyDb.dispose();
    }
  });
});

describe('signed checkpoints', () => {
  it('are written to the file, numbered, only when the chain moved, and sent to the auditors', async () => {
    const first = await checkpointAuditChain(city.platform);
    expect(first?.status).toBe('written');
    const again = await checkpointAuditChain(city.platform);
    expect(again?.status).toBe('unchanged');
    await createExecutingItem(city);
    const second = await checkpointAuditChain(city.platform);
    expect(second?.status).toBe('written');
    const file = readCheckpointFile(anchor.checkpointFile, anchor.publicKey);
    expect(file.problems).toEqual([]);
    expect(file.checkpoints.map((c) => c.seq)).toEqual([1, 2]);
    const last = await lastEntryId();
    expect(file.checkpoints[1]).toMatchObject({ lastEntryId: last, count: last });
    const [auditor] = await recipientsOf(['auditor']);
    const sent = await db.db
      .select()
      .from(outbox)
      .where(eq(outbox.kind, 'audit_checkpoint'))
      .orderBy(asc(outbox.id));
    expect(sent.map((r) => [r.recipientUserId, (r.payload as { seq: number }).seq])).toEqual([
      [auditor, 1],
      [auditor, 2],
    ]);
    expect(sent[1]?.payload).toEqual(file.checkpoints[1]);
    expect(await verifyAuditTrail(db.db, anchor)).toMatchObject({
      ok: true,
      checkpoints: { total: 2, matched: 2 },
      latestCheckpoint: { seq: 2 },
    });
  });

  it('end every sweep of a platform that has a signing key', async () => {
    const before = readCheckpointFile(anchor.checkpointFile, anchor.publicKey).checkpoints.length;
    await runSweep(city.platform, { trigger: 'test' });
    const after = readCheckpointFile(anchor.checkpointFile, anchor.publicKey).checkpoints;
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.lastEntryId).toBe(await lastEntryId());
  });

  it('find a line changed, removed or signed with another key', async () => {
    const original = readFileSync(anchor.checkpointFile, 'utf8');
    const lines = original.trimEnd().split('\n');
    try {
      const forged = JSON.parse(lines[0] as string) as { count: number };
      forged.count += 1;
      writeFileSync(anchor.checkpointFile, [JSON.stringify(forged), ...lines.slice(1)].join('\n'));
      expect(readCheckpointFile(anchor.checkpointFile, anchor.publicKey).problems[0]).toContain(
        '检查点 #1）的签名无效',
      );
      writeFileSync(anchor.checkpointFile, lines.slice(1).join('\n'));
      expect(readCheckpointFile(anchor.checkpointFile, anchor.publicKey).problems).toEqual([
        '检查点 #1 不在检查点文件中（被删除）',
      ]);
      const stranger = createTestAuditAnchor();
      const result = await verifyAuditTrail(db.db, { ...stranger, checkpointFile: anchor.checkpointFile });
      expect(result.ok).toBe(false);
      expect(result.problems.filter((p) => p.reason.includes('签名无效'))).toHaveLength(lines.length - 1);
    } finally {
      writeFileSync(anchor.checkpointFile, original);
    }
    expect(await verifyAuditTrail(db.db, anchor)).toMatchObject({ ok: true });
  });

  it('refuse to sign a chain that left the last checkpoint, and alert the audit and finance bureaus', async () => {
    await checkpointAuditChain(city.platform);
    await createExecutingItem(city);
    const checkpointed = readCheckpointFile(anchor.checkpointFile, anchor.publicKey).checkpoints.at(-1);
    const id = checkpointed?.lastEntryId as number;
    const original = (await db.db.select().from(auditEntries).where(eq(auditEntries.id, id)))[0];
    await db.db.execute(sql`update audit_entries set actor_name = '篡改者' where id = ${id}`);
    try {
      const outcome = await writeAuditCheckpoint(db.db, anchor, city.platform.now());
      expect(outcome).toEqual({
        status: 'refused',
        reason: `上一个签名检查点 #${checkpointed?.seq} 记录的第 ${id} 条审计记录的内容与其哈希不符（记录被篡改）`,
      });
      // Hashes recomputed by someone who knows the format: still not the checkpoint's hash.
      await db.db.execute(sql`update audit_entries set hash = repeat('c', 64) where id = ${id}`);
      expect((await checkpointAuditChain(city.platform))?.status).toBe('refused');
      const alerts = await alertsQueued();
      expect(alerts.map((a) => a.recipient).sort()).toEqual(
        (await recipientsOf(['auditor', 'finance_admin'])).sort(),
      );
    } finally {
      await db.db
        .update(auditEntries)
        .set({ actorName: original?.actorName, hash: original?.hash })
        .where(eq(auditEntries.id, id));
      await db.db.execute(sql`delete from outbox where kind = 'audit_alert'`);
    }
    expect((await checkpointAuditChain(city.platform))?.status).toBe('written');
  });
});

async function recipientsOf(roles: string[]): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db.db,
    sql`select id from users where active and roles && ${`{${roles.join(',')}}`}::text[]`,
  );
  return rows.map((r) => Number(r.id));
}

describe('the daily verification', () => {
  it('alerts nobody while the chain is intact, and the auditors and finance admins once a day when not', async () => {
    expect(await runDailyAuditVerification(city.platform)).toMatchObject({ ok: true });
    expect(await alertsQueued()).toEqual([]);
    const id = await lastEntryId();
    await db.db.execute(sql`update audit_entries set after = '{"forged":true}'::jsonb where id = ${id}`);
    try {
      expect(await runDailyAuditVerification(city.platform)).toMatchObject({ ok: false, brokenAtId: id });
      await runDailyAuditVerification(city.platform);
      const alerts = await alertsQueued();
      expect(alerts.map((a) => a.recipient).sort()).toEqual(
        (await recipientsOf(['auditor', 'finance_admin'])).sort(),
      );
      const [row] = await db.db.select().from(outbox).where(eq(outbox.kind, 'audit_alert')).limit(1);
      expect(row?.payload).toMatchObject({
        source: 'daily_verification',
        entryId: id,
        reason: `第 ${id} 条的内容与其哈希不符（记录被篡改）`,
      });
    } finally {
      await db.db.execute(sql`delete from outbox where kind = 'audit_alert'`);
    }
  });
});

describe("an item's audit trail", () => {
  it('is intact when its entries are links of the verified chain, and names an entry slipped in with id ≤ 0', async () => {
    // A clean chain to start from.
    const fresh = await createTestDatabase();
    try {
      const freshCity = await seedTestCity(fresh);
      const freshAnchor = createTestAuditAnchor();
      const item = await createExecutingItem(freshCity);
      const other = await createExecutingItem(freshCity);
      await writeAuditCheckpoint(fresh.db, freshAnchor, new Date());
      const clean = await verifyItemAuditTrail(fresh.db, freshAnchor, item.id);
      expect(clean).toMatchObject({ ok: true, itemId: item.id, unverifiedEntryIds: [] });
      expect(clean.entries).toBeGreaterThan(0);
      expect(clean.verifiedEntries).toBe(clean.entries);

      await fresh.db.execute(
        sql`insert into audit_entries (id, at, actor_name, action, entity_type, entity_id, item_id, prev_hash, hash, hash_version)
            values (0, now(), '王财政', 'payment.record', 'payment', '999', ${item.id}, repeat('0', 64), repeat('1', 64), 2)`,
      );
      const slipped = await verifyItemAuditTrail(fresh.db, freshAnchor, item.id);
      expect(slipped).toMatchObject({ ok: false, unverifiedEntryIds: [0], verifiedEntries: clean.entries });
      expect(slipped.chain).toMatchObject({ ok: false, brokenAtId: 0, foreignEntryIds: [0] });
      // The chain itself is intact around it: the other item's trail still verifies.
      expect(await verifyItemAuditTrail(fresh.db, freshAnchor, other.id)).toMatchObject({ ok: true });
    } finally {
      await fresh.dispose();
    }
  });
});

describe('the signing key', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'jx-key-'));

  it('is generated on first start with owner-only permissions, its public key beside it, and reused after', () => {
    const dir = folder();
    const opts = {
      keyFile: join(dir, 'k', 'audit.pem'),
      checkpointFile: join(dir, 'cp.jsonl'),
      create: true,
    } as const;
    const made = openAuditAnchor(opts);
    expect(made.keyCreated).toBe(true);
    expect(statSync(opts.keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${opts.keyFile}.pub`, 'utf8')).toContain('BEGIN PUBLIC KEY');
    const reopened = openAuditAnchor(opts);
    expect(reopened.keyCreated).toBe(false);
    expect(reopened.publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      made.publicKey.export({ format: 'der', type: 'spki' }),
    );
    // Verifying without the private key: the public key file does.
    expect(openAuditAnchor({ ...opts, keyFile: join(dir, 'elsewhere.pem'), create: false })).toBeNull();
  });

  it('is refused when others may read it, and never silently replaced while checkpoints exist', () => {
    const dir = folder();
    const opts = {
      keyFile: join(dir, 'audit.pem'),
      checkpointFile: join(dir, 'cp.jsonl'),
      create: true,
    } as const;
    openAuditAnchor(opts);
    chmodSync(opts.keyFile, 0o644);
    expect(() => openAuditAnchor(opts)).toThrow(/权限为 644/);
    writeFileSync(opts.checkpointFile, '{"seq":1}\n');
    expect(() => openAuditAnchor({ ...opts, keyFile: join(dir, 'new.pem') })).toThrow(AuditKeyError);
    expect(existsSync(join(dir, 'new.pem'))).toBe(false);
  });

  it('may be given inline (PEM or base64 DER), and must be Ed25519', () => {
    const dir = folder();
    const made = openAuditAnchor({
      keyFile: join(dir, 'a.pem'),
      checkpointFile: join(dir, 'cp'),
      create: true,
    });
    const der = (made.signingKey as KeyObject).export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const inline = openAuditAnchor({
      keyFile: join(dir, 'unused.pem'),
      inlineKey: { value: der, source: 'JIXIAO_AUDIT_KEY' },
      checkpointFile: join(dir, 'cp'),
      create: true,
    });
    expect(inline.keySource).toBe('JIXIAO_AUDIT_KEY');
    expect(existsSync(join(dir, 'unused.pem'))).toBe(false);
    expect(() =>
      openAuditAnchor({
        keyFile: join(dir, 'unused.pem'),
        inlineKey: { value: 'not a key', source: 'JIXIAO_AUDIT_KEY' },
        checkpointFile: join(dir, 'cp'),
        create: true,
      }),
    ).toThrow(/JIXIAO_AUDIT_KEY）无法读取/);
  });
});
