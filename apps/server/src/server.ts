import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { type ApiDeps, createApiApp, type HealthReport } from '@jixiao/api';
import { todayInChina } from '@jixiao/core';
import {
  type DatabaseHandle,
  issueToken,
  migrationState,
  openDatabase,
  type Platform,
  queryRows,
  runMigrations,
  syncFundTypes,
} from '@jixiao/db';
import { sql } from 'drizzle-orm';
import type { ServerConfig } from './config.ts';
import { generateDemoCity } from './demo/generate.ts';
import { type LoadedDemo, loadDemoCity } from './demo/load.ts';
import { loadPlugins } from './plugins.ts';
import { type Scheduler, startScheduler, sweepJob } from './scheduler.ts';

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  handle: DatabaseHandle;
  /** The admin token when one was generated or configured this start (to print). */
  adminToken: string | null;
  demo: LoadedDemo | null;
  scheduler: Scheduler | null;
  close(): Promise<void>;
}

/** A clock that can be pinned to a date (JIXIAO_TODAY) while keeping the time of day moving. */
export function makeClock(fixedToday: string | undefined): () => Date {
  if (!fixedToday) return () => new Date();
  return () => {
    const now = new Date();
    const [y, m, d] = fixedToday.split('-').map(Number) as [number, number, number];
    // 04:00 UTC is noon in China: safely inside the pinned Chinese date.
    return new Date(
      Date.UTC(y, m - 1, d, 4, now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()),
    );
  };
}

async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from regions`);
  return Number(rows[0]?.n ?? 0) === 0;
}

/** The demo city's finance-bureau admin (the first finance_admin created). */
async function demoAdminId(handle: DatabaseHandle): Promise<number | null> {
  const rows = await queryRows<{ id: number }>(
    handle.db,
    sql`select id from users where 'finance_admin' = any(roles) order by id limit 1`,
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/**
 * Starts everything: plugins, database (migrated), fund types, the demo city when the database
 * is empty, the admin token, and the HTTP listener.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const startedAt = Date.now();
  const registry = await loadPlugins(config.pluginPaths);
  const handle = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    await runMigrations(handle);
    await syncFundTypes(handle.db, registry.list());
  } catch (err) {
    await handle.close();
    throw err;
  }
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry,
    config: config.policy,
    now: makeClock(config.fixedToday),
  };

  let demo: LoadedDemo | null = null;
  if (config.loadDemo && (await isEmpty(handle))) {
    const city = generateDemoCity({ asOf: todayInChina(platform.now()), registry, config: config.policy });
    demo = await loadDemoCity(handle.db, city);
  }

  let adminToken: string | null = null;
  const adminId = await demoAdminId(handle);
  if (adminId !== null) {
    adminToken = (
      await issueToken(
        handle.db,
        adminId,
        config.adminToken ? 'JIXIAO_ADMIN_TOKEN' : '启动时生成',
        config.adminToken,
      )
    ).token;
  }

  const deps: ApiDeps = {
    platform,
    health: async (): Promise<HealthReport> => {
      const migrations = await migrationState(handle);
      return {
        status: migrations.upToDate ? 'ok' : 'degraded',
        database: { kind: handle.kind, location: handle.location, migrations },
        plugins: registry.list().length,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      };
    },
  };
  const scheduler: Scheduler | null = config.scheduler
    ? startScheduler(platform, [sweepJob(platform, config.sweepAt)])
    : null;
  const app = createApiApp(deps);
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    platform,
    handle,
    adminToken,
    demo,
    scheduler,
    async close() {
      scheduler?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    },
  };
}
