import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, testDatabaseKind } from '@jixiao/db/testing';
import type { DingTalkSim, RecordedReply } from '@jixiao/dingtalk-sim';
import { loadServerConfig, type RunningServer, startServer } from '@jixiao/server';

export interface System {
  server: RunningServer;
  sim: DingTalkSim;
  /** Sends a chat message as an official and returns the bot's replies. */
  say(userId: string, text: string): Promise<RecordedReply[]>;
  /**
   * Answers 收到 until the acknowledgement names `subject` (收到 signs for the newest notice first, and
   * which notice is newest depends on when the outbox delivered it); returns that acknowledgement.
   */
  signFor(userId: string, subject: string): Promise<string>;
  close(): Promise<void>;
}

/** The server in this process on its own test database; `env` adds to (or overrides) the test defaults. */
export async function startTestServer(
  env: Record<string, string> = {},
): Promise<{ server: RunningServer; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-system-'));
  let db: TestDatabase | null = null;
  if (testDatabaseKind() === 'postgres') db = await createTestDatabase();
  // The server opens its own connection; the test database is only the place it lives in.
  const url = db?.url;
  await db?.close();
  const config = loadServerConfig({
    PORT: '0',
    JIXIAO_DATA_DIR: dataDir,
    JIXIAO_TODAY: '2026-11-27',
    JIXIAO_SCHEDULER: 'false',
    ...(url ? { DATABASE_URL: url } : {}),
    ...env,
  });
  const server = await startServer(config);
  return {
    server,
    async close() {
      await server.close();
      if (db) await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The whole system in this process over real sockets: the server (API, bot, outbox worker) on
 * its own database with the demo city, the DingTalk adapter on the real SDK, and the fake
 * DingTalk. PGlite by default; PostgreSQL when TEST_DATABASE_URL is set.
 */
export async function startSystem(env: Record<string, string> = {}): Promise<System> {
  const { server, close } = await startTestServer(env);
  const sim = server.messaging?.sim;
  if (!sim) {
    await close();
    throw new Error('simulator not running');
  }
  return {
    server,
    sim,
    async say(userId, text) {
      return (await sim.sendMessage({ userId, text })).replies;
    },
    async signFor(userId, subject) {
      for (let i = 0; i < MAX_SIGNATURES; i++) {
        const { msgId } = await sim.sendMessage({ userId, text: '收到' });
        // The answer itself, not a push that happened to arrive while it was awaited.
        const answer = await eventually(() =>
          sim.repliesFor(msgId).find((r) => r.title === '已签收' || r.title === '没有待签收的通知'),
        );
        if (answer.text.includes(subject)) return answer.text;
        if (answer.title !== '已签收') break;
      }
      throw new Error(`没有签收到“${subject}”的通知`);
    },
    close,
  };
}

/** How many 收到 `signFor` sends before giving up. */
const MAX_SIGNATURES = 20;

/** Waits until `check` returns a value (polling an event we cannot subscribe to), bounded by `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('条件在限定时间内未满足');
    await new Promise((r) => setTimeout(r, 50));
  }
}
