import type { LibraryIndicatorInput } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, loadActor, SYSTEM_ACTOR } from '../src/actor.ts';
import {
  createLibraryIndicator,
  getLibraryIndicator,
  listLibraryIndicators,
  retireLibraryIndicator,
  updateLibraryIndicator,
} from '../src/indicator-library/index.ts';
import { createItem } from '../src/items/index.ts';
import { createOrgUnit, createRegion, createUser } from '../src/master-data/index.ts';
import { setTarget } from '../src/targets/index.ts';
import {
  completeTarget,
  createTestDatabase,
  seedTestCity,
  type TestCity,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let city: TestCity;
/** The finance admin of a second county of the city (a sibling of 浮梁县). */
let otherCounty: Actor;

beforeAll(async () => {
  db = await createTestDatabase();
  city = await seedTestCity(db);
  const region = await createRegion(city.platform, SYSTEM_ACTOR, {
    code: '360281',
    name: '乐平市',
    level: 'county',
    parentId: city.regionId,
  });
  const finance = await createOrgUnit(city.platform, SYSTEM_ACTOR, {
    code: 'FIN-LP',
    name: '乐平市财政局',
    kind: 'finance_bureau',
    regionId: region.id,
    parentId: null,
  });
  const u = await createUser(city.platform, SYSTEM_ACTOR, {
    name: '吴乐平',
    orgUnitId: finance.id,
    roles: ['finance_admin'],
  });
  otherCounty = (await loadActor(db.db, u.id)) as Actor;
});
afterAll(() => db.dispose());

const entry = (name: string): LibraryIndicatorInput => ({
  name,
  level1: 'output',
  level2: 'quantity',
  operator: 'gte',
  unit: '所',
  standard: 'plan',
  fundTypeId: null,
  sector: 'education',
  referenceValue: null,
  referenceMin: 1,
  referenceMax: 50,
  source: '测试',
});

const names = async (actor: Actor) =>
  (await listLibraryIndicators(db.db, actor, { sector: 'education', limit: 100 })).map((r) => r.name);

describe('indicator library by region (IN-11)', () => {
  it("a city's entries reach its counties; a county's reach itself and the city, not a sibling county", async () => {
    const common = await createLibraryIndicator(city.platform, city.actors.admin, entry('改造农村学校数'));
    expect(common.regionId).toBe(city.regionId);
    const local = await createLibraryIndicator(
      city.platform,
      city.actors.countyAdmin,
      entry('浮梁县乡村教学点改造数'),
    );
    expect(local.regionId).toBe(city.countyRegionId);

    expect(await names(city.actors.admin)).toEqual(['改造农村学校数', '浮梁县乡村教学点改造数']);
    expect(await names(city.actors.countyAdmin)).toEqual(['改造农村学校数', '浮梁县乡村教学点改造数']);
    expect(await names(otherCounty)).toEqual(['改造农村学校数']);
    // A department officer of the city sees what the city sees.
    expect(await names(city.actors.officerA)).toContain('浮梁县乡村教学点改造数');
    await expect(getLibraryIndicator(db.db, otherCounty, local.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('only the bureau of the entry’s own region edits or retires it', async () => {
    const common = await createLibraryIndicator(city.platform, city.actors.admin, entry('新建校舍面积'));
    await expect(
      updateLibraryIndicator(city.platform, city.actors.countyAdmin, common.id, { referenceMax: 80 }),
    ).rejects.toMatchObject({
      code: 'not_allowed',
      message: '指标“新建校舍面积”属于景德镇市的指标库，只能由景德镇市财政部门修改或停用',
    });
    await expect(
      retireLibraryIndicator(city.platform, city.actors.countyAdmin, common.id),
    ).rejects.toMatchObject({
      code: 'not_allowed',
    });
    expect((await getLibraryIndicator(db.db, city.actors.admin, common.id)).referenceMax).toBe(50);

    // The county keeps its own entry (the same name as the city's is its own part of the library).
    const local = await createLibraryIndicator(city.platform, city.actors.countyAdmin, entry('新建校舍面积'));
    const changed = await updateLibraryIndicator(city.platform, city.actors.countyAdmin, local.id, {
      referenceMax: 30,
    });
    expect(changed.referenceMax).toBe(30);
    // The city sees it but does not edit it either.
    await expect(
      updateLibraryIndicator(city.platform, city.actors.admin, local.id, { referenceMax: 90 }),
    ).rejects.toMatchObject({ code: 'not_allowed', message: expect.stringContaining('浮梁县') });
    // A sibling county cannot even see it.
    await expect(retireLibraryIndicator(city.platform, otherCounty, local.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await retireLibraryIndicator(city.platform, city.actors.countyAdmin, local.id)).active).toBe(
      false,
    );
  });

  it('a target refers only to entries its item’s region sees', async () => {
    const dept = await createOrgUnit(city.platform, SYSTEM_ACTOR, {
      code: 'EDU-FL',
      name: '浮梁县教育局',
      kind: 'department',
      regionId: city.countyRegionId,
      parentId: null,
    });
    const item = await createItem(city.platform, city.actors.countyAdmin, {
      code: 'FL-2026-0001',
      name: '浮梁县乡村学校改造',
      kind: 'project',
      fundTypeId: 'test-fund',
      orgUnitId: dept.id,
      fiscalYearStart: 2026,
      fiscalYearEnd: 2026,
      approvedAmountFen: 1_000_000_00,
      responsiblePerson: '周',
      isNewMajor: false,
      isSpecialTransfer: false,
      attributes: {},
    });
    const sibling = await createLibraryIndicator(city.platform, otherCounty, {
      ...entry('受益学生人数'),
      level1: 'benefit',
      level2: 'social',
      unit: '人',
      sector: null,
    });
    const common = await createLibraryIndicator(city.platform, city.actors.admin, {
      ...entry('受益学生人数'),
      level1: 'benefit',
      level2: 'social',
      unit: '人',
      sector: null,
      referenceMax: 5000,
    });
    const using = (libraryIndicatorId: number) => {
      const t = completeTarget(2026);
      t.indicators = t.indicators.map((l, i) => (i === 2 ? { ...l, libraryIndicatorId } : l));
      return t;
    };
    await expect(
      setTarget(city.platform, city.actors.countyAdmin, item.id, using(sibling.id)),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('indicators.2.libraryIndicatorId'),
    });
    const saved = await setTarget(city.platform, city.actors.countyAdmin, item.id, using(common.id));
    expect(saved.target.indicators[2]?.libraryIndicatorId).toBe(common.id);
  });
});
