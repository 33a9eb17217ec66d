import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories accept either the database or an open transaction. */
export type DbOrTx = Db | Tx;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  /** Where it lives, without secrets: a folder or host:port/dbname. */
  location: string;
  close(): Promise<void>;
  /** The PGlite instance when embedded (tests dump/clone it). */
  pglite?: PGlite;
  /** The postgres.js pool when on a server. */
  sqlClient?: postgres.Sql;
  /** A new single connection to the same server (migrations, locks held for a whole run). */
  openDedicatedConnection?: () => postgres.Sql;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL of a server; when absent the embedded PGlite is used. */
  url?: string;
  /** Folder of the embedded database (default ./.data); ignored with `url`. */
  dataDir?: string;
  /** Embedded, in memory only (tests). */
  memory?: boolean;
  /** Embedded, starting from a dumped data folder (tests clone a migrated template). */
  loadDataDir?: Blob | File;
  /** Connection pool size for a server (default 10). */
  poolSize?: number;
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}

/**
 * The embedded database holds a city's data in a few tens of MB; PGlite's defaults (128 MB of
 * shared buffers inside the WASM heap, which never shrinks) would double the server's memory.
 */
const EMBEDDED_CONF = ['shared_buffers=16MB', 'work_mem=8MB'];

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (opts.url) {
    const url = opts.url;
    const client = postgres(url, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      // Keep bigint/numeric parsing to us: ids and fen are read as numbers by drizzle.
      connection: { application_name: 'jixiao' },
    });
    const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      location: describeUrl(opts.url),
      sqlClient: client,
      openDedicatedConnection: () =>
        postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'jixiao' } }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (opts.memory || opts.loadDataDir) {
    const pglite = await PGlite.create({
      postgresqlconf: EMBEDDED_CONF,
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    const db = drizzlePglite({ client: pglite, schema, casing: 'snake_case' }) as unknown as Db;
    return { db, kind: 'pglite', location: 'memory', pglite, close: () => pglite.close() };
  }
  const dataDir = opts.dataDir ?? './.data';
  const release = lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create({ dataDir: join(dataDir, 'pglite'), postgresqlconf: EMBEDDED_CONF });
    const db = drizzlePglite({ client: pglite, schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      location: dataDir,
      pglite,
      close: async () => {
        try {
          await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export { schema };
