import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { managementAssessmentWorkbook } from '../src/index.ts';

const indicators = (a: number, b: number) => [
  { name: '绩效目标按时报送', points: 15, score: a, evidence: `10项中${a}项按时报送绩效目标` },
  { name: '整改按期完成', points: 10, score: b, evidence: '=HYPERLINK("http://x","点我")' },
];

describe('the official export of the management-work assessment (DI-6)', () => {
  it('has one row per party with rank, total, outcome, every indicator and the reasons, with no formula', async () => {
    const file = await managementAssessmentWorkbook({
      regionName: '景德镇市',
      fiscalYear: 2026,
      issuedOn: '2026-12-07',
      deadlineDays: 30,
      scores: [
        {
          name: '市教育局',
          partyKind: 'department',
          total: 25,
          rank: 1,
          outcome: 'commended',
          indicators: indicators(15, 10),
        },
        {
          name: '=1+1',
          partyKind: 'county',
          total: 13,
          rank: 2,
          outcome: 'interviewed',
          indicators: indicators(9, 4),
        },
      ],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(row(2)).toEqual([
      '排名',
      '被考核单位',
      '类别',
      '总分',
      '考核结果',
      '绩效目标按时报送（15分）',
      '整改按期完成（10分）',
      '扣分原因',
    ]);
    expect(row(3)).toEqual([1, '市教育局', '市直部门', 25, '通报表扬', 15, 10, '无']);
    const bottom = row(4);
    expect(bottom.slice(0, 7)).toEqual([2, "'=1+1", '县（区）财政部门', 13, '约谈并限期整改', 9, 4]);
    expect(bottom[7]).toBe(
      '绩效目标按时报送：10项中9项按时报送绩效目标（扣6分）；整改按期完成：=HYPERLINK("http://x","点我")（扣6分）',
    );
    ws.eachRow((r) =>
      r.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(String(c.value)).not.toMatch(/^[=+\-@]/);
      }),
    );
    expect(ws.rowCount).toBe(4);
  });
});
