import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { type ApiDeps, createApiApp, type HealthReport, managementExportView } from '@jixiao/api';
import { todayInChina } from '@jixiao/core';
import {
  type DatabaseHandle,
  migrationState,
  openDatabase,
  type Platform,
  queryRows,
  runMigrations,
} from '@jixiao/db';
import { type AuditAnchor, openAuditAnchor } from '@jixiao/db/audit';
import { issueStartupToken } from '@jixiao/db/auth';
import { syncPluginIndicators } from '@jixiao/db/indicator-library';
import { syncFundTypes } from '@jixiao/db/master-data';
import { createMonitoringWorker, type MonitoringWorker, runSweep } from '@jixiao/db/monitoring';
import { notifyJobs } from '@jixiao/notify';
import { createLinkSigner, createViewRoutes, mountPublicSite } from '@jixiao/web';
import { sql } from 'drizzle-orm';
import { answerClientErrors } from './client-errors.ts';
import type { ServerConfig } from './config.ts';
import {
  loadDemoBudgetAdjustments,
  loadDemoDepartmentSelfEvaluations,
} from './demo/department-self-evaluations.ts';
import { loadDemoEvaluations } from './demo/evaluations.ts';
import { generateDemoCity } from './demo/generate.ts';
import { type LoadedDemo, loadDemoCity } from './demo/load.ts';
import { publishDemoYear } from './demo/publish.ts';
import { loadDemoResults } from './demo/results.ts';
import { loadDemoSelfEvaluations } from './demo/self-evaluations.ts';
import { loadDemoTargetExamples } from './demo/target-examples.ts';
import { loadLinkSecret } from './link-secret.ts';
import { type BotChannel, botChannel, type Messaging, startMessaging } from './messaging.ts';
import { loadPlugins } from './plugins.ts';
import { auditJobs, type Scheduler, startScheduler, sweepJob } from './scheduler.ts';
import { registerSimProxy } from './sim-proxy.ts';

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  handle: DatabaseHandle;
  /** The audit chain's signing key and checkpoint file (for the banner). */
  auditAnchor: AuditAnchor;
  /** The admin token when one was generated or configured this start (to print). */
  adminToken: string | null;
  demo: LoadedDemo | null;
  scheduler: Scheduler | null;
  /** Judges the items writes marked, right after the writes (tests and benchmarks `drain()` it). */
  monitoring: MonitoringWorker;
  /** Where the bot talks: real DingTalk, the simulator, or nowhere (and why). */
  botChannel: BotChannel;
  /** The bot and its DingTalk connection (real or simulated), when it runs. */
  messaging: Messaging | null;
  /** Where to chat with the bot in the simulator, when it runs. */
  chatUrl: string | null;
  close(): Promise<void>;
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
  const registry = await loadPlugins(config.pluginPaths, {
    settings: config.pluginSettings,
    config: config.policy,
  });
  const auditAnchor = openAuditAnchor({ ...config.audit, create: true });
  const now = () => new Date();
  const pinned = config.fixedToday;
  const businessToday = pinned ? () => pinned : undefined;
  const open = () =>
    openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  let handle = await open();
  let demo: LoadedDemo | null = null;
  try {
    await runMigrations(handle);
    await syncFundTypes(handle.db, registry.list());
    await syncPluginIndicators(handle.db, registry.list());
    if (config.loadDemo && (await isEmpty(handle))) {
      const city = generateDemoCity({ asOf: pinned ?? todayInChina(now()), registry, config: config.policy });
      demo = await loadDemoCity(handle.db, city);
      const demoPlatform: Platform = {
        db: handle.db,
        kind: handle.kind,
        registry,
        config: config.policy,
        now,
        today: businessToday,
        auditAnchor,
      };
      // The evaluation stage through its services: a key evaluation by a third party with its report, the counties ranked.
      await loadDemoEvaluations(demoPlatform);
      // Last year's self-evaluations in every state, and a spot check that found two distortions.
      // Last year's budget adjustments (全年预算数 ≠ 年初预算数), before the self-evaluations read them.
      await loadDemoBudgetAdjustments(demoPlatform, city.fiscalYear);
      await loadDemoSelfEvaluations(demoPlatform, city.fiscalYear);
      // Last year's department-wide self-evaluations in several states.
      await loadDemoDepartmentSelfEvaluations(demoPlatform, city.fiscalYear);
      // Last year's results, and this year's control numbers proposed from them.
      await loadDemoResults(demoPlatform);
      // A target submitted from an edited 申报表, last autumn's budget-preparation reminders, attachments.
      await loadDemoTargetExamples(demoPlatform);
      // The demo starts with its warnings found, as after a night's scheduled sweep, on the day it was made for.
      await runSweep(demoPlatform, { trigger: 'startup' });
      // Its year's major targets are published, as the finance bureau does with the budget draft.
      await publishDemoYear(demoPlatform, city.fiscalYear, pinned ?? todayInChina(now()));
      if (handle.kind === 'pglite') {
        // Creating and filling the embedded database grew its WASM heap, which never shrinks:
        // reopen it so the running server keeps only what it needs.
        await handle.close();
        handle = await open();
      }
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry,
    config: config.policy,
    now,
    today: businessToday,
    auditAnchor,
  };

  let adminToken: string | null = null;
  const adminId = await demoAdminId(handle);
  if (adminId !== null) {
    const issuedAt = now();
    adminToken = await issueStartupToken(handle, adminId, {
      configured: config.adminToken,
      now: issuedAt,
      expiresAt: new Date(issuedAt.getTime() + config.adminTokenTtlHours * 3_600_000),
    });
  }

  const deps: ApiDeps = {
    platform,
    limits: config.apiLimits,
    workbookLimits: config.workbookLimits,
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
  const linkSecret = loadLinkSecret(config);
  const links = createLinkSigner({ secret: linkSecret });
  const viewLink = (userId: number, path: string) => links.sign(userId, path);
  const channel = botChannel(config);
  const botRuns = channel === 'dingtalk' || channel === 'sim';
  const jobs = [
    sweepJob(platform, config.sweepAt),
    ...auditJobs(platform, config.audit),
    ...(botRuns ? notifyJobs(platform, { publicUrl: config.publicUrl, viewLink }) : []),
  ];
  const scheduler: Scheduler | null = config.scheduler ? startScheduler(platform, jobs) : null;
  // Judging on change: the items a write marked are judged right after it (the API kicks the
  // worker), and every second for marks left by others (bot, imports, another server).
  const monitoring = createMonitoringWorker(platform);
  platform.onWritten = monitoring.kick;
  monitoring.start();
  const app = createApiApp(deps);
  app.route('/view', createViewRoutes(platform, links, { 'management-export': managementExportView }));
  mountPublicSite(app, platform, {
    secret: linkSecret.toString('hex'),
    powBits: config.publicSurvey.powBits,
    feedbackPerClientPerHour: config.publicSurvey.perClientPerHour,
    cache: config.publicCache,
  });
  const simProxy = registerSimProxy(app, { open: config.sim.open });
  const server = createServer({ maxHeaderSize: config.maxHeaderBytes }, getRequestListener(app.fetch));
  answerClientErrors(server, config.maxHeaderBytes);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;
  let messaging: Messaging | null = null;
  if (botRuns) {
    try {
      messaging = await startMessaging(platform, config, config.publicUrl ?? url, viewLink);
    } catch (err) {
      scheduler?.stop();
      await monitoring.stop();
      server.close();
      await handle.close();
      throw err;
    }
    if (messaging.sim) simProxy.target = messaging.sim.url;
  }
  return {
    url,
    chatUrl: messaging?.sim ? `${url}/sim` : null,
    botChannel: channel,
    messaging,
    port,
    platform,
    handle,
    auditAnchor,
    adminToken,
    demo,
    scheduler,
    monitoring,
    async close() {
      scheduler?.stop();
      await monitoring.stop();
      await messaging?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    },
  };
}
