import type { IndicatorInput } from '@jixiao/core';
import { type Actor, loadActor, SYSTEM_ACTOR } from '@jixiao/db';
import { recordPayment } from '@jixiao/db/execution';
import { applyAction, createItem, type ItemRow } from '@jixiao/db/items';
import { createOrgUnit, createUser } from '@jixiao/db/master-data';
import { setTarget } from '@jixiao/db/targets';
import { approveThroughWorkflows, type TestCity } from '@jixiao/db/testing';
import { definePlugin } from '@jixiao/plugin-kit';
import { plugin as pppPlugin } from '@jixiao/plugin-ppp';
import { z } from 'zod';
import { addWarning, buildWorld, type World } from './fixtures.ts';

/**
 * Fund types named as the real plugins name them (ids and Chinese names), so questions are
 * resolved against the same registry names; the PPP one carries the real plugin's 财承 command.
 */
const fundType = (id: string, name: string, extra: object = {}) =>
  definePlugin({ id, name, budgetBook: 'general', attributes: z.object({}), ...extra });
const DEMO_FUND_TYPES = [
  fundType('ppp', '政府和社会资本合作（PPP）', { botCommands: pppPlugin.botCommands }),
  fundType('debt', '政府债务项目（含专项债）'),
  fundType('general-budget', '一般公共预算'),
  fundType('special-transfer', '专项转移支付'),
];

/** DingTalk ids of the officials added to the seeded city. */
export const HOUSING_IDS = {
  /** 钱住建, 绩效专员 of 景德镇市住房和城乡建设局. */
  officer: 'dt-housing',
  /** 孙城建, 绩效专员 of 景德镇市城市建设服务中心 (a unit under it). */
  unit: 'dt-housing-1',
  /** 吴浮梁, 绩效专员 of 浮梁县住房和城乡建设局. */
  county: 'dt-fl-housing',
} as const;

/** The indicators the demo's housing items carry (weights as the policy requires). */
const HOUSING_INDICATORS: IndicatorInput[] = [
  {
    name: '建设改造面积',
    level1: 'output',
    level2: 'quantity',
    operator: 'gte',
    targetValue: 50000,
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
    name: '受益群众人数',
    level1: 'benefit',
    level2: 'social',
    operator: 'gte',
    targetValue: 20000,
    unit: '人',
    weight: 30,
    basis: 'plan',
  },
  {
    name: '服务对象满意度',
    level1: 'satisfaction',
    level2: 'satisfaction',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 10,
    basis: 'plan',
  },
];

export interface DemoLikeWorld extends World {
  housing: {
    dept: number;
    cityBuilding: number;
    housingSecurity: number;
    countyDept: number;
    /** By code suffix: 0201 海绵城市建设PPP, 0202 垃圾焚烧发电PPP (unit), 0203 综合管廊PPP,
     * 0219 老旧小区改造（专项债）, 0205 燃气管网 (unit, nothing paid), 0206 保障性租赁住房 (unit),
     * 0207 保障性安居工程补助资金 (专项转移支付), 0301 浮梁县海绵城市建设PPP. */
    items: Record<'i0201' | 'i0202' | 'i0203' | 'i0219' | 'i0205' | 'i0206' | 'i0207' | 'i0301', ItemRow>;
    warnings: Record<'lag0205' | 'lag0201' | 'noPay0207' | 'lag0301', number>;
  };
}

async function housingItem(
  city: TestCity,
  by: Actor,
  spec: { code: string; name: string; orgUnitId: number; fundTypeId: string; amountFen: number },
): Promise<ItemRow> {
  const { platform } = city;
  const item = await createItem(platform, by, {
    code: spec.code,
    name: spec.name,
    kind: 'project',
    fundTypeId: spec.fundTypeId,
    orgUnitId: spec.orgUnitId,
    fiscalYearStart: 2026,
    fiscalYearEnd: 2026,
    approvedAmountFen: spec.amountFen,
    responsiblePerson: '钱工',
    isNewMajor: false,
    isSpecialTransfer: spec.fundTypeId === 'special-transfer',
    attributes: {},
  });
  await setTarget(platform, by, item.id, {
    fiscalYear: 2026,
    overallGoal: '按期完成建设任务，群众满意',
    indicators: HOUSING_INDICATORS,
  });
  await approveThroughWorkflows(city, item, by);
  return (await applyAction(platform, by, item.id, 'start_execution', {})).item;
}

/**
 * The seeded city plus the demo city's 住房和城乡建设局 (with its units 城市建设服务中心 and
 * 住房保障服务中心), 浮梁县's 住建局, their PPP / 专项债 / 一般公共预算 / 专项转移支付 items and warnings:
 * the shapes of the officials' questions in the issue, on known data.
 */
export async function buildDemoLikeWorld(): Promise<DemoLikeWorld> {
  const world = await buildWorld({ plugins: DEMO_FUND_TYPES });
  const { city } = world;
  const { platform } = city;
  const org = (
    code: string,
    name: string,
    kind: 'department' | 'unit',
    regionId: number,
    parentId?: number,
  ) => createOrgUnit(platform, SYSTEM_ACTOR, { code, name, kind, regionId, parentId: parentId ?? null });
  const dept = await org('HOUSING', '景德镇市住房和城乡建设局', 'department', city.regionId);
  const cityBuilding = await org('HOUSING-1', '景德镇市城市建设服务中心', 'unit', city.regionId, dept.id);
  const housingSecurity = await org('HOUSING-2', '景德镇市住房保障服务中心', 'unit', city.regionId, dept.id);
  const countyDept = await org('FL-HOUSING', '浮梁县住房和城乡建设局', 'department', city.countyRegionId);
  await org('FL-HOUSING-1', '浮梁县城乡建设服务中心', 'unit', city.countyRegionId, countyDept.id);
  const user = async (name: string, orgUnitId: number, roles: Actor['roles'], dingtalkUserId: string) => {
    const u = await createUser(platform, SYSTEM_ACTOR, {
      name,
      orgUnitId,
      roles: [...roles],
      dingtalkUserId,
      dingtalkUnionId: `union-${dingtalkUserId}`,
    });
    return (await loadActor(platform.db, u.id)) as Actor;
  };
  const officer = await user('钱住建', dept.id, ['dept_officer'], HOUSING_IDS.officer);
  const unit = await user('孙城建', cityBuilding.id, ['unit_officer'], HOUSING_IDS.unit);
  const county = await user('吴浮梁', countyDept.id, ['dept_officer'], HOUSING_IDS.county);
  const item = (code: string, name: string, orgUnitId: number, fundTypeId: string, wan: number, by: Actor) =>
    housingItem(city, by, { code, name, orgUnitId, fundTypeId, amountFen: wan * 1_000_000 });
  const items = {
    i0201: await item('JDZ-2026-0201', '2026年海绵城市建设PPP项目', dept.id, 'ppp', 1000, officer),
    i0202: await item('JDZ-2026-0202', '2026年生活垃圾焚烧发电PPP项目', cityBuilding.id, 'ppp', 2000, unit),
    i0203: await item('JDZ-2026-0203', '2026年城市综合管廊PPP项目', dept.id, 'ppp', 1500, officer),
    i0219: await item('JDZ-2026-0219', '2026年城镇老旧小区改造（专项债）', dept.id, 'debt', 3000, officer),
    i0205: await item(
      'JDZ-2026-0205',
      '2026年城市燃气管网更新',
      cityBuilding.id,
      'general-budget',
      800,
      unit,
    ),
    i0206: await item(
      'JDZ-2026-0206',
      '2026年保障性租赁住房建设',
      housingSecurity.id,
      'general-budget',
      600,
      officer,
    ),
    i0207: await item(
      'JDZ-2026-0207',
      '2026年城镇保障性安居工程补助资金',
      dept.id,
      'special-transfer',
      500,
      officer,
    ),
    i0301: await item('JDZ-2026-0301', '2026年浮梁县海绵城市建设PPP项目', countyDept.id, 'ppp', 900, county),
  };
  const pay = (i: ItemRow, share: number, by: Actor) =>
    recordPayment(platform, by, i.id, {
      paidOn: '2026-07-15',
      amountFen: Math.round(i.approvedAmountFen * share),
      source: 'treasury',
    });
  await pay(items.i0201, 0.2, officer);
  await pay(items.i0202, 0.6, unit);
  await pay(items.i0203, 0.55, officer);
  await pay(items.i0219, 0.5, officer);
  await pay(items.i0206, 0.6, officer);
  await pay(items.i0207, 0.55, officer);
  await pay(items.i0301, 0.1, county);
  const lag = async (i: ItemRow, rateBp: number, severity: 'red' | 'yellow') =>
    (
      await addWarning(platform, i, {
        ruleId: 'core:execution-lag',
        severity,
        suggestedAction: severity === 'red' ? 'suspend_payment' : 'remind',
        message: `支出进度滞后：执行率${(rateBp / 100).toFixed(1)}%，序时进度58.3%，落后${((5833 - rateBp) / 100).toFixed(1)}个百分点`,
        details: { executionRateBp: rateBp, timeProgressBp: 5833, lagBp: 5833 - rateBp },
      })
    ).id;
  const noPay = (
    await addWarning(platform, items.i0207, {
      ruleId: 'core:no-payment',
      severity: 'orange',
      suggestedAction: 'explain',
      message: '补助资金下达后超过3个月未分配到项目，请说明原因',
      details: {},
    })
  ).id;
  return {
    ...world,
    housing: {
      dept: dept.id,
      cityBuilding: cityBuilding.id,
      housingSecurity: housingSecurity.id,
      countyDept: countyDept.id,
      items,
      warnings: {
        lag0205: await lag(items.i0205, 0, 'red'),
        lag0201: await lag(items.i0201, 2000, 'red'),
        noPay0207: noPay,
        lag0301: await lag(items.i0301, 1000, 'red'),
      },
    },
  };
}
