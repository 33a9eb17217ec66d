import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../client.ts';
import { MIGRATIONS_FOLDER, runMigrations } from '../migrate.ts';
import { testDatabaseUrl } from './env.ts';

/** Content hash of the committed migrations: templates are rebuilt when it changes. */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_FOLDER)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    h.update(f).update(readFileSync(join(MIGRATIONS_FOLDER, f)));
  }
  return h.digest('hex').slice(0, 12);
}

const CACHE_DIR = join(MIGRATIONS_FOLDER, '..', '..', '..', 'node_modules', '.cache', 'jixiao-test');

function pgliteTemplatePath(): string {
  return join(CACHE_DIR, `pglite-${migrationsHash()}.tar`);
}

function serverTemplateName(): string {
  return `jx_tpl_${migrationsHash()}`;
}

/** Run once per test run (vitest globalSetup): builds the migrated templates every test clones. */
export async function prepareTestTemplates(): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const tpl = pgliteTemplatePath();
  if (!existsSync(tpl)) {
    const handle = await openDatabase({ memory: true });
    await runMigrations(handle);
    const dump = await (handle.pglite as NonNullable<typeof handle.pglite>).dumpDataDir('none');
    await handle.close();
    const tmp = `${tpl}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, tpl);
  }
  const url = testDatabaseUrl();
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const name = serverTemplateName();
      const exists = await admin`select 1 from pg_database where datname = ${name}`;
      if (exists.length === 0) {
        const building = `${name}_build_${process.pid}`;
        await admin.unsafe(`drop database if exists ${building}`);
        await admin.unsafe(`create database ${building}`);
        const handle = await openDatabase({ url: withDatabase(url, building), poolSize: 1 });
        await runMigrations(handle);
        await handle.close();
        await admin.unsafe(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await admin.end();
    }
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase extends DatabaseHandle {
  /** Closes and, on a server, drops the database. */
  dispose(): Promise<void>;
  /** A URL other processes can open (server only). */
  url?: string;
}

/**
 * A fresh, migrated, empty database for one test file: a PGlite clone of the template, or, when
 * TEST_DATABASE_URL is set, a new database on that server created from the template.
 */
export async function createTestDatabase(opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (!url) {
    const tpl = pgliteTemplatePath();
    if (!existsSync(tpl)) await prepareTestTemplates();
    const handle = await openDatabase({ loadDataDir: new Blob([readFileSync(tpl)]) });
    return { ...handle, dispose: () => handle.close() };
  }
  const name = `jx_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${serverTemplateName()}`);
  } finally {
    await admin.end();
  }
  const dbUrl = withDatabase(url, name);
  const handle = await openDatabase({ url: dbUrl, poolSize: opts.poolSize ?? 5 });
  return {
    ...handle,
    url: dbUrl,
    dispose: async () => {
      await handle.close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return testDatabaseUrl() ? 'postgres' : 'pglite';
}
export * from './audit-tamper.ts';
export * from './fixtures.ts';
export * from './plugin-run.ts';
