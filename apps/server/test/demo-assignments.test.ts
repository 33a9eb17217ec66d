import { defaultPolicyConfig, indicatorTreeProblems, quantitativeCompletion } from '@jixiao/core';
import type { PluginRegistry } from '@jixiao/plugin-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { configuredPluginPaths } from '../src/config.ts';
import { type DemoCity, type DemoItem, type DemoOrg, generateDemoCity } from '../src/demo/generate.ts';
import { COMMON_LIBRARY } from '../src/demo/library.ts';
import { FUND_PLANS, templatesFor } from '../src/demo/plan.ts';
import { SECTOR_CATALOGS } from '../src/demo/projects/index.ts';
import { SECTORS } from '../src/demo/sectors.ts';
import { loadPlugins } from '../src/plugins.ts';

// The demo city as an official of the finance bureau would read it: each project with the body
// that would run it, indicators that belong to that kind of project, names a city would use, and
// progress reports that differ from indicator to indicator.
let registry: PluginRegistry;
let city: DemoCity;
let orgOf: (item: DemoItem) => DemoOrg;
beforeAll(async () => {
  registry = await loadPlugins(configuredPluginPaths());
  city = generateDemoCity({ asOf: '2026-11-27', registry, config: defaultPolicyConfig });
  const byKey = new Map(city.orgs.map((o) => [o.key, o]));
  orgOf = (item) => byKey.get(item.orgKey) as DemoOrg;
});

const planned = new Set(FUND_PLANS.map((p) => p.fundTypeId));
/** The fixed rule scenarios: the four revenue plans and 昌江区's two PPP cases. */
const FIXED =
  /^\d{4}年(.+一般公共预算收入计划|昌江区城市快速路PPP项目|昌江区智慧停车PPP项目|农村劳动力(?:转移)?就业技能培训补(?:贴|助))$/;
const isRevenuePlan = (item: DemoItem) => item.attributes.side === 'revenue';
const names = (list: ReadonlyArray<{ name: string }>) => new Set(list.map((t) => t.name));

describe('who runs what in the demo city', () => {
  it('knows the sector of every finance bureau, department and unit, and what each unit does', () => {
    for (const org of city.orgs.filter((o) => o.kind === 'finance_bureau' || o.deptCode)) {
      expect(org.sector, org.name).toBeDefined();
      if (org.kind === 'unit') expect(org.does, org.name).toMatch(/^(?!department$)[a-z_]+$/);
      else expect(org.does, org.name).toBe('department');
    }
  });

  it('gives every item to a finance bureau, department or unit of the item’s own sector', () => {
    for (const item of city.items) {
      const org = orgOf(item);
      expect(['finance_bureau', 'department', 'unit'], item.name).toContain(org.kind);
      expect(org.sector, `${item.name}（${org.name}）`).toBe(item.sector);
    }
  });

  it('runs every item where its template says: with the department itself, or in a unit that does that work', () => {
    for (const item of city.items.filter((i) => planned.has(i.fundTypeId) && !FIXED.test(i.name))) {
      const org = orgOf(item);
      const fits = templatesFor(item.fundTypeId).filter(
        ({ sector, template }) =>
          (sector === null || sector === item.sector) &&
          (template.everywhere || template.at.includes(org.does as never)) &&
          item.name.endsWith(template.name.split('{地}').at(-1) as string),
      );
      expect(fits.length, `${item.name}（${org.name}）`).toBeGreaterThan(0);
    }
  });

  it('keeps schooling in schools and education bureaus, and schools to schooling', () => {
    const schoolish = /教师|学生|校舍|教学|校园|学前|义务教育|中小学/;
    for (const item of city.items) {
      const org = orgOf(item);
      if (schoolish.test(item.name)) expect(org.sector, `${item.name}（${org.name}）`).toBe('education');
      if (org.does === 'school') expect(item.sector, `${item.name}（${org.name}）`).toBe('education');
    }
    // The cases officials found absurd.
    const run = (pattern: RegExp) => city.items.filter((i) => pattern.test(i.name)).map((i) => orgOf(i).name);
    for (const owner of run(/PPP项目$/)) expect(owner).not.toMatch(/学校|中学|小学|医院/);
    for (const owner of run(/家庭医生签约服务$/)) expect(owner).toMatch(/卫生健康委员会$/);
    for (const owner of run(/执法执勤车辆购置$/)) expect(owner).toMatch(/公安局/);
    for (const owner of run(/教学仪器设备采购$/)) expect(owner).toMatch(/学校|中学|小学$/);
  });

  it('puts roads with transport or housing, water works with water or housing, and each fund with the body that carries it', () => {
    for (const item of city.items) {
      const { sector } = item;
      const label = `${item.name}（${orgOf(item).name}）`;
      if (/公路|国道|省道|快速路|快速化|航道|客运枢纽/.test(item.name))
        expect(['transport', 'housing'], label).toContain(sector);
      if (/水库|河道|灌区|防洪|供水/.test(item.name)) expect(['water', 'housing'], label).toContain(sector);
    }
    const sectorsOf = (fund: string) =>
      new Set(city.items.filter((i) => i.fundTypeId === fund).map((i) => i.sector));
    expect([...sectorsOf('social-insurance-budget')].sort()).toEqual(['human_resources', 'medical_security']);
    expect([...sectorsOf('soe-capital-budget')]).toEqual(['state_assets']);
    for (const sector of sectorsOf('investment-fund')) {
      expect(['development_reform', 'state_assets', 'finance']).toContain(sector);
    }
    for (const sector of sectorsOf('ppp')) {
      expect(['housing', 'transport', 'water', 'urban_management', 'sport', 'environment']).toContain(sector);
    }
    for (const item of city.items.filter((i) =>
      ['ppp', 'social-insurance-budget', 'investment-fund'].includes(i.fundTypeId),
    )) {
      expect(orgOf(item).does, item.name).toBe('department');
    }
    // Special transfers are passed on to the counties by the city's departments.
    for (const item of city.items.filter((i) => i.fundTypeId === 'special-transfer')) {
      expect(orgOf(item), item.name).toMatchObject({ regionKey: '360200', does: 'department' });
    }
  });
});

describe('indicators of the demo city', () => {
  it('keeps each sector’s library its own, so an indicator says which kind of project it is for', () => {
    const seen = new Map<string, string>();
    for (const [sector, catalog] of Object.entries(SECTOR_CATALOGS)) {
      expect(catalog.sector).toBe(sector);
      for (const t of catalog.library) {
        expect(seen.get(t.name), `${t.name}: ${sector} / ${seen.get(t.name)}`).toBeUndefined();
        seen.set(t.name, sector);
      }
    }
    for (const t of Object.values(COMMON_LIBRARY).flat()) expect(seen.has(t.name), t.name).toBe(false);
  });

  it('takes every indicator from the library of the item’s sector, its fund type’s where that fits, or the common ones', () => {
    const common = names(Object.values(COMMON_LIBRARY).flat());
    const generalBudget = names(registry.require('general-budget').indicatorLibrary);
    const budgetAsAWhole = new Set([...generalBudget].filter((name) => !common.has(name)));
    for (const item of city.items.filter((i) => i.target)) {
      const fund = names(registry.require(item.fundTypeId).indicatorLibrary);
      const sector = names(SECTOR_CATALOGS[item.sector].library);
      for (const ind of item.target?.indicators ?? []) {
        const label = `${item.name}: ${ind.name}`;
        if (isRevenuePlan(item)) {
          expect(generalBudget.has(ind.name), label).toBe(true);
          continue;
        }
        // The general budget's library is about the budget as a whole (收入完成率, “三保”), never a spending project.
        if (item.fundTypeId === 'general-budget') expect(budgetAsAWhole.has(ind.name), label).toBe(false);
        const fits =
          sector.has(ind.name) ||
          common.has(ind.name) ||
          (item.fundTypeId !== 'general-budget' && fund.has(ind.name));
        expect(fits, label).toBe(true);
      }
    }
  });

  it('weights every tree as the platform requires, with targets that make sense', () => {
    for (const item of city.items.filter((i) => i.target)) {
      const indicators = item.target?.indicators ?? [];
      expect(indicatorTreeProblems(indicators, defaultPolicyConfig), item.name).toEqual([]);
      expect(indicators.length, item.name).toBeGreaterThanOrEqual(4);
      for (const ind of indicators) {
        if (ind.operator === 'gte') expect(ind.targetValue, `${item.name}: ${ind.name}`).toBeGreaterThan(0);
        if (ind.unit === '%' && ind.operator !== 'lte')
          expect(ind.targetValue ?? 0, ind.name).toBeLessThanOrEqual(100);
      }
    }
    // Not every project of a kind has the same targets: counts follow the money.
    const training = city.items.filter((i) => i.name.endsWith('乡村教师培训专项') && i.target);
    const targets = training.map(
      (i) => i.target?.indicators.find((t) => t.name === '培训乡村教师人数')?.targetValue,
    );
    expect(new Set(targets).size).toBe(training.length);
  });

  it('reports progress that varies: most indicators on track, some behind, a few at risk, never all at one forecast', () => {
    let onTrack = 0;
    let behind = 0;
    let atRisk = 0;
    for (const item of city.items.filter((i) => i.state === 'executing' && i.target)) {
      const completions: number[] = [];
      item.target?.indicators.forEach((ind, index) => {
        const latest = item.reports.filter((r) => r.indicatorIndex === index).at(-1);
        if (latest?.forecastValue == null) return;
        if (
          ind.unit === '%' &&
          (ind.operator === 'gte' || ind.operator === 'eq') &&
          (ind.targetValue ?? 0) <= 100
        ) {
          expect(latest.forecastValue, `${item.name}: ${ind.name}`).toBeLessThanOrEqual(100);
        }
        const c = quantitativeCompletion(ind, latest.forecastValue) ?? 1;
        completions.push(Math.round(c * 1000));
        if (c >= 0.95) onTrack++;
        else if (c >= 0.8) behind++;
        else atRisk++;
      });
      const below = completions.filter((c) => c < 1000);
      if (completions.length >= 2 && below.length === completions.length) {
        expect(new Set(below).size, `${item.name}: ${below.join('、')}`).toBeGreaterThan(1);
      }
    }
    const total = onTrack + behind + atRisk;
    expect(onTrack / total).toBeGreaterThan(0.6);
    expect(behind / total).toBeGreaterThan(0.05);
    expect(atRisk / total).toBeGreaterThan(0.01);
    expect(atRisk / total).toBeLessThan(0.15);
  });
});

describe('names in the demo city', () => {
  it('are unique, start with the year, and are free of placeholders and stutters', () => {
    const all = city.items.map((i) => i.name);
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) {
      expect(name).toMatch(/^\d{4}年\S+$/);
      expect(name).not.toMatch(/[{}<>]|undefined|null|NaN|示范项目\d|专项工作经费|项目\d+$|（）/);
      expect(name, 'a name says the same thing twice').not.toMatch(/(.{3,})\1/);
    }
  });

  it('carry the unit’s name for a unit’s items and the county’s for a county’s', () => {
    const regionName = new Map(city.regions.map((r) => [r.key, r.spec.name]));
    for (const item of city.items.filter((i) => planned.has(i.fundTypeId))) {
      const org = orgOf(item);
      const body = item.name.replace(/^\d{4}年/, '');
      if (org.kind === 'unit') expect(body.startsWith(org.name), item.name).toBe(true);
      else if (org.regionKey !== '360200')
        expect(body.startsWith(regionName.get(org.regionKey) as string), item.name).toBe(true);
    }
  });

  it('cover every sector with work, and each sector’s spending under its own functional class', () => {
    const working = new Set(city.items.map((i) => i.sector));
    expect([...working].sort()).toEqual(Object.keys(SECTORS).sort());
    for (const item of city.items.filter((i) => i.fundTypeId === 'general-budget' && !isRevenuePlan(i))) {
      expect(item.attributes.functionSubjectCode, item.name).toBe(SECTORS[item.sector].functionSubject);
    }
  });
});
