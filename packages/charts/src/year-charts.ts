import { barChart, pieChart } from './charts.ts';

/** A department's figures in a published year (core's `departmentFigures` gives them). */
export interface YearFigures {
  name: string;
  budgetFen: number;
  paidFen: number;
  indicatorsReported: number;
  indicatorsMet: number;
  tasks: number;
  tasksDone: number;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * The charts of a published year (the public site and the congress package show the same):
 * execution by department, indicators met by department, rectification done. SVG strings, each
 * with its data said in words.
 */
export function yearCharts(depts: readonly YearFigures[]): string[] {
  const charts: string[] = [];
  const withBudget = depts.filter((d) => d.budgetFen > 0);
  if (withBudget.length > 0) {
    charts.push(
      barChart(
        '各部门重点项目预算执行率',
        withBudget.map((d) => ({ label: d.name, value: percent(d.paidFen, d.budgetFen) })),
        '%',
      ),
    );
  }
  const reported = depts.filter((d) => d.indicatorsReported > 0);
  if (reported.length > 0) {
    charts.push(
      barChart(
        '各部门绩效指标达标率（已报告的指标）',
        reported.map((d) => ({ label: d.name, value: percent(d.indicatorsMet, d.indicatorsReported) })),
        '%',
      ),
    );
  }
  const tasks = depts.reduce((n, d) => n + d.tasks, 0);
  const done = depts.reduce((n, d) => n + d.tasksDone, 0);
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
