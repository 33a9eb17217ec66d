import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { type DatabaseHandle, queryRows } from './client.ts';

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'drizzle');

interface Journal {
  entries: Array<{ idx: number; tag: string; when: number }>;
}

function migrationJournal(): Journal {
  return JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
}

export interface MigrationState {
  applied: number;
  available: number;
  latest: string | null;
  upToDate: boolean;
}

// Any constant works; it only has to be the same for every server sharing the database.
const MIGRATION_LOCK_KEY = 7_243_001;

/**
 * Applies pending migrations. On a server several instances may start at once, so the run is
 * serialised with an advisory lock held on the connection that migrates.
 */
export async function runMigrations(handle: DatabaseHandle): Promise<MigrationState> {
  if (handle.kind === 'pglite' || !handle.openDedicatedConnection) {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    return migrationState(handle);
  }
  // Lock and migrate on one dedicated connection, so servers starting together migrate one after
  // another (the later ones find nothing pending) and the pool size doesn't matter.
  const client = handle.openDedicatedConnection();
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end({ timeout: 5 });
  }
  return migrationState(handle);
}

export async function migrationState(handle: DatabaseHandle): Promise<MigrationState> {
  const journal = migrationJournal();
  let applied = 0;
  try {
    const rows = await queryRows<{ n: number | string }>(
      handle.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    applied = Number(rows[0]?.n ?? 0);
  } catch {
    applied = 0;
  }
  const available = journal.entries.length;
  return {
    applied,
    available,
    latest: journal.entries.at(-1)?.tag ?? null,
    upToDate: applied >= available,
  };
}
