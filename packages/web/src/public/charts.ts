import { barChart, pieChart } from '@jixiao/charts';
import type { PublicSnapshot } from '@jixiao/core';

interface DeptSums {
  name: string;
  budgetFen: number;
  paidFen: number;
  indicatorsReported: number;
  indicatorsMet: number;
}

function sums(s: PublicSnapshot): DeptSums[] {
  const byKey = new Map<string, DeptSums>(
    s.departments.map((d) => [
      d.key,
      { name: d.name, budgetFen: 0, paidFen: 0, indicatorsReported: 0, indicatorsMet: 0 },
    ]),
  );
  for (const subj of s.subjects) {
    if (subj.kind !== 'item' || !subj.departmentKey) continue;
    const d = byKey.get(subj.departmentKey);
    if (!d) continue;
    for (const b of subj.blocks) {
      d.budgetFen += b.metrics.budgetFen ?? 0;
      d.paidFen += b.metrics.paidFen ?? 0;
      d.indicatorsReported += b.metrics.indicatorsReported ?? 0;
      d.indicatorsMet += b.metrics.indicatorsMet ?? 0;
    }
  }
  return [...byKey.values()];
}

const pct = (a: number, b: number) => Math.round((a / b) * 1000) / 10;

/** The charts of a published year, as SVG strings (each with its data said in words). */
export function yearCharts(s: PublicSnapshot): string[] {
  const depts = sums(s);
  const charts: string[] = [];
  const withBudget = depts.filter((d) => d.budgetFen > 0);
  if (withBudget.length > 0) {
    charts.push(
      barChart(
        '各部门重点项目预算执行率',
        withBudget.map((d) => ({ label: d.name, value: pct(d.paidFen, d.budgetFen) })),
        '%',
      ),
    );
  }
  const reported = depts.filter((d) => d.indicatorsReported > 0);
  if (reported.length > 0) {
    charts.push(
      barChart(
        '各部门绩效指标达标率（已报告的指标）',
        reported.map((d) => ({ label: d.name, value: pct(d.indicatorsMet, d.indicatorsReported) })),
        '%',
      ),
    );
  }
  let tasks = 0;
  let done = 0;
  for (const subj of s.subjects) {
    for (const b of subj.blocks) {
      tasks += b.metrics.tasks ?? 0;
      done += b.metrics.tasksDone ?? 0;
    }
  }
  if (tasks > 0) {
    charts.push(
      pieChart('问题整改完成情况', [
        { label: '已完成整改', value: done },
        { label: '整改中', value: tasks - done },
      ]),
    );
  }
  return charts;
}
