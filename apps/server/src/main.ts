import { loadServerConfig } from './config.ts';
import { botStatusLine } from './messaging.ts';
import { startServer } from './server.ts';

async function main() {
  const config = loadServerConfig();
  const server = await startServer(config);
  const lines = [
    '',
    '绩效通 Jixiao 已启动',
    `  数据库：${server.handle.kind === 'pglite' ? `嵌入式 PGlite（${server.handle.location}）` : `PostgreSQL（${server.handle.location}）`}`,
    server.demo
      ? `  已载入演示城市：${server.demo.items} 个项目、${server.demo.users} 名用户、${server.demo.payments} 笔支付、${server.demo.reports} 条指标填报`
      : '  使用已有数据',
    `  ${botStatusLine(server.botChannel, server.chatUrl, config.sim.open)}`,
    `  审计签名密钥：${server.auditAnchor.keySource}${server.auditAnchor.keyCreated ? '（本次启动生成，请妥善备份）' : ''}`,
    `  审计检查点文件：${server.auditAnchor.checkpointFile}`,
    `  健康检查：${server.url}/health`,
    `  接口文档：${server.url}/docs`,
    `  公开网站（绩效信息公开，无需登录）：${server.url}/public/`,
    `  接口调用：curl -H "Authorization: Bearer ${server.adminToken ?? '<令牌>'}" ${server.url}/api/v1/items`,
    server.adminToken
      ? `  财政局管理员令牌：${server.adminToken}${config.adminToken ? '（来自 JIXIAO_ADMIN_TOKEN' : '（本次启动生成，上次启动生成的已作废'}，${config.adminTokenTtlHours} 小时内有效）`
      : '',
    '',
  ];
  console.log(lines.filter((l) => l !== null).join('\n'));
  const stop = async (signal: string) => {
    console.log(`收到 ${signal}，正在停止…`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`启动失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
