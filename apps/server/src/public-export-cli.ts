import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { todayInChina } from '@jixiao/core';
import { type DatabaseHandle, DataDirLockedError, migrationState, openDatabase } from '@jixiao/db';
import { exportStaticSite } from '@jixiao/web';
import { loadServerConfig } from './config.ts';

/**
 * `npm run public:export -- <folder>`: writes the public site (what is published as of today) as
 * static HTML with its open data, for a government portal. Changes nothing in the database.
 */
async function main(): Promise<number> {
  const config = loadServerConfig();
  const out = resolve(process.argv[2] ?? 'public-site');
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pglite'))) {
    console.error(`数据目录 ${config.dataDir} 中没有数据库（请检查 JIXIAO_DATA_DIR 或 DATABASE_URL）`);
    return 2;
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(`${err.message}\n服务器正在运行时，请先停止服务器再导出，或直接访问 /public/`);
    return 2;
  }
  try {
    if (!(await migrationState(handle)).upToDate) {
      console.error('数据库尚未迁移到当前版本：请先启动一次服务器（启动时自动迁移），再导出');
      return 2;
    }
    const files = await exportStaticSite(handle.db, config.fixedToday ?? todayInChina(new Date()), out);
    console.log(`已导出公开网站 ${files.length} 个文件到 ${out}`);
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`导出失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
