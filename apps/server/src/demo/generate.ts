import {
  type CompletionLikelihood,
  type DeviationReason,
  type IndicatorLevel1,
  type IndicatorLevel2,
  type ItemKind,
  type ItemState,
  type Sector as LibrarySector,
  type LifecycleAction,
  type Operator,
  type PolicyConfig,
  parseIsoDate,
  policyForFundType,
  type QualitativeStatus,
  type Role,
  timeProgressBp,
} from '@jixiao/core';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import { type AttributeContext, demoAttributes } from './attributes.ts';
import {
  CITY,
  CITY_DEPARTMENTS,
  COUNTIES,
  COUNTY_DEPARTMENTS,
  GIVEN,
  type RegionSpec,
  SURNAMES,
  THIRD_PARTIES,
} from './catalog.ts';
import { exampleItems } from './from-examples.ts';
import { buildIndicatorTree, type IndicatorSources, overallGoal } from './indicator-tree.ts';
import type { Nature } from './library.ts';
import { annotateOrgs, placeItems } from './placement.ts';
import { FUND_PLANS, SCENARIO_SLOTS } from './plan.ts';
import { SECTOR_CATALOGS } from './projects/index.ts';
import { Random } from './random.ts';
import { fillReports } from './reports.ts';
import { type Placement, SECTORS, type Sector } from './sectors.ts';
import {
  type DemoAssessment,
  type DemoTargetVersion,
  type DemoWorkflows,
  planWorkflows,
} from './workflows.ts';

const DEMO_SEED = 20_191_231;

/** How an executing item's spending compares with time progress; the sweep should find exactly these. */
export type ExecutionProfile = 'on_track' | 'ahead' | 'yellow' | 'orange' | 'red' | 'no_payment';

export interface DemoRegion {
  key: string;
  spec: RegionSpec;
  parentKey: string | null;
}

export interface DemoOrg {
  key: string;
  code: string;
  name: string;
  kind: 'finance_bureau' | 'department' | 'unit' | 'third_party';
  regionKey: string;
  parentKey: string | null;
  /** Department code from the catalog (for assigning items). */
  deptCode?: string;
  headUserKey?: string;
  /** The sector it works in, and what it does there (finance bureaus, departments and units only). */
  sector?: Sector;
  does?: Placement;
}

export interface DemoUser {
  key: string;
  name: string;
  orgKey: string;
  roles: Role[];
  title: string;
  mobile: string;
  dingtalkUserId: string;
  unionId: string;
}

export interface DemoIndicator {
  name: string;
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
  operator: Operator;
  targetValue: number | null;
  targetMin: number | null;
  targetMax: number | null;
  targetText: string | null;
  unit: string;
  weight: number;
  /** The library entry it was taken from (`workflows.ts`). */
  libraryKey?: string;
}

export interface DemoReport {
  indicatorIndex: number;
  reportedOn: string;
  actualValue: number | null;
  qualitativeStatus: QualitativeStatus | null;
  forecastValue: number | null;
  likelihood: CompletionLikelihood | null;
  deviationReason: DeviationReason | null;
  deviationNote: string | null;
  correctiveMeasure: string | null;
}

export interface DemoEvent {
  action: LifecycleAction;
  from: ItemState;
  to: ItemState;
  on: string;
  reason: string | null;
}

export interface DemoItem {
  code: string;
  name: string;
  /** The sector of the work (its owner's), and what kind of work it is. */
  sector: Sector;
  nature: Nature;
  kind: ItemKind;
  fundTypeId: string;
  orgKey: string;
  fiscalYearStart: number;
  fiscalYearEnd: number;
  currentFiscalYear: number;
  approvedAmountFen: number;
  responsiblePerson: string;
  isNewMajor: boolean;
  isSpecialTransfer: boolean;
  description: string;
  attributes: Record<string, unknown>;
  state: ItemState;
  profile: ExecutionProfile | null;
  staleReports: boolean;
  exAnte: { conclusion: 'support' | 'support_after_revision'; summary: string } | null;
  target: {
    overallGoal: string;
    status: 'draft' | 'submitted' | 'returned' | 'approved';
    indicators: DemoIndicator[];
  } | null;
  /** Filled by `planWorkflows`: 行业领域 for the library and ex-ante scope, the assessment, the target's versions. */
  librarySector?: LibrarySector | null;
  /** 支出功能分类科目, where the demo states it (the overlapping pair of 清理退出). */
  functionalSubject?: string;
  /** Indicator names the item is measured by, where the demo states them. */
  indicatorNames?: readonly string[];
  isNew?: boolean;
  isCapitalConstruction?: boolean;
  assessment?: DemoAssessment;
  targetVersions?: DemoTargetVersion[];
  /** A multi-year item's whole-cycle target and its versions. */
  cycleTarget?: {
    overallGoal: string;
    status: 'draft' | 'submitted' | 'returned' | 'approved';
    indicators: DemoIndicator[];
  };
  cycleVersions?: DemoTargetVersion[];
  payments: Array<{ paidOn: string; amountFen: number; voucherNo: string }>;
  reports: DemoReport[];
  events: DemoEvent[];
}

export interface DemoCity {
  asOf: string;
  fiscalYear: number;
  regions: DemoRegion[];
  orgs: DemoOrg[];
  users: DemoUser[];
  items: DemoItem[];
  workflows: DemoWorkflows;
}

const STATE_WEIGHTS: ReadonlyArray<readonly [ItemState, number]> = [
  ['executing', 78],
  ['suspended', 2],
  ['draft', 4],
  ['assessed', 1],
  ['targets_submitted', 4],
  ['targets_approved', 2],
  ['budget_approved', 3],
  ['self_evaluated', 3],
  ['closed', 1.5],
  ['terminated', 1.5],
];

const PROFILE_WEIGHTS: ReadonlyArray<readonly [ExecutionProfile, number]> = [
  ['on_track', 52],
  ['ahead', 6],
  ['yellow', 15],
  ['orange', 11],
  ['red', 11],
  ['no_payment', 5],
];

/** Lag behind time progress (percentage points) for each profile, inside its band with margin. */
function lagFor(profile: ExecutionProfile, rng: Random, config: PolicyConfig): number {
  const m = config.monitoring;
  switch (profile) {
    case 'on_track':
      return rng.between(-3, Math.max(0, m.lagYellowPoints - 4));
    case 'ahead':
      return rng.between(-12, -4);
    case 'yellow':
      return rng.between(m.lagYellowPoints + 0.8, m.lagOrangePoints - 0.8);
    case 'orange':
      return rng.between(m.lagOrangePoints + 0.8, m.lagRedPoints - 0.8);
    case 'red':
      return rng.between(m.lagRedPoints + 2, m.lagRedPoints + 30);
    case 'no_payment':
      return 100;
  }
}

function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Generates the demo city for a date. Deterministic: the same seed and date give the same city.
 * Executing items get a spending profile against 序时进度 (on track, ahead, yellow, orange, red
 * lag, no payment at all) so the monitoring sweep has real cases to find.
 */
export function generateDemoCity(opts: {
  asOf: string;
  registry: PluginRegistry;
  config: PolicyConfig;
  seed?: number;
}): DemoCity {
  const rng = new Random(opts.seed ?? DEMO_SEED);
  const asOf = parseIsoDate(opts.asOf);
  // Early in the year there is nothing to monitor yet: show last year's full cycle instead.
  const fiscalYear = asOf.month <= 2 ? asOf.year - 1 : asOf.year;
  const regions: DemoRegion[] = [{ key: CITY.code, spec: CITY, parentKey: null }];
  for (const c of COUNTIES) regions.push({ key: c.code, spec: c, parentKey: CITY.code });

  const orgs: DemoOrg[] = [];
  const users: DemoUser[] = [];
  let userSeq = 0;
  const addUser = (orgKey: string, roles: Role[], title: string): DemoUser => {
    userSeq++;
    const u: DemoUser = {
      key: `u${userSeq}`,
      name: personName(rng),
      orgKey,
      roles,
      title,
      mobile: `139${pad(rng.int(0, 99_999_999), 8)}`,
      dingtalkUserId: `jdz${pad(userSeq, 4)}`,
      unionId: `union${pad(userSeq, 4)}`,
    };
    users.push(u);
    return u;
  };

  // City finance bureau, audit bureau and third parties.
  const finKey = 'FIN-360200';
  orgs.push({
    key: finKey,
    code: 'FIN-360200',
    name: '景德镇市财政局',
    kind: 'finance_bureau',
    regionKey: CITY.code,
    parentKey: null,
  });
  const perf = addUser(finKey, ['finance_admin'], '预算绩效管理科科长');
  addUser(finKey, ['finance_admin'], '预算绩效管理科科员');
  addUser(finKey, ['region_leader'], '市财政局副局长');
  (orgs[0] as DemoOrg).headUserKey = perf.key;
  orgs.push({
    key: 'AUDIT-360200',
    code: 'AUDIT-360200',
    name: '景德镇市审计局',
    kind: 'department',
    regionKey: CITY.code,
    parentKey: null,
  });
  addUser('AUDIT-360200', ['auditor'], '财政审计科科长');
  THIRD_PARTIES.forEach((name, i) => {
    const key = `TP-${i + 1}`;
    orgs.push({ key, code: key, name, kind: 'third_party', regionKey: CITY.code, parentKey: null });
    addUser(key, ['evaluator'], '绩效评价项目经理');
  });

  const addDepartment = (
    regionKey: string,
    code: string,
    name: string,
    unitNames: readonly string[],
    deptCode: string,
  ) => {
    const key = `${code}-${regionKey}`;
    const head = addUser(key, ['dept_officer', 'leader'], '主要负责人');
    orgs.push({
      key,
      code: key,
      name,
      kind: 'department',
      regionKey,
      parentKey: null,
      deptCode,
      headUserKey: head.key,
    });
    addUser(key, ['dept_officer'], '财务与绩效科科长');
    unitNames.forEach((unitName, i) => {
      const unitKey = `${key}-U${i + 1}`;
      const unitHead = addUser(unitKey, ['unit_officer'], '单位负责人');
      orgs.push({
        key: unitKey,
        code: unitKey,
        name: unitName,
        kind: 'unit',
        regionKey,
        parentKey: key,
        deptCode,
        headUserKey: unitHead.key,
      });
      addUser(unitKey, ['unit_officer'], '财务人员');
    });
  };
  for (const d of CITY_DEPARTMENTS) {
    addDepartment(
      CITY.code,
      d.code,
      d.name,
      d.units.map((u) => u.name),
      d.code,
    );
  }
  for (const county of COUNTIES) {
    const fin = `FIN-${county.code}`;
    orgs.push({
      key: fin,
      code: fin,
      name: `${county.name}财政局`,
      kind: 'finance_bureau',
      regionKey: county.code,
      parentKey: null,
    });
    const countyAdmin = addUser(fin, ['finance_admin'], '绩效股股长');
    (orgs.at(-1) as DemoOrg).headUserKey = countyAdmin.key;
    for (const d of COUNTY_DEPARTMENTS) {
      addDepartment(
        county.code,
        d.code,
        `${county.name}${d.name}`,
        d.units.map((u) => `${county.name}${u.name}`),
        d.code,
      );
    }
  }

  annotateOrgs(orgs);

  const items: DemoItem[] = [];
  const scenarios = scenarioItems(fiscalYear);
  // Names are unique in the city: the fixed scenarios' names are taken before any template is placed.
  const taken = new Set(scenarios.map((s) => s.name.replace(/^\d{4}年/, '')));
  let seq = 0;
  for (const plan of FUND_PLANS) {
    const plugin = opts.registry.get(plan.fundTypeId);
    if (!plugin) continue;
    const fundLibrary = plan.fundLibraryFits ? plugin.indicatorLibrary : [];
    placeItems(plan, orgs, regions, taken, rng).forEach(({ sector, template, candidate }, n) => {
      seq++;
      const org = candidate.org;
      const code = `JDZ-${fiscalYear}-${pad(seq, 4)}`;
      const [minWan, maxWan] = template.wan ?? plan.amountWan;
      const amountFen = Math.round(rng.logBetween(minWan, maxWan) * 100) * 10_000; // whole 元 hundreds
      const multiYear = rng.chance(plan.multiYearShare);
      const fiscalYearStart = multiYear && rng.chance(0.5) ? fiscalYear - 1 : fiscalYear;
      const fiscalYearEnd = multiYear ? fiscalYearStart + rng.int(2, 4) : fiscalYearStart;
      // The first items of each fund type carry its rule scenarios, so they must be under monitoring.
      const scenarioSlot = n < SCENARIO_SLOTS;
      let state = scenarioSlot ? 'executing' : rng.weighted(STATE_WEIGHTS);
      const finished = state === 'self_evaluated' || state === 'closed';
      const currentFiscalYear = finished && !multiYear ? fiscalYear - 1 : fiscalYear;
      const itemStart = finished && !multiYear ? fiscalYear - 1 : fiscalYearStart;
      const itemEnd = finished && !multiYear ? fiscalYear - 1 : fiscalYearEnd;
      if (finished && multiYear) state = 'executing';
      const isNewMajor = amountFen >= 10_000 * 1_000_000 || rng.chance(0.08);
      const profile: ExecutionProfile | null = scenarioSlot
        ? 'on_track'
        : state === 'executing' || state === 'suspended'
          ? rng.weighted(PROFILE_WEIGHTS)
          : null;
      const item: DemoItem = {
        code,
        name: `${currentFiscalYear}年${candidate.name}`,
        sector,
        nature: template.nature,
        kind: template.kind ?? plan.kind,
        fundTypeId: plan.fundTypeId,
        orgKey: org.key,
        fiscalYearStart: itemStart,
        fiscalYearEnd: itemEnd,
        currentFiscalYear,
        approvedAmountFen: amountFen,
        responsiblePerson: personName(rng),
        isNewMajor,
        isSpecialTransfer: plan.fundTypeId === 'special-transfer',
        description: `${org.name}实施的${candidate.work}，资金来源为${plugin.name}。`,
        attributes: {},
        state,
        profile,
        staleReports: false,
        exAnte: null,
        target: null,
        payments: [],
        reports: [],
        events: [],
      };
      item.attributes = demoAttributes(
        plan.fundTypeId,
        attributeContext(item, n, opts.asOf, opts.config, rng),
      );
      fillLifecycle(item, rng, opts.config, sourcesFor(item, template.indicators, fundLibrary), opts.asOf);
      items.push(item);
    });
  }
  for (const scenario of [
    ...scenarios,
    ...overlappingScenarioItems(fiscalYear),
    ...exampleItems(opts.registry, fiscalYear, orgs),
  ]) {
    const plugin = opts.registry.get(scenario.fundTypeId);
    if (!plugin || !orgs.some((o) => o.key === scenario.orgKey)) continue;
    seq++;
    const item: DemoItem = {
      ...scenario,
      code: `JDZ-${fiscalYear}-${pad(seq, 4)}`,
      fiscalYearStart: fiscalYear,
      fiscalYearEnd: fiscalYear,
      currentFiscalYear: fiscalYear,
      responsiblePerson: personName(rng),
      isNewMajor: false,
      isSpecialTransfer: false,
      state: 'executing',
      profile: 'on_track',
      staleReports: false,
      exAnte: null,
      target: null,
      payments: [],
      reports: [],
      events: [],
    };
    fillLifecycle(
      item,
      rng,
      opts.config,
      scenarioSources(item, (scenario as Partial<ScenarioItem>).indicatorNames, plugin.indicatorLibrary),
      opts.asOf,
    );
    items.push(item);
  }
  const city = { asOf: opts.asOf, fiscalYear, regions, orgs, users, items };
  return { ...city, workflows: planWorkflows(city, opts.config, (opts.seed ?? DEMO_SEED) + 1) };
}

function attributeContext(
  item: DemoItem,
  slot: number,
  asOf: string,
  config: PolicyConfig,
  rng: Random,
): AttributeContext {
  return {
    name: item.name,
    amountFen: item.approvedAmountFen,
    fiscalYear: item.currentFiscalYear,
    asOf,
    progress: timeProgressBp(asOf, item.currentFiscalYear, config.monitoring.timeProgressBasis) / 10_000,
    slot,
    functionSubject: SECTORS[item.sector].functionSubject,
    rng,
  };
}

/** A scenario's indicators: the names it lists from its sector's and the common library, else its fund type's. */
function scenarioSources(
  item: DemoItem,
  listed: readonly string[] | undefined,
  fundLibrary: IndicatorSources['fund'],
): IndicatorSources {
  return listed ? sourcesFor(item, listed, []) : sourcesFor(item, [], fundLibrary);
}

/** Where an item's indicators come from: the names it lists, its sector's library, its fund type's where that fits. */
function sourcesFor(
  item: DemoItem,
  listed: readonly string[],
  fundLibrary: IndicatorSources['fund'],
): IndicatorSources {
  return {
    listed,
    sector: SECTOR_CATALOGS[item.sector].library,
    fund: fundLibrary,
    nature: item.nature,
    amountWan: item.approvedAmountFen / 1_000_000,
  };
}

const YI = 10_000_000_000;

type ScenarioItem = Pick<
  DemoItem,
  | 'name'
  | 'kind'
  | 'fundTypeId'
  | 'orgKey'
  | 'approvedAmountFen'
  | 'description'
  | 'attributes'
  | 'sector'
  | 'nature'
  | 'functionalSubject'
  | 'indicatorNames'
>;

/**
 * Region-level cases no random item makes: each region's revenue plan (revenue realism rules),
 * and 昌江区's PPP portfolio pushed over the 10% affordability red line.
 */
function scenarioItems(fy: number): ScenarioItem[] {
  const revenue = (region: RegionSpec, extra: Record<string, unknown>): ScenarioItem => {
    const target = Math.round(region.generalRevenueYi * YI);
    const monthly = Array.from({ length: 12 }, () => Math.round(target / 12 / 100) * 100);
    return {
      name: `${fy}年${region.name}一般公共预算收入计划`,
      sector: 'finance',
      nature: 'fund',
      kind: 'policy',
      fundTypeId: 'general-budget',
      orgKey: `FIN-${region.code}`,
      approvedAmountFen: target,
      description: `${region.name}本级一般公共预算收入预算及执行。`,
      attributes: {
        side: 'revenue',
        revenueTargetFen: target,
        priorYearRevenueFen: Math.round(target / (1 + region.revenueGrowthTargetPct / 100)),
        actualRevenueFen: Math.round(target * 0.84),
        monthlyRevenueFen: monthly.slice(0, 10),
        taxRevenueFen: Math.round(target * 0.84 * 0.74),
        revenueGrowthTarget: region.revenueGrowthTargetPct / 100,
        expectedGdpGrowth: region.gdpGrowthPct / 100,
        ...extra,
      },
    };
  };
  const [fuliang, leping, changjiang] = COUNTIES as [RegionSpec, RegionSpec, RegionSpec];
  return [
    revenue(CITY, {}),
    revenue(fuliang, { taxRevenueFen: Math.round(fuliang.generalRevenueYi * YI * 0.84 * 0.62) }),
    revenue(leping, {}),
    revenue(changjiang, { actualRevenueFen: Math.round(changjiang.generalRevenueYi * YI * 1.09) }),
    {
      name: `${fy}年昌江区城市快速路PPP项目`,
      sector: 'housing',
      nature: 'construction',
      kind: 'project',
      fundTypeId: 'ppp',
      orgKey: 'HOUSING-360202',
      approvedAmountFen: 27_000_000_000,
      description: '昌江区城市快速路PPP项目政府支出责任。',
      attributes: {
        phase: 'execution',
        paymentMechanism: 'government_pay',
        cooperationPeriodYears: 15,
        totalInvestmentFen: 320_000_000_000,
        annualFiscalObligationFen: 27_000_000_000,
        obligationBudget: 'general',
        performanceLinkedShare: 0.35,
      },
    },
    {
      name: `${fy}年昌江区智慧停车PPP项目`,
      sector: 'housing',
      nature: 'construction',
      kind: 'project',
      fundTypeId: 'ppp',
      orgKey: 'HOUSING-360202',
      approvedAmountFen: 5_000_000_000,
      description: '昌江区智慧停车PPP项目（采购阶段，政府付费）。',
      attributes: {
        phase: 'procurement',
        paymentMechanism: 'government_pay',
        cooperationPeriodYears: 12,
        annualFiscalObligationFen: 5_000_000_000,
        obligationBudget: 'general',
        performanceLinkedShare: 0.4,
      },
    },
  ];
}

/**
 * 清理退出: two departments paying for the same training of rural workers (交叉重复) — placed
 * after the other scenarios, so the generated items before them are as they were.
 */
function overlappingScenarioItems(fy: number): ScenarioItem[] {
  const common = ['补助对象认定准确率', '补助资金按时足额发放率', '受益对象满意度'];
  return [
    {
      name: `${fy}年农村劳动力转移就业技能培训补贴`,
      sector: 'human_resources',
      nature: 'subsidy',
      kind: 'policy',
      fundTypeId: 'general-budget',
      orgKey: `HRSS-${CITY.code}`,
      approvedAmountFen: 1_200_000_000,
      description: '对参加就业技能培训的农村转移劳动力按培训合格人数给予培训补贴，促进农村劳动力转移就业。',
      attributes: { side: 'expenditure', functionSubjectCode: SECTORS.human_resources.functionSubject },
      functionalSubject: '2080799',
      indicatorNames: ['补贴性职业技能培训人次', '参训人员就业率', ...common],
    },
    {
      name: `${fy}年农村劳动力就业技能培训补助`,
      sector: 'agriculture',
      nature: 'subsidy',
      kind: 'policy',
      fundTypeId: 'general-budget',
      orgKey: `AGRI-${CITY.code}`,
      approvedAmountFen: 800_000_000,
      description: '对参加就业技能培训的农村劳动力按培训合格人数给予补助，促进农村劳动力就业增收。',
      attributes: { side: 'expenditure', functionSubjectCode: SECTORS.agriculture.functionSubject },
      functionalSubject: '2130199',
      indicatorNames: ['培育高素质农民', ...common],
    },
  ];
}

function fillLifecycle(
  item: DemoItem,
  rng: Random,
  config: PolicyConfig,
  sources: IndicatorSources,
  asOf: string,
): void {
  const year = item.currentFiscalYear;
  const state = item.state;
  // Ex-ante assessment for new major items (and a few others).
  const assessed = item.isNewMajor && state !== 'draft';
  if (assessed) {
    item.exAnte = {
      conclusion: rng.chance(0.8) ? 'support' : 'support_after_revision',
      summary: '立项必要、投入经济、目标合理、方案可行、筹资合规，建议予以支持。',
    };
  }
  const prep = `${year - 1}-11-${pad(rng.int(1, 20))}`;
  const submitOn = `${year - 1}-11-${pad(rng.int(21, 28))}`;
  const approveOn = `${year - 1}-12-${pad(rng.int(1, 15))}`;
  const budgetOn = `${year}-01-${pad(rng.int(5, 20))}`;
  const execOn = `${year}-01-${pad(rng.int(21, 31))}`;
  let from: ItemState = 'draft';
  const ev = (action: LifecycleAction, to: ItemState, on: string, reason: string | null = null) => {
    item.events.push({ action, from, to, on, reason });
    from = to;
  };
  if (assessed) ev('assess', 'assessed', prep);
  if ((state !== 'draft' && state !== 'assessed') || (state === 'draft' && rng.chance(0.5))) {
    const indicators = buildIndicatorTree(sources, config, rng);
    item.target = { overallGoal: overallGoal(year, indicators), status: 'draft', indicators };
  }
  if (state === 'draft' || state === 'assessed') return;
  ev('submit_targets', 'targets_submitted', submitOn);
  (item.target as NonNullable<DemoItem['target']>).status = 'submitted';
  if (state === 'targets_submitted') return;
  ev('approve_targets', 'targets_approved', approveOn);
  (item.target as NonNullable<DemoItem['target']>).status = 'approved';
  if (state === 'targets_approved') return;
  ev('approve_budget', 'budget_approved', budgetOn);
  if (state === 'budget_approved') return;
  ev('start_execution', 'executing', execOn);

  const yearEnd = `${year}-12-31`;
  const effectiveAsOf = asOf < yearEnd ? asOf : yearEnd;
  fillPayments(item, rng, config, effectiveAsOf);
  fillReports(item, rng, effectiveAsOf);
  if (state === 'suspended') {
    ev('suspend', 'suspended', effectiveAsOf, '支出进度严重滞后且未说明原因，暂缓拨付剩余资金');
  } else if (state === 'terminated') {
    ev('terminate', 'terminated', effectiveAsOf, '政策到期且绩效低下，按规定清理退出');
  } else if (state === 'self_evaluated' || state === 'closed') {
    ev('submit_self_evaluation', 'self_evaluated', `${year + 1}-02-${pad(rng.int(1, 20))}`);
    if (state === 'closed') {
      ev('complete_evaluation', 'evaluated', `${year + 1}-04-${pad(rng.int(1, 20))}`);
      ev('close', 'closed', `${year + 1}-05-${pad(rng.int(1, 20))}`);
    }
  }
}

/**
 * The months money goes out: subsidies at quarter ends, building in lumps as work is measured,
 * everything else monthly; never January (the budget is still being released), unless that is all there is.
 */
function paymentMonths(nature: Nature, lastMonth: number, rng: Random): number[] {
  const all = Array.from({ length: lastMonth }, (_, i) => i + 1).filter((m) => m >= 2 || lastMonth === 1);
  const some =
    nature === 'subsidy'
      ? all.filter((m) => m % 3 === 0)
      : nature === 'construction'
        ? all.filter(() => rng.chance(0.55))
        : all;
  return some.length >= 1 ? some : all;
}

function fillPayments(item: DemoItem, rng: Random, config: PolicyConfig, asOf: string): void {
  const year = item.currentFiscalYear;
  const parts = parseIsoDate(asOf);
  const closedYear =
    item.state === 'self_evaluated' || item.state === 'closed' || item.state === 'terminated';
  const profile: ExecutionProfile = closedYear ? 'on_track' : (item.profile ?? 'on_track');
  if (profile === 'no_payment') return;
  const progress = timeProgressBp(asOf, year, config.monitoring.timeProgressBasis) / 100;
  const lag = closedYear
    ? rng.between(0, 8)
    : lagFor(profile, rng, policyForFundType(config, item.fundTypeId));
  const ratePct = Math.min(100, Math.max(1, progress - lag));
  const total = Math.floor((item.approvedAmountFen * ratePct) / 100 / 100) * 100; // whole yuan
  if (total <= 0) return;
  const lastMonth = parts.year > year ? 12 : parts.month;
  const months = paymentMonths(item.nature, lastMonth, rng);
  const weights = months.map((m) => rng.between(0.6, 1.4) * (m % 3 === 0 ? 1.3 : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  let remaining = total;
  months.forEach((m, i) => {
    const isLast = i === months.length - 1;
    const share = isLast ? remaining : Math.floor((total * (weights[i] as number)) / sum / 100) * 100;
    if (share <= 0) return;
    remaining -= share;
    const maxDay =
      m === lastMonth && parts.year === year ? Math.min(parts.day, daysIn(year, m)) : daysIn(year, m);
    const day = rng.int(1, Math.max(1, maxDay));
    item.payments.push({
      paidOn: dateOf(year, m, day),
      amountFen: share,
      voucherNo: `GK${year}${pad(m)}${pad(item.payments.length + 1, 3)}-${item.code.slice(-4)}`,
    });
  });
}
