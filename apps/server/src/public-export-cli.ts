import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { todayInChina } from '@jixiao/core';
import { type DatabaseHandle, DataDirLockedError, migrationState, openDatabase } from '@jixiao/db';
import { exportStaticSite } from '@jixiao/web';
import { loadServerConfig } from './config.ts';

/**
 * `npm run public:export -- <folder>`: writes the public site (what is published as of today) as
 * static HTML with its open data, a search index and the survey's how-to page (linking to the live
 * server at JIXIAO_PUBLIC_URL), for a government portal. Changes nothing in the database.
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
    // The survey cannot be answered on a static host: its page links to the live server.
    const liveBaseUrl = config.publicUrl ?? null;
    const files = await exportStaticSite(handle.db, config.fixedToday ?? todayInChina(new Date()), out, {
      liveBaseUrl,
    });
    if (!liveBaseUrl) console.log('未配置 JIXIAO_PUBLIC_URL：参与评价页面只说明到在线网站提交，不带链接');
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
