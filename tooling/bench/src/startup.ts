import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mb, spawnLogged, treeRss } from './util.ts';

/**
 * `npm start` on an empty data folder until /health answers with the demo loaded (cold), then
 * again on the same folder (warm); and the server's RSS at idle after the demo load.
 */
export async function benchStartup(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-bench-start-'));
  const env = {
    JIXIAO_DATA_DIR: dataDir,
    PORT: '3917',
    JIXIAO_ADMIN_TOKEN: 'jx_bench_admin_token_0000000000',
    JIXIAO_SCHEDULER: 'false',
  };
  const timeStart = async () => {
    const t = performance.now();
    const s = spawnLogged('npm', ['start'], env);
    await s.waitFor(/健康检查：/);
    const res = await fetch('http://127.0.0.1:3917/health');
    const ok = res.ok && ((await res.json()) as { status: string }).status === 'ok';
    return { s, seconds: (performance.now() - t) / 1000, ok };
  };
  // Let the process settle, then read the Node server's RSS (the child of npm).
  const idleRss = async (s: { proc: { pid?: number } }) => {
    await new Promise((r) => setTimeout(r, 3000));
    return treeRss(s.proc.pid as number);
  };
  try {
    const cold = await timeStart();
    const demoLine = cold.s.output.find((l) => l.includes('已载入演示城市')) ?? '';
    const coldRss = await idleRss(cold.s);
    await cold.s.stop();
    const warm = await timeStart();
    const warmRss = await idleRss(warm.s);
    await warm.s.stop();
    return [
      `| cold \`npm start\` (empty data folder → /health OK, demo loaded) | ${cold.seconds.toFixed(1)} s | ≤ 15 s | ${demoLine.trim()} |`,
      `| warm restart (same data folder → /health OK) | ${warm.seconds.toFixed(1)} s | ≤ 3 s | health ok: ${warm.ok} |`,
      `| server RSS at idle, 3 s after the cold start | ${mb(coldRss)} | ≤ 250 MB | PGlite's first-start garbage may not be collected yet |`,
      `| server RSS at idle, 3 s after the warm restart | ${mb(warmRss)} | ≤ 250 MB | |`,
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
