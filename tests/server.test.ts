import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@jixiao/db/testing';
import { configuredPluginPaths } from '@jixiao/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, REPO_ROOT, runTs } from './helpers.ts';

const MAIN = join(REPO_ROOT, 'apps', 'server', 'src', 'main.ts');
const TOKEN = 'jx_test_admin_token_0123456789';
const onServer = testDatabaseKind() === 'postgres';

let dataDir: string;
let serverDb: TestDatabase | null = null;
const env = () => ({
  PORT: '0',
  JIXIAO_ADMIN_TOKEN: TOKEN,
  JIXIAO_DATA_DIR: dataDir,
  JIXIAO_TODAY: '2026-11-27',
  JIXIAO_SCHEDULER: 'false',
  ...(serverDb?.url ? { DATABASE_URL: serverDb.url } : {}),
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'jixiao-server-'));
  if (onServer) serverDb = await createTestDatabase();
});
afterAll(async () => {
  await serverDb?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ child: Child; url: string }> {
  const child = runTs(MAIN, env());
  const line = await child.waitFor(/健康检查：http:\/\/127\.0\.0\.1:\d+\/health/, 90_000);
  const url = (/http:\/\/127\.0\.0\.1:\d+/.exec(line) as RegExpExecArray)[0];
  return { child, url };
}

async function stop(child: Child) {
  child.proc.kill('SIGTERM');
  await child.exited;
}

describe('npm start, as a real process', () => {
  it('boots on an empty database with the demo city, serves health, docs and the demo’s items to the admin token', async () => {
    const { child, url } = await start();
    try {
      expect(child.lines.join('\n')).toMatch(/已载入演示城市：\d+ 个项目/);
      expect(child.lines.join('\n')).toMatch(
        /与机器人对话（钉钉模拟器，仅限本机访问）：http:\/\/127\.0\.0\.1:\d+\/sim/,
      );
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        database: { kind: onServer ? 'postgres' : 'pglite', migrations: { upToDate: true } },
        plugins: configuredPluginPaths().length,
      });
      expect((await fetch(`${url}/docs`)).status).toBe(200);
      const res = await fetch(`${url}/api/v1/items?limit=50&state=executing`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      expect(body.items).toHaveLength(50);
      expect(body.nextCursor).not.toBeNull();
      const fundTypes = (await (
        await fetch(`${url}/api/v1/fund-types`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json()) as { fundTypes: Array<{ id: string }> };
      expect(fundTypes.fundTypes.map((f) => f.id)).toEqual(
        expect.arrayContaining(configuredPluginPaths().map((p) => basename(p))),
      );

      if (!onServer) {
        // A second process on the same embedded data folder refuses to start, saying why.
        const second = runTs(MAIN, env());
        await second.waitFor(/启动失败：数据目录 .* 正被另一个进程/);
        expect(await second.exited).toBe(1);
      }
    } finally {
      await stop(child);
    }
    // Warm restart keeps the data and does not load the demo again.
    const again = await start();
    try {
      expect(again.child.lines.join('\n')).toContain('使用已有数据');
      const res = await fetch(`${again.url}/api/v1/items?limit=1`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await stop(again.child);
    }
  });
});
