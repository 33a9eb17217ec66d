import { Agent, request } from 'node:http';
import { freshDatabase } from './api-load.ts';
import { type Load, loadTest, mergeLoads, percentile, spawnLogged } from './util.ts';

const TODAY = '2026-11-27';

function server(url: string, port: number, cache: boolean) {
  return spawnLogged('npm', ['start'], {
    DATABASE_URL: url,
    DB_POOL_SIZE: '10',
    PORT: String(port),
    JIXIAO_SCHEDULER: 'false',
    JIXIAO_MESSAGING: 'false',
    JIXIAO_RATE_LIMIT_PER_IP: '0',
    JIXIAO_TODAY: TODAY,
    JIXIAO_PUBLIC_CACHE: String(cache),
  });
}

function get(
  agent: Agent,
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; etag: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(parts).toString('utf8'),
          etag: (res.headers.etag as string | undefined) ?? null,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The public site of the demo city's published year, with the read cache (the default) and without
 * it (JIXIAO_PUBLIC_CACHE=false: every request loads every published set, as before the cache),
 * two servers on one PostgreSQL database, 16 concurrent clients, interleaved rounds; and a
 * revalidating client (If-None-Match) against the cached server.
 */
export async function benchPublicSite(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_public');
  const cached = server(url, 3931, true);
  let uncached: ReturnType<typeof server> | null = null;
  try {
    await cached.waitFor(/健康检查：/, 600_000);
    uncached = server(url, 3932, false);
    await uncached.waitFor(/健康检查：/, 600_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const home = await get(agent, 3931, '/public/');
    const slug = /href="\/public\/([^/"]+)\/"/.exec(home.body)?.[1];
    if (!slug) throw new Error(`演示城市没有已公开的年度：${home.status} ${home.body.slice(0, 2000)}`);
    const setPage = await get(agent, 3931, `/public/${slug}/`);
    const dept = /href="(\/public\/[^"]+\/departments\/[^"]+)"/.exec(setPage.body)?.[1] as string;
    const paths = [`/public/${slug}/`, dept, `/public/${slug}/data.json`];
    const etags = new Map<string, string>();
    for (const p of paths) etags.set(p, (await get(agent, 3931, p)).etag ?? '');
    let n = 0;
    const call = (port: number, revalidate: boolean) => async () => {
      const p = paths[n++ % paths.length] as string;
      const r = await get(agent, port, p, revalidate ? { 'if-none-match': etags.get(p) ?? '' } : {});
      if (r.status !== (revalidate ? 304 : 200)) throw new Error(`${p}: ${r.status}`);
    };
    await loadTest(8, 2000, call(3931, false)); // warm-up
    await loadTest(8, 2000, call(3932, false));
    const rounds = { on: [] as Load[], off: [] as Load[], revalidate: [] as Load[] };
    for (let i = 0; i < 3; i++) {
      rounds.off.push(await loadTest(16, 3000, call(3932, false)));
      rounds.on.push(await loadTest(16, 3000, call(3931, false)));
      rounds.revalidate.push(await loadTest(16, 3000, call(3931, true)));
    }
    agent.destroy();
    const on = mergeLoads(rounds.on);
    const off = mergeLoads(rounds.off);
    const re = mergeLoads(rounds.revalidate);
    const row = (label: string, r: Load) =>
      `| ${label} | ${percentile(r.latencies, 50).toFixed(1)} ms | ${percentile(r.latencies, 95).toFixed(1)} ms | ${r.perSecond.toFixed(0)} | ${r.errors} |`;
    return [
      `Pages: the year page, a department page and data.json of ${slug}, in turn.`,
      '',
      '| 16 concurrent clients, 3 interleaved rounds of 3 s each | p50 | p95 | requests/s | errors |',
      '|---|---|---|---|---|',
      row('before: no cache (every request loads every published set)', off),
      row('after: read cache (sets and pages kept until something is published)', on),
      row('after: revalidating client (If-None-Match → 304)', re),
      '',
      `Ratio with ÷ without the cache (requests/s): **${(on.perSecond / off.perSecond).toFixed(1)}×**.`,
    ];
  } finally {
    await uncached?.stop();
    await cached.stop();
  }
}
