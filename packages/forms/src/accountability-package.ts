import { chinaDateTime } from '@jixiao/core';
import ExcelJS from 'exceljs';
import { neutralise } from './text.ts';

/** What goes to the discipline inspection commission about one case (structural: the db's evidence fits). */
export interface CasePackageInput {
  case: {
    id: number;
    item: { code: string; name: string };
    orgUnit: { name: string };
    sourceLabel: string;
    sourceRef: string | null;
    finding: string;
    failureOn: string;
    people: ReadonlyArray<{
      role: string;
      name: string;
      from: string | null;
      to: string | null;
      lifetime: boolean;
    }>;
    statusLabel: string;
    outcomeLabel: string | null;
    decisionReason: string | null;
  };
  entries: ReadonlyArray<{
    id: number;
    at: Date;
    actorName: string;
    action: string;
    entityType: string;
    entityId: string;
    before: unknown;
    after: unknown;
    prevHash: string;
    hash: string;
  }>;
  verification: { ok: boolean; entries: number; reason?: string };
  attachments: ReadonlyArray<{ fileName: string; purposeLabel: string; sha256: string; size: number }>;
  generatedAt: Date;
  generatedBy: string;
}

const text = (v: unknown) =>
  neutralise(typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

function header(ws: ExcelJS.Worksheet, titles: string[], widths: number[]): void {
  ws.addRow(titles).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = widths[i] ?? 16;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * 问责移送材料: one workbook with the case (finding, people who answered then, decision), the
 * evidence list, and the item's audit extract with its hashes and the chain's verification, so the
 * receiving body can check the record was not altered.
 */
export async function accountabilityPackage(input: CasePackageInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效通';
  const c = input.case;

  const summary = wb.addWorksheet('问责事项');
  summary.columns = [{ width: 18 }, { width: 80 }];
  for (const [k, v] of [
    ['事项编号', `问责-${c.id}`],
    ['项目', `${c.item.name}（${c.item.code}）`],
    ['单位', c.orgUnit.name],
    ['问题来源', `${c.sourceLabel}${c.sourceRef ? `（${c.sourceRef}）` : ''}`],
    ['问题', c.finding],
    ['问题发生日期', c.failureOn],
    ['办理状态', c.statusLabel],
    ['处理结果', c.outcomeLabel ?? ''],
    ['处理理由', c.decisionReason ?? ''],
    ['生成时间', chinaDateTime(input.generatedAt)],
    ['生成人', input.generatedBy],
  ] as const) {
    summary.addRow([k, text(v)]);
  }

  const people = wb.addWorksheet('责任人');
  header(people, ['职责', '姓名', '任职起', '任职止', '终身责任'], [24, 12, 14, 14, 10]);
  for (const p of c.people)
    people.addRow([p.role, text(p.name), p.from ?? '（登记之初）', p.to ?? '至今', p.lifetime ? '是' : '否']);

  const files = wb.addWorksheet('证据清单');
  header(files, ['文件', '用途', '大小（字节）', 'SHA-256'], [40, 18, 14, 68]);
  for (const a of input.attachments) files.addRow([text(a.fileName), a.purposeLabel, a.size, a.sha256]);

  const audit = wb.addWorksheet('审计记录');
  header(
    audit,
    ['序号', '时间', '操作人', '操作', '对象', '变更前', '变更后', '前序哈希', '哈希'],
    [10, 18, 12, 24, 22, 40, 40, 20, 20],
  );
  for (const e of input.entries) {
    audit.addRow([
      e.id,
      chinaDateTime(e.at),
      text(e.actorName),
      e.action,
      `${e.entityType}:${e.entityId}`,
      text(e.before),
      text(e.after),
      e.prevHash,
      e.hash,
    ]);
  }

  const check = wb.addWorksheet('链验证');
  check.columns = [{ width: 18 }, { width: 80 }];
  check.addRow([
    '验证结果',
    input.verification.ok ? '审计链完整，未发现篡改' : `审计链异常：${input.verification.reason ?? ''}`,
  ]);
  check.addRow(['验证条数', input.verification.entries]);
  check.addRow(['说明', '每条记录的哈希由其内容和前一条的哈希计算；任何改动都会使后续哈希对不上。']);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
