import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DatabaseHandle, DataDirLockedError, migrationState, openDatabase } from '@jixiao/db';
import { openAuditAnchor } from '@jixiao/db/audit';
import { auditVerifyCommand } from './audit-report.ts';
import { loadServerConfig } from './config.ts';

/**
 * `npm run audit:verify`: checks the whole audit chain against the signed checkpoints and prints
 * a report. Exit status 0: intact; 1: tampered with; 2: could not check. Changes nothing.
 */
async function main(): Promise<number> {
  const config = loadServerConfig();
  const anchor = openAuditAnchor({ ...config.audit, create: false });
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pglite'))) {
    console.error(`数据目录 ${config.dataDir} 中没有数据库（请检查 JIXIAO_DATA_DIR 或 DATABASE_URL）`);
    return 2;
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(
      `${err.message}\n服务器正在运行时，请通过接口校验：\n  curl -H "Authorization: Bearer <令牌>" http://127.0.0.1:${config.port}/api/v1/audit/verify`,
    );
    return 2;
  }
  try {
    if (!(await migrationState(handle)).upToDate) {
      console.error('数据库尚未迁移到当前版本：请先启动一次服务器（启动时自动迁移），再校验');
      return 2;
    }
    const { exitCode, report } = await auditVerifyCommand(handle.db, anchor);
    console.log(report);
    return exitCode;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`审计链校验无法进行：${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
