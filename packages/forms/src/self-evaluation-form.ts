import type { SelfEvaluationTable } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits } from './limits.ts';
import { WorkbookProblems } from './problems.ts';
import { readWorkbook } from './read.ts';
import { neutralise } from './text.ts';

/** The sheet of the 项目支出绩效自评表 (forms.md §3a, 财预〔2020〕10号 annex). */
export const SELF_EVALUATION_SHEET = '项目支出绩效自评表';

export interface SelfEvaluationFormInput {
  fiscalYear: number;
  itemCode: string;
  itemName: string;
  department: string;
  unit: string;
  /** 万元 figures are printed from fen. */
  budget: {
    initialFen: number;
    adjustedFen: number;
    executedFen: number;
    weight: number;
    score: number | null;
  };
  lines: ReadonlyArray<{
    level1: string;
    level2: string;
    name: string;
    target: string | null;
    actual: string | null;
    weight: number;
    score: number | null;
    deviationReason: string | null;
  }>;
  measures: string;
  total: number | null;
}

const wan = (fen: number) => Math.round(fen / 100) / 10_000;
const t = (v: string | null | undefined) => neutralise(v ?? '');

/** 项目支出绩效自评表 (forms.md §3a) as a workbook in the standard layout. */
export async function selfEvaluationWorkbook(input: SelfEvaluationFormInput): Promise<Buffer> {
  return writeSelfEvaluationWorkbook(input, {
    sheet: SELF_EVALUATION_SHEET,
    title: `项目支出绩效自评表（${input.fiscalYear}年度）`,
    subject: [
      ['项目名称', input.itemName, '项目编号', input.itemCode],
      ['主管部门', input.department, '实施单位', input.unit],
    ],
    fundingHead: '项目资金（万元）',
    fundingRow: '年度资金总额',
    tasks: null,
  });
}

/** What differs between the 项目 and the 部门整体 自评表: the sheet, the heading and the subject block. */
export interface SelfEvaluationLayout {
  sheet: string;
  title: string;
  /** Rows of (label, value, label, value) under the title. */
  subject: ReadonlyArray<readonly [string, string, string, string]>;
  fundingHead: string;
  fundingRow: string;
  /** 年度主要任务 (任务名称, 全年预算数, 全年执行数) between the funding and the indicators, if any. */
  tasks: ReadonlyArray<{ name: string; adjustedFen: number; executedFen: number }> | null;
}

type SelfEvaluationBody = Pick<SelfEvaluationFormInput, 'budget' | 'lines' | 'measures' | 'total'>;

/**
 * A 自评表 in the standard layout: the subject block, the funding block (年初预算数, 全年预算数,
 * 全年执行数, 分值, 执行率, 得分), optionally the year's main tasks, then one row per indicator
 * (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施), then 总分. Text
 * is neutralised against formula injection. `readSelfEvaluationWorkbook` reads it back.
 */
export async function writeSelfEvaluationWorkbook(
  input: SelfEvaluationBody,
  layout: SelfEvaluationLayout,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(layout.sheet);
  ws.columns = [10, 16, 14, 26, 16, 16, 8, 8, 36].map((width) => ({ width }));
  ws.addRow([layout.title]);
  ws.mergeCells('A1:I1');
  ws.getRow(1).font = { bold: true, size: 14 };
  for (const [l1, v1, l2, v2] of layout.subject) ws.addRow([l1, t(v1), '', '', l2, t(v2)]);
  const fundingHeadRow = ws.addRow([
    layout.fundingHead,
    '',
    '年初预算数',
    '全年预算数',
    '全年执行数',
    '分值',
    '执行率',
    '得分',
  ]);
  const b = input.budget;
  const rate = b.adjustedFen > 0 ? Math.round((b.executedFen / b.adjustedFen) * 10_000) / 100 : null;
  ws.addRow([
    '',
    layout.fundingRow,
    wan(b.initialFen),
    wan(b.adjustedFen),
    wan(b.executedFen),
    b.weight,
    rate === null ? '' : `${rate}%`,
    b.score ?? '',
  ]);
  const bold = [fundingHeadRow.number];
  if (layout.tasks) {
    bold.push(ws.addRow(['年度主要任务', '任务名称', '', '', '全年预算数', '全年执行数']).number);
    for (const task of layout.tasks)
      ws.addRow(['', t(task.name), '', '', wan(task.adjustedFen), wan(task.executedFen)]);
  }
  bold.push(
    ws.addRow([
      '绩效指标',
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ]).number,
  );
  for (const l of input.lines) {
    ws.addRow([
      '',
      t(l.level1),
      t(l.level2),
      t(l.name),
      t(l.target),
      t(l.actual),
      l.weight,
      l.score ?? '',
      t(l.deviationReason),
    ]);
  }
  ws.addRow(['改进措施', t(input.measures)]);
  ws.addRow(['总分', '', '', '', '', '', 100, input.total ?? '']);
  for (const r of bold) ws.getRow(r).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An imported table: what the check scores, with the sheet row of every part for the errors. */
export interface ImportedSelfEvaluation {
  table: SelfEvaluationTable;
  /** Sheet row (1-based) of each indicator; of the budget row. */
  indicatorRows: number[];
  budgetRow: number;
  deviationReasons: Array<string | null>;
  measures: string | null;
}

const number = (s: string | undefined): number | null => {
  const v = (s ?? '').replace(/[,，\s]/g, '').replace(/%$/, '');
  if (v === '' || v === '—' || v === '-' || v === '/') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
};

/**
 * Reads a filled-in 自评表 (项目 or 部门整体; our export, or one laid out the same way): hostile files are
 * refused by the guard, and every cell that cannot be read is named by sheet, row and column.
 */
export async function readSelfEvaluationWorkbook(
  file: Buffer,
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
  sheetName: string = SELF_EVALUATION_SHEET,
): Promise<ImportedSelfEvaluation> {
  const sheets = await readWorkbook(file, limits);
  const problems = new WorkbookProblems();
  const sheet = sheets.find((s) => s.name === sheetName) ?? sheets[0];
  if (!sheet) {
    problems.add({ sheet: sheetName }, '工作簿中没有工作表');
    problems.throwIfAny();
  }
  const s = sheet as NonNullable<typeof sheet>;
  const find = (label: string) => s.rows.findIndex((r) => r.some((c) => c === label));
  const fundingHeader = find('年初预算数');
  const indicatorHeader = find('年度指标值');
  if (fundingHeader < 0) problems.add({ sheet: s.name }, '找不到“年初预算数”表头（项目资金部分）');
  if (indicatorHeader < 0) problems.add({ sheet: s.name }, '找不到“年度指标值”表头（绩效指标部分）');
  problems.throwIfAny();

  const budgetIndex = fundingHeader + 1;
  const br = s.rows[budgetIndex] ?? [];
  const money = (col: number, label: string) => {
    const v = number(br[col]);
    if (Number.isNaN(v))
      problems.add({ sheet: s.name, row: budgetIndex + 1, column: col + 1 }, `${label}“${br[col]}”不是数字`);
    return v === null || Number.isNaN(v) ? null : v;
  };
  const budget = {
    initial: money(2, '年初预算数'),
    adjusted: money(3, '全年预算数'),
    executed: money(4, '全年执行数'),
    weight: money(5, '分值'),
    printedScore: money(7, '得分'),
  };

  const indicators: SelfEvaluationTable['indicators'][number][] = [];
  const indicatorRows: number[] = [];
  const deviationReasons: Array<string | null> = [];
  let measures: string | null = null;
  let printedTotal: number | null = null;
  for (let i = indicatorHeader + 1; i < s.rows.length; i++) {
    const r = s.rows[i] ?? [];
    const head = r[0] ?? '';
    if (head === '总分') {
      const v = number(r[7]);
      if (Number.isNaN(v)) problems.add({ sheet: s.name, row: i + 1, column: 8 }, `总分“${r[7]}”不是数字`);
      else printedTotal = v;
      break;
    }
    if (head === '改进措施') {
      measures = r[1] || null;
      continue;
    }
    if (r.every((c) => !c)) continue;
    const name = r[3] ?? '';
    if (!name) {
      problems.add({ sheet: s.name, row: i + 1, column: 4 }, '三级指标名称为空');
      continue;
    }
    const weight = number(r[6]);
    const printedScore = number(r[7]);
    if (Number.isNaN(weight)) problems.add({ sheet: s.name, row: i + 1, column: 7 }, `分值“${r[6]}”不是数字`);
    if (Number.isNaN(printedScore))
      problems.add({ sheet: s.name, row: i + 1, column: 8 }, `得分“${r[7]}”不是数字`);
    indicators.push({
      level1: r[1] || '',
      level2: r[2] || null,
      name,
      target: r[4] || null,
      actual: r[5] || null,
      weight: weight === null || Number.isNaN(weight) ? null : weight,
      printedScore: printedScore === null || Number.isNaN(printedScore) ? null : printedScore,
    });
    indicatorRows.push(i + 1);
    deviationReasons.push(r[8] || null);
  }
  if (indicators.length === 0) problems.add({ sheet: s.name, row: indicatorHeader + 2 }, '没有绩效指标行');
  problems.throwIfAny();
  return {
    table: { budget, indicators, printedTotal },
    indicatorRows,
    budgetRow: budgetIndex + 1,
    deviationReasons,
    measures,
  };
}
