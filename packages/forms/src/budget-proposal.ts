import { chinaDateTime } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { neutralise } from './text.ts';

/** A department's 预算安排建议 (structural: the db's proposal view fits). */
export interface ProposalSheetInput {
  department: { name: string };
  fiscalYear: number;
  basisYear: number;
  statusLabel: string;
  baseFen: number;
  itemsCutFen: number;
  departmentAdjustmentFen: number;
  overridesFen: number;
  proposedFen: number;
  reasons: readonly string[];
  lines?: ReadonlyArray<{
    item: { code: string; name: string; responsiblePerson: string };
    baseFen: number;
    gradeLabel: string | null;
    cutBp: number;
    cutFen: number;
    computedFen: number;
    proposedFen: number;
    priority: boolean;
    unrectified: boolean;
    reasons: readonly string[];
  }>;
  generatedAt: Date;
}

/** Fen as 万元 with four decimals (exact to the fen). */
const wan = (fen: number) => Math.round(fen) / 1_000_000;

/**
 * 预算安排建议表: one workbook for the department — the totals with the reasons, and every item
 * with its grade, the cut and why (amounts in 万元).
 */
export async function budgetProposalWorkbook(input: ProposalSheetInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效通';
  const ws = wb.addWorksheet('预算安排建议表');
  ws.columns = [
    { width: 16 },
    { width: 34 },
    { width: 10 },
    { width: 14 },
    { width: 10 },
    { width: 14 },
    { width: 14 },
    { width: 10 },
    { width: 70 },
  ];
  ws.addRow([
    neutralise(
      `${input.department.name}${input.fiscalYear}年度预算安排建议表（依据${input.basisYear}年度绩效评价结果）`,
    ),
  ]).font = {
    bold: true,
    size: 14,
  };
  ws.addRow([
    `状态：${input.statusLabel}`,
    `生成时间：${chinaDateTime(input.generatedAt)}`,
    '',
    '金额单位：万元',
  ]);
  ws.addRow([]);
  for (const [k, v] of [
    ['本年度项目预算', wan(input.baseFen)],
    ['项目扣减合计', -wan(input.itemsCutFen)],
    ['部门整体评价调整', wan(input.departmentAdjustmentFen)],
    ['财政审核调整', wan(input.overridesFen)],
    ['下年度建议控制数', wan(input.proposedFen)],
  ] as const) {
    const row = ws.addRow([k, v]);
    row.getCell(2).numFmt = '#,##0.0000';
  }
  for (const r of input.reasons) ws.addRow(['说明', neutralise(r)]);
  ws.addRow([]);
  const head = ws.addRow([
    '项目编码',
    '项目名称',
    '评价等级',
    '本年预算',
    '扣减比例',
    '扣减金额',
    '建议数',
    '优先保障',
    '理由',
  ]);
  head.font = { bold: true };
  for (const l of input.lines ?? []) {
    const row = ws.addRow([
      neutralise(l.item.code),
      neutralise(l.item.name),
      l.gradeLabel ?? '未评价',
      wan(l.baseFen),
      l.cutBp / 10_000,
      wan(l.baseFen - l.proposedFen),
      wan(l.proposedFen),
      l.priority ? '是' : '',
      neutralise(l.reasons.join('；')),
    ]);
    for (const c of [4, 6, 7]) row.getCell(c).numFmt = '#,##0.0000';
    row.getCell(5).numFmt = '0%';
    if (l.unrectified) row.getCell(9).font = { color: { argb: 'FFC00000' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
