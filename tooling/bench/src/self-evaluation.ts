import { defaultPolicyConfig } from '@jixiao/core';
import { openDatabase, type Platform, queryRows, SYSTEM_ACTOR } from '@jixiao/db';
import { syncFundTypes } from '@jixiao/db/master-data';
import { prepareYearSelfEvaluations } from '@jixiao/db/self-evaluations';
import { configuredPluginPaths, loadPlugins } from '@jixiao/server';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './api-load.ts';
import { generateProvince, type ProvinceSize } from './province.ts';
import { mb } from './util.ts';

/** The province's items (200,000 with 8 indicators each); fewer payments than the sweep bench (only their sum matters here). */
const SIZE: ProvinceSize = { regions: 100, items: 200_000, indicatorsPerItem: 8, paymentsPerItem: 3 };

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/**
 * 批量准备并计分全省绩效自评 (EV-12): one INSERT…SELECT prepares every item's self-evaluation from
 * its budget row, payments and target with latest reports; then each is scored by the scheme in
 * batches. The floor is a bare aggregate over the same rows.
 */
export async function benchSelfEvaluation(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_self_evaluation');
  const registry = await loadPlugins(configuredPluginPaths({}));
  const gen = await timed(() =>
    generateProvince(
      url,
      SIZE,
      registry.list().map((p) => p.id),
    ),
  );
  const handle = await openDatabase({ url, poolSize: 4 });
  await syncFundTypes(handle.db, registry.list());
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date('2027-01-15T04:00:00Z'),
  };
  try {
    const floor = await timed(() =>
      handle.db.execute(sql`select i.item_id, count(*), max(r.reported_on), sum(e.s)
                             from indicators i left join indicator_reports r on r.indicator_id = i.id
                             left join (select item_id, sum(amount_fen) s from execution_records group by item_id) e on e.item_id = i.item_id
                             group by i.item_id`),
    );
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    const run = await timed(() => prepareYearSelfEvaluations(platform, SYSTEM_ACTOR, 2026));
    clearInterval(sampler);
    const [split] = await queryRows<{ n: string; scored: string; graded: string }>(
      handle.db,
      sql`select count(*)::text n, count(*) filter (where scored_at is not null)::text scored,
                 count(*) filter (where grade is not null)::text graded from self_evaluations`,
    );
    return [
      `Dataset: ${SIZE.items} items × ${SIZE.indicatorsPerItem} indicators (half reported), ${SIZE.paymentsPerItem} payments each, ${SIZE.regions} regions (generated in ${(gen.ms / 1000).toFixed(0)} s).`,
      '',
      '| measure | time | notes |',
      '|---|---|---|',
      `| floor: bare aggregate of indicators, reports and payments by item | ${(floor.ms / 1000).toFixed(2)} s | |`,
      `| prepare (set-based, work tables), score (core, batches of 10,000) and insert (one INSERT…SELECT) the province's self-evaluations | ${(run.ms / 1000).toFixed(2)} s (prepared rows ${(run.value.timings.prepareMs / 1000).toFixed(1)} s, scoring ${(run.value.timings.scoreMs / 1000).toFixed(1)} s, insert ${(run.value.timings.insertMs / 1000).toFixed(1)} s) | ${run.value.prepared} prepared, ${run.value.scored} scored (${split?.scored} stored scored, ${split?.graded} with a grade: none yet, actual values are the officers' to fill) |`,
      '',
      `Aim ≤ 30 s on PostgreSQL. Ratio ÷ floor: ${(run.ms / floor.ms).toFixed(1)}×. Peak RSS: ${mb(peak)}.`,
    ];
  } finally {
    await handle.close();
  }
}
