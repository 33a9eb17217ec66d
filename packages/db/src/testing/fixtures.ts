import {
  type BudgetItemCreate,
  type DepartmentIndicatorInput,
  defaultPolicyConfig,
  fenSchema,
  type PolicyConfig,
  type TargetInput,
} from '@jixiao/core';
import { createPluginRegistry, definePlugin, itemRule, type PluginRegistry } from '@jixiao/plugin-kit';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, loadActor, SYSTEM_ACTOR } from '../actor.ts';
import { issueBudgetApproval } from '../budget-approvals/budget-approvals.ts';
import type { DatabaseHandle } from '../client.ts';
import { syncPluginIndicators } from '../indicator-library/library.ts';
import type { ItemRow } from '../items/item-queries.ts';
import { createItem } from '../items/item-writes.ts';
import { applyAction } from '../items/lifecycle.ts';
import { createOrgUnit, createRegion, createUser, syncFundTypes } from '../master-data/index.ts';
import type { Platform } from '../platform.ts';
import { orgUnits } from '../schema/index.ts';
import { reviewTarget } from '../target-reviews/review.ts';
import { submitTarget } from '../target-reviews/submit.ts';
import { setTarget } from '../targets/target-writes.ts';

/** A small fund type for platform tests (the real ones live in plugins/); not for transfer payments. */
export const testFundPlugin = definePlugin({
  id: 'test-fund',
  name: '测试资金',
  budgetBook: 'general',
  itemKinds: ['project', 'policy', 'department_wide'],
  attributes: z.object({
    contractAmountFen: fenSchema.optional(),
    method: z.enum(['public_tender', 'single_source']).optional(),
  }),
  monitoringRules: [
    itemRule({
      id: 'single-source',
      name: '单一来源采购',
      source: '测试',
      inputs: ['attributes'],
      evaluate: (s) =>
        (s.attributes as { method?: string }).method === 'single_source'
          ? [{ severity: 'yellow', message: '采用单一来源方式', suggestedAction: 'explain' }]
          : [],
    }),
  ],
});

export interface TestCity {
  platform: Platform;
  registry: PluginRegistry;
  regionId: number;
  countyRegionId: number;
  orgs: { finance: number; deptA: number; unitA1: number; deptB: number; countyFinance: number };
  actors: {
    admin: Actor;
    officerA: Actor;
    unitA1: Actor;
    officerB: Actor;
    leader: Actor;
    countyAdmin: Actor;
  };
}

/** Seeds a small city: a finance bureau, two departments (one with a unit), a county, one user per role. */
export async function seedTestCity(
  handle: DatabaseHandle,
  opts: {
    today?: string;
    config?: PolicyConfig;
    plugins?: unknown[];
    /** Plugin settings overrides by plugin id (the `plugins` section of the policy configuration). */
    settings?: Record<string, unknown>;
  } = {},
): Promise<TestCity> {
  const config = opts.config ?? defaultPolicyConfig;
  const registry = createPluginRegistry(opts.plugins ?? [testFundPlugin], {
    settings: opts.settings,
    config,
  });
  const fixed = new Date(`${opts.today ?? '2026-08-31'}T04:00:00Z`);
  const platform: Platform = {
    db: handle.db,
    kind: handle.kind,
    registry,
    config,
    now: () => new Date(fixed.getTime()),
  };
  await syncFundTypes(handle.db, registry.list());
  await syncPluginIndicators(handle.db, registry.list());
  const sys = SYSTEM_ACTOR;
  const city = await createRegion(platform, sys, {
    code: '360200',
    name: '景德镇市',
    level: 'city',
    parentId: null,
  });
  const county = await createRegion(platform, sys, {
    code: '360222',
    name: '浮梁县',
    level: 'county',
    parentId: city.id,
  });
  const org = (
    code: string,
    name: string,
    kind: 'finance_bureau' | 'department' | 'unit',
    regionId: number,
    parentId: number | null = null,
  ) => createOrgUnit(platform, sys, { code, name, kind, regionId, parentId });
  const finance = await org('FIN', '景德镇市财政局', 'finance_bureau', city.id);
  const deptA = await org('EDU', '景德镇市教育局', 'department', city.id);
  const unitA1 = await org('EDU-1', '景德镇市第一中学', 'unit', city.id, deptA.id);
  const deptB = await org('HEALTH', '景德镇市卫生健康委员会', 'department', city.id);
  const countyFinance = await org('FIN-FL', '浮梁县财政局', 'finance_bureau', county.id);
  const user = async (name: string, orgUnitId: number, roles: Actor['roles'], dingtalkUserId: string) => {
    const u = await createUser(platform, sys, {
      name,
      orgUnitId,
      roles: [...roles],
      dingtalkUserId,
      dingtalkUnionId: `union-${dingtalkUserId}`,
    });
    return (await loadActor(handle.db, u.id)) as Actor;
  };
  return {
    platform,
    registry,
    regionId: city.id,
    countyRegionId: county.id,
    orgs: {
      finance: finance.id,
      deptA: deptA.id,
      unitA1: unitA1.id,
      deptB: deptB.id,
      countyFinance: countyFinance.id,
    },
    actors: {
      admin: await user('王财政', finance.id, ['finance_admin'], TEST_DINGTALK_IDS.admin),
      officerA: await user('李教育', deptA.id, ['dept_officer'], TEST_DINGTALK_IDS.officerA),
      unitA1: await user('赵一中', unitA1.id, ['unit_officer'], TEST_DINGTALK_IDS.unitA1),
      officerB: await user('陈卫健', deptB.id, ['dept_officer'], TEST_DINGTALK_IDS.officerB),
      leader: await user('刘领导', finance.id, ['region_leader'], TEST_DINGTALK_IDS.leader),
      countyAdmin: await user('周浮梁', countyFinance.id, ['finance_admin'], TEST_DINGTALK_IDS.countyAdmin),
    },
  };
}

/** The DingTalk userIds `seedTestCity` gives its officials, by actor. */
export const TEST_DINGTALK_IDS = {
  admin: 'dt-admin',
  officerA: 'dt-edu',
  unitA1: 'dt-edu-1',
  officerB: 'dt-health',
  leader: 'dt-leader',
  countyAdmin: 'dt-fl-admin',
} as const;

/** A complete target (output 50 / benefit 30 / satisfaction 10) for `fiscalYear`. */
export function completeTarget(fiscalYear: number | null = 2026): TargetInput {
  return {
    fiscalYear,
    overallGoal: '完成校舍改造，改善办学条件',
    indicators: [
      {
        name: '改造校舍面积',
        level1: 'output',
        level2: 'quantity',
        operator: 'gte',
        targetValue: 12000,
        unit: '平方米',
        weight: 30,
        basis: 'plan',
      },
      {
        name: '工程验收合格率',
        level1: 'output',
        level2: 'quality',
        operator: 'gte',
        targetValue: 100,
        unit: '%',
        weight: 20,
        basis: 'plan',
      },
      {
        name: '受益学生人数',
        level1: 'benefit',
        level2: 'social',
        operator: 'gte',
        targetValue: 3000,
        unit: '人',
        weight: 30,
        basis: 'plan',
      },
      {
        name: '学生家长满意度',
        level1: 'satisfaction',
        level2: 'satisfaction',
        operator: 'gte',
        targetValue: 90,
        unit: '%',
        weight: 10,
        basis: 'plan',
      },
    ],
  };
}

let codeSeq = 0;

/** Creates an item through the services and walks it to `executing` (targets approved, budget approved). */
export async function createExecutingItem(
  city: TestCity,
  overrides: Partial<BudgetItemCreate> = {},
  by: Actor = city.actors.officerA,
): Promise<ItemRow> {
  const { platform } = city;
  codeSeq++;
  const item = await createItem(platform, by, {
    code: `T-${process.pid}-${codeSeq}`,
    name: `测试项目${codeSeq}`,
    kind: 'project',
    fundTypeId: 'test-fund',
    orgUnitId: city.orgs.deptA,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: 1_000_000_00,
    responsiblePerson: '张三',
    isNewMajor: false,
    isSpecialTransfer: false,
    attributes: {},
    ...overrides,
  });
  await setTarget(platform, by, item.id, completeTarget(item.fiscalYearStart));
  await approveThroughWorkflows(city, item, by);
  const result = await applyAction(platform, by, item.id, 'start_execution', {});
  return result.item;
}

/** Every criterion met: what an approving reviewer marks. */
export const ALL_CRITERIA_MET = {
  specific: { met: true },
  quantified: { met: true },
  feasible: { met: true },
  matched: { met: true },
} as const;

/** The department (top-level org unit) an org unit belongs to. */
export async function departmentOf(platform: Platform, orgUnitId: number): Promise<number> {
  const [org] = await platform.db
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.id, orgUnitId));
  return Number(/o(\d+)\//.exec(org?.path ?? '')?.[1] ?? orgUnitId);
}

/**
 * Takes an item whose current-year target is filled in through the workflows to 预算已批复: the
 * officer submits the target, the finance admin approves it with every criterion met, then
 * approves the budget of that item (同步批复).
 */
export async function approveThroughWorkflows(city: TestCity, item: ItemRow, by: Actor): Promise<void> {
  const { platform, actors } = city;
  const version = await submitTarget(platform, by, item.id, { fiscalYear: item.currentFiscalYear });
  await reviewTarget(platform, actors.admin, version.id, 'approve', {
    criteria: ALL_CRITERIA_MET,
    comments: [],
  });
  await issueBudgetApproval(platform, actors.admin, {
    orgUnitId: await departmentOf(platform, item.orgUnit.id),
    fiscalYear: item.currentFiscalYear,
    itemIds: [item.id],
  });
}

/** A department-wide target for an education bureau: one indicator per dimension, weights summing to 100. */
export const EDUCATION_DEPARTMENT_INDICATORS: DepartmentIndicatorInput[] = [
  {
    name: '重点工作任务完成率',
    dimension: 'effectiveness',
    operator: 'gte',
    targetValue: 95,
    unit: '%',
    weight: 30,
  },
  {
    name: '“三公”经费变动率',
    dimension: 'running_cost',
    operator: 'lte',
    targetValue: 0,
    unit: '%',
    weight: 15,
  },
  {
    name: '预算执行率',
    dimension: 'management_efficiency',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 15,
  },
  {
    name: '义务教育巩固率',
    dimension: 'social_effect',
    operator: 'gte',
    targetValue: 99,
    unit: '%',
    weight: 15,
  },
  {
    name: '教师培训覆盖率',
    dimension: 'sustainability',
    operator: 'gte',
    targetValue: 100,
    unit: '%',
    weight: 15,
  },
  { name: '家长满意度', dimension: 'satisfaction', operator: 'gte', targetValue: 90, unit: '%', weight: 10 },
];
