import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, queryRows, runMigrations, SYSTEM_ACTOR } from '@jixiao/db';
import { type AuditAnchor, checkpointAuditChain, openAuditAnchor } from '@jixiao/db/audit';
import { createUser } from '@jixiao/db/master-data';
import { runSweep } from '@jixiao/db/monitoring';
import { outbox } from '@jixiao/db/schema';
import {
  createExecutingItem,
  createTestDatabase,
  rehashAuditChainFrom,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '@jixiao/db/testing';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditVerifyCommand } from '../src/audit-report.ts';
import { type AuditConfig, REPO_ROOT } from '../src/config.ts';
import { auditJobs, startScheduler } from '../src/scheduler.ts';

// Someone with write access to the database tampers with the audit log in each of the ways an
// earlier probe got away with. Each must be caught both by `npm run audit:verify` (exit status 1
// and the report) and by the daily scheduled verification (alerts to the audit bureau and the
// finance bureau's admins).

interface Audited {
  db: TestDatabase;
  city: TestCity;
  anchor: AuditAnchor;
  audit: AuditConfig;
  itemId: number;
  /** Users who must be alerted: auditors and finance admins. */
  alerted: number[];
  advance(ms: number): void;
}

/** A city with some history: items, a sweep (which signs checkpoint #1), more items, checkpoint #2. */
async function auditedCity(): Promise<Audited> {
  const db = await createTestDatabase();
  const city = await seedTestCity(db);
  const dir = mkdtempSync(join(tmpdir(), 'jx-tamper-'));
  const audit: AuditConfig = {
    keyFile: join(dir, 'audit-signing-key.pem'),
    inlineKey: undefined,
    checkpointFile: join(dir, 'audit-checkpoints.jsonl'),
    checkpointEveryMinutes: 60,
    verifyAt: '03:00',
  };
  const anchor = openAuditAnchor({ ...audit, create: true });
  let t = city.platform.now().getTime();
  city.platform.now = () => new Date(t);
  city.platform.auditAnchor = anchor;
  const auditor = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '孙审计',
    orgUnitId: city.orgs.finance,
    roles: ['auditor'],
    dingtalkUserId: 'dt-auditor',
    dingtalkUnionId: 'union-dt-auditor',
  });
  const item = await createExecutingItem(city);
  await runSweep(city.platform, { trigger: 'test' });
  await createExecutingItem(city);
  await createExecutingItem(city, { orgUnitId: city.orgs.deptB }, city.actors.officerB);
  await checkpointAuditChain(city.platform);
  const intact = await auditVerifyCommand(db.db, anchor);
  expect(intact.exitCode, intact.report).toBe(0);
  return {
    db,
    city,
    anchor,
    audit,
    itemId: item.id,
    alerted: [
      auditor.id,
      city.actors.admin.userId as number,
      city.actors.countyAdmin.userId as number,
    ].sort(),
    advance: (ms) => {
      t += ms;
    },
  };
}

/** The daily verification as the server schedules it: registered, then due the next morning. */
async function dailyCheck(a: Audited): Promise<Array<typeof outbox.$inferSelect>> {
  const jobs = auditJobs(a.city.platform, a.audit).filter((j) => j.name === 'audit-verify');
  const scheduler = startScheduler(a.city.platform, jobs, 3_600_000);
  try {
    await scheduler.tick();
    a.advance(24 * 3_600_000);
    await scheduler.tick();
  } finally {
    scheduler.stop();
  }
  return a.db.db
    .select()
    .from(outbox)
    .where(eq(outbox.kind, 'audit_alert'))
    .orderBy(asc(outbox.recipientUserId));
}

async function expectCaught(a: Audited, ...said: string[]): Promise<void> {
  const { exitCode, report } = await auditVerifyCommand(a.db.db, a.anchor);
  expect(exitCode, report).toBe(1);
  expect(report).toContain('审计链校验：未通过');
  for (const s of said) expect(report).toContain(s);
  const alerts = await dailyCheck(a);
  expect(alerts.map((r) => r.recipientUserId)).toEqual(a.alerted);
  const alert = alerts[0]?.payload as { source: string; reason: string };
  expect(alert.source).toBe('daily_verification');
  expect(
    said.some((s) => alert.reason.includes(s)),
    alert.reason,
  ).toBe(true);
}

async function lastId(a: Audited): Promise<number> {
  const [row] = await queryRows<{ id: number }>(a.db.db, sql`select max(id)::int as id from audit_entries`);
  return Number(row?.id);
}

async function withAudited(test: (a: Audited) => Promise<void>): Promise<void> {
  const a = await auditedCity();
  try {
    await test(a);
  } finally {
    await a.db.dispose();
  }
}

describe('the audit chain against someone with database access', () => {
  it('an intact chain passes, and the daily check alerts nobody', () =>
    withAudited(async (a) => {
      const { report } = await auditVerifyCommand(a.db.db, a.anchor);
      expect(report).toMatch(
        /审计链校验：通过\n {2}审计记录：\d+ 条，第 \d+ 条及以前完好\n {2}签名检查点：2 个，与审计链相符 2 个/,
      );
      expect(await dailyCheck(a)).toEqual([]);
    }));

  it('a row inserted with id ≤ 0 (it shows in the item’s audit)', () =>
    withAudited(async (a) => {
      await a.db.db.execute(
        sql`insert into audit_entries (id, at, actor_name, action, entity_type, entity_id, item_id, prev_hash, hash, hash_version)
            values (-1, now(), '王财政', 'payment.record', 'payment', '1', ${a.itemId}, repeat('0', 64), repeat('1', 64), 2)`,
      );
      await expectCaught(a, '第 -1 条的编号不是正数');
    }));

  it('the last rows deleted together with audit_chain_head', () =>
    withAudited(async (a) => {
      const last = await lastId(a);
      await a.db.db.execute(sql`delete from audit_entries where id > ${last - 3}`);
      await a.db.db.execute(sql`delete from audit_chain_head`);
      await expectCaught(a, `签名检查点 #2`, `截至第 ${last} 条的记录至少被删除了 3 条`, '链头记录缺失');
    }));

  it('everything deleted and the head reset', () =>
    withAudited(async (a) => {
      const last = await lastId(a);
      await a.db.db.execute(sql`delete from audit_entries`);
      await a.db.db.execute(
        sql`update audit_chain_head set last_entry_id = null, last_hash = repeat('0', 64)`,
      );
      await expectCaught(a, `现有审计记录 0 条，少于签名检查点 #2`, `记录的 ${last} 条`);
    }));

  it('a row changed and every later hash recomputed', () =>
    withAudited(async (a) => {
      const last = await lastId(a);
      const victim = last - 5;
      await a.db.db.execute(
        sql`update audit_entries set actor_name = '张三', after = '{"amountFen":1}' where id = ${victim}`,
      );
      await rehashAuditChainFrom(a.db.db, victim);
      await expectCaught(a, `与签名检查点 #2（`, '记录的哈希不符：此条或其前的记录被改写');
    }));

  it('a timestamp shifted (with or without recomputing the hashes)', () =>
    withAudited(async (a) => {
      const victim = (await lastId(a)) - 2;
      await a.db.db.execute(sql`update audit_entries set at = at - interval '3 days' where id = ${victim}`);
      await expectCaught(a, `第 ${victim} 条的内容与其哈希不符`);
      await a.db.db.execute(sql`delete from outbox where kind = 'audit_alert'`);
      await rehashAuditChainFrom(a.db.db, victim);
      await expectCaught(a, '记录的哈希不符：此条或其前的记录被改写');
    }));
});

describe('npm run audit:verify', () => {
  it('reads the data folder, key and checkpoints as the server does: exit 0 when intact, 1 when tampered with', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jx-verify-cli-'));
    const prepare = async (change: (h: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) => {
      const handle = await openDatabase({ dataDir });
      try {
        await runMigrations(handle);
        await change(handle);
      } finally {
        await handle.close();
      }
    };
    await prepare(async (handle) => {
      const city = await seedTestCity(handle);
      city.platform.auditAnchor = openAuditAnchor({
        keyFile: join(dataDir, 'audit-signing-key.pem'),
        checkpointFile: join(dataDir, 'audit-checkpoints.jsonl'),
        create: true,
      });
      await createExecutingItem(city);
      await checkpointAuditChain(city.platform);
    });
    const { DATABASE_URL: _server, ...env } = process.env;
    const run = () =>
      promisify(execFile)('npm', ['run', '--silent', 'audit:verify'], {
        cwd: REPO_ROOT,
        env: { ...env, JIXIAO_DATA_DIR: dataDir },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const intact = await run();
    expect(intact.out).toContain('审计链校验：通过');
    expect(intact.code).toBe(0);
    await prepare(async (handle) => {
      await handle.db.execute(sql`delete from audit_entries`);
      await handle.db.execute(
        sql`update audit_chain_head set last_entry_id = null, last_hash = repeat('0', 64)`,
      );
    });
    const tampered = await run();
    expect(tampered.out).toContain('审计链校验：未通过');
    expect(tampered.out).toContain('现有审计记录 0 条，少于签名检查点 #1');
    expect(tampered.code).toBe(1);
  });
});
