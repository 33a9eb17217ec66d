import {
  DEPARTMENT_DIMENSIONS,
  type DepartmentIndicatorInput,
  departmentIndicatorInputSchema,
  type IndicatorInput,
  type IndicatorLevel1,
  type IndicatorLevel2,
  indicatorInputSchema,
  parsePrintedValue,
} from '@jixiao/core';
import type { WorkbookProblems } from './problems.ts';
import type { SheetText } from './read.ts';
import type { DepartmentDimension } from './target-form-export.ts';

/** The most indicator lines one target may have (as the API's target input). */
const MAX_FORM_INDICATORS = 100;
const MAX_GOAL_LENGTH = 2000;

/** Header text compared without spaces, with full-width letters and brackets made half-width. */
const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]+/g, '');

type Column = 'level1' | 'level2' | 'name' | 'value' | 'operator' | 'unit' | 'weight';

const HEADERS: ReadonlyArray<readonly [Column, RegExp]> = [
  ['level1', /^一级指标/],
  ['level2', /^二级指标/],
  ['name', /^(三级指标|指标名称|指标内容|绩效指标名称)/],
  ['operator', /^(指标性质|指标符号|符号|运算符|关系符)$/],
  ['unit', /^(度量单位|计量单位|单位)$/],
  ['weight', /^(分值|权重|指标分值|指标权重)/],
  ['value', /^(年度指标值|指标值|目标值|年度目标值|预期指标值|绩效指标值)/],
];

type Columns = Partial<Record<Column, number>>;

function headerColumns(row: readonly string[]): Columns {
  const cols: Columns = {};
  row.forEach((cell, c) => {
    const t = norm(cell);
    for (const [col, re] of HEADERS) {
      if (re.test(t) && cols[col] === undefined) {
        cols[col] = c;
        break;
      }
    }
  });
  return cols;
}

interface Header {
  row: number;
  columns: Columns;
  dataStart: number;
}

/**
 * The indicator table's header: a row naming a level-1 or level-2 column and the indicator name
 * column, wherever it sits; a row under it naming 指标性质 / 度量单位 (the three-column style
 * nested under a merged 年度指标值) adds those columns.
 */
function findHeader(sheet: SheetText): Header | null {
  for (let r = 0; r < sheet.rows.length; r++) {
    const columns = headerColumns(sheet.rows[r] ?? []);
    if (columns.name === undefined || (columns.level1 === undefined && columns.level2 === undefined))
      continue;
    const sub = headerColumns(sheet.rows[r + 1] ?? []);
    if (sub.operator !== undefined || sub.unit !== undefined) {
      for (const k of ['operator', 'unit', 'value', 'weight'] as const) {
        if (sub[k] !== undefined) columns[k] = sub[k];
      }
      return { row: r, columns, dataStart: r + 2 };
    }
    return { row: r, columns, dataStart: r + 1 };
  }
  return null;
}

const STOP = /^(总分|合计|填表说明|说明|注[:：]|备注[:：]|填报人|单位负责人)/;

/** Strips "（50分）" and a trailing 指标 from a level heading. */
const heading = (s: string) =>
  norm(s)
    .replace(/\([^)]*\)/g, '')
    .replace(/指标$/, '');

const LEVEL1: Readonly<Record<string, IndicatorLevel1>> = {
  产出: 'output',
  效益: 'benefit',
  成本: 'cost',
  满意度: 'satisfaction',
};

function level2Of(text: string, level1: IndicatorLevel1 | null): IndicatorLevel2 | null {
  switch (heading(text)) {
    case '数量':
      return 'quantity';
    case '质量':
      return 'quality';
    case '时效':
      return 'timeliness';
    case '成本':
      return level1 === 'cost' ? 'economic_cost' : 'cost';
    case '经济成本':
      return 'economic_cost';
    case '社会成本':
      return 'social_cost';
    case '生态环境成本':
    case '生态成本':
      return 'ecological_cost';
    case '经济效益':
    case '经济':
      return 'economic';
    case '社会效益':
    case '社会':
      return 'social';
    case '生态效益':
    case '生态':
      return 'ecological';
    case '可持续影响':
    case '可持续':
      return 'sustainable';
    case '服务对象满意度':
    case '满意度':
    case '社会公众或服务对象满意度':
    case '社会公众满意度':
      return 'satisfaction';
    default:
      return null;
  }
}

const LEVEL1_OF_LEVEL2: Readonly<Record<IndicatorLevel2, IndicatorLevel1>> = {
  quantity: 'output',
  quality: 'output',
  timeliness: 'output',
  cost: 'output',
  economic_cost: 'cost',
  social_cost: 'cost',
  ecological_cost: 'cost',
  economic: 'benefit',
  social: 'benefit',
  ecological: 'benefit',
  sustainable: 'benefit',
  satisfaction: 'satisfaction',
};

const DIMENSION_BY_LABEL = new Map<string, DepartmentDimension>(
  DEPARTMENT_DIMENSIONS.values.flatMap((d) => {
    const l = heading(DEPARTMENT_DIMENSIONS.labels[d]);
    return [[l, d] as const, ...(d === 'satisfaction' ? [['满意度', d] as const] : [])];
  }),
);

type ValueFields = Pick<
  IndicatorInput,
  'operator' | 'targetValue' | 'targetMin' | 'targetMax' | 'targetText' | 'unit'
>;

/**
 * The value cell(s) of a line as stored fields: one cell ("≥95%", "≤300万元", "好") or the
 * three-column style (≥ | 95 | %), read with core's printed-value parser.
 */
function valueFields(op: string, value: string, unit: string): ValueFields | string {
  const opText = norm(op);
  if (opText === '定性')
    return value ? { operator: 'qualitative', targetText: value, unit: '' } : '定性指标须填写目标描述';
  const printed = parsePrintedValue(`${op}${value}${unit}`);
  if (printed === null) return '指标值为空';
  switch (printed.kind) {
    case 'range':
      return { operator: 'range', targetMin: printed.min, targetMax: printed.max, unit: printed.unit };
    case 'text':
      if (opText !== '' && opText !== '=') return `“${value}”不是数值，无法与“${op}”组成指标值`;
      return { operator: 'qualitative', targetText: value, unit: '' };
    case 'quantity': {
      const operator =
        printed.operator === 'gte' || printed.operator === 'gt'
          ? 'gte'
          : printed.operator === 'lte' || printed.operator === 'lt'
            ? 'lte'
            : 'eq';
      return { operator, targetValue: printed.value, unit: printed.unit };
    }
  }
}

function weightOf(text: string): number | string {
  const t = norm(text).replace(/分$/, '');
  if (t === '') return '分值（指标权重）为空';
  const n = Number(t);
  return Number.isFinite(n) ? n : `分值“${text}”不是数字`;
}

const firstNonEmpty = (row: readonly string[]) => row.find((c) => c !== '') ?? '';

/** The text to the right of a label cell (merged cells leave the cells after the label empty). */
function valueRightOf(
  rows: readonly string[][],
  before: number,
  label: RegExp,
): { text: string; row: number; col: number } | null {
  for (let r = 0; r < before; r++) {
    const row = rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      if (!label.test(norm(row[c] ?? ''))) continue;
      for (let v = c + 1; v < row.length; v++) {
        const text = row[v] ?? '';
        if (text !== '') return { text, row: r, col: v };
      }
      return { text: '', row: r, col: c + 1 };
    }
  }
  return null;
}

/** The year in a title such as "项目支出绩效目标申报表（2026年度）"; null for 全周期/中期; undefined when none is printed. */
function yearOf(rows: readonly string[][], before: number): number | null | undefined {
  for (let r = 0; r < before; r++) {
    for (const cell of rows[r] ?? []) {
      const t = norm(cell);
      if (!t.includes('申报表') && !t.includes('目标表')) continue;
      const y = /(\d{4})年度/.exec(t);
      if (y) return Number(y[1]);
      if (/全周期|中期/.test(t)) return null;
    }
  }
  return undefined;
}

const GOAL_LABEL = /^(年度总体目标|总体目标|年度目标|年度绩效目标|中期目标|绩效目标)$/;

interface Line {
  row: number;
  level1: string;
  level2: string;
  name: string;
  value: ValueFields | string;
  weight: number | string;
}

/** The indicator lines under a header, with level cells merged over several lines carried down. */
function linesOf(sheet: SheetText, h: Header): Line[] {
  const col = (row: readonly string[], k: Column) => {
    const c = h.columns[k];
    return c === undefined ? '' : (row[c] ?? '');
  };
  const lines: Line[] = [];
  let level1 = '';
  let level2 = '';
  for (let r = h.dataStart; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    if (STOP.test(norm(firstNonEmpty(row)))) break;
    const l1 = col(row, 'level1');
    const l2 = col(row, 'level2');
    if (l1 !== '') {
      level1 = l1;
      level2 = '';
    }
    if (l2 !== '') level2 = l2;
    const name = col(row, 'name');
    const valueText = col(row, 'value');
    const weightText = col(row, 'weight');
    if (name === '' && valueText === '' && weightText === '') continue;
    lines.push({
      row: r,
      level1,
      level2,
      name,
      value: valueFields(col(row, 'operator'), valueText, col(row, 'unit')),
      weight: weightOf(weightText),
    });
  }
  return lines;
}

const FIELD_COLUMN: Readonly<Record<string, Column>> = {
  name: 'name',
  level1: 'level1',
  level2: 'level2',
  dimension: 'level1',
  weight: 'weight',
};

interface Table {
  sheet: SheetText;
  header: Header;
}

function tablesOf(sheets: readonly SheetText[]): Table[] {
  return sheets.flatMap((sheet) => {
    const header = findHeader(sheet);
    return header ? [{ sheet, header }] : [];
  });
}

function requireColumns(t: Table, problems: WorkbookProblems, need: readonly Column[]): boolean {
  const names: Record<Column, string> = {
    level1: '一级指标',
    level2: '二级指标',
    name: '三级指标',
    value: '指标值',
    operator: '指标性质',
    unit: '度量单位',
    weight: '分值',
  };
  const missing = need.filter((k) => t.header.columns[k] === undefined);
  for (const k of missing) {
    problems.add(
      { sheet: t.sheet.name, row: t.header.row + 1 },
      k === 'weight' ? '未找到“分值”列：请在指标值右侧增加“分值”列，填写各指标权重' : `未找到“${names[k]}”列`,
    );
  }
  return missing.length === 0;
}

function goalOf(t: Table, problems: WorkbookProblems): string {
  const goal = valueRightOf(t.sheet.rows, t.header.row, GOAL_LABEL);
  if (!goal || goal.text === '') {
    problems.add(
      goal ? { sheet: t.sheet.name, row: goal.row + 1, column: goal.col + 1 } : { sheet: t.sheet.name },
      '未填写年度总体目标',
    );
    return '';
  }
  if (goal.text.length > MAX_GOAL_LENGTH) {
    problems.add(
      { sheet: t.sheet.name, row: goal.row + 1, column: goal.col + 1 },
      `总体目标不能超过${MAX_GOAL_LENGTH}个字符`,
    );
  }
  return goal.text;
}

/** Runs the line through the API's own indicator schema, naming the cell of each problem. */
function checked<T>(
  t: Table,
  line: Line,
  problems: WorkbookProblems,
  schema: {
    safeParse: (
      v: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
  },
  value: Record<string, unknown>,
): T | null {
  const at = (k: Column) => ({
    sheet: t.sheet.name,
    row: line.row + 1,
    ...(t.header.columns[k] !== undefined ? { column: (t.header.columns[k] as number) + 1 } : {}),
  });
  let ok = true;
  if (typeof line.value === 'string') {
    problems.add(at('value'), line.value);
    ok = false;
  }
  if (typeof line.weight === 'string') {
    problems.add(at('weight'), line.weight);
    ok = false;
  }
  if (line.name === '') {
    problems.add(at('name'), '指标名称为空');
    ok = false;
  }
  if (!ok) return null;
  const parsed = schema.safeParse({
    name: line.name,
    ...(line.value as ValueFields),
    weight: line.weight,
    ...value,
  });
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    const where = FIELD_COLUMN[field] ?? 'value';
    const key = `${where}:${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.add(at(where), issue.message);
  }
  return null;
}

function refuseTooMany(t: Table, count: number, problems: WorkbookProblems): void {
  if (count > MAX_FORM_INDICATORS) {
    problems.add({ sheet: t.sheet.name }, `绩效指标${count}个，不能超过${MAX_FORM_INDICATORS}个`);
  }
}

/** One 项目支出绩效目标申报表 read from a sheet. */
export interface ProjectTargetFormData {
  sheet: string;
  /** From the title: a year, null for the whole cycle, undefined when the title prints none. */
  fiscalYear: number | null | undefined;
  /** 项目编码 as printed (null when the form has no such cell). */
  itemCode: string | null;
  overallGoal: string;
  indicators: IndicatorInput[];
}

/**
 * Every 项目支出绩效目标申报表 in a workbook (one per sheet that has an indicator table): our
 * export's layout and the common variants (header rows elsewhere, level cells merged or
 * repeated, the operator and unit in their own columns, full-width symbols). Problems go to
 * `problems`, each naming its sheet, row and column.
 */
export function parseProjectTargetForms(
  sheets: readonly SheetText[],
  problems: WorkbookProblems,
): ProjectTargetFormData[] {
  const tables = tablesOf(sheets);
  if (tables.length === 0) {
    problems.add(
      { sheet: sheets[0]?.name ?? '（无）' },
      '未找到绩效指标表：表头须有“一级指标”“二级指标”“三级指标”“指标值”“分值”',
    );
    return [];
  }
  return tables.map((t) => {
    requireColumns(t, problems, ['value', 'weight']);
    const overallGoal = goalOf(t, problems);
    const code = valueRightOf(t.sheet.rows, t.header.row, /^项目(编码|代码|编号)$/);
    const lines = linesOf(t.sheet, t.header);
    if (lines.length === 0) problems.add({ sheet: t.sheet.name, row: t.header.row + 1 }, '表中没有绩效指标');
    refuseTooMany(t, lines.length, problems);
    const indicators: IndicatorInput[] = [];
    for (const line of lines) {
      const l1 = LEVEL1[heading(line.level1)] ?? null;
      const l2 = level2Of(line.level2, l1);
      const level1 = l1 ?? (l2 ? LEVEL1_OF_LEVEL2[l2] : null);
      const place = (k: Column) => ({
        sheet: t.sheet.name,
        row: line.row + 1,
        ...(t.header.columns[k] !== undefined ? { column: (t.header.columns[k] as number) + 1 } : {}),
      });
      if (!level1) {
        problems.add(
          place('level1'),
          line.level1 ? `一级指标“${line.level1}”不是产出、效益、成本或满意度指标` : '一级指标为空',
        );
        continue;
      }
      if (!l2) {
        problems.add(place('level2'), line.level2 ? `二级指标“${line.level2}”无法识别` : '二级指标为空');
        continue;
      }
      const ind = checked(t, line, problems, indicatorInputSchema, { level1, level2: l2 });
      if (ind) indicators.push(ind);
    }
    return {
      sheet: t.sheet.name,
      fiscalYear: yearOf(t.sheet.rows, t.header.row),
      itemCode: code?.text || null,
      overallGoal,
      indicators,
    };
  });
}

/** One 部门整体支出绩效目标申报表 read from a sheet. */
export interface DepartmentTargetFormData {
  sheet: string;
  fiscalYear: number | undefined;
  department: string | null;
  overallGoal: string;
  indicators: DepartmentIndicatorInput[];
}

/** The 部门（单位）整体支出绩效目标申报表 of a workbook (its first sheet with an indicator table). */
export function parseDepartmentTargetForm(
  sheets: readonly SheetText[],
  problems: WorkbookProblems,
): DepartmentTargetFormData | null {
  const [t] = tablesOf(sheets);
  if (!t) {
    problems.add(
      { sheet: sheets[0]?.name ?? '（无）' },
      '未找到绩效指标表：表头须有“一级指标”“三级指标”“指标值”“分值”',
    );
    return null;
  }
  requireColumns(t, problems, ['value', 'weight']);
  const overallGoal = goalOf(t, problems);
  const department = valueRightOf(t.sheet.rows, t.header.row, /^(部门\(单位\)名称|部门名称|单位名称)$/);
  const lines = linesOf(t.sheet, t.header);
  if (lines.length === 0) problems.add({ sheet: t.sheet.name, row: t.header.row + 1 }, '表中没有绩效指标');
  refuseTooMany(t, lines.length, problems);
  const indicators: DepartmentIndicatorInput[] = [];
  for (const line of lines) {
    const dimension =
      DIMENSION_BY_LABEL.get(heading(line.level1)) ?? DIMENSION_BY_LABEL.get(heading(line.level2));
    if (!dimension) {
      problems.add(
        {
          sheet: t.sheet.name,
          row: line.row + 1,
          ...(t.header.columns.level1 !== undefined ? { column: t.header.columns.level1 + 1 } : {}),
        },
        `一级指标“${line.level1}”不是${DEPARTMENT_DIMENSIONS.values.map((d) => DEPARTMENT_DIMENSIONS.labels[d]).join('、')}之一`,
      );
      continue;
    }
    const ind = checked(t, line, problems, departmentIndicatorInputSchema, { dimension });
    if (ind) indicators.push(ind);
  }
  const year = yearOf(t.sheet.rows, t.header.row);
  return {
    sheet: t.sheet.name,
    fiscalYear: year ?? undefined,
    department: department?.text || null,
    overallGoal,
    indicators,
  };
}
