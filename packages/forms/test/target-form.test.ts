import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  departmentTargetWorkbook,
  type FormIndicator,
  type ProjectTargetForm,
  parseDepartmentTargetForm,
  parseProjectTargetForms,
  printedTargetValue,
  projectTargetWorkbook,
  readWorkbook,
  WorkbookProblems,
} from '../src/index.ts';

const indicators: FormIndicator[] = [
  {
    level1: 'output',
    level2: 'quantity',
    name: '新建公租房',
    operator: 'gte',
    targetValue: 200,
    unit: '套',
    weight: 20,
  },
  {
    level1: 'output',
    level2: 'quality',
    name: '竣工验收合格率',
    operator: 'eq',
    targetValue: 100,
    unit: '%',
    weight: 20,
  },
  {
    level1: 'output',
    level2: 'cost',
    name: '单套建设成本',
    operator: 'lte',
    targetValue: 12.5,
    unit: '万元',
    weight: 10,
  },
  {
    level1: 'benefit',
    level2: 'social',
    name: '=SUM(A1:A9) 困难家庭住房保障',
    operator: 'qualitative',
    targetText: '明显改善',
    unit: '',
    weight: 30,
  },
  {
    level1: 'satisfaction',
    level2: 'satisfaction',
    name: '住户满意度',
    operator: 'range',
    targetMin: 90,
    targetMax: 100,
    unit: '%',
    weight: 10,
  },
];

const form: ProjectTargetForm = {
  fiscalYear: 2026,
  item: {
    code: 'JDZ-2026-001',
    name: '公租房建设项目',
    department: '市住房和城乡建设局',
    unit: '市住房保障中心',
    attribute: '新增项目',
    period: '2026年—2026年',
    totalWan: '2500.00',
    fiscalWan: '2500.00',
    otherWan: '0.00',
  },
  overallGoal: '年度目标：新建公租房200套，改善困难家庭住房条件。',
  indicators,
};

async function sheetsOf(build: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('目标表'));
  return readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('项目支出绩效目标申报表', () => {
  it('prints values as officials write them', () => {
    expect(indicators.map(printedTargetValue)).toEqual([
      '≥200套',
      '100%',
      '≤12.5万元',
      '明显改善',
      '90-100%',
    ]);
  });

  it('reads our own export back to the same target, with merged level cells and a neutralised formula', async () => {
    const file = await projectTargetWorkbook(form);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('项目支出绩效目标申报表（2026年度）');
    expect(ws.getCell('B10').isMerged).toBe(true);
    const names = [] as string[];
    ws.eachRow((row) => names.push(String(row.getCell(4).value ?? '')));
    expect(names).toContain("'=SUM(A1:A9) 困难家庭住房保障");
    const values = [] as string[];
    ws.eachRow((row) => values.push(String(row.getCell(5).value ?? '')));
    expect(values).toEqual(expect.arrayContaining(['≥200套', '100%', '≤12.5万元', '90-100%']));

    const problems = new WorkbookProblems();
    const [parsed] = parseProjectTargetForms(await readWorkbook(file), problems);
    expect(problems.issues).toEqual([]);
    expect(parsed?.fiscalYear).toBe(2026);
    expect(parsed?.itemCode).toBe('JDZ-2026-001');
    expect(parsed?.overallGoal).toBe(form.overallGoal);
    expect(
      parsed?.indicators.map((i) => [i.level1, i.level2, i.name, printedTargetValue(i), i.weight]),
    ).toEqual(indicators.map((i) => [i.level1, i.level2, i.name, printedTargetValue(i), i.weight]));
  });

  it('accepts the three-column style, the header further down, repeated level cells and full-width symbols', async () => {
    const sheets = await sheetsOf((ws) => {
      ws.addRow(['某县项目绩效目标表（2026年度）']);
      ws.addRow([]);
      ws.addRow(['项目编码', '', 'JDZ-2026-001']);
      ws.addRow(['年度绩效目标', '新建公租房200套']);
      ws.addRow(['一级指标', '二级指标', '三级指标', '年度指标值', '', '', '分值']);
      ws.addRow(['', '', '', '指标性质', '指标值', '度量单位', '']);
      ws.addRow(['产出指标(50分)', '数量指标', '新建公租房', '＞＝', '２００', '套', '２０分']);
      ws.addRow(['', '质量指标', '竣工验收合格率', '＝', '100', '%', '20']);
      ws.addRow(['产出指标', '成本指标', '单套建设成本', '≤', '12.5', '万元', '10']);
      ws.addRow(['效益指标', '社会效益', '困难家庭住房保障', '定性', '明显改善', '', '30']);
      ws.addRow(['满意度指标', '服务对象满意度指标', '住户满意度', '≥', '90', '%', '10']);
      ws.addRow(['合计', '', '', '', '', '', '90']);
    });
    const problems = new WorkbookProblems();
    const [parsed] = parseProjectTargetForms(sheets, problems);
    expect(problems.issues).toEqual([]);
    expect(parsed?.itemCode).toBe('JDZ-2026-001');
    expect(parsed?.overallGoal).toBe('新建公租房200套');
    expect(parsed?.indicators.map(printedTargetValue)).toEqual([
      '≥200套',
      '100%',
      '≤12.5万元',
      '明显改善',
      '≥90%',
    ]);
    expect(parsed?.indicators.map((i) => i.weight)).toEqual([20, 20, 10, 30, 10]);
  });

  it('names sheet, row and column of every problem in Chinese', async () => {
    const sheets = await sheetsOf((ws) => {
      ws.addRow(['年度总体目标', '目标']);
      ws.addRow(['一级指标', '二级指标', '三级指标', '指标值', '分值']);
      ws.addRow(['产出指标', '数量指标', '新建公租房', '≥200套', '二十']);
      ws.addRow(['产出指标', '数目指标', '竣工率', '=100%', '20']);
      ws.addRow(['其他指标', '', '满意度', '好', '10']);
      ws.addRow(['效益指标', '社会效益指标', '', '', '10']);
    });
    const problems = new WorkbookProblems();
    parseProjectTargetForms(sheets, problems);
    expect(problems.issues.map((i) => `${i.path}：${i.message}`)).toEqual([
      '工作表“目标表”第3行E列：分值“二十”不是数字',
      '工作表“目标表”第4行B列：二级指标“数目指标”无法识别',
      '工作表“目标表”第5行A列：一级指标“其他指标”不是产出、效益、成本或满意度指标',
      '工作表“目标表”第6行D列：指标值为空',
      '工作表“目标表”第6行C列：指标名称为空',
    ]);
    expect(() => problems.throwIfAny()).toThrow(/工作簿有误，未导入任何数据/);
  });

  it('says what is missing when the sheet has no indicator table or no 分值 column', async () => {
    const none = new WorkbookProblems();
    parseProjectTargetForms(await sheetsOf((ws) => ws.addRow(['随便什么'])), none);
    expect(none.issues[0]?.message).toContain('未找到绩效指标表');
    const noWeight = new WorkbookProblems();
    parseProjectTargetForms(
      await sheetsOf((ws) => {
        ws.addRow(['总体目标', '目标']);
        ws.addRow(['一级指标', '二级指标', '三级指标', '指标值']);
        ws.addRow(['产出指标', '数量指标', '新建公租房', '≥200套']);
      }),
      noWeight,
    );
    expect(noWeight.issues.map((i) => i.path)).toContain('工作表“目标表”第2行');
    expect(noWeight.issues.map((i) => i.message).join()).toContain('未找到“分值”列');
  });
});

describe('部门整体支出绩效目标申报表', () => {
  it('round-trips through our export', async () => {
    const file = await departmentTargetWorkbook({
      fiscalYear: 2026,
      department: '市教育局',
      overallGoal: '保障全市义务教育均衡发展',
      indicators: [
        {
          dimension: 'effectiveness',
          name: '义务教育巩固率',
          operator: 'gte',
          targetValue: 99,
          unit: '%',
          weight: 40,
        },
        {
          dimension: 'running_cost',
          name: '三公经费',
          operator: 'lte',
          targetValue: 120,
          unit: '万元',
          weight: 30,
        },
        {
          dimension: 'satisfaction',
          name: '家长满意度',
          operator: 'gte',
          targetValue: 90,
          unit: '%',
          weight: 30,
        },
      ],
    });
    const problems = new WorkbookProblems();
    const parsed = parseDepartmentTargetForm(await readWorkbook(file), problems);
    expect(problems.issues).toEqual([]);
    expect(parsed?.fiscalYear).toBe(2026);
    expect(parsed?.department).toBe('市教育局');
    expect(parsed?.indicators.map((i) => [i.dimension, i.name, printedTargetValue(i), i.weight])).toEqual([
      ['effectiveness', '义务教育巩固率', '≥99%', 40],
      ['running_cost', '三公经费', '≤120万元', 30],
      ['satisfaction', '家长满意度', '≥90%', 30],
    ]);
  });
});

describe('any cell text', () => {
  it('never throws: each line is read or named as a problem with its sheet, row and column', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '≥95%',
        '≤300万元',
        '＞＝２００个',
        '好',
        '90-100%',
        '—',
        '=SUM(A1)',
        '-5',
        '1e400',
        '分',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, cell, cell, cell), { minLength: 1, maxLength: 12 }),
        (lines) => {
          const problems = new WorkbookProblems();
          const rows = [
            ['年度总体目标', '目标'],
            ['一级指标', '二级指标', '三级指标', '指标值', '分值'],
            ...lines.map((l) => l.map((c) => c.trim())),
          ];
          const [form] = parseProjectTargetForms([{ name: '表', rows }], problems);
          for (const issue of problems.issues) expect(issue.path).toMatch(/^工作表“表”第\d+行([A-E]列)?$/);
          for (const ind of form?.indicators ?? []) expect(Number.isFinite(ind.weight)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
