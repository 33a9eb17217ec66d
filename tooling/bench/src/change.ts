import { Agent, request } from 'node:http';
import { defaultPolicyConfig } from '@jixiao/core';
import { openDatabase, type Platform, queryRows } from '@jixiao/db';
import { issueToken } from '@jixiao/db/auth';
import { syncFundTypes } from '@jixiao/db/master-data';
import { judgeChangedItems, runSweep, type SweepResult } from '@jixiao/db/monitoring';
import { configuredPluginPaths, loadPlugins } from '@jixiao/server';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './api-load.ts';
import { CHANGE_ITEMS } from './env.ts';
import { generateProvince, timed } from './province.ts';
import { type Load, loadTest, mergeLoads, percentile, spawnLogged } from './util.ts';

const TODAY = '2026-11-27';
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Http {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): void;
}

function http(port: number, token: string): Http {
  const agent = new Agent({ keepAlive: true, maxSockets: 96 });
  return {
    call: (method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method,
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload ? { 'content-type': 'application/json' } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}

/**
 * Monitoring on change, on a scaled-down province (`CHANGE_ITEMS` items, default 20,000; the
 * province bench has 200,000) on PostgreSQL, all ratios from this one run:
 * the floor; the first sweep; a nightly sweep with nothing changed (and a full sweep for
 * comparison); a nightly sweep after 1% of the items got a payment; then the real server: a
 * payment through the API until its warning changed in GET /api/v1/warnings, 32 clients at once;
 * the API's payment latency with and without the marking triggers; and the final warnings
 * checked against a full sweep (it must find nothing to change).
 */
export async function benchChange(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_change');
  const registry = await loadPlugins(configuredPluginPaths({}));
  const fundTypes = registry.list().map((p) => p.id);
  const regions = Math.max(2, Math.round(CHANGE_ITEMS / 2000));
  const size = { regions, items: CHANGE_ITEMS, indicatorsPerItem: 8, paymentsPerItem: 22 };
  const gen = await timed(() => generateProvince(url, size, fundTypes));
  const handle = await openDatabase({ url, poolSize: 4 });
  await syncFundTypes(handle.db, registry.list());
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date(`${TODAY}T04:00:00Z`),
  };
  const out: string[] = [];
  // Where each sweep's time goes: up to the core rules' end, the plugin rules, the merge, the rest (audit, commit).
  const phases = new WeakMap<SweepResult, string>();
  const sweep = async (mode: 'full' | 'nightly') => {
    const t0 = performance.now();
    const at: number[] = [];
    const r = await timed(() =>
      runSweep(platform, { trigger: 'cli', mode, onPhase: async () => void at.push(performance.now()) }),
    );
    const [core = t0, plugins = core, merge = plugins] = at;
    phases.set(
      r.value,
      `core ${s(core - t0)}, plugins ${s(plugins - core)}, merge ${s(merge - plugins)}, rest ${s(t0 + r.ms - merge)}`,
    );
    return r;
  };
  const counts = (r: SweepResult) =>
    `mode ${r.mode}; created ${r.created}, updated ${r.updated}, closed ${r.closed}, escalated ${r.escalated}; ${phases.get(r) ?? ''}`;
  try {
    const floor = await timed(async () => {
      await handle.db.execute(
        sql`select item_id, sum(amount_fen) from execution_records where paid_on <= ${TODAY}::date group by item_id`,
      );
      await handle.db.execute(sql`select i.item_id, count(*), max(r.reported_on), avg(r.actual_value) from indicators i
                                   left join indicator_reports r on r.indicator_id = i.id group by i.item_id`);
    });
    const first = await sweep('full');
    const nightly = await sweep('nightly');
    const full = await sweep('full');
    const nightly2 = await sweep('nightly');
    // 1% of the executing items get one payment each, written straight into the table (as an
    // import would) and never judged on change: the nightly run finds them marked.
    await handle.db.execute(sql`insert into execution_records (item_id, fiscal_year, paid_on, amount_fen, source, voucher_no)
      select id, 2026, ${TODAY}::date, greatest(1, approved_amount_fen / 50), 'treasury', 'BENCH-1PCT-' || id
      from budget_items where state = 'executing' and id % 100 = 7`);
    const [marked] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from monitoring_dirty_items`,
    );
    const onePct = await sweep('nightly');
    out.push(
      `Dataset: ${size.items} items in ${regions} regions (${size.items * size.indicatorsPerItem} indicators, ~${size.items * 0.9 * size.paymentsPerItem} payments), generated in ${s(gen.ms)}.`,
      '',
      '| measure | time | ÷ floor | notes |',
      '|---|---|---|---|',
      `| floor: bare aggregate scan of payments + indicators/reports | ${s(floor.ms)} | 1 | |`,
      `| first sweep (fresh province) | ${s(first.ms)} | ${(first.ms / floor.ms).toFixed(1)}× | ${first.value.itemsScanned} items, ${counts(first.value)} |`,
      `| nightly sweep, nothing changed | ${s(nightly.ms)} | ${(nightly.ms / floor.ms).toFixed(1)}× | ${counts(nightly.value)} |`,
      `| full sweep, nothing changed (before this issue, every night) | ${s(full.ms)} | ${(full.ms / floor.ms).toFixed(1)}× | ${counts(full.value)} |`,
      `| nightly sweep, nothing changed (again) | ${s(nightly2.ms)} | ${(nightly2.ms / floor.ms).toFixed(1)}× | ${counts(nightly2.value)} |`,
      `| nightly sweep, 1% of items changed | ${s(onePct.ms)} | ${(onePct.ms / floor.ms).toFixed(1)}× | ${marked?.n} items marked; ${counts(onePct.value)} |`,
    );
  } finally {
    await handle.close();
  }
  out.push('', ...(await benchPaymentsThroughApi(url)));
  return out;
}

/**
 * 10,000 changes of every kind the rules read — payments, indicator reports, indicator targets,
 * approved amounts (attributes), suspensions and resumptions (state) — in 20 batches written
 * straight into the tables, each followed by a judging on change or, every fifth, by a nightly
 * sweep instead; then a full sweep must find nothing to change.
 */
async function randomMix(platform: Platform): Promise<string> {
  const q = (statement: string) => platform.db.execute(sql.raw(statement));
  await q(`select setseed(0.1207)`);
  const t = performance.now();
  let nightly = 0;
  let judged = 0;
  for (let batch = 0; batch < 20; batch++) {
    await q(`insert into execution_records (item_id, fiscal_year, paid_on, amount_fen, source, voucher_no)
      select id, 2026, '${TODAY}'::date - (random() * 200)::int, greatest(1, (approved_amount_fen * random() * 0.03)::bigint), 'treasury',
             'MIX-${batch}-' || id
      from budget_items where state in ('executing', 'suspended') order by random() limit 200`);
    await q(`insert into indicator_reports (indicator_id, item_id, fiscal_year, reported_on, actual_value, forecast_value, likelihood)
      select ind.id, ind.item_id, 2026, '${TODAY}'::date - (random() * 30)::int, ind.target_value * random(),
             ind.target_value * (0.3 + random()), (array['certain','possible','impossible'])[1 + (random() * 2.99)::int]
      from indicators ind where ind.operator <> 'qualitative' and ind.id in (
        select id from indicators where id > (random() * (select max(id) from indicators))::int order by id limit 150)`);
    await q(`update indicators set target_value = target_value * (0.8 + random() * 0.4)
      where id in (select id from indicators where id > (random() * (select max(id) from indicators))::int order by id limit 50)
        and operator <> 'qualitative'`);
    await q(`update budget_items set approved_amount_fen = greatest(approved_amount_fen,
               (select coalesce(sum(amount_fen), 0) from execution_records e where e.item_id = budget_items.id))
               + (approved_amount_fen * random() * 0.1)::bigint
      where id in (select id from budget_items where state = 'executing' order by random() limit 50)`);
    await q(`update budget_items set state = case state when 'executing' then 'suspended' else 'executing' end
      where id in (select id from budget_items where state in ('executing', 'suspended') order by random() limit 50)`);
    if (batch % 5 === 4) {
      await runSweep(platform, { trigger: 'cli', mode: 'nightly' });
      nightly++;
    } else {
      await judgeChangedItems(platform);
      judged++;
    }
  }
  await judgeChangedItems(platform);
  const check = await runSweep(platform, { trigger: 'cli', mode: 'full' });
  // The next night: the date moved, nothing else did (time progress moves every lag warning).
  const tomorrow = { ...platform, now: () => new Date(`${TODAY}T04:00:00Z`.replace('-27T', '-28T')) };
  const night = await timed(() => runSweep(tomorrow, { trigger: 'cli', mode: 'nightly' }));
  const n = night.value;
  return `Next day, nothing else changed: nightly sweep ${s(night.ms)} (mode ${n.mode}; created ${n.created}, updated ${n.updated}, closed ${n.closed}, escalated ${n.escalated}).\n\nRandom mix: 10,000 changes (payments, reports, indicator targets, approved amounts, suspensions) in 20 batches, ${judged} judged on change and ${nightly} by nightly sweeps, in ${s(performance.now() - t)}; then a full sweep found created ${check.created}, updated ${check.updated}, closed ${check.closed}, escalated ${check.escalated} (all 0: the incremental path gave the full sweep's answer).`;
}

async function benchPaymentsThroughApi(url: string): Promise<string[]> {
  const port = 3919;
  const server = spawnLogged('npm', ['start'], {
    DATABASE_URL: url,
    DB_POOL_SIZE: '20',
    PORT: String(port),
    JIXIAO_SCHEDULER: 'false',
    JIXIAO_RATE_LIMIT_PER_TOKEN: '0',
    JIXIAO_RATE_LIMIT_PER_IP: '0',
    JIXIAO_MESSAGING: 'false',
    JIXIAO_TODAY: TODAY,
  });
  let running = true;
  const stop = async () => {
    if (running) await server.stop();
    running = false;
  };
  const handle = await openDatabase({ url, poolSize: 2 });
  // The finance bureau of the region with the most lagging items pays for them. The generator gives
  // each region one fund type; a fund type with portfolio rules would make the whole region (1,800
  // items) one portfolio, judged whole after every payment — not a typical item, so not here.
  const portfolioTypes = (await loadPlugins(configuredPluginPaths({})))
    .list()
    .filter((p) => p.monitoringRules.some((r) => r.scope === 'portfolio'))
    .map((p) => sql`${p.id}`);
  const [bureau] = await queryRows<{ user_id: number; region_id: number }>(
    handle.db,
    sql`select us.id as user_id, o.region_id from users us join org_units o on o.id = us.org_unit_id
        where 'finance_admin' = any(us.roles) and o.region_id = (
          select o2.region_id from warnings w join org_units o2 on o2.id = w.org_unit_id
          where w.rule_id = 'core:execution-lag' and w.status <> 'closed'
            and w.fund_type_id not in (${sql.join(portfolioTypes, sql`, `)})
          group by 1 order by count(*) desc limit 1)
        order by us.id limit 1`,
  );
  const token = (await issueToken(handle.db, Number(bureau?.user_id), 'bench')).token;
  const api = http(port, token);
  try {
    await server.waitFor(/健康检查：/);
    const items = (
      await queryRows<{ id: number; approved: number }>(
        handle.db,
        sql`select bi.id, bi.approved_amount_fen::float8 as approved from budget_items bi
            join org_units o on o.id = bi.org_unit_id
            join warnings w on w.item_id = bi.id and w.rule_id = 'core:execution-lag' and w.status <> 'closed'
            where o.region_id = ${Number(bureau?.region_id)}::int and bi.state = 'executing'
            order by bi.id`,
      )
    ).map((r) => ({ id: Number(r.id), approved: Number(r.approved) }));
    if (items.length < 64)
      throw new Error(`only ${items.length} lagging items in region ${bureau?.region_id}`);
    let next = 0;
    let voucher = 0;
    // What GET /api/v1/warnings shows of an item's lag warning (committed rows), read straight from
    // the database by one poller every 20 ms: 32 clients polling the API would be most of the load.
    const lagRows = async (ids: readonly number[]) =>
      new Map(
        (
          await queryRows<{ item_id: number; m: string }>(
            handle.db,
            sql`select item_id, message || '|' || severity as m from warnings
                where rule_id = 'core:execution-lag' and status <> 'closed'
                  and item_id in (${sql.join(
                    ids.map((id) => sql`${id}::int`),
                    sql`, `,
                  )})`,
          )
        ).map((r) => [Number(r.item_id), r.m]),
      );
    const pay = async (item: { id: number; approved: number }) => {
      voucher++;
      const r = await api.call('POST', `/api/v1/items/${item.id}/payments`, {
        paidOn: TODAY,
        amountFen: Math.max(1, Math.floor(item.approved / 200)),
        source: 'treasury',
        voucherNo: `BENCH-API-${voucher}`,
      });
      if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    };
    // 1. A payment through the API until its warning changed (or closed).
    const waiting = new Map<number, { before: string | undefined; t0: number; done: (ms: number) => void }>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const ids = [...waiting.keys()];
        if (ids.length > 0) {
          const now = await lagRows(ids);
          const seen = performance.now();
          for (const id of ids) {
            const w = waiting.get(id);
            if (w && now.get(id) !== w.before) {
              waiting.delete(id);
              w.done(seen - w.t0);
            }
          }
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const visible = async () => {
      const item = items[next++ % items.length] as { id: number; approved: number };
      const before = (await lagRows([item.id])).get(item.id);
      const t0 = performance.now();
      const seen = new Promise<number>((resolve) => waiting.set(item.id, { before, t0, done: resolve }));
      await pay(item);
      return Promise.race([
        seen,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error('unchanged after 30 s')), 30_000),
        ),
      ]);
    };
    const latencies: number[] = [];
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let k = 0; k < 8; k++) {
          try {
            latencies.push(await visible());
          } catch {
            failures++;
          }
        }
      }),
    );
    polling = false;
    await poller;
    const visibleSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    // 2. The write alone, with and without everything issue 16 adds to it: the triggers that mark
    // the item and keep its running totals (and so the judgings they start), in interleaved rounds;
    // 32 clients at once, then one client alone (the write's own cost, without queueing).
    const setTriggers = async (on: boolean) => {
      for (const trigger of ['execution_records_dirty_insert', 'execution_records_totals_insert'])
        await handle.db.execute(
          sql.raw(`alter table execution_records ${on ? 'enable' : 'disable'} trigger ${trigger}`),
        );
    };
    const write = () => pay(items[next++ % items.length] as { id: number; approved: number });
    const rounds = { with: [] as Load[], without: [] as Load[], with1: [] as Load[], without1: [] as Load[] };
    for (let i = 0; i < 6; i++) {
      await setTriggers(false);
      rounds.without.push(await loadTest(32, 2000, write));
      rounds.without1.push(await loadTest(1, 2000, write));
      await setTriggers(true);
      rounds.with.push(await loadTest(32, 2000, write));
      rounds.with1.push(await loadTest(1, 2000, write));
    }
    const withJ = mergeLoads(rounds.with);
    const without = mergeLoads(rounds.without);
    const withJ1 = mergeLoads(rounds.with1);
    const without1 = mergeLoads(rounds.without1);
    // The payments written with the triggers off: their running totals recomputed, as a repair would.
    const touched = sql`(select distinct item_id from execution_records where voucher_no like 'BENCH-API-%')`;
    await handle.db.execute(sql`delete from item_payment_totals where item_id in ${touched}`);
    await handle.db.execute(sql`insert into item_payment_totals (item_id, fiscal_year, paid_fen, payments, last_paid_on, by_month_fen)
      select e.item_id, e.fiscal_year, sum(e.amount_fen), count(*), max(e.paid_on),
             array(select coalesce(sum(e2.amount_fen), 0) from generate_series(1, 12) m
                   left join execution_records e2 on e2.item_id = e.item_id and e2.fiscal_year = e.fiscal_year
                                                  and extract(month from e2.paid_on) = m group by m order by m)
      from execution_records e where e.item_id in ${touched} group by e.item_id, e.fiscal_year`);
    // 3. Nothing lost, nothing twice: once the marks are judged, a full sweep finds nothing to change.
    for (let i = 0; i < 600; i++) {
      const [m] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from monitoring_dirty_items`,
      );
      if (Number(m?.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await stop();
    // The payments written while the triggers were off were never marked: mark them, as a repair would.
    await handle.db.execute(sql`insert into monitoring_dirty_items (item_id, seq)
      select distinct item_id, nextval('monitoring_dirty_seq') from execution_records where voucher_no like 'BENCH-API-%'
      on conflict (item_id) do nothing`);
    const platform: Platform = {
      db: handle.db,
      kind: handle.kind,
      registry: await loadPlugins(configuredPluginPaths({})),
      config: defaultPolicyConfig,
      now: () => new Date(`${TODAY}T04:00:00Z`),
    };
    const check = await runSweep(platform, { trigger: 'cli', mode: 'nightly' });
    const verify = await runSweep(platform, { trigger: 'cli', mode: 'full' });
    const mix = await randomMix(platform);
    const p = (xs: readonly number[], q: number) => `${percentile(xs, q).toFixed(0)} ms`;
    return [
      '| through the real server (PostgreSQL), 32 concurrent clients | p50 | p95 | p99 | count | errors |',
      '|---|---|---|---|---|---|',
      `| POST payment → its lag warning changed or closed, as GET /api/v1/warnings shows it (committed; polled every 20 ms) | ${p(latencies, 50)} | ${p(latencies, 95)} | ${p(latencies, 99)} | ${latencies.length} in ${visibleSeconds.toFixed(1)} s | ${failures} |`,
      `| POST payment, items marked and judged on change | ${p(withJ.latencies, 50)} | ${p(withJ.latencies, 95)} | ${p(withJ.latencies, 99)} | ${withJ.latencies.length} | ${withJ.errors} |`,
      `| POST payment, marking and totals triggers disabled (no judging) | ${p(without.latencies, 50)} | ${p(without.latencies, 95)} | ${p(without.latencies, 99)} | ${without.latencies.length} | ${without.errors} |`,
      `| POST payment, one client alone, judged on change | ${p(withJ1.latencies, 50)} | ${p(withJ1.latencies, 95)} | ${p(withJ1.latencies, 99)} | ${withJ1.latencies.length} | ${withJ1.errors} |`,
      `| POST payment, one client alone, triggers disabled | ${p(without1.latencies, 50)} | ${p(without1.latencies, 95)} | ${p(without1.latencies, 99)} | ${without1.latencies.length} | ${without1.errors} |`,
      '',
      `Write latency increase at p95: ${(percentile(withJ.latencies, 95) - percentile(without.latencies, 95)).toFixed(1)} ms with 32 clients, ` +
        `${(percentile(withJ1.latencies, 95) - percentile(without1.latencies, 95)).toFixed(1)} ms for one client alone (aim ≤ 20 ms; 6 interleaved rounds of 2 s each). ` +
        `After the load: the nightly run judged the payments made with the triggers off (${check.created} created, ${check.updated + check.escalated} updated, ${check.closed} closed); ` +
        `a full sweep then found created ${verify.created}, updated ${verify.updated}, closed ${verify.closed}, escalated ${verify.escalated} (all 0: nothing lost or duplicated).`,
      '',
      mix,
    ];
  } finally {
    api.close();
    await stop();
    await handle.close();
  }
}
