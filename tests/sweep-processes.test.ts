import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase, queryRows, runMigrations } from '@jixiao/db';
import { recordPayment } from '@jixiao/db/execution';
import { syncFundTypes } from '@jixiao/db/master-data';
import {
  createExecutingItem,
  createTestDatabase,
  seedTestCity,
  type TestDatabase,
  testDatabaseKind,
} from '@jixiao/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runTs } from './helpers.ts';

const CHILD = join(REPO_ROOT, 'tests', 'fixtures', 'sweep-child.ts');
const onServer = testDatabaseKind() === 'postgres';

let target: string;
let serverDb: TestDatabase | null = null;
let tmp: string;

/** Opens the shared database from this (the test) process; on PGlite only while no child has it. */
async function open(): Promise<DatabaseHandle> {
  return onServer ? openDatabase({ url: target, poolSize: 2 }) : openDatabase({ dataDir: target });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jixiao-sweep-'));
  if (onServer) {
    serverDb = await createTestDatabase();
    target = serverDb.url as string;
  } else {
    target = join(tmp, 'data');
  }
  const handle = onServer ? (serverDb as TestDatabase) : await open();
  if (!onServer) await runMigrations(handle);
  const city = await seedTestCity(handle);
  await syncFundTypes(handle.db, city.registry.list());
  for (const amount of [100_000, 300_000, 450_000, 550_000]) {
    const item = await createExecutingItem(city, { approvedAmountFen: 1_000_000 });
    await recordPayment(city.platform, city.actors.officerA, item.id, {
      paidOn: '2026-06-30',
      amountFen: amount,
      source: 'treasury',
    });
  }
  if (!onServer) await handle.close();
});

afterAll(async () => {
  if (serverDb) await serverDb.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

async function counts() {
  const handle = await open();
  try {
    const [w] = await queryRows<{ warnings: number; runs: string; work_tables: number }>(
      handle.db,
      sql`select (select count(*)::int from warnings) as warnings,
                 (select string_agg(status, ',' order by id) from monitoring_runs) as runs,
                 (select count(*)::int from pg_class where relname like 'sweep\_%') as work_tables`,
    );
    return {
      warnings: Number(w?.warnings),
      runs: (w?.runs ?? '').split(',').filter(Boolean),
      // The sweep's unlogged work tables: they must never outlive its transaction.
      workTables: Number(w?.work_tables),
    };
  } finally {
    await handle.close();
  }
}

describe('a sweep killed half-way', () => {
  it('leaves nothing half-written, and the next run marks it interrupted and does the whole job', async () => {
    const child = runTs(CHILD, {
      SWEEP_DB: target,
      SWEEP_HOLD_AT: 'merge',
      SWEEP_RELEASE_FILE: join(tmp, 'never'),
    });
    await child.waitFor(/^HOLDING$/); // findings merged inside the open transaction, not committed
    child.proc.kill('SIGKILL');
    await child.exited;
    expect(await counts()).toEqual({ warnings: 0, runs: ['running'], workTables: 0 });

    const rerun = runTs(CHILD, { SWEEP_DB: target });
    const line = await rerun.waitFor(/^RESULT /);
    await rerun.exited;
    const result = JSON.parse(line.slice('RESULT '.length)) as { created: number };
    expect(result.created).toBeGreaterThan(0);
    const after = await counts();
    expect(after.runs).toEqual(['interrupted', 'completed']);
    expect(after.warnings).toBe(result.created);
    expect(after.workTables).toBe(0);
  });
});

describe('a judging on change killed half-way', () => {
  it('leaves the marks of the write, and the next judging finishes the job', async () => {
    const marks = async () => {
      const handle = await open();
      try {
        const [m] = await queryRows<{ n: number; closed: number }>(
          handle.db,
          sql`select (select count(*)::int from monitoring_dirty_items) as n,
                     (select count(*)::int from warnings where status = 'closed') as closed`,
        );
        return { marked: Number(m?.n), closed: Number(m?.closed) };
      } finally {
        await handle.close();
      }
    };
    // A payment that clears every lag, committed with its marks (the process that wrote it is gone).
    const handle = await open();
    try {
      await handle.db.execute(sql`insert into execution_records (item_id, fiscal_year, paid_on, amount_fen, source, voucher_no)
        select id, 2026, '2026-08-01', approved_amount_fen - coalesce((select sum(amount_fen) from execution_records e where e.item_id = bi.id), 0),
               'treasury', 'KILL-' || id
        from budget_items bi where state = 'executing'`);
    } finally {
      await handle.close();
    }
    const before = await marks();
    expect(before.marked).toBeGreaterThan(0);

    const child = runTs(CHILD, {
      SWEEP_DB: target,
      SWEEP_JUDGE: '1',
      SWEEP_HOLD_AT: 'merge',
      SWEEP_RELEASE_FILE: join(tmp, 'never'),
    });
    await child.waitFor(/^HOLDING$/); // warnings closed inside the open transaction, not committed
    child.proc.kill('SIGKILL');
    await child.exited;
    expect(await marks()).toEqual(before);
    expect((await counts()).workTables).toBe(0);

    const rerun = runTs(CHILD, { SWEEP_DB: target, SWEEP_JUDGE: '1' });
    const line = await rerun.waitFor(/^RESULT /);
    await rerun.exited;
    const result = JSON.parse(line.slice('RESULT '.length)) as { items: number; closed: number };
    expect(result.items).toBe(before.marked);
    expect(result.closed).toBeGreaterThan(0);
    expect(await marks()).toEqual({ marked: 0, closed: before.closed + result.closed });
  });
});

describe.runIf(onServer)('two processes sweeping one database', () => {
  it('never run the same sweep at once: the second is refused while the first holds the lock', async () => {
    const release = join(tmp, 'release-a');
    const a = runTs(CHILD, { SWEEP_DB: target, SWEEP_HOLD_AT: 'core', SWEEP_RELEASE_FILE: release });
    await a.waitFor(/^HOLDING$/);
    const b = runTs(CHILD, { SWEEP_DB: target });
    const refused = await b.waitFor(/^(CONFLICT|RESULT|ERROR)/);
    expect(refused).toMatch(/^CONFLICT 已有监控扫描正在运行/);
    writeFileSync(release, 'go');
    const done = await a.waitFor(/^RESULT /);
    await Promise.all([a.exited, b.exited]);
    expect(JSON.parse(done.slice(7))).toMatchObject({ created: 0, closed: 0 });
    const after = await counts();
    expect(after.runs.slice(-2)).toEqual(['completed', 'failed']);
    expect(after.workTables).toBe(0);
  });
});
