import type { DepartmentIndicatorInput, Sector, TargetVersionStatus } from '@jixiao/core';
import type { DemoItem } from './generate.ts';
import { DEPARTMENT_SECTORS } from './library-catalog.ts';
import { CRITERIA_MET, departmentOf, eventOn, orgOf, type PlanContext, pad } from './plan-context.ts';
import type { DemoApproval, DemoDepartmentTarget, DemoTargetVersion } from './workflows.ts';

const DEPARTMENT_INDICATORS = (sector: Sector | null): DepartmentIndicatorInput[] => [
  {
    name: '重点工作任务完成率',
    dimension: 'effectiveness',
    operator: 'gte',
    targetValue: 95,
    unit: '%',
    weight: 20,
  },
  {
    name: '年度绩效目标完成率',
    dimension: 'effectiveness',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 10,
  },
  {
    name: '“三公”经费变动率',
    dimension: 'running_cost',
    operator: 'lte',
    targetValue: 0,
    unit: '%',
    weight: 10,
  },
  {
    name: '公用经费控制率',
    dimension: 'running_cost',
    operator: 'lte',
    targetValue: 100,
    unit: '%',
    weight: 5,
  },
  {
    name: '预算执行率',
    dimension: 'management_efficiency',
    operator: 'gte',
    targetValue: 95,
    unit: '%',
    weight: 10,
  },
  {
    name: '政府采购执行率',
    dimension: 'management_efficiency',
    operator: 'gte',
    targetValue: 95,
    unit: '%',
    weight: 5,
  },
  {
    name:
      sector === 'education' ? '义务教育巩固率' : sector === 'health' ? '居民健康素养水平' : '民生政策知晓率',
    dimension: 'social_effect',
    operator: 'gte',
    targetValue: sector === 'health' ? 30 : 95,
    unit: '%',
    weight: 15,
  },
  {
    name: '内控制度健全性',
    dimension: 'sustainability',
    operator: 'qualitative',
    targetText: '内控制度健全并有效执行',
    unit: '',
    weight: 5,
  },
  {
    name: '干部职工培训覆盖率',
    dimension: 'sustainability',
    operator: 'gte',
    targetValue: 100,
    unit: '%',
    weight: 10,
  },
  {
    name: '服务对象满意度',
    dimension: 'satisfaction',
    operator: 'gte',
    targetValue: 90,
    unit: '%',
    weight: 10,
  },
];

export function departmentTargets(p: PlanContext, fiscalYear: number): DemoDepartmentTarget[] {
  const { city, people } = p;
  const depts = city.orgs.filter(
    (o) => o.kind === 'department' && o.regionKey === city.regions[0]?.key && o.deptCode,
  );
  const admin = people.financeAdmin(city.regions[0]?.key as string);
  return depts.map((d, i) => {
    const indicators = DEPARTMENT_INDICATORS(d.deptCode ? (DEPARTMENT_SECTORS[d.deptCode] ?? null) : null);
    const overallGoal = `围绕${d.name.replace('景德镇市', '')}年度重点工作，全面履行部门职责，预算执行规范高效，服务对象满意。`;
    const officer = people.officer(d.key);
    const status: DemoDepartmentTarget['status'] =
      i === 1 || i === 5 ? 'submitted' : i === 3 ? 'returned' : i === 7 ? 'draft' : 'approved';
    const content = { overallGoal, indicators };
    const v = (version: number, s: TargetVersionStatus, c = content, reviewed = true) => ({
      version,
      kind: 'initial' as const,
      status: s,
      content: c,
      changes: null as DemoTargetVersion['changes'],
      reason: null,
      submittedByKey: officer.key,
      submittedOn: `${fiscalYear - 1}-11-${pad(10 + (i % 10))}`,
      reviewedByKey: reviewed ? admin.key : null,
      reviewedOn: reviewed ? `${fiscalYear - 1}-12-${pad(5 + (i % 10))}` : null,
      criteria:
        s === 'approved'
          ? CRITERIA_MET
          : s === 'returned'
            ? { specific: { met: false, note: '履职效能指标未对应部门核心职责' } }
            : null,
      comments:
        s === 'returned'
          ? [
              {
                indicator: '重点工作任务完成率',
                comment: '请列明年度重点工作任务清单，按任务分解设置履职效能指标',
              },
            ]
          : [],
      opinion:
        s === 'approved'
          ? '同意。'
          : s === 'returned'
            ? '部门整体绩效目标与部门职责对应不够，请细化后重新报送。'
            : null,
      effectiveFrom: s === 'approved' ? `${fiscalYear - 1}-12-${pad(5 + (i % 10))}` : null,
      effectiveTo: null,
      approvalKey: null,
    });
    const versionsOf: DemoDepartmentTarget['versions'] =
      status === 'draft'
        ? []
        : status === 'submitted'
          ? [v(1, 'submitted', content, false)]
          : status === 'returned'
            ? [v(1, 'returned')]
            : [v(1, 'approved')];
    return { orgKey: d.key, fiscalYear, overallGoal, indicators, status, versions: versionsOf };
  });
}

/** One 批复 per department and year for the items whose budgets were approved, on one day. */
export function planApprovals(p: PlanContext, dts: readonly DemoDepartmentTarget[]): DemoApproval[] {
  const { city, people } = p;
  const groups = new Map<string, DemoItem[]>();
  for (const item of city.items) {
    if (!eventOn(item, 'approve_budget')) continue;
    const key = `${departmentOf(city, item).key}|${item.currentFiscalYear}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const perYear = new Map<number, number>();
  const out: DemoApproval[] = [];
  [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .forEach(([key, items], i) => {
      const [orgKey, yearText] = key.split('|') as [string, string];
      const year = Number(yearText);
      const n = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, n);
      const approvedOn = `${year}-01-${pad(8 + (i % 12))}`;
      const approvalKey = `A${year}-${n}`;
      for (const item of items) {
        const e = item.events.find((x) => x.action === 'approve_budget');
        if (e) e.on = approvedOn;
        const issued = item.targetVersions
          ?.filter((v) => v.status === 'approved' && (v.effectiveFrom ?? '') <= approvedOn)
          .at(-1);
        if (issued) issued.approvalKey = approvalKey;
      }
      const dt = dts.find((d) => d.orgKey === orgKey && d.fiscalYear === year && d.status === 'approved');
      const dtVersion = dt?.versions.find((v) => v.status === 'approved');
      if (dtVersion) dtVersion.approvalKey = approvalKey;
      out.push({
        key: approvalKey,
        number: `绩效批复〔${year}〕${n}号`,
        orgKey,
        fiscalYear: year,
        approvedOn,
        approvedByKey: people.financeAdmin(orgOf(city, orgKey).regionKey).key,
        itemCodes: items.map((x) => x.code),
        departmentTarget: dtVersion !== undefined,
      });
    });
  return out;
}
