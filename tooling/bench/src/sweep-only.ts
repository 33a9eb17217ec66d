// Re-runs the province sweep on an existing generated database (development aid for the bench):
// `npx tsx src/sweep-only.ts [--reset]`, SWEEPS=n sweeps in one process (default 2); --reset empties the warnings first.
import { defaultPolicyConfig } from '@jixiao/core';
import { openDatabase, type Platform } from '@jixiao/db';
import { syncFundTypes } from '@jixiao/db/master-data';
import { runSweep } from '@jixiao/db/monitoring';
import { configuredPluginPaths, loadPlugins } from '@jixiao/server';
import { sql } from 'drizzle-orm';
import { SWEEP_REPEATS } from './env.ts';

const url = 'postgres://postgres@127.0.0.1:5432/jixiao_bench_province';
const registry = await loadPlugins(configuredPluginPaths({}));
const handle = await openDatabase({ url, poolSize: 4 });
await syncFundTypes(handle.db, registry.list());
if (process.argv.includes('--reset')) {
  await handle.db.execute(
    sql`truncate warnings, outbox, audit_entries, audit_chain_head, monitoring_runs cascade`,
  );
}
const platform: Platform = {
  db: handle.db,
  kind: handle.kind,
  registry,
  config: defaultPolicyConfig,
  now: () => new Date('2026-11-27T04:00:00Z'),
};
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 100);
for (let i = 0; i < SWEEP_REPEATS; i++) {
  const t = performance.now();
  const r = await runSweep(platform, {
    trigger: 'cli',
    onPhase: async (p) => console.log('  phase', p, ((performance.now() - t) / 1000).toFixed(1), 's'),
  });
  console.log('sweep', i, ((performance.now() - t) / 1000).toFixed(1), 's', {
    ...r,
    errors: r.errors.length,
  });
}
clearInterval(timer);
console.log('peak rss MB', Math.round(peak / 2 ** 20));
await handle.close();
