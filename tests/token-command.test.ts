/** `npm run token -- issue|list|revoke`: the whole lifecycle of a token issued by the command, used through the API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase, queryRows, runMigrations } from '@jixiao/db';
import {
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
  testDatabaseKind,
} from '@jixiao/db/testing';
import { loadServerConfig, type RunningServer, startServer } from '@jixiao/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runTs } from './helpers.ts';

const CLI = join(REPO_ROOT, 'apps', 'server', 'src', 'token-cli.ts');
const onServer = testDatabaseKind() === 'postgres';

let tmp: string;
let serverDb: TestDatabase | null = null;
let city: TestCity;
/** Where the command and the server find the database. */
let env: Record<string, string>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jixiao-token-'));
  let handle: DatabaseHandle;
  if (onServer) {
    serverDb = await createTestDatabase();
    handle = serverDb;
    env = { DATABASE_URL: serverDb.url as string };
  } else {
    handle = await openDatabase({ dataDir: join(tmp, 'data') });
    await runMigrations(handle);
    env = { JIXIAO_DATA_DIR: join(tmp, 'data') };
  }
  city = await seedTestCity(handle);
  if (!onServer) await handle.close();
});

afterAll(async () => {
  if (serverDb) await serverDb.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

async function token(...args: string[]): Promise<{ code: number | null; out: string; lines: string[] }> {
  const child = runTs(CLI, env, args);
  const code = await child.exited;
  return { code, out: child.lines.join('\n'), lines: child.lines };
}

/** Runs `work` against the real server on the same database, then stops it (PGlite allows one process). */
async function withServer<T>(work: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(
    loadServerConfig({
      ...env,
      PORT: '0',
      JIXIAO_MESSAGING: 'false',
      JIXIAO_SCHEDULER: 'false',
      JIXIAO_DEMO: 'false',
    }),
  );
  try {
    return await work(server);
  } finally {
    await server.close();
  }
}

async function me(server: RunningServer, bearer: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, body: await res.json() };
}

// Each step starts a Node process (and some the server): slow on a busy machine.
describe('the token command', { timeout: 240_000 }, () => {
  let issued: string;
  let issuedId: number;

  it('issues a token for an official, shows it once, and the API accepts it as that official', async () => {
    const officer = city.actors.officerA.userId as number;
    const r = await token('issue', '--user', String(officer), '--name', '报表工具', '--days', '30');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('已签发');
    expect(r.out).toContain('李教育（景德镇市教育局）');
    expect(r.out).toContain('只显示这一次');
    issued = r.lines.find((l) => /^jx_[A-Za-z0-9_-]{40}$/.test(l)) as string;
    expect(issued).toBeDefined();
    issuedId = Number(/#(\d+)/.exec(r.out)?.[1]);

    await withServer(async (server) => {
      const res = await me(server, issued);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId: officer, roles: ['dept_officer'] });
      if (!onServer) {
        // The embedded database is the server's while it runs: the command says so and points to the API.
        const locked = await token('list');
        expect(locked.code).toBe(2);
        expect(locked.out).toContain('/api/v1/tokens');
      }
      const [audit] = await queryRows<{ actor_name: string; after: any }>(
        server.handle.db,
        sql`select actor_name, after from audit_entries where action = 'api_token.issue' and entity_id = ${String(issuedId)}`,
      );
      expect(audit?.actor_name).toBe('令牌命令（npm run token）');
      expect(JSON.stringify(audit)).not.toContain(issued);
    });
  });

  it('issues a token for a system account, never with a role the account lacks', async () => {
    const org = String(city.orgs.finance);
    const wider = await token(
      'issue',
      '--system',
      '预算一体化系统',
      '--org',
      org,
      '--name',
      '对接',
      '--roles',
      'finance_admin',
    );
    expect(wider.code).toBe(1);
    expect(wider.out).toContain('roles');
    expect(wider.out).toContain('财政绩效管理员');
    const ok = await token('issue', '--system', '预算一体化系统', '--org', org, '--name', '对接');
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('预算一体化系统（景德镇市财政局，系统账号）');
    expect(ok.out).toContain('角色：随用户的全部角色');
  });

  it('refuses bad arguments, naming the option', async () => {
    const tooLong = await token('issue', '--user', '1', '--name', 'x', '--days', '999');
    expect(tooLong.code).toBe(1);
    expect(tooLong.out).toContain('参数 --days：有效天数不能超过365天');
    const noName = await token('issue', '--user', '1');
    expect(noName.code).toBe(1);
    expect(noName.out).toContain('参数 --name');
    const unknown = await token('delete', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('用法');
  });

  it('lists tokens with their use, revokes one, and the API then refuses it', async () => {
    const listed = await token('list');
    expect(listed.code, listed.out).toBe(0);
    const line = listed.lines.find((l) => l.startsWith(`#${issuedId} `)) as string;
    expect(line).toContain('有效');
    expect(line).toContain('「报表工具」');
    expect(line).not.toContain('最近使用 从未');
    expect(line).toContain(`开头 ${issued.slice(0, 7)}`);
    expect(listed.out).not.toContain(issued);

    const revoked = await token('revoke', String(issuedId));
    expect(revoked.code, revoked.out).toBe(0);
    expect(revoked.out).toContain(`已吊销：#${issuedId}  已吊销  「报表工具」`);
    const onlyRevoked = await token('list', '--status', 'revoked');
    expect(onlyRevoked.lines.filter((l) => l.startsWith('#')).map((l) => l.split(' ')[0])).toEqual([
      `#${issuedId}`,
    ]);
    await withServer(async (server) => {
      expect((await me(server, issued)).status).toBe(401);
      const [audit] = await queryRows<{ n: number }>(
        server.handle.db,
        sql`select count(*)::int as n from audit_entries where action = 'api_token.revoke' and entity_id = ${String(issuedId)}`,
      );
      expect(Number(audit?.n)).toBe(1);
    });
    const missing = await token('revoke', '999999');
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('令牌 999999 不存在');
  });
});
