import { DataDirLockedError, openDatabase, runMigrations } from '@jixiao/db';
import { openAuditAnchor } from '@jixiao/db/audit';
import { syncFundTypes } from '@jixiao/db/master-data';
import { runSweep } from '@jixiao/db/monitoring';
import { loadServerConfig } from './config.ts';
import { loadPlugins } from './plugins.ts';

/** `npm run sweep`: one monitoring sweep against the configured database, then exit. */
async function main() {
  const config = loadServerConfig();
  const registry = await loadPlugins(config.pluginPaths, {
    settings: config.pluginSettings,
    config: config.policy,
  });
  const auditAnchor = openAuditAnchor({ ...config.audit, create: true });
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `${err.message}\n服务器正在运行时，请通过接口发起扫描：\n  curl -X POST -H "Authorization: Bearer <财政管理员令牌>" http://127.0.0.1:${config.port}/api/v1/monitoring/runs`,
      );
      process.exit(2);
    }
    throw err;
  }
  try {
    await runMigrations(handle);
    await syncFundTypes(handle.db, registry.list());
    const platform = {
      db: handle.db,
      kind: handle.kind,
      registry,
      config: config.policy,
      now: () => new Date(),
      today: config.fixedToday ? () => config.fixedToday as string : undefined,
      auditAnchor,
    };
    const r = await runSweep(platform, { trigger: 'cli' });
    console.log(
      [
        `监控扫描完成（第 ${r.runId} 次，截至 ${r.asOf}，用时 ${r.durationMs} 毫秒）`,
        `  扫描项目 ${r.itemsScanned} 个，发现问题 ${r.findings} 条`,
        `  新增预警 ${r.created}，升级 ${r.escalated}，更新 ${r.updated}，自动关闭 ${r.closed}`,
        r.errors.length
          ? `  规则运行出错 ${r.errors.length} 条：${r.errors
              .slice(0, 3)
              .map((e) => `${e.ruleId}（${e.message}）`)
              .join('；')}`
          : '  规则全部正常运行',
      ].join('\n'),
    );
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(`监控扫描失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
