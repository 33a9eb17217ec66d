import { defaultPolicyConfig } from '@jixiao/core';
import { openDatabase, type Platform, queryRows, runMigrations, SYSTEM_ACTOR } from '@jixiao/db';
import { computeProposals, whatIfProposals } from '@jixiao/db/budget-proposals';
import { countOverlaps, listOverlaps } from '@jixiao/db/policy-exit';
import { configuredPluginPaths, loadPlugins } from '@jixiao/server';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './api-load.ts';

const REGIONS = 100;
const ITEMS = 200_000;

const PURPOSES = [
  '农村饮水安全巩固提升',
  '城乡学校食堂改造',
  '农村劳动力转移就业培训',
  '高标准农田建设',
  '老旧小区改造',
  '城市污水管网建设',
  '乡村道路养护',
  '基层医疗卫生机构设备购置',
  '困难群众临时救助',
  '学生营养改善',
  '公共文化服务体系建设',
  '全民健身设施建设',
  '森林防火能力提升',
  '河道综合治理',
  '人居环境整治',
  '特色产业扶持',
  '中小企业发展',
  '科技创新平台建设',
  '职业技能提升',
  '退役军人就业扶持',
  '养老服务体系建设',
  '残疾人康复服务',
  '公共法律服务',
  '应急物资储备',
  '地质灾害防治',
  '畜禽疫病防控',
  '农产品质量安全监管',
  '食品安全抽检',
  '市场主体培育',
  '商贸流通体系建设',
  '旅游公共服务设施',
  '文物保护修缮',
  '社区服务中心建设',
  '智慧城市建设',
  '政务信息化建设',
  '公交车辆更新',
  '新能源充电设施',
  '大气污染防治',
  '土壤污染防治',
  '生态保护修复',
  '水土保持治理',
  '防汛抗旱',
  '中小河流治理',
  '农村公路提质改造',
  '危房改造',
  '保障性住房建设',
  '城镇燃气管网更新',
  '园林绿化提升',
  '垃圾分类处理',
  '公共停车场建设',
  '校园安全提升',
  '教师培训',
  '学前教育扩容',
  '义务教育薄弱环节改善',
  '职业教育发展',
  '基本公共卫生服务',
  '家庭医生签约服务',
  '妇幼健康服务',
  '中医药传承发展',
  '疾病预防控制',
];
const FORMS = ['专项', '补助资金', '工程', '项目', '补贴', '行动', '计划', '建设'];
const SUBJECTS = [
  '2050201',
  '2050202',
  '2080799',
  '2100101',
  '2120399',
  '2130106',
  '2130199',
  '2110301',
  '2140106',
  '2070199',
  '2010601',
  '2240101',
];
const INDICATORS = [
  '受益人数',
  '完成项目数量',
  '工程验收合格率',
  '资金拨付及时率',
  '受益对象满意度',
  '服务对象满意度',
  '任务按期完成率',
  '补助对象认定准确率',
  '新增服务能力',
  '设施使用率',
  '培训人次',
  '就业率',
  '覆盖率',
  '达标率',
  '长效机制',
  '群众满意度',
  '单位成本',
  '建设面积',
  '改造户数',
  '维护里程',
];

const lit = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/**
 * A province for result application: `REGIONS` regions with a finance bureau and 20 departments,
 * `ITEMS` items named, described, classed and measured like real ones — each department works on
 * its own few purposes, and one item in forty on another department's (the overlaps to find) — last year's results for most of them (self-evaluations, spot checks, 差 key
 * evaluations with open rectification), and department-wide results.
 */
async function generate(url: string): Promise<void> {
  const handle = await openDatabase({ url, poolSize: 2 });
  const q = (s: string) => handle.db.execute(sql.raw(s));
  try {
    await runMigrations(handle);
    await q(`select setseed(0.42)`);
    await q(
      `insert into regions (code, name, level, parent_id, path) values ('360000', '江西省', 'province', null, '/360000/')`,
    );
    await q(`insert into regions (code, name, level, parent_id, path)
             select (361000 + g)::text, '地区' || g, 'county', 1, '/360000/' || (361000 + g) || '/' from generate_series(1, ${REGIONS}) g`);
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
      `insert into fund_types (id, name, budget_book) values ('general-budget', '一般公共预算', 'general') on conflict do nothing`,
    );
    await q(`insert into budget_items (code, name, kind, fund_type_id, org_unit_id, fiscal_year_start, fiscal_year_end, current_fiscal_year,
                                       approved_amount_fen, responsible_person, description, functional_subject, attributes, state)
             select 'P-' || i, '2026年' || r.name || p.purpose || (${lit(FORMS)})[1 + (i * 13) % ${FORMS.length}],
                    case when i % 3 = 0 then 'policy' else 'project' end, 'general-budget', dept.id, 2026, 2026, 2026,
                    (1000000 + floor(random() * 99000000))::bigint * 100, '负责人',
                    '用于' || p.purpose || '，提高' || (${lit(INDICATORS)})[1 + i % ${INDICATORS.length}] || '。',
                    (${lit(SUBJECTS)})[1 + (i * 7) % ${SUBJECTS.length}], '{"side":"expenditure"}', 'executing'
             from generate_series(1, ${ITEMS}) i
             cross join lateral (select (${lit(PURPOSES)})[1 + (case when i % 40 = 0
                 then ((i / ${REGIONS}) % 20) * 3 + 7 + i % 5 else ((i / ${REGIONS}) % 20) * 3 + i % 3 end) % ${PURPOSES.length}] as purpose) p
             join lateral (select id, region_id from org_units where kind = 'department'
                            and code = 'P-' || (361001 + i % ${REGIONS}) || '-' || (1 + (i / ${REGIONS}) % 20)) dept on true
             join regions r on r.id = dept.region_id`);
    await q(
      `insert into performance_targets (item_id, fiscal_year, overall_goal, status) select id, 2026, '完成年度任务', 'approved' from budget_items`,
    );
    await q(`insert into indicators (target_id, item_id, position, name, level1, level2, operator, target_value, unit, weight)
             select t.id, t.item_id, k, (${lit(INDICATORS)})[1 + (t.item_id * 3 + k * 5) % ${INDICATORS.length}],
                    'output', 'quantity', 'gte', 100, '个', 25
             from performance_targets t cross join generate_series(0, 3) k`);
    // Last year's results: 70% self-evaluated (mostly 良), 5% re-graded by spot checks, 2% 差 in key evaluations.
    await q(`insert into evaluation_results (subject_kind, item_id, org_unit_id, region_id, fiscal_year, source, score, grade, distortion)
             select 'item', bi.id, bi.org_unit_id, o.region_id, 2026, 'self_evaluation', 85,
                    (array['good','good','excellent','good','fair','good','good','excellent','good','good'])[1 + bi.id % 10], false
             from budget_items bi join org_units o on o.id = bi.org_unit_id where bi.id % 10 < 7`);
    await q(`insert into evaluation_results (subject_kind, item_id, org_unit_id, region_id, fiscal_year, source, score, grade, distortion)
             select 'item', bi.id, bi.org_unit_id, o.region_id, 2026, 'spot_check', 72, 'fair', true
             from budget_items bi join org_units o on o.id = bi.org_unit_id where bi.id % 20 = 1`);
    await q(`insert into evaluation_results (subject_kind, item_id, org_unit_id, region_id, fiscal_year, source, score, grade, distortion)
             select 'item', bi.id, bi.org_unit_id, o.region_id, 2026, 'key_evaluation', 55, 'poor', false
             from budget_items bi join org_units o on o.id = bi.org_unit_id where bi.id % 50 = 3`);
    await q(`insert into rectification_tasks (source, item_id, org_unit_id, assignee_user_id, requirement, deadline, status)
             select 'evaluation', bi.id, bi.org_unit_id, u.id, '整改', date '2027-03-31', case when bi.id % 100 = 3 then 'accepted' else 'assigned' end
             from budget_items bi join users u on u.org_unit_id = bi.org_unit_id where bi.id % 50 = 3`);
    await q(`insert into evaluation_findings (result_id, finding, required_action, item_id, rectification_task_id)
             select r.id, '目标未完成', '整改', r.item_id, t.id
             from evaluation_results r join rectification_tasks t on t.item_id = r.item_id where r.source = 'key_evaluation'`);
    await q(`insert into evaluation_results (subject_kind, org_unit_id, region_id, fiscal_year, source, score, grade)
             select 'department', o.id, o.region_id, 2026, 'department_evaluation', 80,
                    (array['excellent','good','good','fair','poor'])[1 + o.id % 5]
             from org_units o where o.kind = 'department'`);
    await q(`analyze`);
  } finally {
    await handle.close();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Control-number proposals, the overlap search and the what-if over a province on PostgreSQL. */
export async function benchResultApplication(): Promise<string[]> {
  const url = await freshDatabase('jixiao_bench_result_application');
  const gen = await timed(() => generate(url));
  const handle = await openDatabase({ url, poolSize: 4 });
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry: await loadPlugins(configuredPluginPaths({})),
    config: defaultPolicyConfig,
    now: () => new Date('2026-12-05T04:00:00Z'),
  };
  try {
    const [counts] = await queryRows<Record<string, string>>(
      handle.db,
      sql`select (select count(*) from budget_items) items, (select count(*) from indicators) indicators,
                 (select count(*) from evaluation_results) results`,
    );
    const floor = await timed(() =>
      handle.db.execute(sql`select o.region_id, count(*), sum(bi.approved_amount_fen) from budget_items bi
                             join org_units o on o.id = bi.org_unit_id group by o.region_id`),
    );
    const first = await timed(() => computeProposals(platform, SYSTEM_ACTOR, { basisYear: 2026 }));
    const again = await timed(() => computeProposals(platform, SYSTEM_ACTOR, { basisYear: 2026 }));
    const overlaps = await timed(() =>
      listOverlaps(platform, SYSTEM_ACTOR, { fiscalYear: 2026, limit: 100 }),
    );
    const pairs = await timed(() => countOverlaps(platform, SYSTEM_ACTOR, { fiscalYear: 2026 }));
    const [dept] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from org_units where kind = 'department' order by id limit 1`,
    );
    const oneDept = await timed(() =>
      whatIfProposals(platform, SYSTEM_ACTOR, {
        basisYear: 2026,
        cutForPoor: 0.5,
        orgUnitId: Number(dept?.id),
      }),
    );
    const wholeProvince = await timed(() =>
      whatIfProposals(platform, SYSTEM_ACTOR, { basisYear: 2026, cutForPoor: 0.5 }),
    );
    return [
      `Dataset: ${counts?.items} items, ${counts?.indicators} indicators, ${counts?.results} evaluation results in ${REGIONS} regions × 20 departments (generated in ${(gen.ms / 1000).toFixed(0)} s).`,
      '',
      '| measure | time | notes |',
      '|---|---|---|',
      `| floor: bare aggregate of the items by region | ${s(floor.ms)} | |`,
      `| control-number proposals, whole province (first) | ${s(first.ms)} | ${first.value.departments} departments, ${first.value.lines} lines |`,
      `| control-number proposals, whole province (recomputed, drafts replaced) | ${s(again.ms)} | |`,
      `| overlap search, whole province (top 100 explained) | ${s(overlaps.ms)} | ${overlaps.value.length} shown |`,
      `| overlap search, whole province (count only) | ${s(pairs.ms)} | ${pairs.value} pairs at or above the threshold |`,
      `| what-if (差 50%), one department | ${s(oneDept.ms)} | writes nothing |`,
      `| what-if (差 50%), whole province | ${s(wholeProvince.ms)} | ${wholeProvince.value.departments.length} departments |`,
      '',
      'Aim: proposals and overlap search ≤ 30 s each; what-if ≤ 2 s.',
    ];
  } finally {
    await handle.close();
  }
}
