import type { Actor } from '@jixiao/db';
import type { DirectoryOrg, DirectoryRegion } from '@jixiao/db/chat';
import { describe, expect, it } from 'vitest';
import { OrgDirectory } from '../src/org-directory.ts';
import { fuzzyMatch } from '../src/parser/index.ts';

const regions: DirectoryRegion[] = [
  { id: 1, name: '景德镇市', level: 'city', path: '/360200/', parentId: null },
  { id: 2, name: '浮梁县', level: 'county', path: '/360200/360222/', parentId: 1 },
];
const org = (
  id: number,
  name: string,
  kind: DirectoryOrg['kind'],
  path: string,
  regionId = 1,
): DirectoryOrg => ({
  id,
  name,
  kind,
  path,
  parentId: null,
  regionId,
});
const orgs: DirectoryOrg[] = [
  org(1, '景德镇市财政局', 'finance_bureau', '/360200/o1/'),
  org(2, '景德镇市住房和城乡建设局', 'department', '/360200/o2/'),
  org(3, '景德镇市城市建设服务中心', 'unit', '/360200/o2/o3/'),
  org(4, '景德镇市卫生健康委员会', 'department', '/360200/o4/'),
  org(5, '景德镇市人力资源和社会保障局', 'department', '/360200/o5/'),
  org(6, '景德镇市教育局', 'department', '/360200/o6/'),
  org(7, '浮梁县住房和城乡建设局', 'department', '/360200/360222/o7/', 2),
  org(8, '浮梁县城乡建设服务中心', 'unit', '/360200/360222/o7/o8/', 2),
  org(9, '浮梁县教育体育局', 'department', '/360200/360222/o9/', 2),
];
const directory = new OrgDirectory(orgs, regions);
const actor = (scopePath: string, regionId: number): Actor => ({
  userId: 1,
  name: '测试',
  roles: ['dept_officer'],
  orgUnitId: 2,
  regionId,
  scopePath,
  roleScopes: { dept_officer: scopePath },
});
const housing = actor('/360200/o2/', 1);
const admin = actor('/360200/', 1);
const countyHousing = actor('/360200/360222/o7/', 2);
const found = (name: string, who: Actor) => {
  const m = directory.find(name, who);
  return m?.kind === 'found' ? m.place : m;
};

describe('OrgDirectory.find', () => {
  it('resolves short names, units and full names', () => {
    expect(found('住建局', housing)).toMatchObject({ name: '景德镇市住房和城乡建设局', relation: 'inside' });
    expect(found('卫健委', housing)).toMatchObject({ name: '景德镇市卫生健康委员会', relation: 'outside' });
    expect(found('人社局', admin)).toMatchObject({
      name: '景德镇市人力资源和社会保障局',
      relation: 'inside',
    });
    for (const name of ['城市建设服务中心', '景德镇市城市建设服务中心', '城建中心']) {
      expect(found(name, housing), name).toMatchObject({
        name: '景德镇市城市建设服务中心',
        relation: 'inside',
      });
    }
  });

  it('prefers the same name over an abbreviation, and the asker’s own region among equals', () => {
    expect(found('教育局', admin)).toMatchObject({ name: '景德镇市教育局' });
    expect(found('住建局', countyHousing)).toMatchObject({
      name: '浮梁县住房和城乡建设局',
      relation: 'inside',
    });
    expect(found('浮梁县住建局', housing)).toMatchObject({
      name: '浮梁县住房和城乡建设局',
      relation: 'outside',
    });
  });

  it('resolves regions, and 全市 / 全县 to the asker’s own', () => {
    expect(found('浮梁县', housing)).toMatchObject({ path: '/360200/360222/', relation: 'outside' });
    expect(found('全市', housing)).toMatchObject({ name: '景德镇市', relation: 'contains' });
    expect(found('全市', admin)).toMatchObject({ name: '景德镇市', relation: 'inside' });
    expect(found('全县', countyHousing)).toMatchObject({ name: '浮梁县', relation: 'contains' });
  });

  it('finds nothing for item names and unknown words', () => {
    expect(directory.find('海绵城市建设ppp', housing)).toBeNull();
    expect(directory.find('直达资金', housing)).toBeNull();
    expect(directory.find('', housing)).toBeNull();
  });

  it('names the asker’s scope', () => {
    expect(directory.scopeName(housing)).toBe('景德镇市住房和城乡建设局');
    expect(directory.scopeName(admin)).toBe('景德镇市');
  });
});

describe('fuzzyMatch with a word left out of the name', () => {
  const names = [
    '2026年海绵城市建设PPP项目',
    '2026年城市综合管廊PPP项目',
    '2026年生活垃圾焚烧发电PPP项目',
    '2026年城市燃气管网更新',
  ];
  const rank = (q: string) => fuzzyMatch(q, names, (n) => n).map((m) => [m.item, m.score] as const);

  it('finds the name without its middle word, below any substring match', () => {
    const [top, second] = rank('海绵城市PPP');
    expect(top?.[0]).toBe('2026年海绵城市建设PPP项目');
    expect(top?.[1]).toBeGreaterThanOrEqual(0.85);
    expect(top?.[1]).toBeLessThan(0.9);
    expect(second).toBeUndefined();
    expect(rank('垃圾焚烧发电的PPP')[0]?.[0]).toBe('2026年生活垃圾焚烧发电PPP项目');
  });

  it('keeps several candidates when the pieces fit several names', () => {
    expect(rank('城市PPP').map(([n]) => n)).toEqual(
      expect.arrayContaining(['2026年海绵城市建设PPP项目', '2026年城市综合管廊PPP项目']),
    );
  });
});
