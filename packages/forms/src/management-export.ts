import { lostPointsText } from '@jixiao/core';
import ExcelJS from 'exceljs';
import type { RankingNoticeInput } from './ranking-notice.ts';
import { neutralise } from './text.ts';

const OUTCOME = { commended: '通报表扬', interviewed: '约谈并限期整改' } as const;
const KIND = { department: '市直部门', county: '县（区）财政部门' } as const;

/**
 * 预算绩效管理工作考核结果 in the shape the government's performance assessment of departments
 * takes (DI-6): one row per department or county finance bureau with rank, total, outcome, the score
 * of every indicator (its full points in the heading) and the reasons for points lost. Every text
 * cell is neutralised against formula injection; numbers stay numbers.
 */
export async function managementAssessmentWorkbook(input: RankingNoticeInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效通';
  const ws = wb.addWorksheet('考核结果');
  const indicators = input.scores[0]?.indicators ?? [];
  ws.addRow([
    neutralise(`${input.regionName}${input.fiscalYear}年度预算绩效管理工作考核结果（${input.issuedOn}）`),
  ]).font = { bold: true, size: 14 };
  const head = ws.addRow([
    '排名',
    '被考核单位',
    '类别',
    '总分',
    '考核结果',
    ...indicators.map((i) => neutralise(`${i.name}（${i.points}分）`)),
    '扣分原因',
  ]);
  head.font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 2 }];
  for (const s of input.scores) {
    const byName = new Map(s.indicators.map((i) => [i.name, i.score]));
    ws.addRow([
      s.rank,
      neutralise(s.name),
      KIND[s.partyKind],
      s.total,
      s.outcome ? OUTCOME[s.outcome] : '—',
      ...indicators.map((i) => byName.get(i.name) ?? null),
      neutralise(lostPointsText(s.indicators)),
    ]);
  }
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 28 : i === indicators.length + 5 ? 80 : 12;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
