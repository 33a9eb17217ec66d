import { defaultPolicyConfig } from '@jixiao/core';
import { openDatabase, type Platform, queryRows, runMigrations } from '@jixiao/db';
import { syncFundTypes } from '@jixiao/db/master-data';
import { runSweep } from '@jixiao/db/monitoring';
import { configuredPluginPaths, loadPlugins } from '@jixiao/server';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './api-load.ts';
import { benchTargetQuality } from './target-quality.ts';
import { mb } from './util.ts';

export interface ProvinceSize {
  regions: number;
  items: number;
  indicatorsPerItem: number;
  paymentsPerItem: number;
}

const PROVINCE: ProvinceSize = {
  regions: 100,
  items: 200_000,
  indicatorsPerItem: 8,
  paymentsPerItem: 22,
};

/** Minimal valid attributes per fund type (the ones whose schema has required fields). */
const ATTRIBUTES: Record<string, string> = {
  'general-budget': `'{"side":"expenditure"}'`,
  'gov-fund-budget': `'{}'`,
  'soe-capital-budget': `jsonb_build_object('profitTurnedOverFen', approved * 2, 'transferredToGeneralFen', (approved * 2 * (0.2 + (i % 3) * 0.1))::bigint, 'spendingFen', approved)`,
  'social-insurance-budget': `jsonb_build_object('fundKind', 'employee_medical', 'expenditureFen', approved, 'incomeFen', approved * 1.05, 'accumulatedBalanceFen', approved * (i % 9) / 12)`,
  'investment-fund': `jsonb_build_object('committedFen', approved * 2, 'paidInFen', approved, 'idleDays', i % 500)`,
  ppp: `jsonb_build_object('paymentMechanism', 'viability_gap', 'annualFiscalObligationFen', approved, 'performanceLinkedShare', 0.2 + (i % 4) * 0.1)`,
  procurement: `jsonb_build_object('method', 'public_tender', 'budgetFen', approved, 'contractAmountFen', (approved * 0.9)::bigint, 'smeContractFen', (approved * 0.9 * (i % 5) / 10)::bigint)`,
  'purchased-services': `jsonb_build_object('serviceCategory', 'basic_public', 'contractYears', 1 + i % 3, 'payForPerformanceShare', (i % 5) / 10.0)`,
  debt: `jsonb_build_object('bondType', 'special', 'bondAmountFen', approved, 'projectRevenueFen', (approved * (0.8 + (i % 10) / 10.0))::bigint, 'financingFen', approved)`,
  'special-transfer': `jsonb_build_object('allocatedFen', (approved * (i % 10) / 10)::bigint, 'policyExpiresYear', 2025 + i % 4)`,
};

/**
 * A province-scale synthetic dataset, generated with set-based SQL in the database itself:
 * `regions` regions, each with a finance bureau and 20 departments (one officer each), `items`
 * budget items over the ten fund types, `indicatorsPerItem` indicators (half of them reported),
 * `paymentsPerItem` payments per item spread so execution trails time progress by 0–40 points.
 */
export async function generateProvince(
  url: string,
  size: ProvinceSize,
  fundTypes: readonly string[],
): Promise<void> {
  const handle = await openDatabase({ url, poolSize: 2 });
  const q = (s: string) => handle.db.execute(sql.raw(s));
  try {
    await runMigrations(handle);
    await q(`select setseed(0.42)`);
    await q(
      `insert into regions (code, name, level, parent_id, path) values ('360000', '江西省', 'province', null, '/360000/')`,
    );
    await q(`insert into regions (code, name, level, parent_id, path)
             select (361000 + g)::text, '地区' || g, 'county', 1, '/360000/' || (361000 + g) || '/' from generate_series(1, ${size.regions}) g`);
    await q(`insert into region_fiscal_facts (region_id, fiscal_year, general_budget_expenditure_fen, comprehensive_financial_resources_fen, debt_balance_fen, gdp_growth_bp, revenue_growth_target_bp)
             select id, 2026, 5000000000000, 6000000000000, (6000000000000 * (0.8 + random() * 1.6))::bigint, 520, 500 from regions where level = 'county'`);
    await q(`insert into org_units (code, name, kind, region_id, parent_id, path)
             select 'P-' || r.code || '-' || d, case when d = 0 then r.name || '财政局' else r.name || '部门' || d end,
                    case when d = 0 then 'finance_bureau' else 'department' end, r.id, null, 'pending'
             from regions r cross join generate_series(0, 20) d where r.level = 'county'`);
    await q(
      `update org_units o set path = r.path || 'o' || o.id || '/' from regions r where r.id = o.region_id`,
    );
    await q(`insert into users (name, org_unit_id, roles)
             select '用户' || o.id, o.id, case when o.kind = 'finance_bureau' then array['finance_admin'] else array['dept_officer'] end
             from org_units o`);
    await q(
      `insert into fund_types (id, name, budget_book) values ${fundTypes.map((f) => `('${f}', '${f}', 'general')`).join(',')} on conflict do nothing`,
    );
    const caseAttr = fundTypes.map((f, idx) => `when ${idx} then ${ATTRIBUTES[f] ?? `'{}'`}`).join(' ');
    await q(`insert into budget_items (code, name, kind, fund_type_id, org_unit_id, fiscal_year_start, fiscal_year_end, current_fiscal_year,
                                       approved_amount_fen, responsible_person, attributes, state)
             select 'P-' || i, '项目' || i, 'project', (array[${fundTypes.map((f) => `'${f}'`).join(',')}])[1 + i % ${fundTypes.length}],
                    dept.id, 2026, 2026, 2026, approved, '负责人', case i % ${fundTypes.length} ${caseAttr} end,
                    case when i % 10 = 0 then 'budget_approved' else 'executing' end
             from (select i, (1000000 + floor(random() * 99000000))::bigint * 100 as approved from generate_series(1, ${size.items}) i) s
             join lateral (select id from org_units where kind = 'department' and code = 'P-' || (361001 + s.i % ${size.regions}) || '-' || (1 + s.i % 20)) dept on true`);
    await q(`update budget_items set sector = (array['education','health','transport','agriculture','urban_rural','culture','industry','general_services'])[1 + id % 8],
                                     is_capital_construction = id % 5 = 0, is_new = true`);
    await q(
      `insert into performance_targets (item_id, fiscal_year, overall_goal, status) select id, 2026, '完成年度任务', 'approved' from budget_items`,
    );
    // The library the indicators come from, with reference ranges (受益人数 varies around its upper bound).
    await q(`insert into indicator_library (name, level1, level2, operator, unit, standard, reference_min, reference_max, source)
             values ('完成数量', 'output', 'quantity', 'gte', '个', 'plan', 10, 1000, 'bench'),
                    ('质量达标率', 'output', 'quality', 'gte', '%', 'industry', 90, 100, 'bench'),
                    ('单位成本', 'output', 'cost', 'lte', '万元', 'historical', 10, 80, 'bench'),
                    ('受益人数', 'benefit', 'social', 'gte', '人', 'plan', 100, 6000, 'bench'),
                    ('满意度', 'satisfaction', 'satisfaction', 'gte', '%', 'industry', 85, 100, 'bench')`);
    await q(`insert into indicators (target_id, item_id, position, name, level1, level2, operator, target_value, unit, weight, library_indicator_id)
             select t.id, t.item_id, k, line.name,
                    (array['output','output','output','output','benefit','benefit','benefit','satisfaction'])[k + 1],
                    (array['quantity','quality','timeliness','cost','social','sustainable','ecological','satisfaction'])[k + 1],
                    (array['gte','gte','gte','lte','gte','gte','gte','gte'])[k + 1],
                    case when k = 4 then round(5000 * (0.5 + random()))
                         else (array[100, 95, 90, 50, 5000, 1, 10, 90])[k + 1] end,
                    (array['个','%','%','万元','人','项','%','%'])[k + 1],
                    (array[20, 15, 10, 5, 15, 5, 10, 10])[k + 1], lib.id
             from performance_targets t cross join generate_series(0, ${size.indicatorsPerItem - 1}) k
             cross join lateral (select (array['完成数量','质量达标率','按期完成率','单位成本','受益人数','长效机制','生态效益','满意度'])[k + 1] as name) line
             left join indicator_library lib on lib.name = line.name`);
    await q(`insert into indicator_reports (indicator_id, item_id, fiscal_year, reported_on, actual_value, forecast_value, likelihood)
             select ind.id, ind.item_id, 2026, date '2026-09-30', ind.target_value * (0.5 + random() * 0.3),
                    ind.target_value * (0.6 + random() * 0.5), case when random() < 0.1 then 'impossible' else 'possible' end
             from indicators ind where ind.id % 2 = 0`);
    // Payments: each item paid a share of its amount that trails 83% time progress by 0–40 points.
    await q(`insert into execution_records (item_id, fiscal_year, paid_on, amount_fen, source)
             select bi.id, 2026, date '2026-01-01' + ((p * 15) % 320), greatest(1, (bi.approved_amount_fen * share / ${size.paymentsPerItem})::bigint), 'treasury'
             from (select id, approved_amount_fen, 0.43 + random() * 0.4 as share from budget_items where state = 'executing') bi
             cross join generate_series(1, ${size.paymentsPerItem}) p`);
    await q(`analyze`);
  } finally {
    await handle.close();
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Full sweep on the province dataset vs a bare aggregate scan over the same rows. */
export async function benchProvince(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_province');
  const registry = await loadPlugins(configuredPluginPaths({}));
  const fundTypes = registry.list().map((p) => p.id);
  const gen = await timed(() => generateProvince(url, PROVINCE, fundTypes));
  const handle = await openDatabase({ url, poolSize: 4 });
  await syncFundTypes(handle.db, registry.list());
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry,
    config: defaultPolicyConfig,
    now: () => new Date('2026-11-27T04:00:00Z'),
  };
  try {
    const [counts] = await queryRows<Record<string, string>>(
      handle.db,
      sql`select (select count(*) from budget_items) items, (select count(*) from indicators) indicators,
                 (select count(*) from execution_records) payments, (select count(*) from indicator_reports) reports`,
    );
    // The floor: one bare aggregate pass over the payments and the indicators with their reports.
    const floor = await timed(async () => {
      await handle.db.execute(
        sql`select item_id, sum(amount_fen) from execution_records where paid_on <= date '2026-11-27' group by item_id`,
      );
      await handle.db.execute(sql`select i.item_id, count(*), max(r.reported_on), avg(r.actual_value) from indicators i
                                   left join indicator_reports r on r.indicator_id = i.id group by i.item_id`);
    });
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    const first = await timed(() => runSweep(platform, { trigger: 'cli' }));
    const second = await timed(() => runSweep(platform, { trigger: 'cli' }));
    clearInterval(sampler);
    const quality = await benchTargetQuality(handle.db, platform.config);
    const r1 = first.value;
    const r2 = second.value;
    return [
      `Dataset: ${counts?.items} items, ${counts?.indicators} indicators, ${counts?.reports} indicator reports, ${counts?.payments} payments in ${PROVINCE.regions} regions (generated in ${(gen.ms / 1000).toFixed(0)} s).`,
      '',
      '| measure | time | notes |',
      '|---|---|---|',
      `| floor: bare aggregate scan of payments + indicators/reports | ${(floor.ms / 1000).toFixed(2)} s | |`,
      `| first full sweep (creates the warnings) | ${(first.ms / 1000).toFixed(2)} s | ${r1.itemsScanned} items, ${r1.findings} findings, ${r1.created} warnings created, ${r1.errors.length} rule errors |`,
      `| second sweep, nothing changed | ${(second.ms / 1000).toFixed(2)} s | created ${r2.created}, updated ${r2.updated}, closed ${r2.closed}, escalated ${r2.escalated} |`,
      '',
      `Ratio second sweep ÷ floor: **${(second.ms / floor.ms).toFixed(1)}×**; first sweep ÷ floor: ${(first.ms / floor.ms).toFixed(1)}× (aim ≤ 30 s and ≤ 3×). Peak RSS of the sweeping process: ${mb(peak)} (aim ≤ 300 MB).`,
      '',
      ...quality,
    ];
  } finally {
    await handle.close();
  }
}
