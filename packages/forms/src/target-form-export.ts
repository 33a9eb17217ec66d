import {
  DEPARTMENT_DIMENSIONS,
  INDICATOR_LEVEL1,
  INDICATOR_LEVEL2,
  type IndicatorLevel1,
  type IndicatorLevel2,
  type Operator,
} from '@jixiao/core';
import ExcelJS from 'exceljs';
import { neutralise } from './text.ts';

/** One indicator line as stored (operator, number, unit and text apart; forms.md §0). */
export interface FormIndicatorValue {
  name: string;
  operator: Operator;
  targetValue?: number | null | undefined;
  targetMin?: number | null | undefined;
  targetMax?: number | null | undefined;
  targetText?: string | null | undefined;
  unit: string;
  weight: number;
}

export interface FormIndicator extends FormIndicatorValue {
  level1: IndicatorLevel1;
  level2: IndicatorLevel2;
}

/** What the 项目支出绩效目标申报表 prints about one item's target of a year (or its whole cycle). */
export interface ProjectTargetForm {
  /** null: the whole-cycle (中期) target of a multi-year item. */
  fiscalYear: number | null;
  item: {
    code: string;
    name: string;
    department: string;
    unit: string;
    /** 新增项目 / 延续项目. */
    attribute: string;
    /** "2026年—2028年". */
    period: string;
    /** Money in 万元 as printed. */
    totalWan: string;
    fiscalWan: string;
    otherWan: string;
  };
  overallGoal: string;
  indicators: readonly FormIndicator[];
}

export interface DepartmentTargetForm {
  fiscalYear: number;
  department: string;
  overallGoal: string;
  indicators: ReadonlyArray<FormIndicatorValue & { dimension: DepartmentDimension }>;
}

export type DepartmentDimension = (typeof DEPARTMENT_DIMENSIONS.values)[number];

const PROJECT_FORM_TITLE = '项目支出绩效目标申报表';
const DEPARTMENT_FORM_TITLE = '部门（单位）整体支出绩效目标申报表';

const trimNumber = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/**
 * "≥95%", "≤300万元", "100%", "90-100%", "好": the value as officials write it, in one cell. An
 * exact value is written without its "=": a cell starting with "=" would have to be neutralised
 * against formula injection (a visible apostrophe), and "100%" reads back as exactly 100%.
 */
export function printedTargetValue(ind: FormIndicatorValue): string {
  const unit = ind.unit ?? '';
  switch (ind.operator) {
    case 'gte':
      return `≥${trimNumber(ind.targetValue)}${unit}`;
    case 'lte':
      return `≤${trimNumber(ind.targetValue)}${unit}`;
    case 'eq':
      return `${trimNumber(ind.targetValue)}${unit}`;
    case 'range':
      return `${trimNumber(ind.targetMin)}-${trimNumber(ind.targetMax)}${unit}`;
    case 'qualitative':
      return ind.targetText ?? '';
  }
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const COLUMNS = 6;

function box(ws: ExcelJS.Worksheet, fromRow: number, toRow: number): void {
  for (let r = fromRow; r <= toRow; r++) {
    for (let c = 1; c <= COLUMNS; c++) {
      const cell = ws.getCell(r, c);
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', wrapText: true, ...(cell.alignment ?? {}) };
    }
  }
}

/** Text from the database goes into a cell neutralised, so a spreadsheet never runs it as a formula. */
function put(ws: ExcelJS.Worksheet, row: number, col: number, value: string | number): void {
  ws.getCell(row, col).value = typeof value === 'string' ? neutralise(value) : value;
}

function label(ws: ExcelJS.Worksheet, row: number, col: number, text: string): void {
  const cell = ws.getCell(row, col);
  cell.value = text;
  cell.font = { bold: true };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

function titleRow(ws: ExcelJS.Worksheet, title: string): void {
  ws.mergeCells(1, 1, 1, COLUMNS);
  const cell = ws.getCell(1, 1);
  cell.value = title;
  cell.font = { bold: true, size: 16 };
  cell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
}

/**
 * The indicator block: 绩效指标 merged down the left, level-1 and level-2 cells merged over their
 * lines, then 三级指标 | 指标值 (operator, number and unit in one cell) | 分值.
 */
function indicatorBlock<T extends FormIndicatorValue>(
  ws: ExcelJS.Worksheet,
  start: number,
  lines: readonly T[],
  level1Of: (l: T) => string,
  level2Of: (l: T) => string,
): number {
  label(ws, start, 1, '绩效指标');
  for (const [c, t] of ['一级指标', '二级指标', '三级指标', '指标值', '分值'].entries())
    label(ws, start, c + 2, t);
  let row = start + 1;
  const merge = (col: number, keyOf: (l: T) => string) => {
    let from = start + 1;
    for (let i = 0; i <= lines.length; i++) {
      const here = i < lines.length ? keyOf(lines[i] as T) : null;
      const prev = i > 0 ? keyOf(lines[i - 1] as T) : null;
      if (i > 0 && here !== prev) {
        const to = start + i;
        if (to > from) ws.mergeCells(from, col, to, col);
        from = to + 1;
      }
    }
  };
  for (const l of lines) {
    put(ws, row, 2, level1Of(l));
    put(ws, row, 3, level2Of(l));
    put(ws, row, 4, l.name);
    put(ws, row, 5, printedTargetValue(l));
    put(ws, row, 6, l.weight);
    row++;
  }
  merge(2, level1Of);
  merge(3, (l) => `${level1Of(l)}/${level2Of(l)}`);
  const last = Math.max(row - 1, start);
  if (last > start) ws.mergeCells(start, 1, last, 1);
  box(ws, start, last);
  return last;
}

function setup(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1 },
  });
  ws.columns = [{ width: 14 }, { width: 14 }, { width: 18 }, { width: 36 }, { width: 16 }, { width: 10 }];
  return ws;
}

const LEVEL1_ORDER = INDICATOR_LEVEL1.values;
const LEVEL2_ORDER = INDICATOR_LEVEL2.values;
const byTree = (a: FormIndicator, b: FormIndicator) =>
  LEVEL1_ORDER.indexOf(a.level1) - LEVEL1_ORDER.indexOf(b.level1) ||
  LEVEL2_ORDER.indexOf(a.level2) - LEVEL2_ORDER.indexOf(b.level2);

/** 项目支出绩效目标申报表 (88号 附1, forms.md §1) as an .xlsx the import reads back. */
export async function projectTargetWorkbook(form: ProjectTargetForm): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效通';
  const ws = setup(wb, '绩效目标申报表');
  const year = form.fiscalYear === null ? `${form.item.period} 全周期` : `${form.fiscalYear}年度`;
  titleRow(ws, `${PROJECT_FORM_TITLE}（${year}）`);
  const i = form.item;
  label(ws, 2, 1, '项目名称');
  ws.mergeCells(2, 2, 2, 4);
  put(ws, 2, 2, i.name);
  label(ws, 2, 5, '项目编码');
  put(ws, 2, 6, i.code);
  label(ws, 3, 1, '主管部门');
  ws.mergeCells(3, 2, 3, 3);
  put(ws, 3, 2, i.department);
  label(ws, 3, 4, '实施单位');
  ws.mergeCells(3, 5, 3, 6);
  put(ws, 3, 5, i.unit);
  label(ws, 4, 1, '项目属性');
  ws.mergeCells(4, 2, 4, 3);
  put(ws, 4, 2, i.attribute);
  label(ws, 4, 4, '项目期');
  ws.mergeCells(4, 5, 4, 6);
  put(ws, 4, 5, i.period);
  ws.mergeCells(5, 1, 7, 1);
  label(ws, 5, 1, '项目资金（万元）');
  for (const [k, [t, v]] of [
    ['年度资金总额', i.totalWan],
    ['其中：财政拨款', i.fiscalWan],
    ['其他资金', i.otherWan],
  ].entries()) {
    ws.mergeCells(5 + k, 2, 5 + k, 3);
    put(ws, 5 + k, 2, t as string);
    ws.mergeCells(5 + k, 4, 5 + k, 6);
    put(ws, 5 + k, 4, v as string);
  }
  label(ws, 8, 1, form.fiscalYear === null ? '总体目标' : '年度总体目标');
  ws.mergeCells(8, 2, 8, COLUMNS);
  put(ws, 8, 2, form.overallGoal);
  ws.getRow(8).height = Math.min(200, 20 + 15 * Math.ceil(form.overallGoal.length / 40));
  box(ws, 2, 8);
  const lines = [...form.indicators].sort(byTree);
  const last = indicatorBlock(
    ws,
    9,
    lines,
    (l) => INDICATOR_LEVEL1.labels[l.level1],
    (l) => INDICATOR_LEVEL2.labels[l.level2],
  );
  ws.getCell(last + 2, 1).value =
    '填表说明：指标值按“≥95%”“≤300万元”“100%”（等于，也可写“=100%”）“90-100%”的写法填写（符号、数值、单位写在同一格），定性指标直接填写描述；分值为指标权重，与预算执行率权重合计100。';
  ws.mergeCells(last + 2, 1, last + 2, COLUMNS);
  ws.getCell(last + 2, 1).alignment = { wrapText: true };
  ws.getRow(last + 2).height = 45;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 部门（单位）整体支出绩效目标申报表 (88号 附2, forms.md §2); dimensions of seed article 四 as level 1. */
export async function departmentTargetWorkbook(form: DepartmentTargetForm): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效通';
  const ws = setup(wb, '部门整体绩效目标申报表');
  titleRow(ws, `${DEPARTMENT_FORM_TITLE}（${form.fiscalYear}年度）`);
  label(ws, 2, 1, '部门（单位）名称');
  ws.mergeCells(2, 2, 2, COLUMNS);
  put(ws, 2, 2, form.department);
  label(ws, 3, 1, '年度总体目标');
  ws.mergeCells(3, 2, 3, COLUMNS);
  put(ws, 3, 2, form.overallGoal);
  ws.getRow(3).height = Math.min(200, 20 + 15 * Math.ceil(form.overallGoal.length / 40));
  box(ws, 2, 3);
  const order = DEPARTMENT_DIMENSIONS.values;
  const lines = [...form.indicators].sort((a, b) => order.indexOf(a.dimension) - order.indexOf(b.dimension));
  indicatorBlock(
    ws,
    4,
    lines,
    (l) => DEPARTMENT_DIMENSIONS.labels[l.dimension],
    () => '',
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
