import { Agent, request } from 'node:http';
import { openDatabase } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import postgres from 'postgres';
import { BENCH_ADMIN_URL } from './env.ts';
import { type Load, loadTest, mb, mergeLoads, percentile, spawnLogged, treeRss } from './util.ts';

export async function freshDatabase(name: string): Promise<string> {
  const admin = postgres(BENCH_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(BENCH_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

// The SQL behind GET /api/v1/items?fiscalYear=2026&state=executing&limit=50 for a region-wide caller.
const LIST_SQL = `select bi.id, bi.code, bi.name, bi.kind, bi.fund_type_id, o.id, o.name, o.region_id, bi.fiscal_year_start,
  bi.fiscal_year_end, bi.current_fiscal_year, bi.approved_amount_fen, bi.responsible_person, bi.is_new_major,
  bi.is_special_transfer, bi.description, bi.attributes, bi.state, bi.version, bi.created_at, bi.updated_at,
  (select coalesce(sum(e.amount_fen), 0)::text from execution_records e where e.item_id = bi.id and e.fiscal_year = bi.current_fiscal_year)
  from budget_items bi inner join org_units o on o.id = bi.org_unit_id
  where (o.path like $1 and bi.fiscal_year_start <= $2 and bi.fiscal_year_end >= $3 and bi.state = $4)
  order by bi.id asc limit $5`;

/**
 * GET /api/v1/items (50 per page, filtered, scoped) at 32 concurrent clients against the real
 * server on PostgreSQL, and the same SQL issued directly through postgres.js at the same
 * concurrency in the same run.
 */
export async function benchApiList(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_api');
  const token = 'jx_bench_admin_token_0000000000';
  const port = '3918';
  const server = spawnLogged('npm', ['start'], {
    DATABASE_URL: url,
    DB_POOL_SIZE: '20',
    PORT: port,
    JIXIAO_ADMIN_TOKEN: token,
    JIXIAO_SCHEDULER: 'false',
    // Load from a handful of tokens on one address is the point here, not something to throttle.
    JIXIAO_RATE_LIMIT_PER_TOKEN: '0',
    JIXIAO_RATE_LIMIT_PER_IP: '0',
    // The API alone: no outbox worker delivering the demo's startup pushes alongside.
    JIXIAO_MESSAGING: 'false',
    JIXIAO_TODAY: '2026-11-27',
  });
  try {
    await server.waitFor(/健康检查：/);
    // A department officer's token too: the narrowest scope.
    const handle = await openDatabase({ url, poolSize: 2 });
    const q = handle.sqlClient as postgres.Sql;
    const [officer] = (await q`select u.id from users u join org_units o on o.id = u.org_unit_id
      where o.name = '景德镇市教育局' and 'dept_officer' = any(u.roles) order by u.id limit 1`) as Array<{
      id: number;
    }>;
    const officerToken = (await issueToken(handle.db, Number(officer?.id), 'bench')).token;
    const [region] = (await q`select path from regions where code = '360200'`) as Array<{ path: string }>;
    await handle.close();

    // A keep-alive node:http client: lighter than fetch, so the load generator takes less of the
    // two cores the server and PostgreSQL also need.
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const path = '/api/v1/items?fiscalYear=2026&state=executing&limit=50';
    const call = (t: string) => () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: Number(port), path, agent, headers: { authorization: `Bearer ${t}` } },
          (res) => {
            res.on('data', () => {});
            res.on('end', () =>
              res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode))),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    const sql = postgres(url, { max: 20, onnotice: () => {} });
    const direct = async () => {
      await sql.unsafe(LIST_SQL, [`${region?.path}%`, 2026, 2026, 'executing', 51], { prepare: true });
    };
    await loadTest(8, 2000, call(token)); // warm-up
    await loadTest(8, 2000, direct);
    // Interleaved rounds, so a slow spell of this (shared, noisy) machine hits both sides alike.
    const rounds = { api: [] as Load[], apiOfficer: [] as Load[], raw: [] as Load[] };
    for (let i = 0; i < 4; i++) {
      rounds.api.push(await loadTest(32, 3000, call(token)));
      rounds.raw.push(await loadTest(32, 3000, direct));
      rounds.apiOfficer.push(await loadTest(32, 3000, call(officerToken)));
    }
    await sql.end();
    agent.destroy();
    const serverRss = treeRss(server.proc.pid as number);
    const api = mergeLoads(rounds.api);
    const apiOfficer = mergeLoads(rounds.apiOfficer);
    const raw = mergeLoads(rounds.raw);
    const row = (label: string, r: Load) =>
      `| ${label} | ${percentile(r.latencies, 50).toFixed(1)} ms | ${percentile(r.latencies, 95).toFixed(1)} ms | ${r.perSecond.toFixed(0)} | ${r.errors} |`;
    return [
      '| 32 concurrent clients, 4 interleaved rounds of 3 s each | p50 | p95 | requests/s | errors |',
      '|---|---|---|---|---|',
      row('GET /api/v1/items (finance admin, region scope, 50/page)', api),
      row('GET /api/v1/items (department officer scope)', apiOfficer),
      row('same SQL directly via postgres.js (pool 20)', raw),
      '',
      `Ratio API ÷ direct SQL (requests/s): **${(api.perSecond / raw.perSecond).toFixed(2)}** (aim ≥ 0.5). Server RSS after the load: ${mb(serverRss)}.`,
    ];
  } finally {
    await server.stop();
  }
}
